"""Who decides what, as of a date: the responsibility map and ``who-decides`` (VD1, P4)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from ansvar.engine.errors import InvalidInput
from ansvar.engine.facts import FactsCache, people_facts
from ansvar.engine.registry import holds_right
from ansvar.engine.targets import Target, resolve
from ansvar.org.models import BusinessArea, Client, Holding, Organisation, Person
from ansvar.org.selectors import (
    active_clients_on,
    client_leads_on,
    client_status_on,
    holding_on,
    valid_on,
)
from ansvar.policy import roles
from ansvar.policy.decision import Party


@dataclass(frozen=True)
class Responsibility:
    """One area of responsibility and its single decision maker on a date (None: unowned)."""

    target: str
    name: str
    kind: str  # ceo, area_manager, client_lead
    clause: str
    holder: Person | None
    since: date | None
    basis: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "name": self.name,
            "role": self.kind,
            "clause": self.clause,
            "decider": (
                {"email": self.holder.email, "name": self.holder.name} if self.holder else None
            ),
            "since": self.since.isoformat() if self.since else None,
            "basis": self.basis,
        }


_CLAUSE: dict[str, str] = {
    Holding.Kind.CEO: "VD1",
    Holding.Kind.AREA_MANAGER: "AO3",
    Holding.Kind.CLIENT_LEAD: "KA2",
}


def _from_holding(target: str, name: str, kind: str, holding: Holding | None) -> Responsibility:
    return Responsibility(
        target,
        name,
        kind,
        _CLAUSE[kind],
        holding.person if holding else None,
        holding.valid_from if holding else None,
        holding.basis if holding else "",
    )


def responsibility_map(organisation: Organisation, at: date) -> list[Responsibility]:
    """Every area of responsibility that exists on ``at`` with its decider, in five queries.

    Clients are those active on ``at`` with their lead on ``at``, a lapsed new client's
    proposer included before tick has written the holding (VD5)."""
    holdings = list(
        Holding.objects.filter(valid_on(at), organisation=organisation)
        .exclude(kind=Holding.Kind.CLIENT_LEAD)
        .select_related("person")
    )
    ceo = next((h for h in holdings if h.kind == Holding.Kind.CEO), None)
    by_area = {h.area_id: h for h in holdings if h.kind == Holding.Kind.AREA_MANAGER}
    by_client = client_leads_on(organisation, at)
    result = [_from_holding("org", organisation.name, Holding.Kind.CEO, ceo)]
    for area in BusinessArea.objects.filter(organisation=organisation, created_on__lte=at):
        result.append(
            _from_holding(
                f"area:{area.slug}", area.name, Holding.Kind.AREA_MANAGER, by_area.get(area.pk)
            )
        )
    for client in active_clients_on(organisation, at):
        result.append(
            _from_holding(
                f"client:{client.slug}",
                client.name,
                Holding.Kind.CLIENT_LEAD,
                by_client.get(client.pk),
            )
        )
    return result


def unowned(organisation: Organisation, at: date) -> list[Responsibility]:
    """P4: areas of responsibility with no decision maker on ``at``."""
    return [r for r in responsibility_map(organisation, at) if r.holder is None]


def _client_decider(
    organisation: Organisation, client: Client, at: date, ceo: Holding | None
) -> Responsibility:
    """Who decides for a client on ``at``: its lead while it is active (stored or by a lapse
    tick has not settled yet); the CEO while it is only proposed (the veto is theirs, VD5) or
    after it was vetoed or closed (only the CEO appoints a client lead, VD2). From the day
    its lead ended the collaboration (KA2) nobody decides for it any more: no holder, basis
    "ended"."""
    target = f"client:{client.slug}"
    if client.ended_on is not None and at >= client.ended_on:
        return Responsibility(
            target, client.name, Holding.Kind.CLIENT_LEAD, "KA2", None, None, "ended"
        )
    status = client_status_on(client, at)
    if status != Client.Status.ACTIVE:
        return Responsibility(
            target,
            client.name,
            Holding.Kind.CEO,
            "VD5" if status == Client.Status.PROPOSED else "VD2",
            ceo.person if ceo else None,
            ceo.valid_from if ceo else None,
            ceo.basis if ceo else "",
        )
    lead = client_leads_on(organisation, at, clients=[client]).get(client.pk)
    return _from_holding(target, client.name, Holding.Kind.CLIENT_LEAD, lead)


def _line_manager(
    organisation: Organisation, target: str, person: Person, at: date, ceo: Holding | None
) -> Responsibility:
    """Who holds AO3/AO4 over a person on ``at``: ``policy.roles.line_manager``, as the
    rules see it; a hire before day one belongs to the area they were hired into."""
    facts = people_facts(organisation, [person], at)[person.pk]
    if facts.area is None:
        raise InvalidInput(f"{person.email} belonged to no business area on {at}", "at")
    holding = holding_on(at, area__organisation=organisation, area__slug=facts.area)
    manager = roles.line_manager(
        is_ceo=facts.is_ceo,
        is_area_manager=facts.is_area_manager,
        area_manager=holding,
        ceo=ceo,
    )
    if manager is None:
        # The CEO's own manager is the board, outside Ansvar (AO3).
        return Responsibility(target, person.name, "board", "AO3", None, None, "board")
    kind = Holding.Kind.AREA_MANAGER if manager is holding else Holding.Kind.CEO
    return _from_holding(target, person.name, kind, manager)


def who_decides(organisation: Organisation, target: Target, at: date) -> list[Responsibility]:
    """The decision maker(s) for a target on a date, from the holdings history."""
    obj = resolve(organisation, target)

    def ceo() -> Holding | None:
        return holding_on(at, organisation=organisation, kind=Holding.Kind.CEO)

    if target.kind == "org":
        return [_from_holding("org", organisation.name, Holding.Kind.CEO, ceo())]
    if target.kind == "area":
        holding = holding_on(at, area=obj)
        return [_from_holding(str(target), obj.name, Holding.Kind.AREA_MANAGER, holding)]
    if target.kind == "client":
        if obj.created_on > at:
            raise InvalidInput(f"{obj.name} was not a client on {at}", "at")
        return [_client_decider(organisation, obj, at, ceo())]
    if target.kind == "person":
        return [_line_manager(organisation, str(target), obj, at, ceo())]
    # Assignments and criticism: the client's lead leads the work, the CEO holds the veto
    # and receives the criticism.
    org_holding = ceo()
    return [
        _client_decider(organisation, obj.client, at, org_holding),
        Responsibility(
            str(target),
            organisation.name,
            Holding.Kind.CEO,
            "VD5" if target.kind == "assignment" else "KA7",
            org_holding.person if org_holding else None,
            org_holding.valid_from if org_holding else None,
        ),
    ]


# The decisions "who decides?" lists for each kind of target: those a person takes about
# it in the policy's chain of command (not what everyone may do for themselves, such as
# asking for coaching, and not technical administration).
DECISIONS: dict[str, tuple[str, ...]] = {
    "org": ("create_business_area", "decide_rotation", "set_policy_parameter"),
    "area": ("appoint_area_manager", "open_position", "hire", "add_candidate"),
    "client": (
        "appoint_client_lead",
        "add_work_group_member",
        "remove_work_group_member",
        "set_deputy",
        "assign_work_item",
        "propose_assignment",
        "record_client_figures",
        "report_criticism",
        "record_collaboration_decision",
        "end_client",
    ),
    "person": (
        "set_salary",
        "record_development_talk",
        "record_probation_follow_up",
        "decide_probation",
        "promote_to_senior",
        "give_notice",
        "dismiss",
    ),
}


@dataclass(frozen=True)
class Right:
    """One decision about a target, its single decision maker on a date, and why."""

    action: str
    decider: Party | None
    clauses: tuple[str, ...]
    reason_sv: str
    reason_en: str


def rights_on(organisation: Organisation, target: Target, at: date) -> list[Right]:
    """Who takes each decision of ``DECISIONS`` about ``target`` on ``at``, as the rules
    answer it: the rule of each action is asked for the CEO, who either holds the decision
    or is refused with the clause and the one who does. Nothing here repeats a rule."""
    ceo = holding_on(at, organisation=organisation, kind=Holding.Kind.CEO)
    if ceo is None:
        raise InvalidInput(f"{organisation.name} had no CEO on {at}", "at")
    cache = FactsCache(organisation, at)
    rights = []
    for name in DECISIONS.get(target.kind, ()):
        decision = holds_right(organisation, ceo.person, name, target, at=at, cache=cache)
        rights.append(
            Right(name, decision.decider, decision.clauses, decision.reason_sv, decision.reason_en)
        )
    return rights
