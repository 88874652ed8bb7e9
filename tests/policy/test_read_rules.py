"""Table-driven tests of the read rules: hand-built facts in, Decision out. No database.

Who may read an HR decision about a person (the person, their line manager, the CEO), a
coaching request (the asker, the manager asked, the CEO), an area's candidates (its manager
and the CEO), and who may open the CEO's page, the refusals and the chain verification (the
CEO). Someone no longer employed reads nothing.
"""

from dataclasses import replace

import pytest

from ansvar.policy.rules import RULES, evaluate
from ansvar.policy.rules.reads import ABOUT_A_PERSON, ANY_EMPLOYEE, GUARDED, entry_rule
from tests.policy.test_rules_table import CEO, PEOPLE, email, facts

# rule, reader, target, args, allowed, clause the decision cites, decider of a refusal
ENTRY_READS = [
    # A salary decision about Cecilia (opinion, managed by Anna).
    ("view_log_entry", "cecilia", "person:cecilia", {"kind": "set_salary"}, True, "AO3", None),
    ("view_log_entry", "anna", "person:cecilia", {"kind": "set_salary"}, True, "AO3", None),
    ("view_log_entry", "vera", "person:cecilia", {"kind": "set_salary"}, True, "AO3", None),
    ("view_log_entry", "erik", "person:cecilia", {"kind": "set_salary"}, False, "AO3", "vera"),
    ("view_log_entry", "olof", "person:cecilia", {"kind": "set_salary"}, False, "AO3", "vera"),
    ("view_log_entry", "petra", "person:cecilia", {"kind": "view_salary"}, False, "AO3", "vera"),
    # Talk notes about Petra (analys, managed by Olof): another area's manager does not read.
    (
        "view_log_entry",
        "olof",
        "person:petra",
        {"kind": "record_development_talk"},
        True,
        "AO3",
        None,
    ),
    (
        "view_log_entry",
        "anna",
        "person:petra",
        {"kind": "record_development_talk"},
        False,
        "AO3",
        "vera",
    ),
    # The probation and its reason, about Erik.
    ("view_log_entry", "erik", "person:erik", {"kind": "decide_probation"}, True, "AO4", None),
    ("view_log_entry", "anna", "person:erik", {"kind": "decide_probation"}, True, "AO4", None),
    (
        "view_log_entry",
        "cecilia",
        "person:erik",
        {"kind": "record_probation_follow_up"},
        False,
        "AO4",
        "vera",
    ),
    # Notice and dismissal: Erik's client lead is not in his circle.
    ("view_log_entry", "vera", "person:erik", {"kind": "give_notice"}, True, "VD4", None),
    ("view_log_entry", "cecilia", "person:erik", {"kind": "give_notice"}, False, "VD4", "vera"),
    ("view_log_entry", "petra", "person:erik", {"kind": "dismiss"}, False, "VD4", "vera"),
    # An area manager's line manager is the CEO, not the people she manages.
    ("view_log_entry", "anna", "person:anna", {"kind": "set_salary"}, True, "AO3", None),
    ("view_log_entry", "vera", "person:anna", {"kind": "set_salary"}, True, "AO3", None),
    ("view_log_entry", "cecilia", "person:anna", {"kind": "set_salary"}, False, "AO3", "vera"),
    ("view_log_entry", "olof", "person:anna", {"kind": "give_notice"}, False, "VD4", "vera"),
    # Coaching: Erik asked Anna.
    (
        "view_log_entry",
        "erik",
        "person:anna",
        {"kind": "request_coaching", "asker": "erik"},
        True,
        "AO5",
        None,
    ),
    (
        "view_log_entry",
        "anna",
        "person:anna",
        {"kind": "answer_coaching", "asker": "erik"},
        True,
        "AO5",
        None,
    ),
    (
        "view_log_entry",
        "vera",
        "person:anna",
        {"kind": "answer_coaching", "asker": "erik"},
        True,
        "AO5",
        None,
    ),
    (
        "view_log_entry",
        "cecilia",
        "person:anna",
        {"kind": "request_coaching", "asker": "erik"},
        False,
        "AO5",
        "vera",
    ),
    (
        "view_log_entry",
        "olof",
        "person:anna",
        {"kind": "answer_coaching", "asker": "erik"},
        False,
        "AO5",
        "vera",
    ),
    ("view_log_entry", "erik", "person:anna", {"kind": "request_coaching"}, False, "AO5", "vera"),
    # An entry of an open kind is read by everyone employed.
    ("view_log_entry", "petra", "person:erik", {"kind": "set_skill"}, True, "VD1", None),
    ("view_log_entry", "petra", "person:erik", {"kind": "promote_to_senior"}, True, "VD1", None),
    # Candidates: the area's manager and the CEO.
    ("view_candidates", "anna", "area:opinion", {"kind": "add_candidate"}, True, "AO3", None),
    ("view_candidates", "vera", "area:opinion", {"kind": "move_candidate"}, True, "AO3", None),
    ("view_candidates", "cecilia", "area:opinion", {"kind": "add_candidate"}, False, "AO3", "anna"),
    ("view_candidates", "olof", "area:opinion", {"kind": "add_candidate"}, False, "AO3", "anna"),
]

