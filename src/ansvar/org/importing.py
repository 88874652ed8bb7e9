"""Importing an organisation's history (past holdings, memberships, work groups) and a demo's
everyday rows: technical administration, done by the system through ``perform`` with one log
entry per step, never one per row."""

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from django.apps import apps
from django.db import transaction

from ansvar.common import bulk
from ansvar.engine.actor import SYSTEM
from ansvar.engine.checks import email_address
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Outcome, SystemContext, action, perform
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
from ansvar.policy.actions import ActionName


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


HISTORY_STEPS = ("former_people", "area_memberships", "holdings", "work_groups")

# The demo's everyday rows, by step: the model each step's rows must be (app label, model).
ACTIVITY_STEPS = {
    "skills": ("clients", "Skill"),
    "salary_decisions": ("people", "SalaryDecision"),
    "talks": ("people", "Talk"),
    "work_items": ("clients", "WorkItem"),
    "client_figures": ("people", "ClientMonthFigure"),
}


def import_history(
    organisation: Organisation,
    history: HistorySpec,
    *,
    effective_on: date,
    progress: Any = None,
) -> dict[str, int]:
    """Bulk-load the past of a founded organisation in one transaction: each step is the
    system's ``import_history`` through ``perform``, one log entry per step.

    Closed rows are created as given; the open row that follows a closed one (a person's
    area, an area's manager, a client's lead) is moved to start where the closed one ends,
    and a client whose first lead came before its current one is dated from that first
    lead. Overlapping periods are refused before anything is written.
    """
    report = progress or (lambda step: None)
    steps = {
        "former_people": history.former_people,
        "area_memberships": history.memberships,
        "holdings": history.holdings,
        "work_groups": history.work_groups,
    }
    keys = {"area_memberships": "memberships"}
    counts: dict[str, int] = {}
    with transaction.atomic():
        for step, rows in steps.items():
            done = perform(
                organisation,
                SYSTEM,
                ActionName.IMPORT_HISTORY,
                "org",
                {"step": step, "rows": rows},
                at=effective_on,
            )
            counts[keys.get(step, step)] = done.result
            report(step)
    return counts


def import_rows(organisation: Organisation, step: str, rows: list[Any], effective_on: date) -> int:
    """Bulk-insert one kind of everyday rows (``ACTIVITY_STEPS``) as the system's
    ``import_activity``, one log entry for the step however many rows it has."""
    done = perform(
        organisation,
        SYSTEM,
        ActionName.IMPORT_ACTIVITY,
        "org",
        {"step": step, "rows": rows},
        at=effective_on,
    )
    count: int = done.result
    return count


def _rows(rows: Any, what: type | None = None) -> list[Any]:
    if not isinstance(rows, list):
        raise InvalidInput("must be a list of rows", "rows")
    if what is not None and not all(isinstance(r, what) for r in rows):
        raise InvalidInput(f"every row must be a {what.__name__}", "rows")
    return rows


def _step_outcome(step: str, count: int) -> Outcome:
    return Outcome(count, public={"step": step, "rows": count})


@action(
    ActionName.IMPORT_HISTORY,
    args=(
        Arg("step", "choice", required=False, choices=HISTORY_STEPS),
        Arg("rows", "value", required=False, sensitive=True),
    ),
)
def do_import_history(ctx: SystemContext, org: Organisation, *, step: Any, rows: Any) -> Outcome:
    if step is None:
        raise InvalidInput("is required", "step")
    people = {p.email: p for p in Person.objects.filter(organisation=org).only("id", "email")}

    def person(email: str, where: str) -> Person:
        found = people.get(email.lower())
        if found is None:
            raise InvalidInput(f"{email} is not among the people", where)
        return found

    if step == "former_people":
        count = _import_former_people(org, _rows(rows, PersonSpec), people)
    elif step == "area_memberships":
        areas = {a.slug: a for a in BusinessArea.objects.filter(organisation=org)}
        count = _import_memberships(_rows(rows, PastMembership), person, areas)
    elif step == "holdings":
        areas = {a.slug: a for a in BusinessArea.objects.filter(organisation=org)}
        clients = {c.slug: c for c in Client.objects.filter(organisation=org)}
        count = _import_holdings(org, _rows(rows, PastHolding), person, areas, clients)
    else:
        clients = {c.slug: c for c in Client.objects.filter(organisation=org)}
        count = _import_work_groups(_rows(rows, PastWorkGroupMembership), person, clients)
    return _step_outcome(step, count)


@action(
    ActionName.IMPORT_ACTIVITY,
    args=(
        Arg("step", "choice", required=False, choices=tuple(ACTIVITY_STEPS)),
        Arg("rows", "value", required=False, sensitive=True),
    ),
)
def do_import_activity(ctx: SystemContext, org: Organisation, *, step: Any, rows: Any) -> Outcome:
    if step is None:
        raise InvalidInput("is required", "step")
    model = apps.get_model(*ACTIVITY_STEPS[step])
    bulk.create(_rows(rows, model))
    return _step_outcome(step, len(rows))


def _import_former_people(
    organisation: Organisation, former: list[PersonSpec], people: dict[str, Person]
) -> int:
    seen: set[str] = set()
    for spec in former:
        if spec.last_day is None:
            raise InvalidInput(f"{spec.email} has no last day", "former_people")
        problem = email_address(spec.email)
        if problem:
            raise InvalidInput(problem, "former_people")
        if spec.email.lower() in people or spec.email.lower() in seen:
            raise InvalidInput(f"{spec.email} appears twice", "former_people")
        if spec.last_day < spec.employed_from:
            raise InvalidInput(f"{spec.email}: last day before start", "former_people")
        seen.add(spec.email.lower())
    formers = bulk.create(
        [
            Person(organisation=organisation, email=p.email.lower(), name=p.name, title=p.title)
            for p in former
        ]
    )
    specs = {p.email.lower(): p for p in former}
    bulk.create(
        [
            Employment(
                person=p,
                starts_on=specs[p.email].employed_from,
                probation_until=specs[p.email].probation_until,
                last_day=specs[p.email].last_day,
            )
            for p in formers
        ]
    )
    return len(formers)


def _import_work_groups(
    past: list[PastWorkGroupMembership], person: Any, clients: dict[str, Client]
) -> int:
    rows = []
    for w in past:
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
    bulk.create(rows)
    return len(rows)


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
    bulk.create(rows)
    return len(rows)


def _import_holdings(
    organisation: Organisation,
    past: list[PastHolding],
    person: Any,
    areas: dict[str, BusinessArea],
    clients: dict[str, Client],
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
    bulk.create(rows)
    return len(rows)
