"""Fixtures for client work: data of its own, and a flush the decision log's triggers allow.

A ``transactional_db`` test commits for real, and Django empties every table afterwards;
the decision log refuses DELETE (and TRUNCATE on PostgreSQL), so ``log_flush_allowed``
switches its triggers off for that flush and back on after it.
"""

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

append_only = importlib.import_module("ansvar.decisions.migrations.0002_append_only")


def _triggers(on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            state = "ENABLE" if on else "DISABLE"
            cursor.execute(f"ALTER TABLE {append_only.TABLE} {state} TRIGGER USER")
        else:
            for sql in append_only.SQLITE_DROP:
                cursor.execute(sql)
            if on:
                for sql in append_only.SQLITE:
                    cursor.execute(sql)


@pytest.fixture
def _log_triggers_restored(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        _triggers(True)


@pytest.fixture
def log_flush_allowed(_log_triggers_restored: None, transactional_db: None) -> Iterator[None]:
    """Request instead of ``transactional_db``; teardown order: off, flush, back on."""
    yield
    _triggers(False)
