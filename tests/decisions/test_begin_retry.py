"""SQLite: a decision whose BEGIN IMMEDIATE times out waiting for the write lock ('database
is locked', one writer passed over by the others: reliability/concurrency.py with 8
processes) tries the BEGIN again instead of failing as a server error; after
``log.BEGIN_TRIES`` timeouts the error goes up and nothing is written."""

import pytest
from django.db import OperationalError, connection, connections

from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.org.founding import found_organisation
from ansvar.org.models import WorkGroupMembership
from tests.fixtures import example_spec, set_log_triggers

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's write lock is taken at BEGIN IMMEDIATE"
)


@pytest.fixture
def _triggers_restored_after_flush(django_db_setup, django_db_blocker):
    """Set up before transactional_db, torn down after its flush: re-arm the triggers."""
    yield
    with django_db_blocker.unblock():
        set_log_triggers(True)


@pytest.fixture
def committed_db(_triggers_restored_after_flush, transactional_db):
    """perform's block is the outermost, so it issues the BEGIN. The append-only triggers
    would make the flush at teardown fail, so they are taken away just before it."""
    yield
    set_log_triggers(False)


@pytest.fixture
def locked_begins(monkeypatch):
    """The next ``n`` BEGINs of this connection time out as SQLite's busy wait does."""
    wrapper = type(connections["default"])
    real = wrapper._start_transaction_under_autocommit
    left = {"n": 0, "begins": 0}

    def begin(self):
        left["begins"] += 1
        if left["n"] > 0:
            left["n"] -= 1
            raise OperationalError("database is locked")
        return real(self)

    monkeypatch.setattr(wrapper, "_start_transaction_under_autocommit", begin)
    return left


def _add_olof(org):
    cecilia = org.people.get(email="cecilia@example.se")
    return perform(
        org, cecilia, "add_work_group_member", "client:alfa", {"person": "olof@example.se"}
    )


def test_a_begin_that_timed_out_is_tried_again(committed_db, locked_begins):
    org = found_organisation(example_spec())
    before = Entry.objects.filter(organisation=org).count()
    locked_begins["n"], locked_begins["begins"] = log.BEGIN_TRIES - 1, 0
    done = _add_olof(org)
    assert locked_begins["begins"] == log.BEGIN_TRIES
    assert done.entry.seq == before + 1
    assert WorkGroupMembership.objects.filter(
        person__email="olof@example.se", client__slug="alfa"
    ).exists()
    assert log.verify(org).ok


def test_the_lock_error_goes_up_after_the_last_try_and_nothing_is_written(
    committed_db, locked_begins
):
    org = found_organisation(example_spec())
    before = Entry.objects.filter(organisation=org).count()
    locked_begins["n"], locked_begins["begins"] = log.BEGIN_TRIES, 0
    with pytest.raises(OperationalError, match="locked"):
        _add_olof(org)
    assert locked_begins["begins"] == log.BEGIN_TRIES
    assert Entry.objects.filter(organisation=org).count() == before
    assert not WorkGroupMembership.objects.filter(
        person__email="olof@example.se", client__slug="alfa"
    ).exists()
    assert not connection.in_atomic_block and connection.get_autocommit()
    # The connection is usable as before: the next decision goes through.
    assert _add_olof(org).entry.seq == before + 1
