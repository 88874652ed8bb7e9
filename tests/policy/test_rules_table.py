"""Table-driven tests of the pure rules: hand-built facts in, Decision out. No database."""

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from ansvar.policy.decision import Party
from ansvar.policy.facts import (
    AreaFacts,
    AssignmentFacts,
    ClientFacts,
    CriticismFacts,
    Facts,
    PersonFacts,
)
from ansvar.policy.rules import RULES, evaluate

AT = date(2026, 11, 27)


def _p(key: str, name: str, area: str, **kw: Any) -> PersonFacts:
    return PersonFacts(f"{key}@example.se", name, area=area, **kw)


PEOPLE = {
    "vera": _p("vera", "Vera Vd", "ledning", manages=frozenset({"ledning"}), is_ceo=True),
    "anna": _p("anna", "Anna Ao", "opinion", manages=frozenset({"opinion"})),
    "cecilia": _p("cecilia", "Cecilia Ka", "opinion", leads=frozenset({"alfa"})),
    "erik": _p("erik", "Erik Ny", "opinion", on_probation=True),
    "olof": _p("olof", "Olof Ao", "analys", manages=frozenset({"analys"})),
    "petra": _p("petra", "Petra Ka", "analys", leads=frozenset({"beta"})),
    "lars": _p("lars", "Lars Slutat", "analys", active=False),
    "sara": _p("sara", "Sara Senior", "analys", title="senior"),
}
CEO = PEOPLE["vera"].party
AREAS = {
    "ledning": AreaFacts("ledning", "Ledning", CEO),
    "opinion": AreaFacts("opinion", "Opinion", PEOPLE["anna"].party),
    "analys": AreaFacts("analys", "Analys", PEOPLE["olof"].party),
}
CLIENTS = {
    "alfa": ClientFacts(
        "alfa",
        "Alfa AB",
        PEOPLE["cecilia"].party,
        {"anna@example.se": "assistant", "erik@example.se": "member"},
    ),
    "beta": ClientFacts("beta", "Beta AB", PEOPLE["petra"].party, {"olof@example.se": "member"}),
}


def email(key: str) -> str:
    return f"{key}@example.se"


def facts(action: str, who: str, target: str, args: dict | None = None, **extra: Any) -> Facts:
    """Facts as the engine would build them, for the example organisation."""
    args = {k: email(v) if v in PEOPLE else v for k, v in (args or {}).items()}
    kind, _, key = target.partition(":")
    client = area = person = None
    if kind == "client":
        client = CLIENTS[key]
    elif kind == "area":
        area = AREAS[key]
    elif kind == "person":
        person = PEOPLE[key]
        area = AREAS[person.area] if person.area else None
    named = {
        v: p for v in args.values() if isinstance(v, str) for p in PEOPLE.values() if p.email == v
    }
    values: dict[str, Any] = {
        "at": AT,
        "action": action,
        "target": target,
        "actor": PEOPLE[who],
        "ceo": CEO,
        "organisation": "Exempelbyrån",
        "client": client,
        "area": area,
        "person": person,
        "people": named,
        "args": args,
        "parameters": {"veto_window_working_days": 3, "collective_agreement": False},
    }
    values.update(extra)
    return Facts(**values)


