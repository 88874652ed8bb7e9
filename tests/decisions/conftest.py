"""Helpers for the decision-log tests: filling a log, and altering rows behind the triggers."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.org.models import Organisation, Person
from tests.fixtures import triggers_off  # noqa: F401  (used by the decision-log tests)


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


def erase(organisation: Organisation, seqs: list[int]) -> int:
    """Erase the payloads of the entries ``seqs`` as an erasure does: inside one decision,
    the payloads first, then the erasure's entry counting them. The seq of that entry."""
    with transaction.atomic():
        log.lock(organisation)
        ids = list(
            Entry.objects.filter(organisation=organisation, seq__in=seqs).values_list(
                "pk", flat=True
            )
        )
        erased = log.erase_payloads(organisation, ids)
        entry = log.append(
            organisation,
            action="erase_personal_data",
            target="person:0",
            clauses=("GDPR",),
            actor_id=None,
            role=log.SYSTEM_ROLE,
            effective_on=date(2026, 12, 1),
            public={"person": 0, "payloads_erased": erased},
            locked=True,
        )
    return entry.seq


def raw_update(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def json_param() -> str:
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"


@pytest.fixture
def filled(org):
    fill(org, 20)
    return org
