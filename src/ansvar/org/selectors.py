"""Reads of the organisation: who holds what, as of a date, in a fixed number of queries."""

from abc import abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import NamedTuple, overload

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

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


def valid_on(at: date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to) period contains ``at``."""
    return Q(**{f"{prefix}valid_from__lte": at}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": at})
    )


def employed_on(at: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": at}) & (
        Q(**{f"{prefix}last_day__isnull": True}) | Q(**{f"{prefix}last_day__gte": at})
    )


def holdings_on(organisation: Organisation, at: date) -> QuerySet[Holding]:
    return Holding.objects.filter(valid_on(at), organisation=organisation).select_related(
        "person", "area", "client"
    )


def ceo_on(organisation: Organisation, at: date) -> Person | None:
    holding = holdings_on(organisation, at).filter(kind=Holding.Kind.CEO).first()
    return holding.person if holding else None


def holding_on(at: date, **scope: object) -> Holding | None:
    """The holding of one area of responsibility on ``at`` (``area=``, ``client=``, or
    ``organisation=..., kind=CEO``), with its person; None when nobody holds it."""
    return Holding.objects.filter(valid_on(at), **scope).select_related("person").first()


def area_manager_on(area: BusinessArea, at: date) -> Person | None:
    holding = holding_on(at, area=area)
    return holding.person if holding else None


def _day(value: object) -> date | None:
    """A date a plain statement read (SQLite hands an aggregate's date back as text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def later_holding_from(
    at: date, *, area: int | None = None, client: int | None = None
) -> date | None:
    """The start of an open holding of the area or client (by id) recorded from a later day
    than ``at``, if any: one indexed statement, for a decision's details (P4)."""
    column, key = ("area_id", area) if area is not None else ("client_id", client)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT valid_from FROM {Holding._meta.db_table} WHERE {column} = %s"
            " AND valid_to IS NULL AND valid_from > %s ORDER BY id LIMIT 1",
            [key, connection.ops.adapt_datefield_value(at)],
        )
        row = cursor.fetchone()
    return _day(row[0]) if row else None


def later_work_group_change(client: int, at: date) -> date | None:
    """The last day after ``at`` from which a change of the client's (by id) work group is
    recorded (a place starting or ending then), if any: one indexed statement."""
    day = connection.ops.adapt_datefield_value(at)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MAX(CASE WHEN valid_from > %s THEN valid_from END),"
            " MAX(CASE WHEN valid_to > %s THEN valid_to END)"
            f" FROM {WorkGroupMembership._meta.db_table} WHERE client_id = %s",
            [day, day, client],
        )
        row = cursor.fetchone()
    days = [d for d in (_day(row[0]), _day(row[1])) if d is not None]
    return max(days) if days else None


def area_of(person: Person, at: date) -> BusinessArea | None:
    membership = (
        AreaMembership.objects.filter(valid_on(at), person=person).select_related("area").first()
    )
    return membership.area if membership else None


def active_people(organisation: Organisation, at: date) -> QuerySet[Person]:
    employed = Employment.objects.filter(employed_on(at)).values("person_id")
    return Person.objects.filter(organisation=organisation, pk__in=employed)


def work_group_on(client: Client, at: date) -> QuerySet[WorkGroupMembership]:
    return WorkGroupMembership.objects.filter(valid_on(at), client=client).select_related("person")


# --- client leads and client status as of a date, whether or not tick has run (VD5, VD2) ----
#
# A new client's proposer leads it from the day its veto window closes unvetoed. ``ansvar
# tick`` writes that down later as a Holding; until it has, the reads below stand in for that
# row with the same Holding, unsaved, so every page, signal, rule and command gives the same
# answer before and after tick. Everything that asks "who leads client X", "which clients does
# P lead" or "is X an active client" on a date goes through these functions.


def _proposer_employed_at_close() -> Exists:
    """The proposal's proposer is employed on the day its window closes (what tick checks)."""
    return Exists(
        Employment.objects.filter(
            person_id=OuterRef("proposed_by_id"), starts_on__lte=OuterRef("window_closes_on")
        ).filter(Q(last_day__isnull=True) | Q(last_day__gte=OuterRef("window_closes_on")))
    )


