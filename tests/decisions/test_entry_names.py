"""The index of the people each log entry names (``EntryName``): written by ``append`` in
the entry's transaction, backfilled for older entries by a data migration, and what
``ansvar log erase-personal`` reads instead of every payload."""

import importlib
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansvar.decisions import log
from ansvar.decisions.models import EntryName, PersonalPayload
from ansvar.engine.registry import perform
from ansvar.people.actions.erasure import erase_person

AT = date(2026, 11, 27)


def _mentions(value: Any, email: str) -> bool:
    if isinstance(value, str):
        text = value.strip().lower()
        return text == email or text.endswith(f":{email}")
    if isinstance(value, Mapping):
        return any(_mentions(v, email) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, email) for v in value)
    return False


def _full_scan(org, person) -> list[int]:
    """What erase-personal did before the index: read every payload not yet erased."""
    email = person.email.lower()
    rows = PersonalPayload.objects.filter(
        entry__organisation=org, erased_at__isnull=True
    ).values_list("entry_id", "entry__actor_id_ref", "entry__target", "data")
    return sorted(
        pk
        for pk, actor, target, data in rows
        if actor == person.pk or target == f"person:{person.pk}" or _mentions(data, email)
    )


def _decisions(org, people) -> None:
    perform(
        org,
        people["anna"],
        "record_probation_follow_up",
        "person:erik@example.se",
        {"held_on": AT.isoformat(), "notes": "Bra start"},
        at=AT,
    )
    perform(
        org,
        people["cecilia"],
        "add_work_group_member",
        "client:alfa",
        {"person": "Petra@Example.se"},
        at=AT,
    )
    perform(
        org, people["erik"], "request_coaching", "person:anna@example.se", {"topic": "Tid"}, at=AT
    )
    perform(org, people["vera"], "set_salary", "person:olof@example.se", {"amount": "52000"}, at=AT)


def test_the_index_finds_exactly_what_a_full_scan_finds(org, people):
    _decisions(org, people)
    for person in people.values():
        assert log.entries_about(org, person.pk, person.email) == _full_scan(org, person)
    # Erik is named as an actor and as the target of another's decision.
    assert len(_full_scan(org, people["erik"])) >= 2


def test_erase_personal_reads_no_payload_and_erases_exactly_those(org, people):
    _decisions(org, people)
    erik = people["erik"]
    expected = _full_scan(org, erik)
    payload_table = PersonalPayload._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        ids = log.entries_about(org, erik.pk, erik.email)
    assert ids == expected
    for q in queries.captured_queries:
        sql = q["sql"].lower()
        assert '"data"' not in sql and ".data" not in sql, sql
        assert payload_table in sql or "entryname" in sql
    erased, entry = erase_person(org, erik, effective_on=AT)
    assert erased == len(expected)
    assert set(
        PersonalPayload.objects.filter(erased_at__isnull=False).values_list("entry_id", flat=True)
    ) == set(expected)
    assert not EntryName.objects.filter(email="erik@example.se").exists()
    # Only the erasure's own entry, which names him by id only, is left to find.
    assert log.entries_about(org, erik.pk, erik.email) == [entry.pk] == _full_scan(org, erik)
    assert log.verify(org).ok


def test_append_writes_the_names_in_one_statement(org, people):
    with CaptureQueriesContext(connection) as queries:
        done = perform(
            org, people["vera"], "set_salary", "person:olof@example.se", {"amount": "1"}, at=AT
        )
    inserts = [q for q in queries.captured_queries if EntryName._meta.db_table in q["sql"]]
    assert len(inserts) == 1
    names = set(EntryName.objects.filter(entry=done.entry).values_list("person_id_ref", "email"))
    assert (people["vera"].pk, "") in names and (people["olof"].pk, "") in names
    assert (None, "vera@example.se") in names


def test_the_migration_backfills_older_entries(org, people):
    _decisions(org, people)
    before = set(EntryName.objects.values_list("entry_id", "person_id_ref", "email"))
    EntryName.objects.all().delete()
    migration = importlib.import_module("ansvar.decisions.migrations.0003_entry_names")
    migration.backfill(django_apps, None)
    assert set(EntryName.objects.values_list("entry_id", "person_id_ref", "email")) == before
    erik = people["erik"]
    assert log.entries_about(org, erik.pk, erik.email) == _full_scan(org, erik)
