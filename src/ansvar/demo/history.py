"""The demo's work history: years of daily work given out and marked done, so that the
decision log has the size of a real firm's (``ansvar demo --entries N``).

Each client's lead, from the day they took the client on, gives work to themselves or to a
member of the work group (``assign_work_item``, KA1), and the work is marked done a few days
later by the one it was given to (KA1, P5) or by the lead (KA1). Every decision is one its
rule allows on that day, logged as ``perform`` logs it: the work items are stored done, and
the entries are appended in the order of their days by ``decisions.bulk.append_many``
(``perform`` one by one would take hours for a million). ``tests/demo/test_history.py``
makes the same decisions through ``perform`` and compares the rows.

Deterministic for a given seed and date (the payloads' salts are random, as ``perform``'s).
"""

import bisect
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate

from ansvar.clients.models import WorkItem
from ansvar.common import bulk
from ansvar.decisions.bulk import Decided, append_many
from ansvar.demo.names import WORK
from ansvar.engine import door
from ansvar.org.models import AreaMembership, Holding, Organisation, Person, WorkGroupMembership

PURPOSES = tuple(WorkItem.Purpose.values)
ASSIGN, DONE = 0, 1
WORK_ITEM_BATCH = 20_000


@dataclass
class WorkHistory:
    """The work items drawn, in the order they were given out, and whom they involve."""

    clients: list[tuple[int, str, int]]  # (client id, slug, lead's person id)
    people: dict[int, tuple[str, str]]  # person id: (e-mail, name)
    client: list[int] = field(default_factory=list)  # index into ``clients``
    assignee: list[int] = field(default_factory=list)
    title: list[int] = field(default_factory=list)  # index into ``WORK``
    purpose: list[int] = field(default_factory=list)  # index into ``PURPOSES``
    created: list[int] = field(default_factory=list)  # date ordinals
    done: list[int] = field(default_factory=list)
    done_by_lead: list[bool] = field(default_factory=list)
    superior: list[bool] = field(default_factory=list)  # P6: the assignee is over the lead

    def __len__(self) -> int:
        return len(self.client)

    def events(self) -> Iterator[tuple[int, int]]:
        """(ASSIGN or DONE, item index) in the order of their days; on one day, work is
        given out before any is marked done, each in the order the items were drawn."""
        n = len(self)
        keys = [(c * 2 + ASSIGN) * n + i for i, c in enumerate(self.created)]
        keys += [(d * 2 + DONE) * n + i for i, d in enumerate(self.done)]
        keys.sort()
        for key in keys:
            yield (key // n) % 2, key % n


def _intervals(rows: list[tuple[int, date, date | None, int | None]]) -> dict:
    found: dict[int, list[tuple[int, int, int | None]]] = {}
    for person_id, start, end, what in rows:
        found.setdefault(person_id, []).append(
            (start.toordinal(), end.toordinal() if end else 10**9, what)
        )
    return found


def _on(intervals: list[tuple[int, int, int | None]], day: int) -> set[int | None]:
    return {what for start, end, what in intervals if start <= day < end}


def draw(organisation: Organisation, *, entries: int, seed: int, today: date) -> WorkHistory:
    """About ``entries`` decisions (rounded down to an even number: each work item is given
    out and marked done) over the current client leads' years with their clients."""
    rng = random.Random(f"{seed}:history")
    leads = list(
        Holding.objects.filter(
            organisation=organisation, kind=Holding.Kind.CLIENT_LEAD, valid_to__isnull=True
        )
        .order_by("client_id")
        .values_list("client_id", "client__slug", "person_id", "valid_from")
    )
    people = {
        pk: (email, name)
        for pk, email, name in Person.objects.filter(organisation=organisation).values_list(
            "id", "email", "name"
        )
    }
    history = WorkHistory([(c, s, p) for c, s, p, _ in leads], people)
    last = today.toordinal() - 1
    spans = [max(0, last - since.toordinal()) for *_, since in leads]
    items = entries // 2
    if not leads or items <= 0 or not any(spans):
        return history
    members: dict[int, list[tuple[int, int]]] = {}
    for client_id, person_id, valid_from in (
        WorkGroupMembership.objects.filter(client__organisation=organisation, valid_to__isnull=True)
        .order_by("client_id", "id")
        .values_list("client_id", "person_id", "valid_from")
    ):
        members.setdefault(client_id, []).append((person_id, valid_from.toordinal()))
    # Who belongs to which area and who manages which, over time: P6 adds a clause when the
    # lead gives work to their own area manager or to the CEO.
    areas = _intervals(
        list(
            AreaMembership.objects.filter(person__organisation=organisation).values_list(
                "person_id", "valid_from", "valid_to", "area_id"
            )
        )
    )
    managed = _intervals(
        list(
            Holding.objects.filter(
                organisation=organisation, kind=Holding.Kind.AREA_MANAGER
            ).values_list("person_id", "valid_from", "valid_to", "area_id")
        )
    )
    ceo = _intervals(
        list(
            Holding.objects.filter(organisation=organisation, kind=Holding.Kind.CEO).values_list(
                "person_id", "valid_from", "valid_to", "area_id"
            )
        )
    )

    def superior(lead: int, assignee: int, day: int) -> bool:
        if _on(ceo.get(assignee, []), day):
            return True
        return bool(_on(areas.get(lead, []), day) & _on(managed.get(assignee, []), day))

    cumulative = list(accumulate(spans))
    drawn: list[tuple[int, int, int, int, int, int, bool]] = []
    for _ in range(items):
        k = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
        client_id, _slug, lead, since = leads[k]
        first = since.toordinal() + 1
        group = [m for m in members.get(client_id, []) if m[1] < last]
        if group and rng.random() < 0.75:
            assignee, joined = rng.choice(group)
            first = max(first, joined)
        else:
            assignee = lead
        created = rng.randint(min(first, last), last)
        done = min(last, created + rng.randint(0, 20))
        by_lead = assignee == lead or rng.random() < 0.2
        drawn.append(
            (created, k, assignee, rng.randrange(len(WORK)), rng.randrange(3), done, by_lead)
        )
    drawn.sort(key=lambda row: row[0])
    for created, k, assignee, title, purpose, done, by_lead in drawn:
        history.client.append(k)
        history.assignee.append(assignee)
        history.title.append(title)
        history.purpose.append(purpose)
        history.created.append(created)
        history.done.append(done)
        history.done_by_lead.append(by_lead)
        history.superior.append(superior(leads[k][2], assignee, created))
    return history


def decisions(history: WorkHistory, item_ids: list[int]) -> Iterator[Decided]:
    """The decisions of ``history`` in order, as ``perform`` logs them, the work items being
    ``item_ids`` (in the order they were given out)."""
    people = history.people
    for kind, i in history.events():
        _client_id, slug, lead = history.clients[history.client[i]]
        assignee = people[history.assignee[i]][0]
        title = WORK[history.title[i]]
        target = f"client:{slug}"
        if kind == ASSIGN:
            actor = lead
            purpose = PURPOSES[history.purpose[i]]
            args: dict = {"assignee": assignee, "title": title, "purpose": purpose}
            public = {"work_item": item_ids[i], "client": slug, "purpose": purpose}
            clauses: tuple[str, ...] = ("KA1", "P3", "P6") if history.superior[i] else ("KA1", "P3")
            role, day = "client_lead", history.created[i]
        else:
            by_lead = history.done_by_lead[i]
            actor = lead if by_lead else history.assignee[i]
            args = {"work_item": item_ids[i]}
            public = {"work_item": item_ids[i], "client": slug}
            clauses = ("KA1", "P3") if by_lead else ("KA1", "P5")
            role, day = ("client_lead" if by_lead else "assignee"), history.done[i]
        email, name = people[actor]
        # ``log.names_in``: the actor by id, and the two addresses the payload names.
        addresses = sorted({email.strip().lower(), assignee.strip().lower()})
        yield Decided(
            action="assign_work_item" if kind == ASSIGN else "mark_work_item_done",
            target=target,
            clauses=clauses,
            actor_id=actor,
            role=role,
            effective_on=date.fromordinal(day),
            public=public,
            personal={
                "actor": email,
                "actor_name": name,
                "target": target,
                "args": args,
                "title": title,
                "assignee": assignee,
            },
            names=((actor, ""), *((None, a) for a in addresses)),
        )


def add_history(organisation: Organisation, *, entries: int, seed: int, today: date) -> int:
    """Draw and store the work history (inside the demo's transaction); returns the number
    of log entries it appended."""
    history = draw(organisation, entries=entries, seed=seed, today=today)
    if not len(history):
        return 0
    table = WorkItem._meta.db_table
    ids = bulk.reserve_ids(table, len(history))
    columns = (
        "id",
        "organisation_id",
        "client_id",
        "assignee_id",
        "assigned_by_id",
        "title",
        "purpose",
        "created_on",
        "done_on",
    )
    org_id = organisation.pk
    for start in range(0, len(history), WORK_ITEM_BATCH):
        rows = [
            (
                ids[i],
                org_id,
                history.clients[history.client[i]][0],
                history.assignee[i],
                history.clients[history.client[i]][2],
                WORK[history.title[i]],
                PURPOSES[history.purpose[i]],
                date.fromordinal(history.created[i]).isoformat(),
                date.fromordinal(history.done[i]).isoformat(),
            )
            for i in range(start, min(start + WORK_ITEM_BATCH, len(history)))
        ]
        bulk.insert(table, columns, rows)
    return append_many(organisation, decisions(history, ids), door=door.current())
