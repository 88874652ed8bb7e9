"""Who decides what, as of a date: the responsibility map and ``who-decides`` (VD1, P4)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat

from ansvar.engine.errors import InvalidInput
from ansvar.engine.facts import FactsCache, people_facts
from ansvar.engine.registry import holds_right
from ansvar.engine.targets import Target, resolve
from ansvar.org.models import BusinessArea, Client, Holding, Organisation, Person
from ansvar.org.selectors import (
    PagedRows,
    active_clients_on,
    client_leads_on,
    client_status_on,
    holding_on,
    leads_on,
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


class MapRows(PagedRows[Responsibility]):
    """The responsibility map of ``at`` as a sequence a page slices: the organisation, its
    areas by name, its active clients by name, the same rows as ``responsibility_map`` but
    counted and filtered in SQL, with only the rows of a slice read. ``text`` narrows to the
    rows whose name, target or decider's name contains it; ``only_unowned`` to those without
    a decider (P4)."""

    def __init__(
        self,
        organisation: Organisation,
        at: date,
        text: str = "",
        only_unowned: bool = False,
        *,
        only: tuple[Iterable[int], Iterable[int]] | None = None,
    ) -> None:
        self.organisation, self.at = organisation, at
        ceo = holding_on(at, organisation=organisation, kind=Holding.Kind.CEO)
        self._org_row = _from_holding("org", organisation.name, Holding.Kind.CEO, ceo)
        leads = leads_on(organisation, at)
        manager = Holding.objects.filter(
            valid_on(at), kind=Holding.Kind.AREA_MANAGER, area_id=OuterRef("pk")
        )
        areas = BusinessArea.objects.filter(organisation=organisation, created_on__lte=at)
        clients = active_clients_on(organisation, at).annotate(lead_id=leads.lead_of())
        if only_unowned:
            areas = areas.exclude(Exists(manager))
            clients = clients.filter(lead_id__isnull=True)
        if text:
            lead_name = Person.objects.filter(pk=OuterRef("lead_id")).values("name")[:1]
            areas = areas.annotate(
                target=Concat(Value("area:"), "slug", output_field=CharField()),
                decider=Subquery(manager.values("person__name")[:1]),
            ).filter(
                Q(name__icontains=text) | Q(target__icontains=text) | Q(decider__icontains=text)
            )
            clients = clients.annotate(
                target=Concat(Value("client:"), "slug", output_field=CharField()),
                decider=Subquery(lead_name),
            ).filter(
                Q(name__icontains=text) | Q(target__icontains=text) | Q(decider__icontains=text)
            )
        if only is not None:  # those areas and clients, not the organisation's own row
            area_ids, client_ids = sorted(only[0]), sorted(only[1])
            areas = areas.filter(pk__in=area_ids)
            clients = clients.filter(pk__in=client_ids)
        self._areas = areas.order_by("name", "pk")
        self._clients = clients.order_by("name", "pk")
        row = self._org_row
        wanted = text.casefold()
        self._with_org = (
            only is None
            and (not only_unowned or row.holder is None)
            and (
                not wanted
                or wanted in row.name.casefold()
                or wanted in row.target
                or (row.holder is not None and wanted in row.holder.name.casefold())
            )
        )
        self._counts: tuple[int, int] | None = None

    def counts(self) -> tuple[int, int]:
        """How many areas and how many clients the map shows."""
        if self._counts is None:
            self._counts = (self._areas.count(), self._clients.count())
        return self._counts

    def _count(self) -> int:
        return int(self._with_org) + sum(self.counts())

    def _fetch(self, start: int, stop: int) -> list[Responsibility]:
        rows: list[Responsibility] = []
        if self._with_org:
            if start == 0:
                rows.append(self._org_row)
            start, stop = max(start - 1, 0), stop - 1
        n_areas, _ = self.counts()
        if start < n_areas:
            rows += self._area_rows(list(self._areas[start : min(stop, n_areas)]))
        start, stop = max(start - n_areas, 0), stop - n_areas
        if stop > start:
            rows += self._client_rows(list(self._clients[start:stop]))
        return rows

    def every_row(self) -> list[Responsibility]:
        """All the rows, without counting them first."""
        rows = [self._org_row] if self._with_org else []
        return rows + self._area_rows(list(self._areas)) + self._client_rows(list(self._clients))

    def _area_rows(self, areas: list[BusinessArea]) -> list[Responsibility]:
        if not areas:
            return []
        held = {
            h.area_id: h
            for h in Holding.objects.filter(
                valid_on(self.at), kind=Holding.Kind.AREA_MANAGER, area__in=areas
            ).select_related("person")
        }
        kind = Holding.Kind.AREA_MANAGER
        return [_from_holding(f"area:{a.slug}", a.name, kind, held.get(a.pk)) for a in areas]

    def _client_rows(self, clients: list[Client]) -> list[Responsibility]:
        if not clients:
            return []
        leads = client_leads_on(self.organisation, self.at, clients=clients)
        kind = Holding.Kind.CLIENT_LEAD
        return [_from_holding(f"client:{c.slug}", c.name, kind, leads.get(c.pk)) for c in clients]


def unowned(
    organisation: Organisation,
    at: date,
    *,
    only: tuple[Iterable[int], Iterable[int]] | None = None,
) -> list[Responsibility]:
    """P4: areas of responsibility with no decision maker on ``at``, the organisation's first,
    then the areas' and the clients', each by name; ``only``: among those (area ids, client
    ids)."""
    return MapRows(organisation, at, only_unowned=True, only=only).every_row()


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
