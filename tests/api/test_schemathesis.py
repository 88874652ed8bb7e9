"""Schemathesis against the live schema, in process: every operation, with a token of each
role, gives no server error and answers as its schema says (status, content type,
headers, body). ``ANSVAR_FUZZ_EXAMPLES`` sets
the examples per operation (a few in CI; see README for the longer run)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ansvar.accounts.actions import found_first_administrator
from ansvar.api import tokens
from ansvar.config.wsgi import application

EXAMPLES = int(os.environ.get("ANSVAR_FUZZ_EXAMPLES", "2"))
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

ROLES = {
    "ceo": "vera",
    "area_manager": "anna",
    "client_lead": "cecilia",
    "probationer": "erik",
    "consultant_without_client": "olof",
    "technical_admin": "petra",
}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application directly, which (unlike Django's test client)
    fires request_finished and would close the test's own database connection mid-test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def role_tokens(org, people):
    # Petra leads Beta and is the technical administrator (P7): log-ins, nothing more.
    found_first_administrator(org, people["petra"], timezone.localdate())
    return {role: tokens.issue(people[name], role).token for role, name in ROLES.items()}


@pytest.mark.django_db(transaction=False)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_in_every_role(case, role_tokens):
    for token in role_tokens.values():
        # A schema-valid body may still break a rule of the domain (a person who does not
        # exist, an argument an action does not take): a 404 or 422 is right there.
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            excluded_checks=[positive_data_acceptance],
        )
