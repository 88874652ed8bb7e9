"""Helpers for the decision-log tests: filling a log, and altering rows behind the triggers."""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from ansvar.decisions import log
from ansvar.org.models import Organisation, Person

append_only = importlib.import_module("ansvar.decisions.migrations.0002_append_only")


def _set_triggers(enabled: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in append_only.SQLITE if enabled else append_only.SQLITE_DROP:
                cursor.execute(sql)
        else:
            state = "ENABLE" if enabled else "DISABLE"
            # ALTER TABLE waits for no deferred foreign-key check: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE decisions_entry {state} TRIGGER USER")


@contextmanager
def triggers_off() -> Iterator[None]:
    """Inside the test's transaction: drop (SQLite) or disable (PostgreSQL) the append-only
    triggers, the way an attacker with database rights would, and put them back after."""
    _set_triggers(False)
    try:
        yield
    finally:
        _set_triggers(True)


def fill(organisation: Organisation, count: int, start: date = date(2026, 1, 1)) -> None:
    """Append ``count`` entries by the organisation's people, each with a personal payload."""
    people = list(Person.objects.filter(organisation=organisation).order_by("pk"))
    with transaction.atomic():
        for i in range(count):
            actor = people[i % len(people)]
            subject = people[(i + 1) % len(people)]
            log.append(
                organisation,
                action="record_collaboration_decision",
                target="client:alfa",
                clauses=("KA2", "P3"),
                actor_id=actor.pk,
                role="client_lead",
                effective_on=start + timedelta(days=i % 300),
                public={"n": i, "status": "recorded"},
                personal={"actor": actor.email, "about": subject.email, "note": f"beslut {i}"},
            )


def raw_update(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def json_param() -> str:
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"


@pytest.fixture
def filled(org):
    fill(org, 20)
    return org
