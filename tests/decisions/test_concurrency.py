"""Concurrent appends serialise per organisation: no fork, no gap, one verifying chain."""

import threading

import pytest
from django.db import connection, connections, transaction

from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.org.founding import found_organisation
from ansvar.org.models import Organisation
from tests.fixtures import example_spec, set_log_triggers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a server database shared by two connections (PostgreSQL)",
)


@pytest.fixture
def _triggers_restored_after_flush(django_db_setup, django_db_blocker):
    """Set up before transactional_db, torn down after its flush: re-arm the triggers."""
    yield
    with django_db_blocker.unblock():
        set_log_triggers(True)


@pytest.fixture
def committed_db(_triggers_restored_after_flush, transactional_db):
    """A database whose writes commit. The append-only triggers would make the flush at
    teardown fail, so they are disabled just before it and re-armed just after."""
    yield
    set_log_triggers(False)


APPENDS = 40


def _append_many(org_id: int, who: str, barrier: threading.Barrier, errors: list) -> None:
    try:
        organisation = Organisation.objects.get(pk=org_id)
        barrier.wait(timeout=30)
        for i in range(APPENDS):
            with transaction.atomic():
                log.append(
                    organisation,
                    action="record_collaboration_decision",
                    target="client:alfa",
                    clauses=("KA2",),
                    actor_id=None,
                    role="system",
                    effective_on=organisation.created_at.date(),
                    public={"writer": who, "n": i},
                )
    except Exception as exc:  # reported to the test thread
        errors.append(exc)
    finally:
        connections.close_all()


def test_two_threads_appending_at_once_make_one_contiguous_chain(committed_db):
    organisation = found_organisation(example_spec())
    barrier = threading.Barrier(2)
    errors: list = []
    threads = [
        threading.Thread(target=_append_many, args=(organisation.pk, who, barrier, errors))
        for who in ("a", "b")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    seqs = list(
        Entry.objects.filter(organisation=organisation)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(1, 2 * APPENDS + 2))
    writers = Entry.objects.filter(organisation=organisation, seq__gt=1).values_list(
        "public", flat=True
    )
    assert sorted(p["writer"] for p in writers) == ["a"] * APPENDS + ["b"] * APPENDS
    result = log.verify(organisation)
    assert result.ok and result.size == 2 * APPENDS + 1
