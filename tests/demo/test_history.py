"""The demo's work history: written in bulk, it is the log ``perform`` writes for the same
decisions, and it verifies."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from ansvar import demo
from ansvar.cli.main import main
from ansvar.clients.models import WorkItem
from ansvar.decisions import log
from ansvar.decisions.models import Entry, EntryName
from ansvar.demo import history
from ansvar.engine.registry import perform
from ansvar.org.models import Organisation, Person
from tests.demo.conftest import TODAY


class _Undo(Exception):
    pass


def _dump(org: Organisation, after: int) -> dict[str, Any]:
    """The rows the history added after entry ``after``, work items numbered from their
    first (ids differ between two runs on PostgreSQL, whose sequences do not roll back)."""
    items = list(
        WorkItem.objects.filter(organisation=org, done_on__isnull=False)
        .order_by("id")
        .values_list(
            "id",
            "client_id",
            "assignee_id",
            "assigned_by_id",
            "title",
            "purpose",
            "created_on",
            "done_on",
        )
    )
    number = {row[0]: n for n, row in enumerate(items)}

    def renumbered(value: dict[str, Any]) -> dict[str, Any]:
        out = dict(value)
        if "work_item" in out:
            out["work_item"] = number[out["work_item"]]
        if isinstance(out.get("args"), dict):
            out["args"] = renumbered(out["args"])
        return out

    entries = Entry.objects.filter(organisation=org, seq__gt=after).select_related("payload")
    return {
        "work_items": [row[1:] for row in items],
        "entries": [
            (
                e.seq,
                e.effective_on,
                e.actor_id_ref,
                e.actor_role,
                e.action,
                e.target,
                e.clauses,
                renumbered(e.public),
                e.door,
                renumbered(e.payload.data),
            )
            for e in entries.order_by("seq")
        ],
        "names": sorted(
            EntryName.objects.filter(organisation=org, entry__seq__gt=after).values_list(
                "entry__seq", "person_id_ref", "email"
            ),
            key=lambda row: (row[0], row[1] or 0, row[2]),
        ),
    }


def _through_perform(org: Organisation, drawn: history.WorkHistory) -> None:
    """The drawn decisions one by one through the action path."""
    people = {p.pk: p for p in Person.objects.filter(organisation=org)}
    ids: dict[int, int] = {}
    for kind, i in drawn.events():
        _client, slug, lead = drawn.clients[drawn.client[i]]
        if kind == history.ASSIGN:
            done = perform(
                org,
                people[lead],
                "assign_work_item",
                f"client:{slug}",
                {
                    "assignee": drawn.people[drawn.assignee[i]][0],
                    "title": history.WORK[drawn.title[i]],
                    "purpose": history.PURPOSES[drawn.purpose[i]],
                },
                at=date.fromordinal(drawn.created[i]),
            )
            ids[i] = done.result.pk
        else:
            actor = lead if drawn.done_by_lead[i] else drawn.assignee[i]
            perform(
                org,
                people[actor],
                "mark_work_item_done",
                f"client:{slug}",
                {"work_item": ids[i]},
                at=date.fromordinal(drawn.done[i]),
            )


def test_bulk_history_is_what_perform_logs_and_verifies(db):
    org = demo.load(people=45, seed=1, today=TODAY, entries=0)
    head = Entry.objects.filter(organisation=org).count()
    drawn = history.draw(org, entries=160, seed=1, today=TODAY)
    assert len(drawn) == 80
    # The sample has every kind of decision the history makes: work for the lead themself,
    # for a member, for the lead's own manager (P6), done by the lead and by the assignee.
    leads = [drawn.clients[c][2] for c in drawn.client]
    assert any(a == lead for a, lead in zip(drawn.assignee, leads, strict=True))
    assert any(a != lead for a, lead in zip(drawn.assignee, leads, strict=True))
    assert any(drawn.superior) and not all(drawn.superior)
    assert any(
        not by_lead and a != lead
        for by_lead, a, lead in zip(drawn.done_by_lead, drawn.assignee, leads, strict=True)
    )

    with pytest.raises(_Undo), transaction.atomic():
        assert history.add_history(org, entries=160, seed=1, today=TODAY) == 160
        result = log.verify(org)
        assert result.ok and result.size == head + 160
        bulk = _dump(org, head)
        raise _Undo
    assert Entry.objects.filter(organisation=org).count() == head

    _through_perform(org, drawn)
    assert log.verify(org).ok
    slow = _dump(org, head)
    assert len(slow["entries"]) == 160
    assert bulk == slow


def test_the_demo_has_its_history_in_order_and_the_cli_verifies_it(db, capsys):
    org = demo.load(people=45, seed=1, today=TODAY, entries=300)
    rows = list(
        Entry.objects.filter(
            organisation=org, action__in=["assign_work_item", "mark_work_item_done"]
        )
        .order_by("seq")
        .values_list("effective_on", flat=True)
    )
    assert len(rows) == 300
    assert rows == sorted(rows) and rows[0] < date(TODAY.year - 2, 1, 1) <= rows[-1] < TODAY
    assert WorkItem.objects.filter(organisation=org, done_on__isnull=False).count() == 150
    size = Entry.objects.filter(organisation=org).count()
    assert main(["log", "verify"]) == 0
    assert f"OK: {size} poster / entries verified" in capsys.readouterr().out


def test_entries_flag_sizes_the_history(db, capsys):
    assert main(["demo", "--people", "20", "--entries", "40"]) == 0
    org = Organisation.objects.get(slug=demo.DEMO_SLUG)
    assert Entry.objects.filter(organisation=org, action="assign_work_item").count() == 20
    assert main(["demo", "--force", "--entries", "-1"]) != 0
    assert "--entries" in capsys.readouterr().err


def test_the_bulk_append_has_one_caller():
    """Besides ``perform``, only the demo's work history writes log entries, through
    ``decisions.bulk.append_many``, which ``test_bulk_history_is_what_perform_logs_...``
    holds to ``perform``'s rows."""
    src = Path(__file__).resolve().parents[2] / "src" / "ansvar"
    callers = sorted(
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if path.name != "bulk.py" and "append_many" in path.read_text(encoding="utf-8")
    )
    assert callers == ["demo/history.py"]