PAGE_READS = [
    ("view_log", "petra", "org", {}, True, "VD1", None),
    ("view_log", "lars", "org", {}, False, "VD1", None),
    ("view_person", "erik", "person:cecilia", {}, True, "VD1", None),
    ("view_person", "lars", "person:lars", {}, False, "VD1", None),
    ("view_ceo_page", "vera", "org", {}, True, "VD1", None),
    ("view_ceo_page", "anna", "org", {}, False, "VD1", "vera"),
    ("view_refusals", "vera", "org", {}, True, "VD1", None),
    ("view_refusals", "olof", "org", {}, False, "VD1", "vera"),
    ("verify_log", "vera", "org", {}, True, "VD1", None),
    ("verify_log", "cecilia", "org", {}, False, "VD1", "vera"),
    ("view_log_entry", "lars", "person:lars", {"kind": "give_notice"}, False, "AO3", None),
]

TABLE = ENTRY_READS + PAGE_READS


@pytest.mark.parametrize(
    ("rule", "reader", "target", "args", "allowed", "clause", "decider"),
    TABLE,
    ids=[f"{r[0]}-{r[1]}-{r[2]}-{r[3].get('kind', '')}-{i}" for i, r in enumerate(TABLE)],
)
def test_read_rule_table(rule, reader, target, args, allowed, clause, decider):
    decision = evaluate(facts(rule, reader, target, args))
    assert decision.allowed is allowed, decision.reason_en
    assert clause in decision.clauses, decision.clauses
    assert decision.action == rule
    assert decision.reason_sv and decision.reason_en
    if allowed:
        assert decision.role
    elif decider is not None:
        assert decision.decider is not None and decision.decider.email == email(decider)


def test_a_refused_entry_read_says_neither_about_whom_nor_who_decided_about_them():
    for kind in sorted(ABOUT_A_PERSON):
        decision = evaluate(facts("view_log_entry", "petra", "person:cecilia", {"kind": kind}))
        text = decision.reason_sv + decision.reason_en
        assert not decision.allowed and "Cecilia" not in text and "Anna" not in text, kind
        assert "inte om vem" in decision.reason_sv and "not about whom" in decision.reason_en
    coaching = evaluate(
        facts("view_log_entry", "petra", "person:anna", {"kind": "request_coaching"}, people={})
    )
    assert "Anna" not in coaching.reason_sv + coaching.reason_en


def test_someone_no_longer_employed_reads_nothing():
    for rule in sorted(name for name, r in RULES.items() if r.reads):
        target = {"org": "org", "person": "person:lars", "area": "area:analys"}[RULES[rule].target]
        decision = evaluate(facts(rule, "lars", target, {"kind": "set_salary"}))
        assert not decision.allowed, rule
        assert "läsa" in decision.reason_sv and "read" in decision.reason_en
    # The same person on their last day still reads (the day after, they do not).
    still = replace(PEOPLE["lars"], active=True)
    assert evaluate(facts("view_log", "lars", "org", actor=still)).allowed


def test_an_employee_outside_every_circle_reads_open_entries_only():
    assert evaluate(facts("view_log", "petra", "org", actor=ANY_EMPLOYEE)).allowed
    for kind in sorted(ABOUT_A_PERSON):
        refused = evaluate(
            facts("view_log_entry", "petra", "person:erik", {"kind": kind}, actor=ANY_EMPLOYEE)
        )
        assert not refused.allowed, kind
    unknown = replace(PEOPLE["erik"], email="", name="#99", area=None, active=False)
    about_unknown = facts("view_log_entry", "anna", "person:erik", {"kind": "set_salary"})
    assert not evaluate(replace(about_unknown, person=unknown, area=None)).allowed
    by_ceo = facts("view_log_entry", "vera", "person:erik", {"kind": "set_salary"})
    assert evaluate(replace(by_ceo, person=unknown, area=None)).allowed


def test_no_ceo_means_nobody_opens_the_ceo_pages():
    for rule in ("view_ceo_page", "view_refusals", "verify_log"):
        decision = evaluate(facts(rule, "vera", "org", ceo=None))
        assert not decision.allowed and decision.decider is None
        assert "ingen vd" in decision.reason_sv and "none" in decision.reason_en


# The HR decisions of the issue: notice, dismissal, probation and its reason, candidates,
# coaching topics and answers, talks, salaries.
HR_ACTIONS = {
    "give_notice",
    "dismiss",
    "decide_probation",
    "add_candidate",
    "move_candidate",
    "request_coaching",
    "answer_coaching",
    "record_development_talk",
    "record_probation_follow_up",
    "set_salary",
    "view_salary",
    "view_talk_notes",
}


def test_every_hr_decision_is_guarded_and_every_other_action_is_open():
    assert HR_ACTIONS == GUARDED
    assert set(RULES) >= HR_ACTIONS
    for name, rule in RULES.items():
        if rule.reads:
            continue
        if name in {"add_candidate", "move_candidate"}:
            assert entry_rule(name) == "view_candidates"
        elif name in HR_ACTIONS:
            assert entry_rule(name) == "view_log_entry", name
        else:
            assert entry_rule(name) == "view_log", name
    assert entry_rule("erase_candidate_data") == "view_log"


def test_read_rules_are_marked_and_cite_known_clauses():
    reads = {name for name, r in RULES.items() if r.reads}
    assert reads == {
        "view_log",
        "view_person",
        "view_log_entry",
        "view_candidates",
        "view_ceo_page",
        "view_refusals",
        "verify_log",
        "import_organisation",  # technical administration's (policy.rules.accounts)
        "view_org_picture",
        "view_area_figures",
        "view_signals",
        "view_duties",
        "export_organisation",
    }
    for name in reads:
        assert RULES[name].clauses and RULES[name].holder_sv and RULES[name].holder_en
    assert CEO.email == email("vera")
