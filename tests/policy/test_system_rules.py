"""The system's own actions: only the system takes them, and the system takes nothing else.
No database: hand-built facts in, Decision out."""

from dataclasses import replace
from datetime import date

import pytest

from ansvar.policy.actions import SYSTEM_ACTIONS, ActionName
from ansvar.policy.facts import SYSTEM, AssignmentFacts, Facts, PersonFacts
from ansvar.policy.rules import RULES, evaluate, rule
from ansvar.policy.rules.system import lapse_outcome
from tests.policy.test_rules_table import CEO, PEOPLE, facts

AT = date(2026, 12, 3)
CLOSED = date(2026, 12, 3)  # the day the window closed: the lapse's date

# Every action name before the system's own got names: scripts and scenario files use
# these strings, so the vocabulary keeps each one exactly as it was.
PEOPLES_ACTIONS = {
    "acknowledge_criticism",
    "add_technical_admin",
    "deactivate_account",
    "invite_person",
    "reactivate_account",
    "resend_invitation",
    "register_webhook",
    "change_webhook",
    "remove_webhook",
    "rotate_webhook_secret",
    "add_candidate",
    "add_work_group_member",
    "answer_coaching",
    "appoint_area_manager",
    "appoint_client_lead",
    "assign_work_item",
    "close_assignment",
    "create_business_area",
    "decide_probation",
    "decide_rotation",
    "dismiss",
    "end_client",
    "give_notice",
    "hire",
    "mark_work_item_done",
    "move_candidate",
    "open_position",
    "promote_to_senior",
    "propose_assignment",
    "propose_client",
    "record_client_figures",
    "record_collaboration_decision",
    "record_development_talk",
    "record_probation_follow_up",
    "remove_work_group_member",
    "report_criticism",
    "request_coaching",
    "set_deputy",
    "set_policy_parameter",
    "set_salary",
    "set_skill",
    "veto_assignment",
    "view_salary",
    "view_talk_notes",
}
SYSTEMS_ACTIONS = {
    "found_organisation",
    "import_history",
    "import_activity",
    "lapse_proposal",
    "erase_candidate_data",
    "erase_talk_notes",
    "erase_coaching_texts",
    "erase_personal_data",
    "name_first_technical_admin",
}
# Who may see a page or read a log entry (policy.rules.reads): names of the vocabulary too.
READ_RULES = {
    "view_log",
    "view_person",
    "view_log_entry",
    "view_candidates",
    "view_ceo_page",
    "view_refusals",
    "verify_log",
    "import_organisation",
    "view_org_picture",
    "view_area_figures",
    "view_signals",
    "view_duties",
    "export_organisation",
}
TARGETS = {
    "found_organisation": "org",
    "import_history": "org",
    "import_activity": "org",
    "erase_candidate_data": "org",
    "erase_talk_notes": "org",
    "erase_coaching_texts": "org",
    "erase_personal_data": "person:erik",
}


def proposal(**kw) -> AssignmentFacts:
    values = {
        "id": 7,
        "client": "gamma",
        "title": "Gamma AB",
        "status": "active",  # as of AT: the window has closed without a veto
        "proposed_by": "erik@example.se",
        "window_closes_on": CLOSED,
        "new_client": True,
        "proposer_active": True,
    }
    return AssignmentFacts(**{**values, **kw})


def system_facts(action: str, target: str = "org", **extra) -> Facts:
    return replace(facts(action, "vera", target, **extra), actor=SYSTEM, at=AT)


def lapse_facts(**kw) -> Facts:
    base = facts("lapse_proposal", "vera", "assignment:7", assignment=proposal(**kw))
    return replace(base, actor=SYSTEM, at=AT)


def test_the_vocabulary_keeps_every_name_and_adds_the_systems_own():
    assert {str(m) for m in ActionName} == PEOPLES_ACTIONS | SYSTEMS_ACTIONS | READ_RULES
    assert {str(m) for m in SYSTEM_ACTIONS} == SYSTEMS_ACTIONS
    assert set(RULES) == PEOPLES_ACTIONS | SYSTEMS_ACTIONS | READ_RULES
    assert {name for name, r in RULES.items() if r.reads} == READ_RULES
    assert ActionName.GIVE_NOTICE == "give_notice" and f"{ActionName.HIRE}" == "hire"
    assert {name for name, r in RULES.items() if r.by_system} == SYSTEMS_ACTIONS


def test_a_rule_for_a_name_outside_the_vocabulary_fails_at_once():
    with pytest.raises(ValueError, match="'appoint_ceo' is not an action name"):
        rule("appoint_ceo", target="org", clauses=("VD2",), sv="vd", en="the CEO")


