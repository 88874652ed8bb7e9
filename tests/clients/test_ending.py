"""Ending work (KA1, KA2, P5, VD5): what a work item's, an assignment's and a client's end
does to the rest of the system, through every door, whatever the date asked about."""

import json
from datetime import date, timedelta

import pytest

from ansvar.cli.main import main
from ansvar.clients.actions import lapse_proposals
from ansvar.clients.models import WorkItem
from ansvar.clients.selectors import ka5_replaceability, open_work_items
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.registry import can, holds_right, perform
from ansvar.engine.targets import Target
from ansvar.org.models import Assignment, Client, Holding, WorkGroupMembership
from ansvar.org.responsibility import responsibility_map, who_decides
from ansvar.org.selectors import active_clients_on, client_leads_on
from ansvar.policy.workdays import window_closes_on

START = date(2026, 11, 2)
END = date(2026, 11, 20)


def _end(org, people, at=END):
    return perform(org, people["cecilia"], "end_client", "client:alfa", at=at)


def test_the_end_closes_the_work_and_the_holdings_and_keeps_the_history(org, people):
    cecilia = people["cecilia"]
    item = perform(
        org,
        cecilia,
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Analys"},
        at=START,
    ).result
    proposal = perform(
        org, cecilia, "propose_assignment", "client:alfa", {"title": "Rapport"}, at=START
    ).result
    done = _end(org, people)
    assert done.entry.public["work_items_ended"] == 1
    assert done.entry.public["assignments_closed"] == 1
    assert done.entry.public["members_ended"] == 2
    item.refresh_from_db()
    proposal.refresh_from_db()
    assert item.done_on == END
    # The proposal had lapsed (tick had not run): settled first, in the log, then closed.
    assert proposal.status == Assignment.Status.CLOSED and proposal.closed_on == END
    assert lapse_proposals(org, END + timedelta(days=30)) == []
    alfa = Client.objects.get(organisation=org, slug="alfa")
    lead = Holding.objects.get(client=alfa, kind=Holding.Kind.CLIENT_LEAD)
    assert lead.valid_to == END
    assert set(
        WorkGroupMembership.objects.filter(client=alfa).values_list("valid_to", flat=True)
    ) == {END}

    # Before the end the client was led as it was; from the end nobody decides for it.
    day_before = END - timedelta(days=1)
    (before,) = who_decides(org, Target("client", "alfa"), day_before)
    assert before.holder == cecilia
    (after,) = who_decides(org, Target("client", "alfa"), END)
    assert after.holder is None and after.basis == "ended"
    assert alfa in active_clients_on(org, day_before)
    assert alfa not in active_clients_on(org, END)
    assert "client:alfa" not in {r.target for r in responsibility_map(org, END)}
    assert alfa.pk not in client_leads_on(org, END)
    assert not open_work_items(org, END).filter(client=alfa).exists()
    # KA5 no longer asks the former lead for a deputy in a client that has ended.
    assert "alfa" in {r["client"] for r in ka5_replaceability(org, day_before)["no_deputy"]}
    assert "alfa" not in {r["client"] for r in ka5_replaceability(org, END)["no_deputy"]}


@pytest.mark.parametrize(
    ("action", "args", "clause"),
    [
        ("assign_work_item", {"assignee": "erik@example.se", "title": "Mer"}, "KA1"),
        ("add_work_group_member", {"person": "petra@example.se"}, "KA3"),
        ("remove_work_group_member", {"person": "erik@example.se"}, "KA3"),
        ("set_deputy", {"person": "erik@example.se"}, "KA5"),
        ("propose_assignment", {"title": "Nytt"}, "KA3"),
        ("report_criticism", {"summary": "Missnöjd"}, "KA7"),
        ("record_collaboration_decision", {"summary": "Beslut"}, "KA2"),
        ("record_client_figures", {"month": "2026-11", "revenue": "10", "margin": "1"}, "AO2"),
        ("end_client", {}, "KA2"),
    ],
)
def test_after_the_end_and_dated_before_it_nothing_more_is_decided(
    org, people, action, args, clause
):
    _end(org, people)
    for at in (END, END + timedelta(days=3), END - timedelta(days=3)):
        decision = can(org, people["cecilia"], action, "client:alfa", args, at=at)
        assert not decision.allowed and clause in decision.clauses and "KA2" in decision.clauses
        assert decision.decider is None  # nobody holds a right on an ended client
        with pytest.raises(PolicyRefused):
            perform(org, people["cecilia"], action, "client:alfa", args, at=at)


