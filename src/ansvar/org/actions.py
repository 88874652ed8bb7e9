"""The organisation's policy actions: appointments (VD2), business areas and parameters (VD1),
work groups (KA3, KA5, P6).

Each registers with ``@action`` and runs through ``ansvar.engine.registry.perform``, which
checks the rule and writes the log entry in the same transaction."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from ansvar.engine import checks
from ansvar.engine.errors import Conflict, InvalidInput
from ansvar.engine.registry import Arg, Context, Details, Outcome, action
from ansvar.org.models import (
    BusinessArea,
    Client,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import (
    holding_on,
    later_holding_from,
    later_work_group_change,
    work_group_on,
)
from ansvar.policy.parameters import ParameterError, parse_parameter


def replace_holder(
    organisation: Organisation,
    *,
    kind: str,
    person: Person,
    at: date,
    area: BusinessArea | None = None,
    client: Client | None = None,
    basis: str = "appointed",
) -> Holding:
    """Close the current holding and open the new one from ``at``, in one transaction."""
    scope = {"area": area} if kind == Holding.Kind.AREA_MANAGER else {"client": client}
    if kind == Holding.Kind.CEO:
        scope = {}
    current = Holding.objects.filter(
        organisation=organisation, kind=kind, valid_to__isnull=True, **scope
    ).first()
    if current is not None:
        # Someone else, from before ``at``: the rule has checked both (``holding_details``).
        assert current.person_id != person.pk and current.valid_from <= at
        current.valid_to = at
        current.save(update_fields=["valid_to"])
    try:
        with transaction.atomic():
            return Holding.objects.create(
                organisation=organisation,
                kind=kind,
                person=person,
                valid_from=at,
                basis=basis,
                **scope,
            )
    except IntegrityError:
        # Another holder opened under this one's feet: a lost race, not a question of P4.
        raise Conflict() from None


def holding_details(
    organisation: Organisation, obj: Any, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """For the appointment rules (P4): a holding recorded from a later day than ``at``
    (the history cannot be rewritten under it)."""
    if isinstance(obj, BusinessArea):
        later = later_holding_from(at, area=obj.pk)
    else:
        later = later_holding_from(at, client=obj.pk)
    return {"later_holding_from": later} if later is not None else {}


def work_group_details(
    organisation: Organisation, client: Client, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """For the work-group rules (KA3, KA5): the last day a change of the client's work group
    is recorded from, when it is after ``at`` (a decision cannot be dated before it)."""
    last = later_work_group_change(client.pk, at)
    return {"later_work_group_change": last} if last is not None else {}


def client_lead_details(
    organisation: Organisation, client: Client, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """An appointment also ends the new lead's place in the work group: both histories."""
    return {
        **work_group_details(organisation, client, args, at),
        **holding_details(organisation, client, args, at),
    }


def _holder_outcome(holding: Holding, previous: Person | None) -> Outcome:
    return Outcome(
        holding,
        public={"holding": holding.pk, "kind": holding.kind},
        personal={"previous": previous.email if previous else None},
    )


def _current_holder(organisation: Organisation, at: date, **scope: Any) -> Person | None:
    holding = holding_on(at, organisation=organisation, **scope)
    return holding.person if holding else None


@action("appoint_client_lead", args=(Arg("person", "person"),), details=client_lead_details)
def do_appoint_client_lead(ctx: Context, client: Client, *, person: Person) -> Outcome:
    previous = _current_holder(ctx.organisation, ctx.at, client=client)
    holding = replace_holder(
        ctx.organisation, kind=Holding.Kind.CLIENT_LEAD, person=person, at=ctx.at, client=client
    )
    # The new lead leads the group; they are no longer a member of it.
    WorkGroupMembership.objects.filter(client=client, person=person, valid_to__isnull=True).update(
        valid_to=ctx.at
    )
    return _holder_outcome(holding, previous)


@action("appoint_area_manager", args=(Arg("person", "person"),), details=holding_details)
def do_appoint_area_manager(ctx: Context, area: BusinessArea, *, person: Person) -> Outcome:
    previous = _current_holder(ctx.organisation, ctx.at, area=area)
    holding = replace_holder(
        ctx.organisation, kind=Holding.Kind.AREA_MANAGER, person=person, at=ctx.at, area=area
    )
    return _holder_outcome(holding, previous)


