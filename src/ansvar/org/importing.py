"""Importing an organisation's history (past holdings, memberships, work groups) and logging
what was imported (technical administration)."""

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from django.db import transaction

from ansvar.decisions import log
from ansvar.engine.errors import InvalidInput
from ansvar.org.founding import PersonSpec
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


@dataclass
class PastMembership:
    """A closed area membership: ``email`` belonged to ``area`` from ``valid_from`` until
    ``valid_to`` (exclusive). A current person's open membership starts where the last one
    ends."""

    email: str
    area: str
    valid_from: date
    valid_to: date


@dataclass
class PastHolding:
    """A closed holding (``kind`` as ``Holding.Kind``; ``scope`` an area or client slug, empty
    for the CEO). The current holder's open holding starts where the last one ends."""

    kind: str
    email: str
    scope: str
    valid_from: date
    valid_to: date
    basis: str = "appointed"


@dataclass
class PastWorkGroupMembership:
    client: str
    email: str
    role: str
    valid_from: date
    valid_to: date


@dataclass
class HistorySpec:
    """What happened before today: people who left, moves between areas, earlier holders.

    ``former_people`` carry ``last_day``; their area rows are in ``memberships`` too.
    """

    former_people: list[PersonSpec] = field(default_factory=list)
    memberships: list[PastMembership] = field(default_factory=list)
    holdings: list[PastHolding] = field(default_factory=list)
    work_groups: list[PastWorkGroupMembership] = field(default_factory=list)


def _check_no_overlap(rows: list[tuple[str, date, date | None]], what: str) -> None:
    """Intervals [from, to) per key must not overlap; ``None`` is an open end."""
    by_key: dict[str, list[tuple[date, date | None]]] = {}
    for key, start, end in rows:
        by_key.setdefault(key, []).append((start, end))
    for key, spans in by_key.items():
        spans.sort(key=lambda s: s[0])
        for (_, end), (start, _) in pairwise(spans):
            if end is None or start < end:
                raise InvalidInput(f"two periods overlap for {key}", what)


def import_history(
    organisation: Organisation,
    history: HistorySpec,
    *,
    effective_on: date,
    batch_size: int = 2000,
    progress: Any = None,
) -> dict[str, int]:
    """Bulk-load the past of a founded organisation in one transaction, with log entries.

    Closed rows are created as given; the open row that follows a closed one (a person's
    area, an area's manager, a client's lead) is moved to start where the closed one ends,
    and a client whose first lead came before its current one is dated from that first
    lead. Overlapping periods are refused before anything is written.
    """
    report = progress or (lambda step: None)
    counts: dict[str, int] = {}
    with transaction.atomic():
        people = {p.email: p for p in Person.objects.filter(organisation=organisation)}
        seen: set[str] = set()
        for spec in history.former_people:
            if spec.last_day is None:
                raise InvalidInput(f"{spec.email} has no last day", "former_people")
            if "@" not in spec.email:
                raise InvalidInput(f"{spec.email!r} is not an e-mail address", "former_people")
            if spec.email.lower() in people or spec.email.lower() in seen:
                raise InvalidInput(f"{spec.email} appears twice", "former_people")
            if spec.last_day < spec.employed_from:
                raise InvalidInput(f"{spec.email}: last day before start", "former_people")
            seen.add(spec.email.lower())
        formers = Person.objects.bulk_create(
            [
                Person(organisation=organisation, email=p.email.lower(), name=p.name, title=p.title)
                for p in history.former_people
            ],
            batch_size=batch_size,
        )
        people.update({p.email: p for p in formers})
        specs = {p.email.lower(): p for p in history.former_people}
        Employment.objects.bulk_create(
            [
                Employment(
                    person=p,
                    starts_on=specs[p.email].employed_from,
                    probation_until=specs[p.email].probation_until,
                    last_day=specs[p.email].last_day,
                )
                for p in formers
            ],
            batch_size=batch_size,
        )
        counts["former_people"] = len(formers)
        log_import(organisation, "former_people", len(formers), effective_on)
        report("former_people")

        def person(email: str, where: str) -> Person:
            found = people.get(email.lower())
            if found is None:
                raise InvalidInput(f"{email} is not among the people", where)
            return found

        areas = {a.slug: a for a in BusinessArea.objects.filter(organisation=organisation)}
        counts["memberships"] = _import_memberships(history.memberships, person, areas, batch_size)
        log_import(organisation, "area_memberships", counts["memberships"], effective_on)
        report("area_memberships")

        clients = {c.slug: c for c in Client.objects.filter(organisation=organisation)}
        counts["holdings"] = _import_holdings(
            organisation, history.holdings, person, areas, clients, batch_size
        )
        log_import(organisation, "holdings", counts["holdings"], effective_on)
        report("holdings")

        rows = []
        for w in history.work_groups:
            if w.client not in clients:
                raise InvalidInput(f"unknown client {w.client!r}", "work_groups")
            if w.valid_to < w.valid_from:
                raise InvalidInput(f"{w.client}: the period ends before it starts", "work_groups")
            rows.append(
                WorkGroupMembership(
                    client=clients[w.client],
                    person=person(w.email, "work_groups"),
                    role=w.role,
                    valid_from=w.valid_from,
                    valid_to=w.valid_to,
                )
            )
        WorkGroupMembership.objects.bulk_create(rows, batch_size=batch_size)
        counts["work_groups"] = len(rows)
        log_import(organisation, "work_groups", len(rows), effective_on)
        report("work_groups")
    return counts


