"""Table-driven tests of the LAS calculations at every boundary."""

from datetime import date

import pytest

from ansvar.policy import law


@pytest.mark.parametrize(
    ("start", "at", "years", "months"),
    [
        (date(2024, 3, 1), date(2024, 3, 2), 0, 1),
        (date(2024, 3, 1), date(2026, 2, 28), 1, 1),  # one day short of 2 years
        (date(2024, 3, 1), date(2026, 3, 1), 2, 2),  # 2 years: 2 months
        (date(2022, 3, 1), date(2026, 2, 28), 3, 2),
        (date(2022, 3, 1), date(2026, 3, 1), 4, 3),  # 4 years: 3 months
        (date(2020, 3, 1), date(2026, 2, 28), 5, 3),
        (date(2020, 3, 1), date(2026, 3, 1), 6, 4),  # 6 years: 4 months
        (date(2018, 3, 1), date(2026, 2, 28), 7, 4),
        (date(2018, 3, 1), date(2026, 3, 1), 8, 5),  # 8 years: 5 months
        (date(2016, 3, 1), date(2026, 2, 28), 9, 5),
        (date(2016, 3, 1), date(2026, 3, 1), 10, 6),  # 10 years: 6 months
        (date(2000, 1, 1), date(2026, 3, 1), 26, 6),
    ],
)
def test_notice_period_by_employment_time(start, at, years, months):
    assert law.employment_time_years([(start, None)], at) == years
    assert law.notice_months(years) == months


def test_notice_periods_add_up_over_several_employments():
    periods = [(date(2018, 1, 1), date(2018, 12, 31)), (date(2024, 1, 1), None)]
    # one year, then two years and two months: three whole years
    assert law.employment_time_years(periods, date(2026, 3, 1)) == 3
    assert law.notice_months(3) == 2


def test_notice_table_from_a_collective_agreement():
    params = {"notice_period_table": ["0:2", "5:4"]}
    assert [law.notice_months(y, params) for y in (0, 4, 5, 20)] == [2, 2, 4, 4]


@pytest.mark.parametrize(
    ("given", "months", "last"),
    [
        (date(2026, 3, 15), 1, date(2026, 4, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
    ],
)
def test_last_day_of_employment(given, months, last):
    assert law.notice_last_day(given, months) == last


@pytest.mark.parametrize(
    ("kind", "informed", "action", "ok", "last_day", "section"),
    [
        ("notice", date(2026, 3, 1), date(2026, 3, 15), True, date(2026, 3, 1), "LAS 30 §"),
        ("notice", date(2026, 3, 2), date(2026, 3, 15), False, date(2026, 3, 1), "LAS 30 §"),
        ("dismissal", date(2026, 3, 8), date(2026, 3, 15), True, date(2026, 3, 8), "LAS 30 §"),
        ("dismissal", date(2026, 3, 9), date(2026, 3, 15), False, date(2026, 3, 8), "LAS 30 §"),
        ("probation_end", date(2026, 3, 1), date(2026, 3, 15), True, date(2026, 3, 1), "LAS 31 §"),
        (
            "probation_end",
            date(2026, 3, 2),
            date(2026, 3, 15),
            False,
            date(2026, 3, 1),
            "LAS 31 §",
        ),
    ],
)
def test_underrattelse_deadlines(kind, informed, action, ok, last_day, section):
    deadline = law.underrattelse_deadline(kind, informed, action)
    assert (deadline.ok, deadline.last_day, deadline.section) == (ok, last_day, section)
    assert section in deadline.message(informed)[0]


def test_underrattelse_days_follow_parameters():
    params = {"notice_underrattelse_days": 21}
    deadline = law.underrattelse_deadline("notice", date(2026, 3, 1), date(2026, 3, 15), params)
    assert not deadline.ok and deadline.last_day == date(2026, 2, 22)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 9, 1), 6, date(2027, 3, 1)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
    ],
)
def test_probation_end(start, months, end):
    assert law.probation_end(start, months) == end


@pytest.mark.parametrize("months", [0, 7, 12])
def test_probation_outside_the_law_is_an_error(months):
    with pytest.raises(law.LawError):
        law.probation_end(date(2026, 1, 1), months)


def test_probation_last_days():
    until = date(2027, 3, 1)
    assert law.probation_last_decision_day(until) == date(2027, 2, 28)
    assert law.probation_last_day_to_inform(until) == date(2027, 2, 14)


@pytest.mark.parametrize(
    ("known", "informed", "too_old"),
    [
        (date(2026, 1, 15), date(2026, 3, 15), False),  # exactly two months
        (date(2026, 1, 14), date(2026, 3, 15), True),
        (date(2026, 3, 1), date(2026, 3, 15), False),
    ],
)
def test_dismissal_grounds_age(known, informed, too_old):
    assert law.grounds_too_old(known, informed) is too_old


def test_ceo_is_outside_las():
    assert law.las_applies(False) and not law.las_applies(True)