def slug_free(model: type[BusinessArea] | type[Client], what: str) -> Details:
    """An action's details reader: the ``slug`` argument names no ``model`` row of the
    organisation yet (bad input naming the slug, for ``can`` and ``perform`` alike)."""

    def details(org: Organisation, _: Any, args: dict[str, Any], at: date) -> dict[str, Any]:
        slug = args.get("slug")
        if slug and model.objects.filter(organisation=org, slug=slug).exists():
            raise InvalidInput(f"{what} {slug!r} exists already", "slug")
        return {}

    return details


@action(
    "create_business_area",
    args=(
        Arg("slug", check=checks.slug),
        Arg("name", check=checks.at_most(200)),
        Arg("manager", "person"),
    ),
    details=slug_free(BusinessArea, "a business area"),
)
def do_create_business_area(
    ctx: Context, org: Organisation, *, slug: str, name: str, manager: Person
) -> Outcome:
    area = BusinessArea.objects.create(organisation=org, slug=slug, name=name, created_on=ctx.at)
    replace_holder(org, kind=Holding.Kind.AREA_MANAGER, person=manager, at=ctx.at, area=area)
    return Outcome(area, public={"area": slug}, personal={"name": name, "manager": manager.email})


def _parameter(name: str, value: str) -> Any:
    try:
        return parse_parameter(name, value)
    except ParameterError as exc:
        raise InvalidInput(str(exc), "value") from None


def _parameter_details(
    org: Organisation, _: Organisation, args: dict[str, Any], at: date
) -> dict[str, Any]:
    if args.get("name") is not None and args.get("value") is not None:
        _parameter(args["name"], args["value"])
    return {}


@action("set_policy_parameter", args=(Arg("name"), Arg("value")), details=_parameter_details)
def do_set_policy_parameter(ctx: Context, org: Organisation, *, name: str, value: str) -> Outcome:
    parsed = _parameter(name, value)
    previous = org.policy.get(name)
    org.parameters = {**org.parameters, name: parsed}
    org.save(update_fields=["parameters"])
    return Outcome(parsed, public={"name": name, "value": parsed, "previous": previous})


def _membership_on(client: Client, person: Person, at: date) -> WorkGroupMembership:
    """The membership on ``at``: the rule has checked there is one (KA3)."""
    membership = work_group_on(client, at).filter(person=person).first()
    assert membership is not None, f"{person.email} is not in the work group"
    return membership


@action(
    "add_work_group_member",
    args=(
        Arg("person", "person"),
        Arg(
            "role",
            "choice",
            required=False,
            choices=("member", "assistant", "deputy"),
            default="member",
        ),
    ),
    details=work_group_details,
)
def do_add_work_group_member(ctx: Context, client: Client, *, person: Person, role: str) -> Outcome:
    if role == WorkGroupMembership.Role.DEPUTY:
        _end_deputy(client, ctx.at)
    membership = WorkGroupMembership.objects.create(
        client=client, person=person, role=role, valid_from=ctx.at
    )
    return Outcome(membership, public={"membership": membership.pk, "role": role})


def _end_deputy(client: Client, at: date) -> None:
    """A client has one deputy: the former one stays in the group as a member."""
    former = WorkGroupMembership.objects.filter(
        client=client, role=WorkGroupMembership.Role.DEPUTY, valid_to__isnull=True
    ).first()
    if former is not None:
        _change_membership(former, at, role=WorkGroupMembership.Role.MEMBER)


def _change_membership(
    membership: WorkGroupMembership, at: date, *, role: str | None
) -> WorkGroupMembership | None:
    """End a membership at ``at`` (history is kept); with a role, continue it in that role."""
    membership.valid_to = at
    membership.save(update_fields=["valid_to"])
    if role is None:
        return None
    return WorkGroupMembership.objects.create(
        client=membership.client, person=membership.person, role=role, valid_from=at
    )


@action("remove_work_group_member", args=(Arg("person", "person"),), details=work_group_details)
def do_remove_work_group_member(ctx: Context, client: Client, *, person: Person) -> Outcome:
    _change_membership(_membership_on(client, person, ctx.at), ctx.at, role=None)
    return Outcome(None, public={"client": client.slug})


@action("set_deputy", args=(Arg("person", "person"),), details=work_group_details)
def do_set_deputy(ctx: Context, client: Client, *, person: Person) -> Outcome:
    membership = _membership_on(client, person, ctx.at)
    if membership.role != WorkGroupMembership.Role.DEPUTY:
        _end_deputy(client, ctx.at)
        _change_membership(membership, ctx.at, role=WorkGroupMembership.Role.DEPUTY)
    return Outcome(None, public={"client": client.slug})
