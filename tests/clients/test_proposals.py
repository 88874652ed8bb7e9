"""Proposals under the CEO's veto: vetoed never becomes active; unvetoed becomes active
exactly once at lapse, however often and however concurrently ``ansvar tick`` runs."""

import json
import threading
from datetime import date

import pytest
from django.db import connection, connections

from ansvar.cli.main import main
from ansvar.clients.actions import lapse_proposals
from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.facts import assignment_status
from ansvar.engine.registry import perform
from ansvar.engine.targets import parse_target
from ansvar.org.founding import found_organisation
from ansvar.org.models import Assignment, Client, Holding, Person
from ansvar.org.responsibility import who_decides
from tests.fixtures import example_spec

PROPOSED = date(2026, 11, 27)  # a Friday: the window is Mon 30 Nov - Wed 2 Dec
LAST_DAY = date(2026, 12, 2)
CLOSES = date(2026, 12, 3)


def propose_gamma(org, erik):
    return perform(
        org, erik, "propose_client", "org", {"name": "Gamma AB", "slug": "gamma"}, at=PROPOSED
    ).result


def consent_entries(org):
    return Entry.objects.filter(organisation=org, actor_role="system").exclude(
        action="found_organisation"
    )


def test_vetoed_inside_the_window_never_becomes_active(org, people):
    a = propose_gamma(org, people["erik"])
    perform(
        org,
        people["vera"],
        "veto_assignment",
        f"assignment:{a.pk}",
        {"reason": "Konkurrent till Alfa"},
        at=LAST_DAY,
    )
    a.refresh_from_db()
    assert (a.status, a.decided_on, a.veto_reason) == ("vetoed", LAST_DAY, "Konkurrent till Alfa")
    assert Client.objects.get(slug="gamma").status == "vetoed"
    for at in (CLOSES, date(2027, 6, 1)):
        assert lapse_proposals(org, at) == []
        assert assignment_status(a, at) == "vetoed"
    assert not Holding.objects.filter(client__slug="gamma").exists()
    assert not consent_entries(org).exists()


def test_unvetoed_becomes_active_on_read_and_once_by_tick(org, people):
    a = propose_gamma(org, people["erik"])
    assert assignment_status(a, LAST_DAY) == "proposed"
    assert assignment_status(a, CLOSES) == "active"  # evaluated on read, before any tick
    assert lapse_proposals(org, LAST_DAY) == []  # still open: nothing happens

    first = lapse_proposals(org, date(2026, 12, 10))
    second = lapse_proposals(org, date(2026, 12, 10))
    assert [(x.assignment, x.new_client, x.effective_on) for x in first] == [(a.pk, True, CLOSES)]
    assert second == []
    a.refresh_from_db()
    assert (a.status, a.decided_on) == ("active", CLOSES)
    client = Client.objects.get(slug="gamma")
    assert client.status == "active"
    holding = Holding.objects.get(client=client)
    # Dated the day the window closed, not the day tick ran; started by consent.
    assert (holding.person, holding.valid_from, holding.basis) == (
        people["erik"],
        CLOSES,
        "consent",
    )
    assert who_decides(org, parse_target("client:gamma"), CLOSES)[0].holder == people["erik"]
    entry = consent_entries(org).get()
    # The system's own lapse, not an entry that looks like the CEO's appoint_client_lead:
    # no actor, the role "system", and the CEO's consent cited (VD5, VD2) and named.
    assert entry.action == "lapse_proposal" and entry.target == f"assignment:{a.pk}"
    assert entry.clauses.split(",") == ["VD5", "VD2"]
    assert (entry.actor_id_ref, entry.actor_role) == (None, "system")
    assert entry.public["outcome"] == "lead_by_consent" and entry.public["client"] == "gamma"
    assert entry.payload.data["ceo"] == "vera@example.se"
    assert entry.effective_on == CLOSES and entry.public["basis"] == "consent"
    assert not Entry.objects.filter(organisation=org, action="appoint_client_lead").exists()
    assert log.verify(org).ok
    # The new lead has the lead's rights at once (P3).
    done = perform(
        org, people["erik"], "propose_assignment", "client:gamma", {"title": "Förstudie"}, at=CLOSES
    )
    assert done.decision.allowed and "P3" in done.decision.clauses


