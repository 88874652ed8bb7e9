"""Duties of the people processes against an independent computation, on a fixed date."""

import calendar
from collections import Counter
from datetime import date, timedelta

import pytest

from ansvar.duties.registry import duties
from ansvar.engine.registry import perform
from ansvar.org.founding import AreaSpec, OrganisationSpec, PersonSpec, found_organisation
from ansvar.org.models import Employment, Holding, Organisation, Person
from ansvar.org.selectors import area_manager_on, area_of, ceo_on, employed_on, valid_on
from ansvar.people.duties import rotation_deadlines
from ansvar.people.models import SalaryDecision, Talk

D = date(2026, 11, 27)


def plus_months(day: date, n: int) -> date:
    y, m = divmod(day.month - 1 + n, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def line_manager(org: Organisation, person: Person, at: date) -> Person | None:
    ceo = ceo_on(org, at)
    if ceo is not None and ceo.pk == person.pk:
        return None
    manages = Holding.objects.filter(
        valid_on(at), person=person, kind=Holding.Kind.AREA_MANAGER
    ).exists()
    area = area_of(person, at)
    manager = area_manager_on(area, at) if area else None
    if manages or manager is None or manager.pk == person.pk:
        return ceo
    return manager


def expected_overdue(org: Organisation, at: date) -> dict[str, Counter[str]]:
    """Overdue AO4 follow-ups and AO3 talks/reviews per owner, computed person by person."""
    result: dict[str, Counter[str]] = {
        "probation_follow_up": Counter(),
        "development_talk": Counter(),
        "salary_review": Counter(),
    }
    for person in Person.objects.filter(organisation=org):
        employment = Employment.objects.filter(employed_on(at), person=person).first()
        if employment is None:
            continue
        owner = line_manager(org, person, at)
        if owner is None:
            continue
        follow_ups = list(
            Talk.objects.filter(
                person=person, kind="probation_follow_up", held_on__lte=at
            ).values_list("held_on", flat=True)
        )
        until = employment.probation_until
        if until is not None and employment.starts_on <= at < until:
            k = 0
            while plus_months(employment.starts_on, k) < until:
                first = plus_months(employment.starts_on, k)
                last = min(plus_months(employment.starts_on, k + 1), until) - timedelta(days=1)
                if last < at and not any(first <= t <= last for t in follow_ups):
                    result["probation_follow_up"][owner.email] += 1
                k += 1
        talks = list(
            Talk.objects.filter(person=person, kind="development", held_on__lte=at).values_list(
                "held_on", flat=True
            )
        )
        if plus_months(max([employment.starts_on, *talks]), 12) < at:
            result["development_talk"][owner.email] += 1
        salaries = list(
            SalaryDecision.objects.filter(person=person, decided_on__lte=at).values_list(
                "decided_on", flat=True
            )
        )
        if plus_months(max([employment.starts_on, *salaries]), 12) < at:
            result["salary_review"][owner.email] += 1
    return result


def actual_overdue(org: Organisation, at: date) -> dict[str, Counter[str]]:
    result: dict[str, Counter[str]] = {
        "probation_follow_up": Counter(),
        "development_talk": Counter(),
        "salary_review": Counter(),
    }
    for duty in duties(org, at):
        if duty.kind in result and duty.status(at) == "overdue":
            assert duty.owner is not None
            result[duty.kind][duty.owner.email] += 1
    return result


@pytest.fixture
def staff(db):
    org = found_organisation(
        OrganisationSpec(
            name="Provbyrån",
            slug="prov",
            ceo="vera@prov.se",
            founded_on=date(2020, 1, 1),
            people=[
                PersonSpec("vera@prov.se", "Vera", "ledning", date(2015, 1, 1)),
                PersonSpec("anna@prov.se", "Anna", "opinion", date(2018, 3, 1)),
                PersonSpec("olof@prov.se", "Olof", "analys", date(2017, 5, 1)),
                PersonSpec("p1@prov.se", "P1", "opinion", date(2026, 6, 1), date(2026, 12, 1)),
                PersonSpec("p2@prov.se", "P2", "opinion", date(2026, 9, 15), date(2027, 3, 15)),
                PersonSpec("p3@prov.se", "P3", "analys", date(2026, 8, 1), date(2027, 2, 1)),
                PersonSpec("p4@prov.se", "P4", "opinion", date(2024, 1, 10)),
            ],
            areas=[
                AreaSpec("ledning", "Ledning", "vera@prov.se"),
                AreaSpec("opinion", "Opinion", "anna@prov.se"),
                AreaSpec("analys", "Analys", "olof@prov.se"),
            ],
        )
    )
    p = {x.email.split("@")[0]: x for x in org.people.all()}

    def talk(manager, person, action, held_on):
        perform(org, p[manager], action, f"person:{person}@prov.se", {"held_on": held_on}, at=D)

    talk("anna", "p1", "record_probation_follow_up", "2026-06-20")
    talk("anna", "p1", "record_probation_follow_up", "2026-08-05")
    talk("olof", "p3", "record_probation_follow_up", "2026-09-10")
    talk("anna", "p4", "record_development_talk", "2026-02-01")
    perform(
        org,
        p["anna"],
        "set_salary",
        "person:p4@prov.se",
        {"amount": "45000"},
        at=date(2025, 6, 1),
    )
    return org


def test_overdue_duties_per_manager_on_a_fixed_date(staff):
    expected = expected_overdue(staff, D)
    assert expected == actual_overdue(staff, D)
    # Worked out by hand: P1 misses July, September and October, P2 two periods, P3 August
    # and October; the area managers' yearly talks and reviews are the CEO's.
    assert expected["probation_follow_up"] == {"anna@prov.se": 5, "olof@prov.se": 2}
    assert expected["development_talk"] == {"vera@prov.se": 2}
    assert expected["salary_review"] == {"vera@prov.se": 2, "anna@prov.se": 1}


def test_the_current_follow_up_is_open_not_overdue(staff):
    open_ = [
        d for d in duties(staff, D) if d.kind == "probation_follow_up" and d.status(D) == "open"
    ]
    # November's talks of P1 and P3, and P2's period from 15 November.
    assert sorted(d.subject for d in open_) == [
        "person:p1@prov.se",
        "person:p2@prov.se",
        "person:p3@prov.se",
    ]
    assert all(d.clause == "AO4" for d in open_)


def test_a_follow_up_held_removes_the_duty(staff):
    before = actual_overdue(staff, D)["probation_follow_up"]["olof@prov.se"]
    perform(
        staff,
        Person.objects.get(email="olof@prov.se"),
        "record_probation_follow_up",
        "person:p3@prov.se",
        {"held_on": "2026-10-20"},
        at=D,
    )
    assert actual_overdue(staff, D)["probation_follow_up"]["olof@prov.se"] == before - 1


def test_rotation_duty_per_half_year(staff):
    rotation = [d for d in duties(staff, D) if d.kind == "rotation_decision"]
    # Deadlines 1 July 2026 (passed, none decided: overdue) and 1 January 2027 (open).
    assert [(d.due_on, d.status(D)) for d in rotation] == [
        (date(2026, 6, 30), "overdue"),
        (date(2026, 12, 31), "open"),
    ]
    assert all(d.owner is not None and d.owner.email == "vera@prov.se" for d in rotation)
    perform(
        staff,
        Person.objects.get(email="vera@prov.se"),
        "decide_rotation",
        "org",
        {"moves": "p4@prov.se=analys"},
        at=D,
    )
    rotation = [d for d in duties(staff, D) if d.kind == "rotation_decision"]
    assert [d.due_on for d in rotation] == [date(2026, 6, 30)]


def test_rotation_deadlines_are_sorted_around_a_date():
    assert rotation_deadlines(["07-01", "01-01"], D)[2:4] == [date(2026, 1, 1), date(2026, 7, 1)]


def test_coaching_duty_due_after_working_days(org, people):
    perform(
        org,
        people["erik"],
        "request_coaching",
        "person:anna@example.se",
        {"topic": "Presentationer"},
        at=date(2026, 12, 21),
    )
    (duty,) = [d for d in duties(org, date(2026, 12, 21)) if d.kind == "coaching_answer"]
    assert duty.owner == people["anna"]
    # Five working days after Monday 21 December, skipping Christmas (24-26) and the weekend.
    assert duty.due_on == date(2026, 12, 30)


@pytest.mark.django_db
def test_demo_overdue_duties_equal_an_independent_computation():
    from ansvar import demo

    org = demo.load(people=30, seed=3, today=D)
    expected = expected_overdue(org, D)
    assert expected == actual_overdue(org, D)
    assert sum(expected["development_talk"].values()) > 0