def with_proposer_employed_at_close(proposals: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """``proposals`` annotated with ``proposer_employed_at_close`` (see ``assignment_status``)."""
    return proposals.annotate(proposer_employed_at_close=_proposer_employed_at_close())


def unsettled_lapses(organisation: Organisation, at: date) -> QuerySet[Assignment]:
    """New-client proposals whose window closed by ``at`` with no veto and whose proposer was
    employed that day, which tick has not written down yet: each is a client responsibility
    that started on the day its window closed."""
    return Assignment.objects.filter(
        _proposer_employed_at_close(),
        organisation=organisation,
        is_new_client=True,
        status=Assignment.Status.PROPOSED,
        window_closes_on__lte=at,
    )


def consent_holding(proposal: Assignment) -> Holding:
    """The holding tick writes for a lapsed new-client proposal, not saved: the proposer leads
    the client from the day the window closed, appointed by the CEO's consent."""
    return Holding(
        organisation_id=proposal.organisation_id,
        kind=Holding.Kind.CLIENT_LEAD,
        person=proposal.proposed_by,
        client=proposal.client,
        valid_from=proposal.window_closes_on,
        basis="consent",
    )


def _ids(rows: Iterable[Client | Person | int] | None) -> list[int] | None:
    if rows is None:
        return None
    return [r if isinstance(r, int) else r.pk for r in rows]


class LeadPeriod(NamedTuple):
    """One client-lead period, as plain values: ``holding_id`` is None for a lapse that tick
    has not written down yet."""

    client_id: int
    person_id: int
    valid_from: date
    valid_to: date | None
    holding_id: int | None


def _period(h: Holding) -> LeadPeriod:
    assert h.client_id is not None
    return LeadPeriod(h.client_id, h.person_id, h.valid_from, h.valid_to, h.pk)


def _lapse_period(a: Assignment) -> LeadPeriod:
    return LeadPeriod(a.client_id, a.proposed_by_id, a.window_closes_on, None, None)


def _later(current: LeadPeriod, other: LeadPeriod) -> bool:
    """Whether ``other`` replaces ``current``: the later start wins; a stored row wins a tie
    (an appointment made on the day a window closed comes after the lapse)."""
    if other.valid_from != current.valid_from:
        return other.valid_from > current.valid_from
    return current.holding_id is None and other.holding_id is not None


def _leads_on(
    organisation: Organisation,
    at: date,
    clients: Iterable[Client | int] | None,
    people: Iterable[Person | int] | None,
    *,
    full: bool,
    statuses: Mapping[int, str] | None = None,
) -> dict[int, tuple[LeadPeriod, Holding | None]]:
    client_ids, person_ids = _ids(clients), _ids(people)
    if client_ids is None:
        statuses = None
    proposals = unsettled_lapses(organisation, at)
    if client_ids is not None:
        proposals = proposals.filter(client_id__in=client_ids)
    if full:
        proposals = proposals.select_related("proposed_by", "client")
    lapses = list(proposals.order_by("window_closes_on", "pk"))
    scope = Q(valid_on(at), organisation=organisation, kind=Holding.Kind.CLIENT_LEAD)
    if client_ids is not None:
        scope &= Q(client_id__in=client_ids)
    if person_ids is not None:
        # A lapse on one of their clients, or theirs on a client someone else holds, decides
        # who leads it: read those clients' holdings too.
        scope &= Q(person_id__in=person_ids) | Q(client_id__in=[a.client_id for a in lapses])
    stored = Holding.objects.filter(scope)
    if full:
        # An organisation-wide read leaves out the clients: its callers have those rows.
        narrowed = client_ids is not None or person_ids is not None
        stored = stored.select_related(*(("person", "client") if narrowed else ("person",)))
    # Only a client active on ``at`` has a lead: not one still in its veto window (VD5). With
    # the clients' statuses known (``client_statuses_on`` of the same clients) that is a
    # test of each row; else the status expression, added last, since every later step of a
    # queryset copies it again.
    if statuses is None:
        stored = stored.alias(
            client_status=_status_on(at, "client_id", "client__status", "client__ended_on")
        ).filter(client_status=Client.Status.ACTIVE)
    else:
        active = [pk for pk in client_ids or [] if statuses.get(pk) == Client.Status.ACTIVE]
        stored = stored.filter(client_id__in=active)
    rows: list[tuple[LeadPeriod, Holding | None]] = [
        (_lapse_period(a), consent_holding(a) if full else None) for a in lapses
    ]
    if full:
        rows += [(_period(h), h) for h in stored]
    else:  # the end of a period valid on ``at`` does not matter here
        fields = ("client_id", "person_id", "valid_from", "pk")
        rows += [
            (LeadPeriod(c, p, start, None, pk), None)
            for c, p, start, pk in stored.values_list(*fields)
        ]
    leads: dict[int, tuple[LeadPeriod, Holding | None]] = {}
    for period, holding in rows:
        current = leads.get(period.client_id)
        if current is None or _later(current[0], period):
            leads[period.client_id] = (period, holding)
    if person_ids is not None:
        wanted = set(person_ids)
        leads = {c: row for c, row in leads.items() if row[0].person_id in wanted}
    return leads


def client_leads_on(
    organisation: Organisation,
    at: date,
    *,
    clients: Iterable[Client | int] | None = None,
    people: Iterable[Person | int] | None = None,
    statuses: Mapping[int, str] | None = None,
) -> dict[int, Holding]:
    """Client id -> the holding of its lead on ``at``, in two queries: a stored Holding or,
    for a lapsed new client tick has not settled, the unsaved one tick will write (basis
    "consent"). ``clients``: only those clients; ``people``: only the clients they lead.
    Rows come with their person, and with their client when ``clients`` or ``people`` is
    given. ``client_lead_ids_on`` gives the same answer as plain ids. ``statuses``: with
    ``clients``, ``client_statuses_on`` of those clients on ``at``, when the caller has it
    (the query then needs no status expression of its own)."""
    rows = _leads_on(organisation, at, clients, people, full=True, statuses=statuses)
    return {c: holding for c, (_, holding) in rows.items() if holding is not None}


def client_lead_ids_on(
    organisation: Organisation,
    at: date,
    *,
    clients: Iterable[Client | int] | None = None,
    people: Iterable[Person | int] | None = None,
) -> dict[int, int]:
    """Client id -> person id of its lead on ``at``: ``client_leads_on`` without building
    the rows, for the organisation-wide signals."""
    rows = _leads_on(organisation, at, clients, people, full=False)
    return {c: period.person_id for c, (period, _) in rows.items()}


class LeadsOn(NamedTuple):
    """Who leads which client on a date, as SQL a count or a page can filter on, for reads that
    span the whole organisation (signals, the responsibility map, the CEO's page).

    ``stored``: the lead holdings valid on the day of the clients that are active then and
    have no lapse tick has not settled; ``lapsed``: client id -> lead person id of the few that
    have one, from ``client_lead_ids_on``. Together they give what ``client_leads_on`` gives,
    without reading a row per client into Python."""

    stored: QuerySet[Holding]
    lapsed: dict[int, int]
    day: Q

    def led_clients(self, field: str = "pk") -> Q:
        """A filter on ``field`` (a client's id): the clients led on the day."""
        return Q(**{f"{field}__in": self.stored.values("client_id")}) | Q(
            **{f"{field}__in": sorted(self.lapsed)}
        )

    def leading_people(self, field: str = "pk") -> Q:
        """A filter on ``field`` (a person's id): the people who lead a client on the day."""
        return Q(**{f"{field}__in": self.stored.values("person_id")}) | Q(
            **{f"{field}__in": sorted(set(self.lapsed.values()))}
        )

    def lead_of(self, client: str = "pk") -> Case | Subquery:
        """An expression for the id of the lead of the client whose id is ``client`` in the
        outer query, for a query already narrowed to ``led_clients``: their stored holding
        needs no second look at the client's status."""
        held = Holding.objects.filter(
            self.day, kind=Holding.Kind.CLIENT_LEAD, client_id=OuterRef(client)
        )
        stored = Subquery(held.values("person_id")[:1])
        if not self.lapsed:
            return stored
        lapsed = [When(**{client: c}, then=Value(p)) for c, p in sorted(self.lapsed.items())]
        return Case(*lapsed, default=stored, output_field=IntegerField())


def leads_on(organisation: Organisation, at: date) -> LeadsOn:
    """``LeadsOn`` for ``at``, in two queries (three when a lapse is unsettled)."""
    lapse_clients = sorted(
        set(unsettled_lapses(organisation, at).values_list("client_id", flat=True))
    )
    stored = (
        Holding.objects.filter(
            valid_on(at), organisation=organisation, kind=Holding.Kind.CLIENT_LEAD
        )
        .alias(client_status=_status_on(at, "client_id", "client__status", "client__ended_on"))
        .filter(client_status=Client.Status.ACTIVE)
        .exclude(client_id__in=lapse_clients)
    )
    lapsed = client_lead_ids_on(organisation, at, clients=lapse_clients) if lapse_clients else {}
    return LeadsOn(stored, lapsed, valid_on(at))


def client_lead_history(
    organisation: Organisation,
    until: date,
    *,
    people: Iterable[Person | int] | None = None,
    clients: Iterable[Client | int] | None = None,
) -> list[LeadPeriod]:
    """Every client-lead period that started by ``until``, as tick has written or will write
    them, in two queries. A new client has a lead only from the day its window closed
    unvetoed: from then its proposer's period runs (stored by tick, or stood in for here
    until it is), ending an earlier holding and ended by a later appointment; periods before
    that day, or of a client that was vetoed or closed, are left out, as the point reads
    (``client_leads_on``) leave them out. ``people``: only their periods; ``clients``: only
    those clients' periods."""
    person_ids, client_ids = _ids(people), _ids(clients)
    proposals = (
        Assignment.objects.filter(organisation=organisation, is_new_client=True)
        .annotate(employed=_proposer_employed_at_close())
        .values_list("client_id", "proposed_by_id", "window_closes_on", "status", "employed")
    )
    if client_ids is not None:
        proposals = proposals.filter(client_id__in=client_ids)
    lapses: list[LeadPeriod] = []
    led_from: dict[int, date | None] = {}  # new client -> first day it can have a lead
    for client_id, proposer_id, closes, status, employed in proposals:
        settled = status == Assignment.Status.ACTIVE
        unsettled = status == Assignment.Status.PROPOSED and employed
        led_from[client_id] = closes if settled or unsettled else None
        if unsettled and closes <= until:
            lapses.append(LeadPeriod(client_id, proposer_id, closes, None, None))
    stored = Holding.objects.filter(
        organisation=organisation, kind=Holding.Kind.CLIENT_LEAD, valid_from__lte=until
    )
    if client_ids is not None:
        stored = stored.filter(client_id__in=client_ids)
    if person_ids is not None:
        stored = stored.filter(
            Q(person_id__in=person_ids) | Q(client_id__in=[p.client_id for p in lapses])
        )
    fields = ("client_id", "person_id", "valid_from", "valid_to", "pk")
    by_client: dict[int, list[LeadPeriod]] = {}
    for values in stored.values_list(*fields):
        period = LeadPeriod(*values)
        by_client.setdefault(period.client_id, []).append(period)
    for lapse in lapses:
        start = lapse.valid_from
        same = by_client.setdefault(lapse.client_id, [])
        later = [p.valid_from for p in same if p.holding_id is not None and p.valid_from >= start]
        same[:] = [
            p._replace(valid_to=start)
            if p.valid_from < start and (p.valid_to is None or p.valid_to > start)
            else p
            for p in same
        ]
        same.append(lapse._replace(valid_to=min(later)) if later else lapse)
    periods = []
    for client_id, same in by_client.items():
        if client_id in led_from:
            first = led_from[client_id]
            if first is None:
                continue
            same = [p._replace(valid_from=max(p.valid_from, first)) for p in same]
        periods += [
            p
            for p in same
            if p.valid_from <= until and (p.valid_to is None or p.valid_to > p.valid_from)
        ]
    if person_ids is not None:
        wanted = set(person_ids)
        periods = [p for p in periods if p.person_id in wanted]
    return periods


def first_leads(
    organisation: Organisation, until: date, people: QuerySet[Person]
) -> dict[int, tuple[date, date]]:
    """Person id -> (the first day on which they led a client by ``until``, their first day
    of employment), for those of ``people`` who have led one: the earliest start of their
    periods in ``client_lead_history``, with the periods' arithmetic done in SQL for every
    client but the few with a lapse tick has not settled (read through
    ``client_lead_history``)."""
    lapse_clients = sorted(
        set(unsettled_lapses(organisation, until).values_list("client_id", flat=True))
    )
    new = Assignment.objects.filter(client_id=OuterRef("client_id"), is_new_client=True)
    # A new client has a lead from the day its window closed unvetoed, its proposer employed.
    settled = Q(status=Assignment.Status.ACTIVE) | (
        Q(status=Assignment.Status.PROPOSED) & Q(_proposer_employed_at_close())
    )
    periods = (
        Holding.objects.filter(
            organisation=organisation,
            kind=Holding.Kind.CLIENT_LEAD,
            valid_from__lte=until,
            person_id__in=people.values("pk"),
        )
        .exclude(client_id__in=lapse_clients)
        .annotate(
            has_new=Exists(new),
            led_from=Subquery(new.filter(settled).values("window_closes_on")[:1]),
        )
        .filter(Q(has_new=False) | Q(led_from__isnull=False))
        .annotate(
            start=Case(
                When(has_new=True, led_from__gt=F("valid_from"), then=F("led_from")),
                default=F("valid_from"),
            )
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=F("start")), start__lte=until)
    )
    hired = (
        Employment.objects.filter(person_id=OuterRef("person_id"))
        .order_by("starts_on")
        .values("starts_on")[:1]
    )
    first: dict[int, tuple[date, date]] = {
        pid: (lead, hire)
        for pid, lead, hire in periods.order_by()
        .values("person_id")
        .annotate(first=Min("start"), hired=Subquery(hired))
        .values_list("person_id", "first", "hired")
        if hire is not None
    }
    if lapse_clients:
        wanted = set(people.values_list("pk", flat=True))
        lapsed = [
            p
            for p in client_lead_history(organisation, until, clients=lapse_clients)
            if p.person_id in wanted
        ]
        hires = dict(
            Employment.objects.filter(person_id__in={p.person_id for p in lapsed})
            .values("person_id")
            .annotate(first=Min("starts_on"))
            .values_list("person_id", "first")
        )
        for period in lapsed:
            pid = period.person_id
            if pid in hires and (pid not in first or period.valid_from < first[pid][0]):
                first[pid] = (period.valid_from, hires[pid])
    return first


