"""Shared fixtures. The suite runs on whatever ANSVAR_DATABASE_URL names (see Makefile)."""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from ansvar.org.founding import found_organisation
from tests.fixtures import FAST_HASHERS, example_spec, set_log_triggers


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get("ANSVAR_DATABASE_URL", "")
    if os.environ.get("ANSVAR_REQUIRE_POSTGRES") == "1" and url.startswith("postgres"):
        import psycopg

        try:
            conninfo = url.replace("postgres://", "postgresql://", 1)
            psycopg.connect(conninfo, dbname="postgres", connect_timeout=5).close()
        except psycopg.Error as exc:
            raise pytest.UsageError(f"PostgreSQL is required but unreachable: {exc}") from exc


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("ANSVAR_DATABASE_URL", "sqlite (default)")
    return f"ansvar database: {url.split('@')[-1]}"


@pytest.fixture(autouse=True)
def _fast_password_hash(settings):
    """Accounts and the demo hash passwords; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def _log_triggers_restored(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        set_log_triggers(True)
        # A live server or a thread may have left a connection of its own: let it go, so
        # nothing holds the test database when it is dropped.
        connection.close()


@pytest.fixture
def log_flush_allowed(_log_triggers_restored: None, transactional_db: None) -> Iterator[None]:
    """Request instead of ``transactional_db`` when a test commits for real: Django empties
    every table afterwards, which the log's triggers refuse, so they are off for that flush
    and back on after it (teardown order: off, flush, on)."""
    yield
    set_log_triggers(False)


@pytest.fixture
def vendor() -> str:
    return connection.vendor


@pytest.fixture
def org(db):
    return found_organisation(example_spec())


@pytest.fixture
def people(org):
    return {p.email.split("@")[0]: p for p in org.people.all()}