@pytest.mark.parametrize("action", sorted(TARGETS))
def test_the_system_may_take_its_own_steps(action):
    decision = evaluate(system_facts(action, TARGETS[action]))
    assert decision.allowed and decision.role == "system"
    assert decision.decider is None  # nobody decides an automatic step
    assert decision.clauses and set(decision.clauses) <= set(RULES[action].clauses)
    assert decision.reason_sv and decision.reason_en


@pytest.mark.parametrize("who", ["vera", "anna", "cecilia", "erik"])
@pytest.mark.parametrize("action", sorted(SYSTEMS_ACTIONS))
def test_no_person_may_take_a_system_step_the_ceo_included(action, who):
    target = TARGETS.get(action, "assignment:7")
    f = replace(facts(action, who, target), assignment=proposal())
    decision = evaluate(f)
    assert not decision.allowed and decision.decider is None
    assert decision.clauses == RULES[action].clauses
    assert "bara av systemet" in decision.reason_sv and "system alone" in decision.reason_en


@pytest.mark.parametrize(
    ("action", "target", "args"),
    [
        ("appoint_client_lead", "client:beta", {"person": "erik"}),
        ("veto_assignment", "assignment:7", {"reason": "Nej"}),
        ("propose_client", "org", {"slug": "gamma"}),
        ("give_notice", "person:erik", {"reason": "Arbetsbrist"}),
        ("set_salary", "person:erik", {"amount": 40000}),
    ],
)
def test_the_system_takes_no_decision_that_belongs_to_a_person(action, target, args):
    """Not even one anybody may take (propose_client): a person decides, or nobody."""
    f = replace(facts(action, "vera", target, args), assignment=proposal(status="proposed"))
    decision = evaluate(replace(f, actor=SYSTEM))
    assert not decision.allowed and decision.decider is None
    assert decision.clauses == RULES[action].clauses[:1]
    assert "Systemet fattar inga beslut som tillhör en person" in decision.reason_sv


def test_a_closed_window_makes_the_proposer_lead_by_the_ceos_consent():
    decision = evaluate(lapse_facts())
    assert decision.allowed and decision.clauses == ("VD5", "VD2")
    assert "samtycke" in decision.reason_sv and "consent" in decision.reason_en
    assert lapse_outcome(proposal()) == "lead_by_consent"


def test_an_existing_clients_assignment_just_becomes_active():
    decision = evaluate(lapse_facts(new_client=False, client="alfa"))
    assert decision.allowed and decision.clauses == ("VD5",)
    assert lapse_outcome(proposal(new_client=False)) == "activated"


def test_a_new_client_whose_proposer_left_closes_rather_than_lose_its_lead():
    decision = evaluate(lapse_facts(proposer_active=False))
    assert decision.allowed and decision.clauses == ("VD5", "P4")
    assert lapse_outcome(proposal(proposer_active=False)) == "closed"
    # An existing client keeps its own lead: the assignment is active whoever proposed it.
    assert lapse_outcome(proposal(new_client=False, proposer_active=False)) == "activated"


def test_the_window_still_open_is_the_ceos_time_to_veto():
    decision = evaluate(lapse_facts(status="proposed", window_closes_on=date(2026, 12, 4)))
    assert not decision.allowed and decision.clauses == ("VD5",) and decision.decider == CEO
    assert "2026-12-04" in decision.reason_sv


def test_a_vetoed_proposal_has_no_window_to_settle():
    decision = evaluate(lapse_facts(status="vetoed"))
    assert not decision.allowed and decision.decider is None and decision.clauses == ("VD5",)


def test_a_lapse_seen_on_read_is_settled_once():
    """Read-time lapse says closed (the proposer left) before tick has written it: tick
    still settles it, closing the proposal (VD5, P4)."""
    decision = evaluate(lapse_facts(status="closed", new_client=True, proposer_active=False))
    assert decision.allowed and decision.clauses == ("VD5", "P4")


def test_the_system_is_never_taken_for_an_employee_who_left():
    """The system is active whatever the date; a person who left is refused as before."""
    assert SYSTEM.active and SYSTEM.is_system and not PEOPLE["lars"].is_system
    assert not evaluate(facts("propose_client", "lars", "org", {"slug": "g"})).allowed


def test_a_person_about_to_leave_is_not_made_a_client_lead():
    """P4: they would leave the client without a lead on their last day."""
    leaving = PersonFacts(
        "erik@example.se", "Erik Ny", area="opinion", employment_ends_on=date(2027, 3, 1)
    )
    f = facts("appoint_client_lead", "vera", "client:beta", {"person": "erik"})
    decision = evaluate(replace(f, people={"erik@example.se": leaving}))
    assert not decision.allowed and decision.clauses == ("P4", "VD2") and decision.decider == CEO
    assert "2027-03-01" in decision.reason_sv and "2027-03-01" in decision.reason_en
    assert evaluate(f).allowed  # the same appointment of someone staying