def _status_on(
    at: date, client: str = "pk", status: str = "status", ended_on: str = "ended_on"
) -> Case:
    """A client's status as of ``at`` whether or not tick has run: ended from the day its
    lead ended it (``ended_on``, KA2) and active before; a new client is proposed while its
    window is open, vetoed from the day of the veto, active once the window has closed
    unvetoed (ended instead when its proposer had left by then, as tick would close it); a
    client that was never proposed keeps its status. ``client``, ``status`` and
    ``ended_on`` name the client's fields from the query it is used in."""
    new = Assignment.objects.filter(client_id=OuterRef(client), is_new_client=True)
    unsettled = new.filter(status=Assignment.Status.PROPOSED)
    not_new = Case(
        When(Q(**{f"{ended_on}__gt": at}), then=Value(Client.Status.ACTIVE)),
        default=F(status),
        output_field=CharField(),
    )
    return Case(
        When(Q(**{f"{ended_on}__lte": at}), then=Value(Client.Status.ENDED)),
        # Most clients were never proposed: one look settles them.
        When(~Exists(new), then=not_new),
        When(
            Exists(new.filter(status=Assignment.Status.VETOED, decided_on__lte=at)),
            then=Value(Client.Status.VETOED),
        ),
        When(Exists(new.filter(window_closes_on__gt=at)), then=Value(Client.Status.PROPOSED)),
        When(
            Exists(unsettled.filter(_proposer_employed_at_close())),
            then=Value(Client.Status.ACTIVE),
        ),
        When(Exists(unsettled), then=Value(Client.Status.ENDED)),
        When(Q(**{f"{ended_on}__gt": at}), then=Value(Client.Status.ACTIVE)),
        default=F(status),
        output_field=CharField(),
    )


