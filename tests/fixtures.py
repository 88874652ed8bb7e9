"""The test suite's one set of helpers: the example organisation, accounts and log-ins, the
decision log's append-only triggers, and a fast password hasher. Fixtures that use them are
in ``tests/conftest.py``; test modules import from here."""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from ansvar.org.founding import (
    AreaSpec,
    ClientSpec,
    OrganisationSpec,
    PersonSpec,
)

PASSWORD = "hemligt-lösen-1"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

append_only = importlib.import_module("ansvar.decisions.migrations.0002_append_only")
records_append_only = importlib.import_module(
    "ansvar.decisions.migrations.0005_append_only_records"
)


def example_spec() -> OrganisationSpec:
    """The organisation of ACTIONS.md's scenario example, plus a second area."""
    return OrganisationSpec(
        name="Exempelbyrån",
        slug="exempel",
        ceo="vera@example.se",
        founded_on=date(2020, 1, 1),
        people=[
            PersonSpec("vera@example.se", "Vera Vd", "ledning", date(2015, 1, 1)),
            PersonSpec("anna@example.se", "Anna Ao", "opinion", date(2018, 3, 1)),
            PersonSpec("cecilia@example.se", "Cecilia Ka", "opinion", date(2021, 8, 15)),
            PersonSpec(
                "erik@example.se",
                "Erik Ny",
                "opinion",
                date(2026, 9, 1),
                probation_until=date(2027, 3, 1),
            ),
            PersonSpec("olof@example.se", "Olof Ao", "analys", date(2017, 5, 1)),
            PersonSpec("petra@example.se", "Petra Ka", "analys", date(2019, 2, 1)),
        ],
        areas=[
            AreaSpec("ledning", "Ledning", "vera@example.se"),
            AreaSpec("opinion", "Opinion", "anna@example.se"),
            AreaSpec("analys", "Analys", "olof@example.se"),
        ],
        clients=[
            ClientSpec(
                "alfa",
                "Alfa AB",
                "cecilia@example.se",
                [("anna@example.se", "assistant"), ("erik@example.se", "member")],
            ),
            ClientSpec("beta", "Beta AB", "petra@example.se", [("olof@example.se", "member")]),
        ],
    )


def give_account(person, password: str = PASSWORD) -> User:
    """A Django user for ``person`` with ``password``."""
    user = User.objects.create_user(username=person.email, password=password)
    person.user = user
    person.save(update_fields=["user"])
    return user


def log_in(client, person):
    """Give ``person`` an account and log Django's test client in as them."""
    client.force_login(give_account(person))


def set_log_triggers(enabled: bool) -> None:
    """Put back (SQLite: create; PostgreSQL: enable) or take away the append-only triggers
    of the decision log, its payloads, the refusals and the access records, the way an
    administrator with database rights could."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in append_only.SQLITE_DROP + records_append_only.SQLITE_DROP:
                cursor.execute(sql)
            if enabled:
                for sql in append_only.SQLITE + records_append_only.SQLITE:
                    cursor.execute(sql)
        else:
            state = "ENABLE" if enabled else "DISABLE"
            # ALTER TABLE waits for no deferred foreign-key check: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in (append_only.TABLE, *records_append_only.TABLES):
                cursor.execute(f"ALTER TABLE {table} {state} TRIGGER USER")


@contextmanager
def triggers_off() -> Iterator[None]:
    """Inside the test's transaction: the triggers off, and back on after."""
    set_log_triggers(False)
    try:
        yield
    finally:
        set_log_triggers(True)


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """The clock on ``day`` (noon in Stockholm) when it is still to come: ``ansvar tick``
    refuses a date after today, so a test of a later day travels to it."""
    if day <= timezone.localdate():
        yield
        return
    moment = datetime.combine(day, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(moment, tick=False):
        yield
