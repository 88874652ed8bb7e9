"""Build the rules' snapshot of facts from the database, for one attempt, as of one date."""

from collections.abc import Callable, Iterable, Mapping
from copy import deepcopy
from datetime import date
from types import MappingProxyType
from typing import Any

from django.db import connection
from django.db.models import F, Q

from ansvar.engine import rows
from ansvar.engine.actor import Actor
from ansvar.org.models import (
    AreaMembership,
    Assignment,
    BusinessArea,
    Client,
    Employment,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import (
    LeadPeriod,
    _later,
    area_manager_on,
    ceo_on,
    client_leads_on,
    client_statuses_on,
    employed_on,
    valid_on,
)
from ansvar.policy.actions import ActionName
from ansvar.policy.decision import Party
from ansvar.policy.facts import (
    SYSTEM,
    AreaFacts,
    AssignmentFacts,
    ClientFacts,
    CriticismFacts,
    Facts,
    PersonFacts,
)

AccountFactsReader = Callable[[Organisation, Any, date], Any]
ACCOUNT_FACTS: dict[str, AccountFactsReader] = {}
_NOTHING: Mapping[str, Any] = MappingProxyType({})  # no details: one shared, read-only


def register_account_facts(actions: Iterable[str], reader: AccountFactsReader) -> None:
    """The accounts app names the reader of its facts for its own actions (from its
    ``AppConfig.ready``), so the engine never imports it."""
    for name in actions:
        ACCOUNT_FACTS[name] = reader


def party(person: Person | None) -> Party | None:
    return Party(person.email, person.name) if person else None


def people_facts(
    organisation: Organisation, people: Iterable[Person], at: date
) -> dict[int, PersonFacts]:
    """Facts for several people in five queries, whatever their number. ``leads`` are the
    clients they lead on ``at``, a lapsed new client tick has not settled included (VD5)."""
    people = list({p.pk: p for p in people}.values())
    ids = [p.pk for p in people]
    employments = {
        e.person_id: e for e in Employment.objects.filter(employed_on(at), person_id__in=ids)
    }
    # Hires before their first day: the earliest employment that starts later.
    starts: dict[int, date] = {}
    waiting = [pk for pk in ids if pk not in employments]
    if waiting:
        for person_id, starts_on in (
            Employment.objects.filter(person_id__in=waiting, starts_on__gt=at)
            .order_by("-starts_on")
            .values_list("person_id", "starts_on")
        ):
            starts[person_id] = starts_on
    areas: dict[int, str] = {}
    next_areas: dict[int, tuple[str, date]] = {}
    # Today's area, and a later one a rotation has already decided (an emptied row, from a
    # separation, is no move).
    later = Q(valid_from__gt=at) & (Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")))
    for person_id, slug, valid_from in (
        AreaMembership.objects.filter(valid_on(at) | later, person_id__in=ids)
        .order_by("valid_from")
        .values_list("person_id", "area__slug", "valid_from")
    ):
        if valid_from <= at:
            areas[person_id] = slug
        else:
            next_areas.setdefault(person_id, (slug, valid_from))
    manages: dict[int, set[str]] = {}
    leads: dict[int, set[str]] = {}
    ceo_ids: set[int] = set()
    holdings = (
        Holding.objects.filter(valid_on(at), person_id__in=ids)
        .exclude(kind=Holding.Kind.CLIENT_LEAD)
        .values_list("person_id", "kind", "area__slug")
    )
    for person_id, kind, area_slug in holdings:
        if kind == Holding.Kind.CEO:
            ceo_ids.add(person_id)
        else:
            manages.setdefault(person_id, set()).add(area_slug)
    for lead in client_leads_on(organisation, at, people=ids).values():
        assert lead.client is not None
        leads.setdefault(lead.person_id, set()).add(lead.client.slug)
    for person_id, starts_on in starts.items():
        # A hire belongs to the area they were hired into from the decision on (AO3, AO4).
        if person_id not in areas and next_areas.get(person_id, ("", None))[1] == starts_on:
            areas[person_id] = next_areas.pop(person_id)[0]
    result = {}
    for p in people:
        employment = employments.get(p.pk)
        result[p.pk] = PersonFacts(
            email=p.email,
            name=p.name,
            active=employment is not None,
            area=areas.get(p.pk),
            title=p.title,
            manages=frozenset(manages.get(p.pk, ())),
            leads=frozenset(leads.get(p.pk, ())),
            is_ceo=p.pk in ceo_ids,
            on_probation=employment is not None and employment.kind_on(at) == "probation",
            employment_ends_on=employment.last_day if employment is not None else None,
            next_area=next_areas[p.pk][0] if p.pk in next_areas else None,
            next_area_from=next_areas[p.pk][1] if p.pk in next_areas else None,
            starts_on=starts.get(p.pk),
        )
    return result


def area_facts(area: BusinessArea | None, at: date) -> AreaFacts | None:
    if area is None:
        return None
    return AreaFacts(area.slug, area.name, party(area_manager_on(area, at)))


def assignment_status(assignment: Assignment, at: date) -> str:
    """The status as of ``at``, as tick has written or will write it: an unvetoed proposal is
    active once its window has closed, except a new client's whose proposer had left by then,
    which closes (P4). Rows from ``with_proposer_employed_at_close`` need no extra query."""
    if assignment.status == Assignment.Status.PROPOSED and at >= assignment.window_closes_on:
        if assignment.is_new_client and not _proposer_employed_at_close(assignment):
            return Assignment.Status.CLOSED
        return Assignment.Status.ACTIVE
    return assignment.status


def _proposer_employed_at_close(assignment: Assignment) -> bool:
    known = getattr(assignment, "proposer_employed_at_close", None)
    if known is not None:
        return bool(known)
    on = assignment.window_closes_on
    return Employment.objects.filter(employed_on(on), person_id=assignment.proposed_by_id).exists()


class FactsCache:
    """The facts that do not depend on the action, read once and shared by every evaluation
    of one page (one viewer, one date): the CEO, people's facts, areas' and clients' facts,
    and the rows targets name. A page with N action panels then costs O(1) extra queries.

    Only for reads: ``perform`` builds fresh facts inside its transaction. ``prime_*`` bulk-
    loads what a page is about to ask for (the clients of N proposals) in a fixed number of
    queries; anything not primed is read on first use and kept.
    """

    def __init__(self, organisation: Organisation, at: date) -> None:
        self.organisation = organisation
        self.at = at
        self._ceo: tuple[Party | None] | None = None
        self._people: dict[int, PersonFacts] = {}
        self._areas: dict[int, AreaFacts | None] = {}
        self._areas_by_slug: dict[str, BusinessArea] = {}
        self._clients: dict[int, ClientFacts] = {}
        self._client_leads: dict[int, Holding | None] = {}
        self.objects: dict[str, Any] = {}  # target label -> resolved row
        self._policy: tuple[dict[str, Any], Mapping[str, Any]] | None = None

    def ceo(self) -> Party | None:
        if self._ceo is None:
            self._ceo = (party(ceo_on(self.organisation, self.at)),)
        return self._ceo[0]

    def policy(self, organisation: Organisation) -> Mapping[str, Any]:
        """``organisation.policy``, made once while its stored parameters stay the same (every
        panel of a page asks), read-only as every Facts shares it."""
        stored = organisation.parameters or {}
        if self._policy is None or self._policy[0] != stored:
            self._policy = (deepcopy(stored), MappingProxyType(organisation.policy))
        return self._policy[1]

    def people(self, people: Iterable[Person]) -> dict[int, PersonFacts]:
        # By ``id``, not ``pk``: Django's pk property costs a call, and a page asks per panel.
        people = list(people)
        known = self._people
        missing = [p for p in people if p.id not in known]
        if missing:
            known.update(people_facts(self.organisation, missing, self.at))
        return {p.id: known[p.id] for p in people}

    def area(self, area: BusinessArea) -> AreaFacts | None:
        if area.id not in self._areas:
            self._areas[area.id] = area_facts(area, self.at)
        return self._areas[area.id]

    def area_by_slug(self, slug: str) -> AreaFacts | None:
        if slug not in self._areas_by_slug:
            self._areas_by_slug[slug] = BusinessArea.objects.get(
                organisation=self.organisation, slug=slug
            )
        return self.area(self._areas_by_slug[slug])

    def client(self, client: Client) -> ClientFacts:
        self.prime_clients([client])
        return self._clients[client.pk]

    def client_of(self, row: Any) -> ClientFacts:
        """The facts of the client a row (an assignment, a criticism report) is about."""
        return self.client(row.client)

    def client_lead(self, client: Client) -> Holding | None:
        """The holding behind ``client(client).lead`` (unsaved for a lapse tick has not
        settled), for pages that show since when and on what basis."""
        self.prime_clients([client])
        return self._client_leads[client.pk]

    def prime_objects(self, objects: dict[str, Any]) -> None:
        """Rows a page has already read, by target label (``assignment:17`` -> row)."""
        self.objects.update(objects)

    def prime_clients(self, clients: Iterable[Client]) -> None:
        """Facts for many clients in four queries, whatever their number.

        Lead and status are those on the cache's date whether or not `ansvar tick` has run
        (``org.selectors.client_leads_on``, ``client_statuses_on``): once a new client's veto
        window has closed without a veto its proposer leads it (VD5)."""
        wanted = {c.id: c for c in clients if c.id not in self._clients}
        if not wanted:
            return
        at = self.at
        statuses = client_statuses_on(list(wanted), at)
        leads = client_leads_on(self.organisation, at, clients=list(wanted), statuses=statuses)
        members: dict[int, dict[str, str]] = {pk: {} for pk in wanted}
        for m in WorkGroupMembership.objects.filter(
            valid_on(at), client_id__in=list(wanted)
        ).select_related("person"):
            members[m.client_id][m.person.email] = m.role
        for pk, c in wanted.items():
            lead = leads.get(pk)
            self._client_leads[pk] = lead
            self._clients[pk] = ClientFacts(
                c.slug,
                c.name,
                party(lead.person if lead else None),
                members[pk],
                statuses.get(pk, c.status),
                c.ended_on,
            )


def build_facts(
    organisation: Organisation,
    *,
    actor: Actor,
    action: str,
    target_label: str,
    target_kind: str,
    obj: Any,
    args: dict[str, Any],
    at: date,
    cache: "FactsCache | Scoped | None" = None,
    details: Mapping[str, Any] | None = None,
) -> Facts:
    """The rules' facts for one attempt. With ``cache`` (for pages only: same organisation and
    date), facts that do not depend on the action are read once and reused; without it
    (``can``, ``perform``) ``Scoped`` reads the rows the attempt involves."""
    cache = cache if cache is not None else Scoped(organisation, at)
    assert cache.at == at and cache.organisation.pk == organisation.pk
    if target_kind == "assignment" and not Assignment.proposed_by.is_cached(obj):
        # The proposer's row by one plain statement (the rules see their address and, for a
        # lapse, whether they are still employed); the handler gets it with the target.
        obj.proposed_by = rows.one(Person, "id = %s", [obj.proposed_by_id])
    named_people = [v for v in _flatten(args) if isinstance(v, Person)]
    named_areas = [v for v in _flatten(args) if isinstance(v, BusinessArea)]
    subjects: list[Person] = [*named_people]
    if isinstance(actor, Person):
        subjects.append(actor)
    if target_kind == "person":
        subjects.append(obj)
    elif target_kind == "assignment" and action == ActionName.LAPSE_PROPOSAL:
        subjects.append(obj.proposed_by)  # whether the proposer is still employed (P4)
    facts_by_id = cache.people(subjects)
    person = facts_by_id[obj.id] if target_kind == "person" else None

    area = None
    if target_kind == "area":
        area = cache.area(obj)
    elif person is not None and person.area is not None:
        area = cache.area_by_slug(person.area)

    client = None
    assignment = None
    criticism = None
    if target_kind == "client":
        client = cache.client(obj)
    elif target_kind == "assignment":
        client = cache.client_of(obj)
        assignment = AssignmentFacts(
            obj.pk,
            client.slug,
            obj.title,
            assignment_status(obj, at),
            obj.proposed_by.email,
            obj.window_closes_on,
            new_client=obj.is_new_client,
            proposer_active=(
                facts_by_id[obj.proposed_by_id].active
                if obj.proposed_by_id in facts_by_id
                else None
            ),
        )
    elif target_kind == "criticism":
        client = cache.client_of(obj)
        criticism = CriticismFacts(
            obj.pk, client.slug, obj.acknowledged_on is not None, obj.reported_on
        )

    # Technical administration (P7): read only for the account actions, so no other rule
    # can depend on who administers accounts.
    accounts = None
    if action in ACCOUNT_FACTS:
        accounts = ACCOUNT_FACTS[action](organisation, obj if target_kind == "person" else None, at)

    return Facts(
        at=at,
        action=action,
        target=target_label,
        actor=facts_by_id[actor.id] if isinstance(actor, Person) else SYSTEM,
        ceo=cache.ceo(),
        organisation=organisation.name,
        area=area,
        client=client,
        person=person,
        assignment=assignment,
        criticism=criticism,
        people={facts_by_id[p.id].email: facts_by_id[p.id] for p in named_people},
        areas={a.slug: f for a in named_areas if (f := cache.area(a)) is not None},
        args={k: _plain(v) for k, v in args.items()},
        parameters=(
            cache.policy(organisation) if isinstance(cache, FactsCache) else organisation.policy
        ),
        accounts=accounts,
        details=details or _NOTHING,
    )


# --- one decision's facts, read for the rows it involves -------------------------------------
#
# ``can`` and ``perform`` read the facts of one attempt: the actor, the target, the people
# and areas its arguments name, the CEO, the client and the holders above them. ``Scoped``
# reads exactly those rows in plain SQL, a fixed number of indexed statements whatever the
# organisation's size, so a decision costs what it involves. The answers are the ones the
# ORM readers above give (``people_facts``, ``FactsCache.prime_clients``, ``area_facts``,
# ``org.selectors.ceo_on``); tests/engine/test_scoped_facts.py compares the two on the demo.

_PERSON = Person._meta.db_table
_EMPLOYMENT = Employment._meta.db_table
_MEMBERSHIP = AreaMembership._meta.db_table
_AREA = BusinessArea._meta.db_table
_CLIENT = Client._meta.db_table
_ASSIGNMENT = Assignment._meta.db_table
_WORK_GROUP = WorkGroupMembership._meta.db_table
_HOLDING = Holding._meta.db_table
_CEO = Holding.Kind.CEO.value
_LEAD = Holding.Kind.CLIENT_LEAD.value
_PROPOSED = Assignment.Status.PROPOSED.value
_VETOED = Assignment.Status.VETOED.value
_ACTIVE = Client.Status.ACTIVE.value
_ENDED = Client.Status.ENDED.value


def _marks(values: Iterable[Any]) -> str:
    return ", ".join(["%s"] * len(list(values)))


def _valid(alias: str) -> str:
    """``org.selectors.valid_on`` of ``alias``'s period; takes the date twice."""
    return f"{alias}.valid_from <= %s AND ({alias}.valid_to IS NULL OR {alias}.valid_to > %s)"


# The proposer of assignment ``n`` is employed on the day its window closes (what tick checks).
_EMPLOYED_AT_CLOSE = (
    f"EXISTS (SELECT 1 FROM {_EMPLOYMENT} e WHERE e.person_id = {{n}}.proposed_by_id"
    f" AND e.starts_on <= {{n}}.window_closes_on"
    f" AND (e.last_day IS NULL OR e.last_day >= {{n}}.window_closes_on))"
)


def _status_sql(client: str) -> str:
    """``org.selectors._status_on`` for the client row ``client``: the client's status on
    the date, which it takes six times, whether or not tick has run."""
    new = f"SELECT 1 FROM {_ASSIGNMENT} n WHERE n.client_id = {client}.id AND n.is_new_client"
    return (
        f"CASE WHEN {client}.ended_on <= %s THEN '{_ENDED}'"
        f" WHEN NOT EXISTS ({new}) THEN"
        f" (CASE WHEN {client}.ended_on > %s THEN '{_ACTIVE}' ELSE {client}.status END)"
        f" WHEN EXISTS ({new} AND n.status = '{_VETOED}' AND n.decided_on <= %s)"
        f" THEN '{_VETOED}'"
        f" WHEN EXISTS ({new} AND n.window_closes_on > %s) THEN '{_PROPOSED}'"
        f" WHEN EXISTS ({new} AND n.status = '{_PROPOSED}'"
        f" AND {_EMPLOYED_AT_CLOSE.format(n='n')}) THEN '{_ACTIVE}'"
        f" WHEN EXISTS ({new} AND n.status = '{_PROPOSED}') THEN '{_ENDED}'"
        f" WHEN {client}.ended_on > %s THEN '{_ACTIVE}'"
        f" ELSE {client}.status END"
    )


# Unsettled lapses (``org.selectors.unsettled_lapses``) of assignment ``a``; takes the date.
# Each statement using it names the proposers or clients (of the organisation) it wants, so
# the database looks up those by their indexes, never the organisation's every assignment.
_LAPSE = (
    f"a.is_new_client AND a.status = '{_PROPOSED}'"
    f" AND a.window_closes_on <= %s AND {_EMPLOYED_AT_CLOSE.format(n='a')}"
)


def _winner(rows: Iterable[LeadPeriod]) -> dict[int, LeadPeriod]:
    """Client id -> its lead's period among ``rows`` (lapses first, then stored holdings),
    as ``org.selectors._leads_on`` chooses: the later start, a stored row on a tie."""
    leads: dict[int, LeadPeriod] = {}
    for period in rows:
        current = leads.get(period.client_id)
        if current is None or _later(current, period):
            leads[period.client_id] = period
    return leads


class Scoped:
    """The facts of one decision, read from the database for the rows it involves: what
    ``build_facts`` reads when no page's ``FactsCache`` is given (``can``, ``perform``).

    Every reader is a fixed number of statements on indexed columns (a person's, an area's or
    a client's id, the organisation and a kind): the CEO one, people's facts four whatever
    their number (five with a lapse tick has not settled), an area one, a client three.
    Rows are read as plain values, never as model instances."""

    def __init__(self, organisation: Organisation, at: date) -> None:
        self.organisation = organisation
        self.at = at
        self.objects: dict[str, Any] = {}
        self._day = connection.ops.adapt_datefield_value(at)
        self._cursor: Any = None

    def _rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        # One cursor for the attempt's statements: opening one costs about as much as
        # running one of them.
        if self._cursor is None:
            self._cursor = connection.cursor()
        self._cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = self._cursor.fetchall()
        return rows

    def ceo(self) -> Party | None:
        rows = self._rows(
            f"SELECT p.email, p.name FROM {_HOLDING} h JOIN {_PERSON} p ON p.id = h.person_id"
            f" WHERE h.organisation_id = %s AND h.kind = '{_CEO}' AND {_valid('h')}"
            " ORDER BY h.id LIMIT 1",
            [self.organisation.pk, self._day, self._day],
        )
        return Party(*rows[0]) if rows else None

    def people(self, people: Iterable[Person]) -> dict[int, PersonFacts]:
        """``people_facts`` for these people, in four statements (five when a new client's
        lapse tick has not settled is among theirs: its client's slug)."""
        people = list({p.pk: p for p in people}.values())
        if not people:
            return {}
        ids = [p.pk for p in people]
        at, day, marks = self.at, self._day, _marks(ids)
        employments: dict[int, tuple[date, date | None, date | None]] = {}
        starts: dict[int, date] = {}
        # The employment covering the day (the latest start wins, as people_facts' dict does)
        # and later ones: an employment that has not ended by the day is one or the other.
        for person_id, starts_on, probation_until, last_day in self._rows(
            f"SELECT person_id, starts_on, probation_until, last_day FROM {_EMPLOYMENT}"
            f" WHERE person_id IN ({marks}) AND (last_day IS NULL OR last_day >= %s)"
            " ORDER BY starts_on, id",
            [*ids, day],
        ):
            starts_on = _date(starts_on)
            if starts_on <= at:
                employments[person_id] = (starts_on, _date(probation_until), _date(last_day))
            elif person_id not in starts:
                starts[person_id] = starts_on
        starts = {pk: d for pk, d in starts.items() if pk not in employments}
        areas: dict[int, str] = {}
        next_areas: dict[int, tuple[str, date]] = {}
        for person_id, slug, valid_from in self._rows(
            f"SELECT m.person_id, a.slug, m.valid_from FROM {_MEMBERSHIP} m"
            f" JOIN {_AREA} a ON a.id = m.area_id WHERE m.person_id IN ({marks})"
            f" AND (({_valid('m')}) OR (m.valid_from > %s"
            " AND (m.valid_to IS NULL OR m.valid_to > m.valid_from)))"
            " ORDER BY m.valid_from, m.id",
            [*ids, day, day, day],
        ):
            valid_from = _date(valid_from)
            if valid_from <= at:
                areas[person_id] = slug
            else:
                next_areas.setdefault(person_id, (slug, valid_from))
        manages, leads, ceo_ids = self._holdings(ids)
        for person_id, starts_on in starts.items():
            # A hire belongs to the area they were hired into from the decision on (AO3, AO4).
            if person_id not in areas and next_areas.get(person_id, ("", None))[1] == starts_on:
                areas[person_id] = next_areas.pop(person_id)[0]
        result = {}
        for p in people:
            employment = employments.get(p.pk)
            probation_until = employment[1] if employment else None
            result[p.pk] = PersonFacts(
                email=p.email,
                name=p.name,
                active=employment is not None,
                area=areas.get(p.pk),
                title=p.title,
                manages=frozenset(manages.get(p.pk, ())),
                leads=frozenset(leads.get(p.pk, ())),
                is_ceo=p.pk in ceo_ids,
                on_probation=probation_until is not None and at < probation_until,
                employment_ends_on=employment[2] if employment else None,
                next_area=next_areas[p.pk][0] if p.pk in next_areas else None,
                next_area_from=next_areas[p.pk][1] if p.pk in next_areas else None,
                starts_on=starts.get(p.pk),
            )
        return result

    def _holdings(
        self, ids: list[int]
    ) -> tuple[dict[int, set[str]], dict[int, set[str]], set[int]]:
        """What these people hold on the day: the areas they manage, the clients they lead
        (``org.selectors.client_leads_on`` with ``people``) and who is CEO, in two
        statements: the unsettled lapses they take part in (theirs, or on a client they
        hold), then their holdings and those of the lapses' clients."""
        day, marks = self._day, _marks(ids)
        lapses = [
            LeadPeriod(client_id, person_id, _date(closes), None, None)
            for client_id, person_id, closes, _ in self._rows(
                f"SELECT a.client_id, a.proposed_by_id, a.window_closes_on, a.id"
                f" FROM {_ASSIGNMENT} a WHERE {_LAPSE} AND (a.proposed_by_id IN ({marks})"
                f" OR a.client_id IN (SELECT h.client_id FROM {_HOLDING} h"
                f" WHERE h.person_id IN ({marks}) AND h.kind = '{_LEAD}' AND {_valid('h')}))"
                " ORDER BY a.window_closes_on, a.id",
                [day, *ids, *ids, day, day],
            )
        ]
        lapsed = sorted({p.client_id for p in lapses})
        scope = f"h.person_id IN ({marks})"
        if lapsed:
            scope = f"({scope} OR (h.kind = '{_LEAD}' AND h.client_id IN ({_marks(lapsed)})))"
        manages: dict[int, set[str]] = {}
        ceo_ids: set[int] = set()
        stored: list[LeadPeriod] = []
        slugs: dict[int, str] = {}
        for person_id, kind, area_slug, client_id, valid_from, pk, slug, status in self._rows(
            f"SELECT h.person_id, h.kind, a.slug, h.client_id, h.valid_from, h.id, c.slug,"
            f" CASE WHEN h.kind = '{_LEAD}' THEN {_status_sql('c')} END"
            f" FROM {_HOLDING} h LEFT JOIN {_AREA} a ON a.id = h.area_id"
            f" LEFT JOIN {_CLIENT} c ON c.id = h.client_id"
            f" WHERE {scope} AND {_valid('h')}",
            [*[day] * 5, *ids, *lapsed, day, day],
        ):
            if kind == _CEO:
                if person_id in ids:
                    ceo_ids.add(person_id)
            elif kind != _LEAD:
                manages.setdefault(person_id, set()).add(area_slug)
            elif status == _ACTIVE and client_id is not None:
                # Only a client active on the day has a lead (VD5).
                stored.append(LeadPeriod(client_id, person_id, _date(valid_from), None, pk))
                slugs[client_id] = slug
        if lapsed:
            slugs.update(
                self._rows(f"SELECT id, slug FROM {_CLIENT} WHERE id IN ({_marks(lapsed)})", lapsed)
            )
        wanted = set(ids)
        leads: dict[int, set[str]] = {}
        for client_id, period in _winner([*lapses, *stored]).items():
            if period.person_id in wanted:
                leads.setdefault(period.person_id, set()).add(slugs[client_id])
        return manages, leads, ceo_ids

    def area(self, area: BusinessArea) -> AreaFacts | None:
        rows = self._rows(
            f"SELECT p.email, p.name FROM {_HOLDING} h JOIN {_PERSON} p ON p.id = h.person_id"
            f" WHERE h.area_id = %s AND {_valid('h')} ORDER BY h.id LIMIT 1",
            [area.pk, self._day, self._day],
        )
        return AreaFacts(area.slug, area.name, Party(*rows[0]) if rows else None)

    def area_by_slug(self, slug: str) -> AreaFacts | None:
        rows = self._rows(
            f"SELECT a.slug, a.name, p.email, p.name FROM {_AREA} a"
            f" LEFT JOIN {_HOLDING} h ON h.area_id = a.id AND {_valid('h')}"
            f" LEFT JOIN {_PERSON} p ON p.id = h.person_id"
            " WHERE a.organisation_id = %s AND a.slug = %s ORDER BY h.id LIMIT 1",
            [self._day, self._day, self.organisation.pk, slug],
        )
        if not rows:
            raise BusinessArea.DoesNotExist(slug)
        area_slug, name, email, manager = rows[0]
        return AreaFacts(area_slug, name, Party(email, manager) if email is not None else None)

    def client(self, client: Client) -> ClientFacts:
        return self.client_by_id(client.pk)

    def client_of(self, row: Any) -> ClientFacts:
        """The facts of the client a row is about, by its ``client_id``: no read of the
        client's row as a model instance."""
        return self.client_by_id(row.client_id)

    def client_by_id(self, client_id: int) -> ClientFacts:
        """A client's facts (``FactsCache.prime_clients``) in three statements: the client
        with its status and its stored leads on the day, its unsettled lapses, its work
        group."""
        day = self._day
        found = self._rows(
            f"SELECT c.slug, c.name, c.ended_on, {_status_sql('c')},"
            f" h.person_id, h.valid_from, h.id, p.email, p.name FROM {_CLIENT} c"
            f" LEFT JOIN {_HOLDING} h ON h.client_id = c.id"
            f" AND h.kind = '{_LEAD}' AND {_valid('h')}"
            f" LEFT JOIN {_PERSON} p ON p.id = h.person_id WHERE c.id = %s",
            [*[day] * 5, day, day, client_id],
        )
        if not found:
            raise Client.DoesNotExist(client_id)
        slug, name, ended_on, status = found[0][:4]
        parties: dict[int, Party] = {}
        periods: list[LeadPeriod] = []
        for proposer, closes, _pk, email, proposer_name in self._rows(
            f"SELECT a.proposed_by_id, a.window_closes_on, a.id, p.email, p.name"
            f" FROM {_ASSIGNMENT} a JOIN {_PERSON} p ON p.id = a.proposed_by_id"
            f" WHERE a.client_id = %s AND {_LAPSE} ORDER BY a.window_closes_on, a.id",
            [client_id, day],
        ):
            periods.append(LeadPeriod(client_id, proposer, _date(closes), None, None))
            parties[proposer] = Party(email, proposer_name)
        if status == _ACTIVE:
            for *_, person_id, valid_from, pk, email, person_name in found:
                if pk is not None:
                    periods.append(LeadPeriod(client_id, person_id, _date(valid_from), None, pk))
                    parties[person_id] = Party(email, person_name)
        winner = _winner(periods).get(client_id)
        members = dict(
            self._rows(
                f"SELECT p.email, m.role FROM {_WORK_GROUP} m JOIN {_PERSON} p"
                f" ON p.id = m.person_id WHERE m.client_id = %s AND {_valid('m')}"
                " ORDER BY m.id",
                [client_id, day, day],
            )
        )
        return ClientFacts(
            slug,
            name,
            parties[winner.person_id] if winner is not None else None,
            members,
            status,
            _date(ended_on),
        )


def _date(value: Any) -> Any:
    """A date column as a date (SQLite's driver hands some back as ISO text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, dict):
        items: Iterable[Any] = value.values()
    elif isinstance(value, _NESTED):
        items = value
    else:
        return [value]
    out: list[Any] = []
    for v in items:
        if isinstance(v, _NESTED):
            out.extend(_flatten(v))
        else:
            out.append(v)
    return out


_NESTED = (dict, list, tuple)  # a tuple: isinstance checks it faster than a union


def _plain(value: Any) -> Any:
    """Arguments as the rules see them: people by e-mail, areas by slug."""
    if isinstance(value, Person):
        return value.email
    if isinstance(value, BusinessArea):
        return value.slug
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, _NESTED):  # a list or a tuple: dicts are above
        return [_plain(v) for v in value]
    return value
