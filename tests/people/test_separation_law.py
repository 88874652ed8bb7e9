"""Separations and rotations through the one action path, as the law states them: the
ground of a notice (LAS 30 § for personal grounds only), one notice at a time, avsked and
LAS 18 §, the order of selection (LAS 22 §), the right of re-employment (LAS 25 §), the
rotation's date (VD3), and the end of memberships and log-in after the last day."""

import json
from datetime import date, timedelta

import pytest
from django.http import HttpRequest
from django.utils import timezone

from ansvar.cli.main import main
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.registry import can, perform
from ansvar.org.founding import PersonSpec, found_organisation
from ansvar.org.models import AreaMembership, Client, Employment, WorkGroupMembership
from ansvar.org.selectors import area_of, work_group_on
from ansvar.people import selectors
from ansvar.people.models import ReemploymentRight, RotationDecision, Separation
from ansvar.policy.law import add_months
from tests.fixtures import example_spec

AT = date(2026, 11, 27)


@pytest.fixture
def staff(db):
    """The example organisation with more consultants in opinion: Sven (three years), Tove
    (exactly twelve months on AT) and Ulla (a day more), all in Alfa's work group."""
    spec = example_spec()
    spec.people += [
        PersonSpec("sven@example.se", "Sven Tre", "opinion", date(2023, 4, 1)),
        PersonSpec("tove@example.se", "Tove Tolv", "opinion", date(2025, 11, 27)),
        PersonSpec("ulla@example.se", "Ulla Tolv", "opinion", date(2025, 11, 26)),
    ]
    spec.clients[0].work_group += [("sven@example.se", "member"), ("tove@example.se", "member")]
    org = found_organisation(spec)
    people = {p.email.split("@")[0]: p for p in org.people.all()}
    return org, people


def _state() -> tuple[int, int, int, int, int]:
    return (
        Entry.objects.count(),
        Separation.objects.count(),
        ReemploymentRight.objects.count(),
        Employment.objects.filter(last_day__isnull=False).count(),
        AreaMembership.objects.filter(valid_to__isnull=False).count(),
    )


def _refused(org, actor, action, target, args, at=AT):
    """perform refuses, ``can`` gives the same answer first, and nothing is written."""
    before = _state()
    asked = can(org, actor, action, target, args, at=at)
    with pytest.raises(PolicyRefused) as refused:
        perform(org, actor, action, target, args, at=at)
    decision = refused.value.decision
    assert not asked.allowed and asked.clauses == decision.clauses
    assert asked.reason_sv == decision.reason_sv
    assert _state() == before
    assert Refusal.objects.filter(action=action, target=target).exists()
    return decision


def _done(org, actor, action, target, args, at=AT):
    assert can(org, actor, action, target, args, at=at).allowed
    return perform(org, actor, action, target, args, at=at)


# --- the ground of a notice ---------------------------------------------------------------