# action, actor, target, args, allowed, clauses the decision must cite, decider (refusals)
CLIENT_LEAD = [
    (
        "assign_work_item",
        "cecilia",
        "client:alfa",
        {"assignee": "anna"},
        True,
        {"KA1", "P3", "P6"},
        None,
    ),
    ("assign_work_item", "cecilia", "client:alfa", {"assignee": "erik"}, True, {"KA1", "P3"}, None),
    (
        "assign_work_item",
        "cecilia",
        "client:alfa",
        {"assignee": "petra"},
        False,
        {"KA1"},
        "cecilia",
    ),
    ("assign_work_item", "petra", "client:beta", {"assignee": "olof"}, True, {"KA1", "P6"}, None),
    (
        "assign_work_item",
        "anna",
        "client:alfa",
        {"assignee": "erik"},
        False,
        {"P7", "KA1"},
        "cecilia",
    ),
    (
        "assign_work_item",
        "vera",
        "client:alfa",
        {"assignee": "erik"},
        False,
        {"P7", "KA1"},
        "cecilia",
    ),
    ("assign_work_item", "erik", "client:alfa", {"assignee": "erik"}, False, {"KA1"}, "cecilia"),
    ("record_collaboration_decision", "cecilia", "client:alfa", {}, True, {"KA2", "P3"}, None),
    ("record_collaboration_decision", "olof", "client:alfa", {}, False, {"P7", "KA2"}, "cecilia"),
    ("record_collaboration_decision", "petra", "client:alfa", {}, False, {"KA2"}, "cecilia"),
    (
        "add_work_group_member",
        "cecilia",
        "client:alfa",
        {"person": "vera"},
        True,
        {"KA3", "P6"},
        None,
    ),
    (
        "add_work_group_member",
        "cecilia",
        "client:alfa",
        {"person": "olof"},
        True,
        {"KA3", "KA6"},
        None,
    ),
    (
        "add_work_group_member",
        "cecilia",
        "client:alfa",
        {"person": "anna"},
        False,
        {"KA3"},
        "cecilia",
    ),
    (
        "add_work_group_member",
        "cecilia",
        "client:alfa",
        {"person": "cecilia"},
        False,
        {"KA3"},
        "cecilia",
    ),
    (
        "add_work_group_member",
        "cecilia",
        "client:alfa",
        {"person": "lars"},
        False,
        {"KA3"},
        "cecilia",
    ),
    (
        "add_work_group_member",
        "vera",
        "client:alfa",
        {"person": "olof"},
        False,
        {"P7", "KA3"},
        "cecilia",
    ),
    (
        "add_work_group_member",
        "anna",
        "client:alfa",
        {"person": "olof"},
        False,
        {"P7", "KA3"},
        "cecilia",
    ),
    (
        "remove_work_group_member",
        "cecilia",
        "client:alfa",
        {"person": "erik"},
        True,
        {"KA3", "P3"},
        None,
    ),
    (
        "remove_work_group_member",
        "cecilia",
        "client:alfa",
        {"person": "petra"},
        False,
        {"KA3"},
        "cecilia",
    ),
    (
        "remove_work_group_member",
        "anna",
        "client:alfa",
        {"person": "erik"},
        False,
        {"P7"},
        "cecilia",
    ),
    ("set_deputy", "cecilia", "client:alfa", {"person": "anna"}, True, {"KA5", "P3", "P6"}, None),
    ("set_deputy", "cecilia", "client:alfa", {"person": "olof"}, False, {"KA5"}, "cecilia"),
    ("set_deputy", "vera", "client:alfa", {"person": "anna"}, False, {"P7", "KA5"}, "cecilia"),
    ("propose_assignment", "cecilia", "client:alfa", {"title": "X"}, True, {"KA3", "VD5"}, None),
    ("propose_assignment", "anna", "client:alfa", {"title": "X"}, False, {"P7", "KA3"}, "cecilia"),
    ("report_criticism", "cecilia", "client:alfa", {"summary": "X"}, True, {"KA7"}, None),
    ("report_criticism", "vera", "client:alfa", {"summary": "X"}, False, {"P7"}, "cecilia"),
]