def client_statuses_on(clients: Iterable[Client | int], at: date) -> dict[int, str]:
    """Client id -> status as of ``at`` (see ``_status_on``), in one query."""
    return dict(
        Client.objects.filter(pk__in=_ids(clients) or [])
        .annotate(status_on=_status_on(at))
        .values_list("pk", "status_on")
    )


def client_status_on(client: Client, at: date) -> str:
    return client_statuses_on([client], at).get(client.pk, client.status)


def active_clients_on(organisation: Organisation, at: date) -> QuerySet[Client]:
    """The clients that exist and are active on ``at``: those that have a client lead (P4)."""
    return (
        Client.objects.filter(organisation=organisation, created_on__lte=at)
        .alias(status_on=_status_on(at))
        .filter(status_on=Client.Status.ACTIVE)
    )


# --- the people and areas indexes: a page of rows, a fixed number of queries ----------------


def _area_on(at: date, field: str) -> Subquery:
    """The ``field`` of the area a person (``OuterRef("pk")``) belongs to on ``at``."""
    return Subquery(
        AreaMembership.objects.filter(valid_on(at), person_id=OuterRef("pk"))
        .order_by("-valid_from")
        .values(f"area__{field}")[:1]
    )


def people_index(
    organisation: Organisation, at: date, text: str = "", area: str = ""
) -> QuerySet[Person]:
    """The people employed on ``at``, by name then e-mail, each annotated with the name and
    slug of their area that day (``area_name``, ``area_slug``). ``text`` narrows to a part of
    a name or an e-mail address, or an area's name; ``area`` to one area's slug. The rows are
    one query however many people there are, so a page of them is one more."""
    people = active_people(organisation, at).annotate(
        area_name=_area_on(at, "name"), area_slug=_area_on(at, "slug")
    )
    if text:
        people = people.filter(
            Q(name__icontains=text) | Q(email__icontains=text) | Q(area_name__icontains=text)
        )
    if area:
        people = people.filter(area_slug=area)
    return people.order_by("name", "email")


