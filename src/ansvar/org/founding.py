"""Founding an organisation from a specification: its people, areas, clients and work groups,
checked whole before anything is written (technical administration; logged)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ansvar.common import bulk
from ansvar.engine.actor import SYSTEM
from ansvar.engine.checks import email_address
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Outcome, SystemContext, action, perform
from ansvar.org.models import (
    AreaMembership,
    BusinessArea,
    Client,
    Employment,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.policy.actions import ActionName
from ansvar.policy.parameters import ParameterError, parse_parameter


@dataclass
class PersonSpec:
    email: str
    name: str
    area: str
    employed_from: date
    probation_until: date | None = None
    title: str = Person.Title.CONSULTANT
    last_day: date | None = None


@dataclass
class AreaSpec:
    slug: str
    name: str
    manager: str


@dataclass
class ClientSpec:
    slug: str
    name: str
    lead: str
    work_group: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, role)
    since: date | None = None


@dataclass
class OrganisationSpec:
    name: str
    ceo: str
    people: list[PersonSpec]
    areas: list[AreaSpec]
    clients: list[ClientSpec] = field(default_factory=list)
    slug: str = ""
    founded_on: date | None = None
    parameters: dict[str, Any] = field(default_factory=dict)


def _check_spec(spec: OrganisationSpec) -> None:
    emails: set[str] = set()
    for i, p in enumerate(spec.people):
        where = f"people[{i + 1}]"
        problem = email_address(p.email)
        if problem:
            raise InvalidInput(problem, f"{where}.email")
        if p.email.lower() in emails:
            raise InvalidInput(f"{p.email} appears twice", f"{where}.email")
        emails.add(p.email.lower())
        if p.probation_until is not None and p.probation_until <= p.employed_from:
            raise InvalidInput("probation_until must come after employed_from", where)
    slugs = {a.slug for a in spec.areas}
    if len(slugs) != len(spec.areas):
        raise InvalidInput("an area slug appears twice", "areas")
    for i, p in enumerate(spec.people):
        if p.area not in slugs:
            raise InvalidInput(f"unknown area {p.area!r}", f"people[{i + 1}].area")
    if spec.ceo.lower() not in emails:
        raise InvalidInput(f"{spec.ceo} is not among the people", "ceo")
    for i, a in enumerate(spec.areas):
        if a.manager.lower() not in emails:
            raise InvalidInput(f"{a.manager} is not among the people", f"areas[{i + 1}].manager")
    client_slugs: set[str] = set()
    for i, c in enumerate(spec.clients):
        where = f"clients[{i + 1}]"
        if c.slug in client_slugs:
            raise InvalidInput(f"client slug {c.slug!r} appears twice", where)
        client_slugs.add(c.slug)
        if c.lead.lower() not in emails:
            raise InvalidInput(f"{c.lead} is not among the people", f"{where}.lead")
        members = [e.lower() for e, _ in c.work_group]
        for email, role in c.work_group:
            if email.lower() not in emails:
                raise InvalidInput(f"{email} is not among the people", f"{where}.work_group")
            if role not in WorkGroupMembership.Role.values:
                raise InvalidInput(f"unknown role {role!r}", f"{where}.work_group")
        if len(set(members)) != len(members) or c.lead.lower() in members:
            raise InvalidInput("a person appears twice in the work group", f"{where}.work_group")
        if sum(role == "deputy" for _, role in c.work_group) > 1:
            raise InvalidInput("a client has at most one deputy", f"{where}.work_group")
    for name, value in spec.parameters.items():
        try:
            parse_parameter(name, value)
        except ParameterError as exc:
            raise InvalidInput(str(exc), "parameters") from None


def slug_for(spec: OrganisationSpec) -> str:
    """The slug the organisation gets: the one given, or one made from its name."""
    return spec.slug or slugify(spec.name) or "org"


def found_organisation(
    spec: OrganisationSpec,
    *,
    password_hash: str | None = None,
    requested_by: Person | None = None,
) -> Organisation:
    """Create an organisation with its people, areas, clients and holders in one transaction:
    the row itself, then everything else as the system's ``found_organisation`` through
    ``perform``, which logs it as the chain's first entry.

    With ``password_hash``, every person also gets a log-in (their e-mail) with that hash.
    ``requested_by``: the technical administrator (of another organisation) who founded it
    from the web; the entry names them by id and their organisation by slug.
    """
    _check_spec(spec)
    founded = spec.founded_on or min(p.employed_from for p in spec.people)
    slug = slug_for(spec)
    with transaction.atomic():
        if Organisation.objects.filter(slug=slug).exists():
            raise InvalidInput(f"an organisation {slug!r} exists already", "slug")
        try:
            with transaction.atomic():
                org = Organisation.objects.create(
                    name=spec.name,
                    slug=slug,
                    parameters={k: parse_parameter(k, v) for k, v in spec.parameters.items()},
                )
        except IntegrityError:  # founded by a concurrent import since the check above
            raise InvalidInput(f"an organisation {slug!r} exists already", "slug") from None
        perform(
            org,
            SYSTEM,
            ActionName.FOUND_ORGANISATION,
            "org",
            {"spec": spec, "password_hash": password_hash, "requested_by": requested_by},
            at=founded,
        )
    return org


@action(
    ActionName.FOUND_ORGANISATION,
    args=(
        Arg("spec", "value", required=False, sensitive=True),
        Arg("password_hash", "value", required=False, sensitive=True),
        Arg("requested_by", "value", required=False),
    ),
)
def do_found_organisation(
    ctx: SystemContext, org: Organisation, *, spec: Any, password_hash: Any, requested_by: Any
) -> Outcome:
    if not isinstance(spec, OrganisationSpec):
        raise InvalidInput("an organisation specification is required", "spec")
    if password_hash is not None and not isinstance(password_hash, str):
        raise InvalidInput("is not a password hash", "password_hash")
    if requested_by is not None and (
        not isinstance(requested_by, Person) or requested_by.organisation_id == org.pk
    ):
        raise InvalidInput("is not a person of another organisation", "requested_by")
    if Person.objects.filter(organisation=org).exists():
        raise InvalidInput(f"{org.name} is founded already", "target")
    _check_spec(spec)
    founded = ctx.at
    users: dict[str, User] = {}
    if password_hash is not None:
        users = {
            u.username: u
            for u in bulk.create(
                [
                    User(username=p.email.lower(), email=p.email.lower(), password=password_hash)
                    for p in spec.people
                ]
            )
        }
    people = bulk.create(
        [
            Person(
                organisation=org,
                email=p.email.lower(),
                name=p.name,
                title=p.title,
                user=users.get(p.email.lower()),
            )
            for p in spec.people
        ]
    )
    by_email = {p.email: p for p in people}
    specs = {p.email.lower(): p for p in spec.people}
    bulk.create(
        [
            Employment(
                person=by_email[e],
                starts_on=s.employed_from,
                probation_until=s.probation_until,
                last_day=s.last_day,
            )
            for e, s in specs.items()
        ]
    )
    areas = {
        a.slug: a
        for a in bulk.create(
            [
                BusinessArea(organisation=org, slug=a.slug, name=a.name, created_on=founded)
                for a in spec.areas
            ]
        )
    }

    def since(email: str, start: date | None = None) -> date:
        return max(start or founded, specs[email.lower()].employed_from)

    bulk.create(
        [
            AreaMembership(person=by_email[e], area=areas[s.area], valid_from=since(e))
            for e, s in specs.items()
        ]
    )
    clients = bulk.create(
        [
            Client(organisation=org, slug=c.slug, name=c.name, created_on=since(c.lead, c.since))
            for c in spec.clients
        ]
    )
    holdings = [
        Holding(
            organisation=org,
            kind=Holding.Kind.CEO,
            person=by_email[spec.ceo.lower()],
            valid_from=since(spec.ceo),
            basis="founding",
        )
    ]
    holdings += [
        Holding(
            organisation=org,
            kind=Holding.Kind.AREA_MANAGER,
            person=by_email[a.manager.lower()],
            area=areas[a.slug],
            valid_from=since(a.manager),
            basis="founding",
        )
        for a in spec.areas
    ]
    holdings += [
        Holding(
            organisation=org,
            kind=Holding.Kind.CLIENT_LEAD,
            person=by_email[c.lead.lower()],
            client=client,
            valid_from=client.created_on,
            basis="founding",
        )
        for c, client in zip(spec.clients, clients, strict=True)
    ]
    bulk.create(holdings)
    bulk.create(
        [
            WorkGroupMembership(
                client=client,
                person=by_email[e.lower()],
                role=role,
                valid_from=max(client.created_on, since(e)),
            )
            for c, client in zip(spec.clients, clients, strict=True)
            for e, role in c.work_group
        ]
    )
    public: dict[str, Any] = {"people": len(people), "areas": len(areas), "clients": len(clients)}
    if requested_by is not None:  # founded from the web: by whom, pseudonymously (an id)
        public["requested_by"] = requested_by.pk
        public["requested_in"] = requested_by.organisation.slug
    return Outcome(org, public=public, personal={"name": spec.name, "ceo": spec.ceo.lower()})