def test_the_ceo_cannot_give_an_ended_client_a_new_lead(org, people):
    _end(org, people)
    decision = can(
        org,
        people["vera"],
        "appoint_client_lead",
        "client:alfa",
        {"person": "erik@example.se"},
        at=END,
    )
    assert not decision.allowed and decision.clauses[:2] == ("VD2", "KA2")


def test_an_end_waits_for_the_ceos_veto_window_and_for_later_records(org, people):
    cecilia = people["cecilia"]
    perform(org, cecilia, "propose_assignment", "client:alfa", {"title": "Rapport"}, at=START)
    closes = window_closes_on(START, 3)
    in_window = can(org, cecilia, "end_client", "client:alfa", at=closes - timedelta(days=1))
    assert not in_window.allowed and in_window.clauses == ("KA2", "VD5")
    assert in_window.about == "case"  # the lead holds the right: the page offers it
    assert holds_right(org, cecilia, "end_client", "client:alfa", at=START).allowed
    perform(
        org,
        cecilia,
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Senare"},
        at=END,
    )
    backdated = can(org, cecilia, "end_client", "client:alfa", at=END - timedelta(days=1))
    assert not backdated.allowed and str(END) in backdated.reason_sv
    assert can(org, cecilia, "end_client", "client:alfa", at=END).allowed


def test_work_is_marked_done_once_by_the_lead_or_its_assignee(org, people):
    item = perform(
        org,
        people["cecilia"],
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Analys"},
        at=START,
    ).result
    args = {"work_item": item.pk}
    early = can(
        org, people["erik"], "mark_work_item_done", "client:alfa", args, at=START - timedelta(1)
    )
    assert not early.allowed and early.about == "case"
    done = perform(org, people["erik"], "mark_work_item_done", "client:alfa", args, at=START)
    assert done.decision.clauses == ("KA1", "P5") and done.entry.actor_role == "assignee"
    again = can(org, people["cecilia"], "mark_work_item_done", "client:alfa", args, at=END)
    assert not again.allowed and again.clauses == ("KA1",)
    # Another client's work item is no item of this client: bad input for its lead, named.
    with pytest.raises(InvalidInput) as raised:
        can(org, people["petra"], "mark_work_item_done", "client:beta", args, at=END)
    assert raised.value.field == "work_item"
    # Someone who holds no right is told who decides, whatever number they typed.
    other = can(
        org, people["olof"], "mark_work_item_done", "client:alfa", {"work_item": 10**9}, at=END
    )
    assert not other.allowed and other.decider is not None
    assert other.decider.email == "cecilia@example.se"


def test_close_assignment_only_for_an_active_one_and_not_before_it_began(org, people):
    cecilia = people["cecilia"]
    proposal = perform(
        org, cecilia, "propose_assignment", "client:alfa", {"title": "Rapport"}, at=START
    ).result
    target = f"assignment:{proposal.pk}"
    closes = window_closes_on(START, 3)
    assert can(org, cecilia, "close_assignment", target, at=START).clauses == ("KA2", "VD5")
    vera = can(org, people["vera"], "close_assignment", target, at=closes)
    assert not vera.allowed and vera.clauses[0] == "P7"
    perform(org, cecilia, "close_assignment", target, at=closes)
    proposal.refresh_from_db()
    assert proposal.status == Assignment.Status.CLOSED and proposal.decided_on == closes
    assert not can(org, cecilia, "close_assignment", target, at=END).allowed


def test_the_cli_ends_work_through_the_generic_do(org, people, capsys):
    item = perform(
        org,
        people["cecilia"],
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Analys"},
        at=START,
    ).result
    code = main(
        [
            "--org",
            "exempel",
            "do",
            "erik@example.se",
            "mark_work_item_done",
            "client:alfa",
            "--arg",
            f"work_item={item.pk}",
            "--at",
            START.isoformat(),
            "--json",
        ]
    )
    assert code == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["allowed"] and answer["clauses"] == ["KA1", "P5"]
    code = main(
        [
            "--org",
            "exempel",
            "do",
            "vera@example.se",
            "end_client",
            "client:alfa",
            "--at",
            END.isoformat(),
        ]
    )
    assert code != 0
    assert "P7" in capsys.readouterr().err
    code = main(
        [
            "--org",
            "exempel",
            "do",
            "cecilia@example.se",
            "end_client",
            "client:alfa",
            "--at",
            END.isoformat(),
        ]
    )
    assert code == 0 and "KA2" in capsys.readouterr().out
    assert WorkItem.objects.get(pk=item.pk).done_on == START