CEO_RIGHTS = [
    ("appoint_client_lead", "vera", "client:alfa", {"person": "erik"}, True, {"VD2", "P3"}, None),
    ("appoint_client_lead", "vera", "client:alfa", {"person": "lars"}, False, {"VD2"}, "vera"),
    ("appoint_client_lead", "anna", "client:alfa", {"person": "erik"}, False, {"VD2"}, "vera"),
    ("appoint_client_lead", "cecilia", "client:alfa", {"person": "erik"}, False, {"VD2"}, "vera"),
    ("appoint_area_manager", "vera", "area:opinion", {"person": "cecilia"}, True, {"VD2"}, None),
    ("appoint_area_manager", "olof", "area:opinion", {"person": "olof"}, False, {"VD2"}, "vera"),
    ("create_business_area", "vera", "org", {"slug": "d", "manager": "petra"}, True, {"VD1"}, None),
    (
        "create_business_area",
        "anna",
        "org",
        {"slug": "d", "manager": "petra"},
        False,
        {"VD1"},
        "vera",
    ),
    ("set_policy_parameter", "vera", "org", {"name": "probation_months"}, True, {"VD1"}, None),
    ("set_policy_parameter", "petra", "org", {"name": "probation_months"}, False, {"VD1"}, "vera"),
    ("promote_to_senior", "vera", "person:erik", {}, True, {"VD4"}, None),
    ("promote_to_senior", "vera", "person:sara", {}, False, {"VD4"}, "vera"),
    ("promote_to_senior", "anna", "person:erik", {}, False, {"VD4"}, "vera"),
    ("give_notice", "anna", "person:erik", {}, False, {"VD4"}, "vera"),
    ("give_notice", "vera", "person:vera", {}, False, {"VD4"}, None),
    ("dismiss", "olof", "person:erik", {}, False, {"VD4"}, "vera"),
    ("decide_rotation", "anna", "org", {}, False, {"VD3"}, "vera"),
    ("decide_rotation", "vera", "org", {}, True, {"VD3"}, None),
]

MANAGER_RIGHTS = [
    ("set_salary", "anna", "person:erik", {}, True, {"AO3"}, None),
    ("set_salary", "cecilia", "person:erik", {}, False, {"AO3"}, "anna"),
    ("set_salary", "anna", "person:anna", {}, False, {"AO3"}, "vera"),
    ("set_salary", "vera", "person:anna", {}, True, {"AO3"}, None),
    ("view_salary", "erik", "person:erik", {}, True, {"AO3"}, None),
    ("view_salary", "vera", "person:erik", {}, True, {"AO3"}, None),
    ("view_salary", "petra", "person:erik", {}, False, {"AO3"}, "anna"),
    ("record_development_talk", "anna", "person:cecilia", {}, True, {"AO3"}, None),
    ("record_development_talk", "cecilia", "person:erik", {}, False, {"AO3"}, "anna"),
    ("record_probation_follow_up", "olof", "person:erik", {}, False, {"AO4"}, "anna"),
    ("open_position", "anna", "area:opinion", {}, True, {"AO3"}, None),
    ("open_position", "olof", "area:opinion", {}, False, {"AO3"}, "anna"),
    ("hire", "cecilia", "area:opinion", {}, False, {"AO3"}, "anna"),
    ("request_coaching", "erik", "person:anna", {}, True, {"AO5"}, None),
    ("request_coaching", "petra", "person:anna", {}, False, {"AO5"}, None),
]

TABLE = CLIENT_LEAD + CEO_RIGHTS + MANAGER_RIGHTS


@pytest.mark.parametrize(
    ("action", "actor", "target", "args", "allowed", "clauses", "decider"),
    TABLE,
    ids=[f"{r[0]}-{r[1]}-{r[2]}-{'yes' if r[4] else 'no'}-{i}" for i, r in enumerate(TABLE)],
)
def test_rule_table(action, actor, target, args, allowed, clauses, decider):
    decision = evaluate(facts(action, actor, target, args))
    assert decision.allowed is allowed, decision.reason_en
    assert clauses <= set(decision.clauses), decision.clauses
    assert decision.action == action
    assert decision.reason_sv and decision.reason_en
    if allowed:
        assert decision.decider == PEOPLE[actor].party and decision.role
    else:
        assert decision.role is None
        if decider is not None:
            assert decision.decider is not None and decision.decider.email == email(decider)


def test_p6_is_cited_only_when_the_lead_leads_her_own_superior():
    with_manager = evaluate(
        facts("assign_work_item", "cecilia", "client:alfa", {"assignee": "anna"})
    )
    with_member = evaluate(
        facts("assign_work_item", "cecilia", "client:alfa", {"assignee": "erik"})
    )
    assert "P6" in with_manager.clauses and "P6" not in with_member.clauses
    assert "din chef" in with_manager.reason_sv


