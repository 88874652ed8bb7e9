"""The production role's rights on PostgreSQL (``decisions.grants``): it can take decisions,
record refusals and reads and erase payloads, but not change or delete what is kept."""

import uuid
from datetime import date
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from ansvar.decisions import grants, log
from ansvar.decisions.access import record_access
from ansvar.decisions.models import AccessRecord, Entry, PersonalPayload, Refusal
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.registry import perform
from ansvar.people.actions.erasure import erase_person
from tests.decisions.conftest import raw_update

AT = date(2026, 3, 2)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"


@pytest.fixture
def app_role(org):
    """A role with the documented rights, which the connection then acts as; created in the
    test's transaction, so it goes with its rollback."""
    if connection.vendor != "postgresql":
        pytest.skip("roles and rights are PostgreSQL's")
    role = f"ansvar_app_test_{uuid.uuid4().hex[:10]}"
    raw_update(f"CREATE ROLE {role} NOLOGIN", [])
    for sql in grants.statements(role):
        raw_update(sql, [])
    raw_update(f"SET LOCAL ROLE {role}", [])
    yield role
    raw_update("RESET ROLE", [])


def _denied(sql: str) -> str:
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        raw_update(sql, [])
    return str(refused.value)


def test_the_app_role_decides_records_and_erases_but_cannot_rewrite(org, people, app_role):
    perform(
        org,
        people["vera"],
        "set_policy_parameter",
        "org",
        {"name": "veto_window_working_days", "value": "5"},
        at=AT,
    )
    with pytest.raises(PolicyRefused):
        perform(
            org,
            people["erik"],
            "appoint_client_lead",
            "client:alfa",
            {"person": "erik@example.se"},
            at=AT,
        )
    record_access(org, people["vera"], people["anna"], "salary", "test")
    erased, _ = erase_person(org, people["vera"], effective_on=AT)
    assert erased > 0
    assert Refusal.objects.count() == 1 and AccessRecord.objects.count() == 1
    assert log.verify(org).ok
    for sql in (
        "DELETE FROM decisions_refusal",
        "UPDATE decisions_refusal SET reason = 'annat'",
        "DELETE FROM decisions_accessrecord",
        "UPDATE decisions_accessrecord SET purpose = 'annat'",
        "DELETE FROM decisions_entry",
        "UPDATE decisions_entry SET target = 'annat'",
        "UPDATE decisions_personalpayload SET salt = 'ab'",
        "DELETE FROM decisions_personalpayload",
        "TRUNCATE decisions_refusal, decisions_accessrecord CASCADE",
        "TRUNCATE decisions_entry CASCADE",
    ):
        assert "permission denied" in _denied(sql), sql
    assert Refusal.objects.count() == 1 and AccessRecord.objects.count() == 1
    assert PersonalPayload.objects.count() == Entry.objects.count()


def test_the_documented_grants_are_the_ones_tested():
    text = DOCS.read_text(encoding="utf-8")
    for sql in grants.statements("ansvar_app"):
        assert f"{sql};" in text, sql