def test_a_lapsed_proposal_cannot_be_vetoed(org, people):
    a = perform(
        org,
        people["cecilia"],
        "propose_assignment",
        "client:alfa",
        {"title": "Analys"},
        at=PROPOSED,
    ).result
    before = Entry.objects.count()
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["vera"],
            "veto_assignment",
            f"assignment:{a.pk}",
            {"reason": "För sent"},
            at=CLOSES,
        )
    assert refused.value.decision.clauses == ("VD5",)
    assert "2026-12-03" in refused.value.decision.reason_sv
    a.refresh_from_db()
    assert a.status == "proposed" and a.veto_reason == ""
    assert Entry.objects.count() == before
    # An existing client's assignment lapses to active without a new holding.
    [lapse] = lapse_proposals(org, CLOSES)
    assert lapse.new_client is False
    a.refresh_from_db()
    assert a.status == "active"
    entry = consent_entries(org).get()
    assert (entry.action, entry.clauses, entry.public["outcome"]) == (
        "lapse_proposal",
        "VD5",
        "activated",
    )
    assert Holding.objects.filter(client__slug="alfa").count() == 1


def test_tick_command_is_idempotent(org, people, capsys):
    propose_gamma(org, people["erik"])
    perform(
        org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "B"}, at=PROPOSED
    )
    assert main(["--org", org.slug, "tick", "--at", "2026-12-03"]) == 0
    out = capsys.readouterr().out
    assert "2 förslag avgjorda" in out
    assert main(["--org", org.slug, "tick", "--at", "2026-12-03", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["organisations"][0]["lapsed"] == []
    assert Assignment.objects.filter(status="active").count() == 2
    assert consent_entries(org).count() == 2


@pytest.mark.usefixtures("log_flush_allowed")
def test_concurrent_ticks_activate_each_proposal_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite in memory is one connection)")
    org = found_organisation(example_spec())
    erik = Person.objects.get(organisation=org, email="erik@example.se")
    cecilia = Person.objects.get(organisation=org, email="cecilia@example.se")
    for i in range(5):
        perform(
            org, erik, "propose_client", "org", {"name": f"Ny {i}", "slug": f"ny-{i}"}, at=PROPOSED
        )
        perform(org, cecilia, "propose_assignment", "client:alfa", {"title": f"U{i}"}, at=PROPOSED)

    barrier = threading.Barrier(4)
    results: list[int] = []
    errors: list[BaseException] = []

    def tick() -> None:
        try:
            barrier.wait()
            results.append(len(lapse_proposals(org, CLOSES)))
        except BaseException as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(results) == 10
    assert Assignment.objects.filter(organisation=org, status="active").count() == 10
    assert consent_entries(org).count() == 10
    assert Holding.objects.filter(organisation=org, basis="consent").count() == 5
    assert log.verify(org).ok


def test_the_log_is_append_only_again_after_the_transactional_test(org):
    """Runs after the concurrent test: its teardown switched the triggers back on."""
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(organisation=org).update(action="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(organisation=org).delete()
    assert Entry.objects.filter(organisation=org, action="found_organisation").count() == 1


def test_the_proposer_leads_a_lapsed_new_client_on_read_before_tick(org, people):
    propose_gamma(org, people["erik"])
    # Before the window closes the proposer has no client-lead right ...
    with pytest.raises(PolicyRefused):
        perform(
            org,
            people["erik"],
            "record_collaboration_decision",
            "client:gamma",
            {"summary": "Pris"},
            at=date(2026, 12, 2),
        )
    # ... and once it has closed he has, with no tick run in between (VD5, P3).
    done = perform(
        org,
        people["erik"],
        "record_collaboration_decision",
        "client:gamma",
        {"summary": "Pris"},
        at=CLOSES,
    )
    assert done.decision.allowed and "KA2" in done.decision.clauses
    assert not Holding.objects.filter(client__slug="gamma").exists()


def test_a_new_client_whose_proposer_has_left_closes_instead_of_losing_its_lead(org, people):
    from ansvar.org.models import Employment

    proposal = propose_gamma(org, people["erik"])
    Employment.objects.filter(person=people["erik"]).update(last_day=date(2026, 12, 1))
    [lapse] = lapse_proposals(org, CLOSES)
    assert not lapse.activated
    proposal.refresh_from_db()
    assert proposal.status == "closed"
    assert Client.objects.get(slug="gamma").status == "ended"
    assert not Holding.objects.filter(client__slug="gamma").exists()
    entry = Entry.objects.filter(organisation=org).order_by("-seq").first()
    assert entry.action == "lapse_proposal" and entry.clauses.split(",") == ["VD5", "P4"]
    assert entry.public["outcome"] == "closed" and entry.public["basis"] == "proposer_left"
    assert lapse_proposals(org, CLOSES) == []
