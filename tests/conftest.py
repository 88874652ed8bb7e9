"""Shared fixtures. The suite runs on whatever ANSVAR_DATABASE_URL names (see Makefile)."""

import os
from datetime import date

import pytest
from django.db import connection

from ansvar.org.founding import (
    AreaSpec,
    ClientSpec,
    OrganisationSpec,
    PersonSpec,
    found_organisation,
)


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


@pytest.fixture
def vendor() -> str:
    return connection.vendor


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


@pytest.fixture
def org(db):
    return found_organisation(example_spec())


@pytest.fixture
def people(org):
    return {p.email.split("@")[0]: p for p in org.people.all()}