def test_p7_refusal_explains_in_swedish_and_english_naming_the_lead():
    decision = evaluate(facts("set_deputy", "anna", "client:alfa", {"person": "erik"}))
    assert decision.clauses[0] == "P7"
    assert "Cecilia Ka" in decision.reason_sv and "detaljstyr" in decision.reason_sv
    assert "Cecilia Ka" in decision.reason_en and "micromanage" in decision.reason_en


def test_a_client_without_lead_points_to_the_ceo():
    orphan = replace(CLIENTS["alfa"], lead=None)
    decision = evaluate(
        facts("assign_work_item", "cecilia", "client:alfa", {"assignee": "erik"}, client=orphan)
    )
    assert not decision.allowed and "P4" in decision.clauses
    assert decision.decider == CEO


def test_a_person_no_longer_employed_decides_nothing():
    gone = replace(PEOPLE["vera"], active=False)
    decision = evaluate(facts("create_business_area", "vera", "org", {}, actor=gone))
    assert not decision.allowed and decision.clauses == ("VD1",)


def test_veto_window_and_reason():
    open_ = AssignmentFacts(1, "alfa", "X", "proposed", email("cecilia"), date(2026, 12, 2))
    closed = replace(open_, window_closes_on=AT)
    allowed = evaluate(
        facts(
            "veto_assignment",
            "vera",
            "assignment:1",
            {"reason": "Nej"},
            assignment=open_,
            client=CLIENTS["alfa"],
        )
    )
    late = evaluate(
        facts(
            "veto_assignment",
            "vera",
            "assignment:1",
            {"reason": "Nej"},
            assignment=closed,
            client=CLIENTS["alfa"],
        )
    )
    by_lead = evaluate(
        facts(
            "veto_assignment",
            "anna",
            "assignment:1",
            {"reason": "Nej"},
            assignment=open_,
            client=CLIENTS["alfa"],
        )
    )
    assert allowed.allowed and allowed.clauses == ("VD5",)
    assert not late.allowed and "VD5" in late.clauses
    assert not by_lead.allowed and by_lead.decider == CEO


def test_criticism_is_acknowledged_by_the_ceo_once():
    fresh = CriticismFacts(3, "alfa", acknowledged=False)
    done = replace(fresh, acknowledged=True)
    kw = {"client": CLIENTS["alfa"]}
    assert evaluate(
        facts("acknowledge_criticism", "vera", "criticism:3", criticism=fresh, **kw)
    ).allowed
    assert not evaluate(
        facts("acknowledge_criticism", "vera", "criticism:3", criticism=done, **kw)
    ).allowed
    refused = evaluate(
        facts("acknowledge_criticism", "cecilia", "criticism:3", criticism=fresh, **kw)
    )
    assert not refused.allowed and refused.clauses == ("KA7",) and refused.decider == CEO


def test_any_active_consultant_may_propose_a_client():
    assert evaluate(facts("propose_client", "erik", "org", {"slug": "g"})).allowed
    assert not evaluate(facts("propose_client", "lars", "org", {"slug": "g"})).allowed


# The actions of ACTIONS.md (later issues may add more, each with its own tests).
ACTIONS_MD = {row[0] for row in TABLE} | {
    "veto_assignment",
    "acknowledge_criticism",
    "propose_client",
}


def test_every_action_of_actions_md_has_a_rule_exercised_here():
    assert len(ACTIONS_MD) == 25
    assert set(RULES) >= ACTIONS_MD, sorted(ACTIONS_MD - set(RULES))


def test_rules_have_clauses_and_party_is_plain_data():
    for rule in RULES.values():
        assert rule.clauses and rule.holder_sv and rule.holder_en
    assert Party("a@b.se", "A").as_dict() == {"email": "a@b.se", "name": "A"}