def test_a_redundancy_notice_needs_no_underrattelse_and_records_its_ground(staff):
    org, people = staff
    done = _done(
        org,
        people["vera"],
        "give_notice",
        "person:sven@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    row = done.result
    assert (row.kind, row.ground, row.informed_on) == ("notice", "redundancy", None)
    # Employed since 2023-04-01: three whole years, two months' notice (LAS 11 §).
    assert (row.employment_years, row.notice_months, row.last_day) == (3, 2, date(2027, 1, 27))
    assert any("LAS 22 §" in w for w in done.decision.warnings)
    assert done.entry.personal_digest and "redundancy" not in json.dumps(done.entry.public)


def test_a_notice_on_personal_grounds_without_underrattelse_is_refused_naming_las_30(staff):
    org, people = staff
    for args in (
        {"reason": "Samarbete", "ground": "personal"},
        {"reason": "Samarbete"},  # personal grounds are the default
    ):
        decision = _refused(org, people["vera"], "give_notice", "person:sven@example.se", args)
        assert "LAS 30 §" in decision.clauses and "LAS 30 §" in decision.reason_sv
        assert decision.decider is not None and decision.decider.email == "vera@example.se"


@pytest.mark.parametrize(("days_before", "allowed"), [(13, False), (14, True), (40, True)])
def test_the_underrattelse_comes_two_weeks_before_a_personal_notice(staff, days_before, allowed):
    org, people = staff
    args = {
        "reason": "Samarbete",
        "ground": "personal",
        "informed_on": (AT - timedelta(days=days_before)).isoformat(),
    }
    if allowed:
        done = _done(org, people["vera"], "give_notice", "person:sven@example.se", args)
        assert done.result.ground == "personal"
        assert not ReemploymentRight.objects.exists(), "LAS 25 § is for redundancy only"
    else:
        decision = _refused(org, people["vera"], "give_notice", "person:sven@example.se", args)
        assert "LAS 30 §" in decision.clauses
        assert str(AT - timedelta(days=14)) in decision.reason_sv


def test_a_second_notice_while_one_runs_is_refused_and_the_last_day_stays(staff):
    org, people = staff
    first = _done(
        org,
        people["vera"],
        "give_notice",
        "person:sven@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    later = AT + timedelta(days=10)
    decision = _refused(
        org,
        people["vera"],
        "give_notice",
        "person:sven@example.se",
        {"reason": "Igen", "ground": "redundancy"},
        at=later,
    )
    assert decision.clauses == ("VD4",) and str(first.result.last_day) in decision.reason_sv
    assert Employment.objects.get(person=people["sven"]).last_day == first.result.last_day
    assert Separation.objects.filter(person=people["sven"]).count() == 1


# --- avsked (LAS 18 §, 30 §) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("known", "allowed"),
    [("2026-09-20", True), ("2026-09-19", False)],  # two months before 2026-11-20
)
def test_avsked_on_grounds_known_more_than_two_months_is_refused(staff, known, allowed):
    org, people = staff
    args = {"reason": "Grovt", "informed_on": "2026-11-20", "grounds_known_on": known}
    if allowed:
        done = _done(org, people["vera"], "dismiss", "person:sven@example.se", args)
        assert done.result.last_day == AT and done.result.ground == "personal"
    else:
        decision = _refused(org, people["vera"], "dismiss", "person:sven@example.se", args)
        assert "LAS 18 §" in decision.clauses and "LAS 18 §" in decision.reason_sv


def test_avsked_during_a_notice_period_brings_the_last_day_forward_and_says_so(staff):
    org, people = staff
    _done(
        org,
        people["vera"],
        "give_notice",
        "person:sven@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    day = AT + timedelta(days=20)
    done = _done(
        org,
        people["vera"],
        "dismiss",
        "person:sven@example.se",
        {"reason": "Grovt", "informed_on": str(day - timedelta(days=7))},
        at=day,
    )
    assert any("2027-01-27" in w for w in done.decision.warnings)
    assert Employment.objects.get(person=people["sven"]).last_day == day
    alfa = Client.objects.get(slug="alfa")
    assert people["sven"] in [m.person for m in work_group_on(alfa, day)]
    assert people["sven"] not in [m.person for m in work_group_on(alfa, day + timedelta(days=1))]
    assert area_of(people["sven"], day + timedelta(days=1)) is None
    # The same day again: the employment already ends.
    decision = _refused(
        org,
        people["vera"],
        "dismiss",
        "person:sven@example.se",
        {"reason": "Grovt", "informed_on": str(day - timedelta(days=7))},
        at=day,
    )
    assert decision.clauses == ("VD4",)


def test_ending_a_probation_without_underrattelse_is_a_refusal_not_bad_input(staff):
    org, people = staff
    decision = _refused(
        org, people["vera"], "decide_probation", "person:erik@example.se", {"decision": "end"}
    )
    assert "LAS 31 §" in decision.clauses


# --- memberships end with the employment ----------------------------------------------------


def test_memberships_end_on_the_last_day_and_a_later_move_is_emptied(staff):
    org, people = staff
    vera, erik = people["vera"], people["erik"]
    _done(
        org,
        vera,
        "decide_rotation",
        "org",
        {"moves": "erik@example.se=analys", "effective_from": "2027-06-01"},
    )
    done = _done(
        org,
        vera,
        "give_notice",
        "person:erik@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    last = done.result.last_day
    assert last == date(2026, 12, 27)  # under two years: one month (LAS 11 §)
    alfa = Client.objects.get(slug="alfa")
    assert erik in [m.person for m in work_group_on(alfa, last)]
    assert area_of(erik, last).slug == "opinion"
    after = last + timedelta(days=1)
    assert erik not in [m.person for m in work_group_on(alfa, after)]
    assert area_of(erik, after) is None
    assert area_of(erik, date(2027, 6, 1)) is None, "the decided move is emptied"
    assert not WorkGroupMembership.objects.filter(person=erik, valid_to__isnull=True).exists()
    assert not AreaMembership.objects.filter(person=erik, valid_to__isnull=True).exists()


# --- rotation (VD3) -------------------------------------------------------------------------


def test_a_rotation_cannot_take_effect_before_the_day_it_is_decided(staff):
    org, people = staff
    args = {"moves": "cecilia@example.se=analys", "effective_from": "2026-11-26"}
    decision = _refused(org, people["vera"], "decide_rotation", "org", args)
    assert decision.clauses == ("VD3",) and "2026-11-27" in decision.reason_sv
    assert not RotationDecision.objects.exists()
    same_day = _done(
        org,
        people["vera"],
        "decide_rotation",
        "org",
        {"moves": "cecilia@example.se=analys", "effective_from": "2026-11-27"},
    )
    assert same_day.result.effective_from == AT
    assert area_of(people["cecilia"], AT).slug == "analys"


def test_a_rotation_under_notice_ends_with_the_employment(staff):
    org, people = staff
    vera = people["vera"]
    notice = _done(
        org,
        vera,
        "give_notice",
        "person:sven@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    last = notice.result.last_day  # 2027-01-27
    refused = _refused(
        org,
        vera,
        "decide_rotation",
        "org",
        {"moves": "sven@example.se=analys", "effective_from": str(last + timedelta(days=1))},
    )
    assert "VD3" in refused.clauses and str(last) in refused.reason_sv
    _done(
        org,
        vera,
        "decide_rotation",
        "org",
        {"moves": "sven@example.se=analys", "effective_from": "2027-01-01"},
    )
    assert area_of(people["sven"], date(2027, 1, 1)).slug == "analys"
    assert area_of(people["sven"], last + timedelta(days=1)) is None
    again = _refused(
        org, vera, "decide_rotation", "org", {"moves": "sven@example.se=ledning"}, at=AT
    )
    assert "analys" in again.reason_sv, "a move already decided is named"


# --- the order of selection (LAS 22 §) ------------------------------------------------------


def test_the_order_of_selection_counts_every_employment_longest_first(staff):
    _org, people = staff
    # Erik worked here for six years before: his total time passes everyone's but Anna's.
    Employment.objects.create(
        person=people["erik"], starts_on=date(2012, 1, 1), last_day=date(2017, 12, 31)
    )
    rows = selectors.selection_order(people["anna"].memberships.first().area, AT)
    assert [r.person.email.split("@")[0] for r in rows] == [
        "anna",  # 2018-03-01: 8 years 8 months
        "erik",  # six years, then three months
        "cecilia",  # 2021-08-15
        "sven",  # 2023-04-01
        "ulla",  # 2025-11-26
        "tove",  # 2025-11-27
    ]
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5, 6]
    erik = rows[1]
    assert erik.first_day == date(2012, 1, 1) and (erik.years, erik.months) == (6, 2)
    assert not any(r.tied for r in rows)
    anna = rows[0]
    assert (anna.years, anna.months) == (8, 8) and anna.ends_on is None


def test_equal_times_are_marked_and_a_running_notice_is_shown(staff):
    org, people = staff
    Employment.objects.filter(person=people["ulla"]).update(starts_on=date(2025, 11, 27))
    _done(
        org,
        people["vera"],
        "give_notice",
        "person:sven@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    rows = {r.person.email: r for r in selectors.selection_order(area_of(people["tove"], AT), AT)}
    assert rows["tove@example.se"].tied and rows["ulla@example.se"].tied
    assert not rows["anna@example.se"].tied
    assert rows["sven@example.se"].ends_on == date(2027, 1, 27)


def test_the_ceo_is_outside_the_order_of_selection(staff):
    _org, people = staff
    ledning = area_of(people["vera"], AT)
    assert selectors.selection_order(ledning, AT) == []


def test_cli_selection_order(staff, capsys):
    assert main(["selection-order", "area:opinion", "--at", "2026-11-27", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["email"] for r in out["order"]][:2] == ["anna@example.se", "cecilia@example.se"]
    assert out["order"][0]["years"] == 8 and out["exemptions_allowed"] == 3
    assert main(["selection-order", "area:opinion", "--at", "2026-11-27"]) == 0
    text = capsys.readouterr().out
    assert "LAS 22 §" in text and text.index("anna@") < text.index("tove@")
    assert main(["selection-order", "client:alfa"]) == 2
    assert "area:" in capsys.readouterr().err
    assert main(["selection-order", "area:finns-inte"]) == 2
    assert "finns-inte" in capsys.readouterr().err


# --- the right of re-employment (LAS 25 §) --------------------------------------------------


@pytest.mark.parametrize(("who", "right"), [("tove", False), ("ulla", True), ("sven", True)])
def test_a_redundancy_notice_records_the_right_after_more_than_twelve_months(staff, who, right):
    org, people = staff
    done = _done(
        org,
        people["vera"],
        "give_notice",
        f"person:{who}@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    rows = list(ReemploymentRight.objects.filter(person=people[who]))
    assert bool(rows) is right
    if right:
        [row] = rows
        last = done.result.last_day
        assert (row.valid_from, row.area.slug, row.separation) == (AT, "opinion", done.result)
        assert row.valid_until == add_months(last, 9)  # nine months after the last day


def test_the_right_is_in_force_from_the_notice_to_nine_months_after_the_last_day(staff):
    org, people = staff
    done = _done(
        org,
        people["vera"],
        "give_notice",
        "person:sven@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    opinion = area_of(people["sven"], AT)
    until = ReemploymentRight.objects.get().valid_until
    assert until == date(2027, 10, 27)  # last day 2027-01-27 plus nine months
    shown = lambda day, area=opinion: [  # noqa: E731
        r.person.email for r in selectors.reemployment_rights(org, day, area=area)
    ]
    assert shown(AT - timedelta(days=1)) == []
    assert shown(AT) == ["sven@example.se"]
    assert shown(until) == ["sven@example.se"]
    assert shown(until + timedelta(days=1)) == []
    assert shown(AT, area_of(people["petra"], AT)) == [], "only in the area he worked in"
    # Employed again after the last day: the right has been used.
    Employment.objects.create(person=people["sven"], starts_on=done.result.last_day + timedelta(30))
    assert shown(AT) == []


def test_cli_reemployment_rights(staff, capsys):
    org, people = staff
    _done(
        org,
        people["vera"],
        "give_notice",
        "person:sven@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
    )
    assert main(["reemployment-rights", "area:opinion", "--at", "2026-12-01", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["email"], row["valid_until"]) == ("sven@example.se", "2027-10-27")
    assert main(["reemployment-rights", "--at", "2026-11-26"]) == 0
    assert "Ingen företrädesrätt" in capsys.readouterr().out


# --- log-in ends with the employment ----------------------------------------------------------


def test_no_log_in_after_the_last_day(client, staff, settings):
    from tests.fixtures import PASSWORD, log_in

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    org, people = staff
    today = timezone.localdate()
    sven, ulla = people["sven"], people["ulla"]
    log_in(client, sven)
    assert client.get("/personer/mig/")["Location"] == "/personer/sven@example.se/"
    # Avsked yesterday: yesterday was his last day.
    yesterday = today - timedelta(days=1)
    perform(
        org,
        people["vera"],
        "dismiss",
        "person:sven@example.se",
        {"reason": "Grovt", "informed_on": str(yesterday - timedelta(days=7))},
        at=yesterday,
    )
    response = client.get("/personer/mig/")
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
    client.logout()
    assert not client.login(request=HttpRequest(), username=sven.email, password=PASSWORD)
    page = client.post("/logga-in/", {"username": sven.email, "password": PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    # Avsked today: today is the last day, and she may still log in.
    log_in(client, ulla)
    client.logout()
    perform(
        org,
        people["vera"],
        "dismiss",
        "person:ulla@example.se",
        {"reason": "Grovt", "informed_on": str(today - timedelta(days=7))},
        at=today,
    )
    assert client.login(request=HttpRequest(), username=ulla.email, password=PASSWORD)
