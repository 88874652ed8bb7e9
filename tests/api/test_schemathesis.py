"""Schemathesis against the live schema, in process: every operation, with a token of each
role, gives no server error and answers as its schema says (status, content type,
headers, body). ``ANSVAR_FUZZ_EXAMPLES`` sets
the examples per operation (a few in CI; see README for the longer run)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

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
}


@pytest.fixture
def role_tokens(org, people):
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