def log_import(
    organisation: Organisation,
    step: str,
    rows: int,
    effective_on: date,
    action: str = "import_history",
) -> None:
    """Log one step of a technical bulk import (no policy right applies: role "system")."""
    log.append(
        organisation,
        action=action,
        target="org",
        clauses=("P4",),
        actor_id=None,
        role="system",
        effective_on=effective_on,
        public={"step": step, "rows": rows},
    )


def _set_dates(model: Any, column: str, rows: list[tuple[int, date]]) -> None:
    """One date column of many rows, as one prepared statement (bulk_update builds a CASE
    expression per row, which is slow for thousands)."""
    if not rows:
        return
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE id = %s",
            [(day, pk) for pk, day in rows],
        )


def _import_memberships(
    past: list[PastMembership],
    person: Any,
    areas: dict[str, BusinessArea],
    batch_size: int,
) -> int:
    rows: list[AreaMembership] = []
    for m in past:
        if m.area not in areas:
            raise InvalidInput(f"unknown area {m.area!r}", "memberships")
        if m.valid_to < m.valid_from:
            raise InvalidInput(f"{m.email}: the period ends before it starts", "memberships")
        rows.append(
            AreaMembership(
                person=person(m.email, "memberships"),
                area=areas[m.area],
                valid_from=m.valid_from,
                valid_to=m.valid_to,
            )
        )
    person_ids = sorted({r.person.pk for r in rows})
    ends: dict[int, date] = {}
    for r in rows:
        assert r.valid_to is not None
        ends[r.person.pk] = max(r.valid_to, ends.get(r.person.pk, r.valid_to))
    open_rows = list(AreaMembership.objects.filter(person_id__in=person_ids, valid_to__isnull=True))
    for o in open_rows:
        o.valid_from = ends[o.person_id]
    _check_no_overlap(
        [(str(r.person.pk), r.valid_from, r.valid_to) for r in rows]
        + [(str(o.person_id), o.valid_from, None) for o in open_rows],
        "memberships",
    )
    _set_dates(AreaMembership, "valid_from", [(o.pk, o.valid_from) for o in open_rows])
    AreaMembership.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _import_holdings(
    organisation: Organisation,
    past: list[PastHolding],
    person: Any,
    areas: dict[str, BusinessArea],
    clients: dict[str, Client],
    batch_size: int,
) -> int:
    rows: list[Holding] = []
    for h in past:
        if h.valid_to < h.valid_from:
            raise InvalidInput(f"{h.scope}: the period ends before it starts", "holdings")
        scope: dict[str, Any] = {}
        if h.kind == Holding.Kind.AREA_MANAGER:
            if h.scope not in areas:
                raise InvalidInput(f"unknown area {h.scope!r}", "holdings")
            scope = {"area": areas[h.scope]}
        elif h.kind == Holding.Kind.CLIENT_LEAD:
            if h.scope not in clients:
                raise InvalidInput(f"unknown client {h.scope!r}", "holdings")
            scope = {"client": clients[h.scope]}
        elif h.kind != Holding.Kind.CEO:
            raise InvalidInput(f"unknown kind {h.kind!r}", "holdings")
        rows.append(
            Holding(
                organisation=organisation,
                kind=h.kind,
                person=person(h.email, "holdings"),
                valid_from=h.valid_from,
                valid_to=h.valid_to,
                basis=h.basis,
                **scope,
            )
        )

    def key(kind: str, area_id: int | None, client_id: int | None) -> str:
        return f"{kind}:{area_id or ''}:{client_id or ''}"

    ends: dict[str, date] = {}
    starts: dict[int, date] = {}
    for r in rows:
        assert r.valid_to is not None
        k = key(r.kind, r.area.pk if r.area else None, r.client.pk if r.client else None)
        ends[k] = max(r.valid_to, ends.get(k, r.valid_to))
        if r.client is not None:
            starts[r.client.pk] = min(r.valid_from, starts.get(r.client.pk, r.valid_from))
    open_rows = [
        o
        for o in Holding.objects.filter(organisation=organisation, valid_to__isnull=True)
        if key(o.kind, o.area_id, o.client_id) in ends
    ]
    for o in open_rows:
        o.valid_from = ends[key(o.kind, o.area_id, o.client_id)]
    _check_no_overlap(
        [
            (
                key(r.kind, r.area.pk if r.area else None, r.client.pk if r.client else None),
                r.valid_from,
                r.valid_to,
            )
            for r in rows
        ]
        + [(key(o.kind, o.area_id, o.client_id), o.valid_from, None) for o in open_rows],
        "holdings",
    )
    moved = [c for c in clients.values() if c.pk in starts and starts[c.pk] < c.created_on]
    for c in moved:
        c.created_on = starts[c.pk]
    _set_dates(Client, "created_on", [(c.pk, c.created_on) for c in moved])
    _set_dates(Holding, "valid_from", [(o.pk, o.valid_from) for o in open_rows])
    Holding.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
