"""Concurrency: appends serialise per organisation (no fork, no gap, one verifying chain),
and so do whole decisions, so a rule never decides on facts a concurrent decision is
changing (P4 holds however two decisions about one person or one client interleave)."""

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections, transaction

from ansvar.decisions import log
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine import registry
from ansvar.engine.errors import Conflict, PolicyRefused
from ansvar.engine.registry import perform
from ansvar.org.founding import found_organisation
from ansvar.org.models import Holding, Organisation, Person, WorkGroupMembership
from ansvar.people.models import Separation
from tests.fixtures import example_spec, set_log_triggers

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a server database shared by two connections (PostgreSQL)",
    ),
]


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


# --- whole decisions --------------------------------------------------------------------

AT = date(2026, 12, 1)
RENDEZVOUS_SECONDS = 2.0


def _meet_after_the_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each decision, once its rule has seen the facts, until the other decision has
    seen its own (or a timeout passes). Without serialisation both rules would then decide
    on the same facts before either effect is written, every time; with it, the second
    cannot read its facts until the first has committed, so the first waits out the
    timeout alone."""
    real = registry.evaluate
    seen: list[str] = []
    guard = threading.Lock()
    both = threading.Event()

    def evaluate(facts: Any) -> Any:
        decision = real(facts)
        with guard:
            seen.append(facts.action)
            if len(seen) == 2:
                both.set()
        both.wait(RENDEZVOUS_SECONDS)
        return decision

    monkeypatch.setattr(registry, "evaluate", evaluate)


def _race(org_id: int, attempts: list[Callable[[Organisation], Any]]) -> list[Any]:
    """Run the attempts at once, one thread and connection each; their results or errors."""
    barrier = threading.Barrier(len(attempts))
    results: list[Any] = [None] * len(attempts)

    def run(i: int) -> None:
        try:
            organisation = Organisation.objects.get(pk=org_id)
            barrier.wait(timeout=30)
            results[i] = attempts[i](organisation)
        except Exception as exc:  # the refusal (or any error) is the result under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(attempts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _as(email: str, action: str, target: str, args: dict) -> Callable[[Organisation], Any]:
    def attempt(organisation: Organisation) -> Any:
        actor = Person.objects.get(organisation=organisation, email=email)
        return perform(organisation, actor, action, target, args, at=AT)

    return attempt


def test_notice_and_an_appointment_of_the_same_person_never_both_happen(committed_db, monkeypatch):
    """P4: someone given notice must not take on a client they would leave without a lead,
    and someone who leads a client cannot be given notice before handing it over. Whichever
    decision comes first, the other is refused on the facts the first made."""
    org = found_organisation(example_spec())
    _meet_after_the_facts(monkeypatch)
    notice = _as(
        "vera@example.se",
        "give_notice",
        "person:erik@example.se",
        {"reason": "Arbetsbrist", "informed_on": "2026-11-02"},
    )
    appointment = _as(
        "vera@example.se", "appoint_client_lead", "client:beta", {"person": "erik@example.se"}
    )
    results = _race(org.pk, [notice, appointment])

    refused = [r for r in results if isinstance(r, PolicyRefused)]
    done = [r for r in results if isinstance(r, registry.Done)]
    assert len(done) == 1 and len(refused) == 1, results
    assert "P4" in refused[0].decision.clauses
    erik = Person.objects.get(organisation=org, email="erik@example.se")
    leaving = Separation.objects.filter(person=erik).exists()
    leads = Holding.objects.filter(person=erik, valid_to__isnull=True).exists()
    assert leaving != leads  # exactly one of the two happened, never both
    open_leads = Holding.objects.filter(client__slug="beta", valid_to__isnull=True)
    assert open_leads.count() == 1
    assert Refusal.objects.filter(organisation=org, clauses__contains="P4").count() == 1
    assert log.verify(org).ok


def test_two_appointments_to_one_client_replace_each_other_in_turn(committed_db, monkeypatch):
    """P4: both appointments are the CEO's to make and both take effect, one after the
    other, so the client has exactly one lead at every moment and the log says who
    replaced whom."""
    org = found_organisation(example_spec())
    petra = Person.objects.get(organisation=org, email="petra@example.se")
    _meet_after_the_facts(monkeypatch)
    results = _race(
        org.pk,
        [
            _as("vera@example.se", "appoint_client_lead", "client:beta", {"person": email})
            for email in ("anna@example.se", "cecilia@example.se")
        ],
    )
    assert all(isinstance(r, registry.Done) for r in results), results

    entries = list(
        Entry.objects.filter(organisation=org, action="appoint_client_lead")
        .select_related("payload")
        .order_by("seq")
    )
    first, second = (e.payload.data["args"]["person"] for e in entries)
    assert {first, second} == {"anna@example.se", "cecilia@example.se"}
    # Each decision saw the one before it: the second replaced the first, not petra again.
    assert [e.payload.data["previous"] for e in entries] == [petra.email, first]
    holdings = list(
        Holding.objects.filter(client__slug="beta")
        .select_related("person")
        .order_by("valid_from", "id")
    )
    assert [h.person.email for h in holdings] == [petra.email, first, second]
    assert [h.valid_to for h in holdings] == [AT, AT, None]  # contiguous, one open lead
    assert log.verify(org).ok


RIVALS = 8


def _rivals(action: str, email: str) -> tuple[Organisation, list[Any], list[Conflict]]:
    """RIVALS requests from pages read at the same moment, each Cecilia's ``action`` on
    ``email`` in Alfa's work group, at once: the decisions and the conflicts among them."""
    org = found_organisation(example_spec())
    seen = Entry.objects.filter(organisation=org).order_by("-seq").values_list("seq", flat=True)[0]

    def edit(organisation: Organisation) -> Any:
        actor = Person.objects.get(organisation=organisation, email="cecilia@example.se")
        args = {"person": email}
        return perform(organisation, actor, action, "client:alfa", args, seen=seen, at=AT)

    results = _race(org.pk, [edit] * RIVALS)
    done = [r for r in results if isinstance(r, registry.Done)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(done) == 1 and len(conflicts) == RIVALS - 1, results
    return org, done, conflicts


def test_eight_rivals_adding_one_member_give_one_decision_and_seven_conflicts(committed_db):
    """Eight requests from pages read at the same moment add Olof to Alfa's work group at
    once: the first is the decision, the other seven are told someone else was first
    (naming that decision), none is a server error, and the group has Olof once."""
    org, done, conflicts = _rivals("add_work_group_member", "olof@example.se")
    assert {c.seq for c in conflicts} == {done[0].entry.seq}
    members = WorkGroupMembership.objects.filter(
        client__slug="alfa", person__email="olof@example.se"
    )
    assert members.count() == 1
    assert log.verify(org).ok


def test_rivals_removing_one_member_give_one_decision_and_conflicts(committed_db):
    org, _, _ = _rivals("remove_work_group_member", "erik@example.se")
    open_rows = WorkGroupMembership.objects.filter(
        client__slug="alfa", person__email="erik@example.se", valid_to__isnull=True
    )
    assert not open_rows.exists()
    assert log.verify(org).ok