def _item(assignee: str, done_on: date | None = None) -> dict[str, Any]:
    return {"id": 7, "assignee": email(assignee), "created_on": AT, "done_on": done_on}


@pytest.mark.parametrize(
    ("who", "assignee", "allowed", "clauses", "decider"),
    [
        ("cecilia", "erik", True, ("KA1", "P3"), None),  # the lead, on anyone's work
        ("erik", "erik", True, ("KA1", "P5"), None),  # the assignee, on their own
        ("anna", "anna", True, ("KA1", "P5"), None),  # a manager given work by the lead (P6)
        ("anna", "erik", False, ("P7", "KA1"), "cecilia"),
        ("vera", "erik", False, ("P7", "KA1"), "cecilia"),
        ("erik", "anna", False, ("KA1",), "cecilia"),
    ],
)
def test_work_is_marked_done_by_its_lead_or_by_the_one_given_it(
    who, assignee, allowed, clauses, decider
):
    decision = evaluate(
        facts(
            "mark_work_item_done",
            who,
            "client:alfa",
            {"work_item": 7},
            details={"work_item": _item(assignee)},
        )
    )
    assert decision.allowed is allowed, decision.reason_en
    assert decision.clauses == clauses
    if decider is not None:
        assert decision.decider is not None and decision.decider.email == email(decider)


def test_done_work_and_an_ended_client_are_refused_whoever_asks():
    done = evaluate(
        facts(
            "mark_work_item_done",
            "erik",
            "client:alfa",
            {"work_item": 7},
            details={"work_item": _item("erik", done_on=AT)},
        )
    )
    assert not done.allowed and done.about == "case" and "redan klar" in done.reason_sv
    ended = replace(CLIENTS["alfa"], status="ended", lead=None, members={}, ended_on=AT)
    earlier = replace(ended, status="active", lead=PEOPLE["cecilia"].party)
    for action, args in (("end_client", {}), ("assign_work_item", {"assignee": "erik"})):
        # On the end's day, and dated before it (the client was still active then).
        for client, at in ((ended, AT), (earlier, date(2026, 11, 1))):
            decision = evaluate(facts(action, "cecilia", "client:alfa", args, client=client, at=at))
            assert not decision.allowed and "KA2" in decision.clauses
            assert decision.decider is None, decision.reason_en


def test_the_lead_alone_ends_the_client_once_the_veto_window_is_over():
    assert evaluate(facts("end_client", "cecilia", "client:alfa")).clauses == ("KA2", "P3")
    for who in ("vera", "anna"):
        refused = evaluate(facts("end_client", who, "client:alfa"))
        assert refused.clauses == ("P7", "KA2") and refused.decider == PEOPLE["cecilia"].party
    waiting = evaluate(
        facts(
            "end_client",
            "cecilia",
            "client:alfa",
            details={"proposal_window_closes_on": date(2026, 12, 2)},
        )
    )
    assert not waiting.allowed and waiting.clauses == ("KA2", "VD5") and waiting.about == "case"


def test_only_an_active_assignment_is_closed_and_only_by_its_lead():
    active = AssignmentFacts(3, "alfa", "X", "active", email("cecilia"), date(2026, 11, 2))
    target = {"client": CLIENTS["alfa"]}
    lead = evaluate(
        facts("close_assignment", "cecilia", "assignment:3", assignment=active, **target)
    )
    assert lead.allowed and lead.clauses == ("KA2", "KA3", "P3")
    ceo = evaluate(facts("close_assignment", "vera", "assignment:3", assignment=active, **target))
    assert not ceo.allowed and ceo.clauses == ("P7", "KA2")
    for status, clauses in (
        ("proposed", ("KA2", "VD5")),
        ("vetoed", ("KA2",)),
        ("closed", ("KA2",)),
    ):
        other = replace(active, status=status)
        decision = evaluate(
            facts("close_assignment", "cecilia", "assignment:3", assignment=other, **target)
        )
        assert not decision.allowed and decision.clauses == clauses and decision.about == "case"