class AreaRow(NamedTuple):
    area: BusinessArea
    manager: Person | None
    people: int
    clients: int


class PagedRows[T](Sequence[T]):
    """Rows counted and read a slice at a time, for a page: ``_count`` says how many there
    are, ``_fetch(start, stop)`` reads only those (``Paginator`` uses ``len`` and slices)."""

    _total: int | None = None

    @abstractmethod
    def _count(self) -> int:
        """How many rows there are."""

    @abstractmethod
    def _fetch(self, start: int, stop: int) -> list[T]:
        """The rows from ``start`` up to ``stop``, read for those only."""

    def __len__(self) -> int:
        if self._total is None:
            self._total = self._count()
        return self._total

    def __iter__(self) -> Iterator[T]:
        return iter(self[0 : len(self)])

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, int):
            position = index if index >= 0 else len(self) + index
            found = self[position : position + 1] if position >= 0 else []
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(len(self))
        rows = self._fetch(start, stop) if stop > start else []
        return rows if step == 1 else rows[::step]


class AreaRows(PagedRows[AreaRow]):
    """Every business area on ``at`` by name with its manager, how many employed people
    belong to it and how many active clients are led from it (their client lead belongs to
    the area), a page at a time: the counts are read for the page's areas only."""

    def __init__(self, organisation: Organisation, at: date) -> None:
        self.organisation, self.at = organisation, at
        self._areas = BusinessArea.objects.filter(organisation=organisation).order_by("name", "pk")

    def _count(self) -> int:
        return self._areas.count()

    def _fetch(self, start: int, stop: int) -> list[AreaRow]:
        at = self.at
        areas = list(self._areas[start:stop])
        managers = {
            h.area_id: h.person
            for h in holdings_on(self.organisation, at).filter(
                kind=Holding.Kind.AREA_MANAGER, area__in=areas
            )
        }
        employed = Employment.objects.filter(employed_on(at)).values("person_id")
        memberships = dict(
            AreaMembership.objects.filter(valid_on(at), area__in=areas)
            .filter(person_id__in=employed)
            .values_list("person_id", "area_id")
        )
        people: dict[int, int] = {}
        for area_id in memberships.values():
            people[area_id] = people.get(area_id, 0) + 1
        clients: dict[int, int] = {}
        led = client_lead_ids_on(self.organisation, at, people=list(memberships))
        for person_id in led.values():
            lead_area = memberships[person_id]
            clients[lead_area] = clients.get(lead_area, 0) + 1
        return [
            AreaRow(a, managers.get(a.pk), people.get(a.pk, 0), clients.get(a.pk, 0)) for a in areas
        ]
