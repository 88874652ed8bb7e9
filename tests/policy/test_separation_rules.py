"""The separation and rotation rules on hand-built facts (no database): the ground of a notice
(LAS 30 § for personal grounds only), a notice in force, avsked and LAS 18 §, the rotation's
date (VD3). Every refusal names the CEO and the clause or the section of the law."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from ansvar.policy.rules import evaluate
from tests.policy.test_rules_table import AT, CEO, PEOPLE, facts

ERIK = PEOPLE["erik"]
SARA = PEOPLE["sara"]


def _d(days: int) -> date:
    return AT - timedelta(days=days)


@pytest.mark.parametrize(
    ("args", "allowed", "cited"),
    [
        # Personal grounds (the default): the underrättelse first, two weeks ahead.
        ({"ground": "personal"}, False, {"VD4", "LAS 30 §"}),
        ({}, False, {"VD4", "LAS 30 §"}),
        ({"ground": "personal", "informed_on": _d(13)}, False, {"VD4", "LAS 30 §"}),
        ({"ground": "personal", "informed_on": _d(14)}, True, {"VD4"}),
        ({"informed_on": _d(30)}, True, {"VD4"}),
        ({"ground": "personal", "informed_on": AT + timedelta(days=1)}, False, {"LAS 30 §"}),
        # Redundancy: LAS 30 § does not apply, whatever the date of any notification.
        ({"ground": "redundancy"}, True, {"VD4"}),
        ({"ground": "redundancy", "informed_on": _d(1)}, True, {"VD4"}),
    ],
)
def test_the_ground_decides_whether_las_30_applies(args, allowed, cited):
    decision = evaluate(facts("give_notice", "vera", "person:sara", args))
    assert decision.allowed is allowed, decision.reason_en
    assert cited <= set(decision.clauses)
    if not allowed:
        assert decision.decider == CEO and "LAS 30 §" in decision.reason_sv


def test_a_redundancy_notice_reminds_of_redeployment_order_and_re_employment():
    decision = evaluate(facts("give_notice", "vera", "person:sara", {"ground": "redundancy"}))
    text = " ".join(decision.warnings)
    assert "LAS 7 §" in text and "LAS 22 §" in text and "LAS 25 §" in text
    personal = evaluate(facts("give_notice", "vera", "person:sara", {"informed_on": _d(14)}))
    assert not any("LAS 22 §" in w for w in personal.warnings)


@pytest.mark.parametrize("ground", ["personal", "redundancy"])
def test_a_second_notice_while_one_runs_is_refused(ground):
    under_notice = replace(SARA, employment_ends_on=date(2027, 2, 27))
    args = {"ground": ground, "informed_on": _d(20)}
    decision = evaluate(facts("give_notice", "vera", "person:sara", args, person=under_notice))
    assert not decision.allowed and decision.clauses == ("VD4",)
    assert decision.decider == CEO and "2027-02-27" in decision.reason_sv


def test_avsked_during_a_notice_period_is_allowed_and_says_it_ends_the_period():
    under_notice = replace(SARA, employment_ends_on=date(2027, 2, 27))
    args = {"reason": "Grovt", "informed_on": _d(7)}
    decision = evaluate(facts("dismiss", "vera", "person:sara", args, person=under_notice))
    assert decision.allowed
    assert any("2027-02-27" in w for w in decision.warnings)
    ending_today = replace(SARA, employment_ends_on=AT)
    again = evaluate(facts("dismiss", "vera", "person:sara", args, person=ending_today))
    assert not again.allowed and again.decider == CEO


@pytest.mark.parametrize(
    ("informed", "known", "allowed", "cited"),
    [
        (_d(7), None, True, {"VD4"}),
        (_d(6), None, False, {"VD4", "LAS 30 §"}),
        # LAS 18 §: two months before the underrättelse is the limit.
        (date(2026, 11, 20), date(2026, 9, 20), True, {"VD4"}),
        (date(2026, 11, 20), date(2026, 9, 19), False, {"VD4", "LAS 18 §"}),
        (_d(7), AT + timedelta(days=1), False, {"VD4", "LAS 18 §"}),
    ],
)
def test_avsked_follows_las_30_and_18(informed, known, allowed, cited):
    args = {"reason": "Grovt", "informed_on": informed, "grounds_known_on": known}
    decision = evaluate(facts("dismiss", "vera", "person:sara", args))
    assert decision.allowed is allowed, decision.reason_en
    assert cited <= set(decision.clauses)
    if not allowed:
        assert decision.decider == CEO
        assert all(c in decision.reason_sv for c in cited if c.startswith("LAS"))


def test_ending_a_probation_without_underrattelse_is_refused_by_las_31():
    decision = evaluate(facts("decide_probation", "vera", "person:erik", {"decision": "end"}))
    assert not decision.allowed and "LAS 31 §" in decision.clauses
    assert decision.decider == CEO
    kept = evaluate(facts("decide_probation", "vera", "person:erik", {"decision": "continue"}))
    assert kept.allowed


def _rotation(who: str, person, effective_from=None):
    move = {"person": person.email, "to_area": "analys"}
    args = {"moves": [move], "effective_from": effective_from}
    base = facts("decide_rotation", who, "org", people={person.email: person})
    return evaluate(replace(base, args=args))


def test_a_rotation_takes_effect_on_its_day_or_later_never_before():
    assert _rotation("vera", ERIK).allowed
    assert _rotation("vera", ERIK, AT).allowed
    assert _rotation("vera", ERIK, AT + timedelta(days=30)).allowed
    backdated = _rotation("vera", ERIK, AT - timedelta(days=1))
    assert not backdated.allowed and backdated.clauses == ("VD3",)
    assert backdated.decider == CEO and str(AT) in backdated.reason_sv


@pytest.mark.parametrize(
    ("person", "start", "why"),
    [
        (replace(ERIK, active=False), None, "not employed"),
        (replace(ERIK, employment_ends_on=date(2026, 12, 27)), date(2027, 1, 1), "leaves"),
        (replace(ERIK, next_area="ledning", next_area_from=date(2027, 1, 1)), None, "already"),
        (replace(ERIK, area=None), None, "no business area"),
        (replace(ERIK, area="analys"), None, "already belongs"),
    ],
)
def test_a_rotation_moves_only_who_can_be_moved(person, start, why):
    decision = _rotation("vera", person, start)
    assert not decision.allowed and decision.clauses == ("VD3",)
    assert why in decision.reason_en and decision.decider == CEO


def test_someone_under_notice_may_move_until_their_last_day():
    leaving = replace(ERIK, employment_ends_on=date(2027, 1, 31))
    assert _rotation("vera", leaving, date(2027, 1, 31)).allowed
    assert not _rotation("vera", leaving, date(2027, 2, 1)).allowed
