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


# --- LAS 30 §: the underrättelse before a notice on personal grounds, at every boundary ---


@pytest.mark.parametrize(
    ("informed", "action", "params", "ok", "last_day"),
    [
        # Two weeks by default: the fourteenth day before is in time, the thirteenth is not.
        (date(2026, 12, 1), date(2026, 12, 15), {}, True, date(2026, 12, 1)),
        (date(2026, 12, 2), date(2026, 12, 15), {}, False, date(2026, 12, 1)),
        (date(2026, 11, 1), date(2026, 12, 15), {}, True, date(2026, 12, 1)),
        # Across a month and a year end.
        (date(2026, 12, 18), date(2027, 1, 1), {}, True, date(2026, 12, 18)),
        (date(2026, 12, 19), date(2027, 1, 1), {}, False, date(2026, 12, 18)),
        # Across the end of February in a leap year: 29 days in the month.
        (date(2028, 2, 15), date(2028, 2, 29), {}, True, date(2028, 2, 15)),
        (date(2028, 2, 16), date(2028, 2, 29), {}, False, date(2028, 2, 15)),
        # A collective agreement with another number of days (LAS 2 §).
        (date(2026, 11, 24), date(2026, 12, 15), {"notice_underrattelse_days": 21}, True, None),
        (date(2026, 11, 25), date(2026, 12, 15), {"notice_underrattelse_days": 21}, False, None),
        # Zero days: the same day is in time.
        (date(2026, 12, 15), date(2026, 12, 15), {"notice_underrattelse_days": 0}, True, None),
    ],
)
def test_las_30_notice_underrattelse_boundaries(informed, action, params, ok, last_day):
    deadline = law.underrattelse_deadline("notice", informed, action, params)
    assert deadline.ok is ok and deadline.section == "LAS 30 §"
    if last_day is not None:
        assert deadline.last_day == last_day
    days = law.underrattelse_days("notice", params)
    assert deadline.last_day == law.last_day_to_inform(action, days)


@pytest.mark.parametrize(
    ("informed", "action", "ok"),
    [
        (date(2026, 12, 8), date(2026, 12, 15), True),  # one week before an avsked
        (date(2026, 12, 9), date(2026, 12, 15), False),
    ],
)
def test_las_30_dismissal_underrattelse_is_one_week(informed, action, ok):
    assert law.underrattelse_deadline("dismissal", informed, action).ok is ok
    assert law.underrattelse_days("dismissal") == 7


# --- LAS 18 §: grounds known too long before the underrättelse ----------------------------


@pytest.mark.parametrize(
    ("known", "informed", "params", "limit"),
    [
        (date(2026, 10, 1), date(2026, 12, 1), {}, None),  # exactly two months: may
        (date(2026, 9, 30), date(2026, 12, 1), {}, 2),  # a day more: may not
        (date(2026, 12, 31), date(2027, 2, 28), {}, None),  # month end clamps to Feb 28
        (date(2026, 12, 27), date(2027, 2, 28), {}, 2),
        (date(2026, 9, 30), date(2026, 12, 1), {"dismissal_grounds_max_age_months": 3}, None),
    ],
)
def test_las_18_grounds_known_too_long(known, informed, params, limit):
    assert law.grounds_known_too_long(known, informed, params) == limit


# --- employment time (LAS 22 §) and the right of re-employment (LAS 25 §) ----------------


def test_employment_days_add_every_period_and_can_start_from_a_date():
    periods = [(date(2020, 1, 1), date(2020, 12, 31)), (date(2026, 1, 1), None)]
    assert law.employment_days(periods, date(2026, 1, 11)) == 366 + 10
    assert law.employment_days(periods, date(2026, 1, 11), since=date(2020, 7, 1)) == 184 + 10
    assert law.employment_days([(date(2027, 1, 1), None)], date(2026, 1, 1)) == 0


@pytest.mark.parametrize(
    ("start", "at", "years", "months"),
    [
        (date(2021, 8, 15), date(2026, 11, 27), 5, 3),
        (date(2026, 9, 1), date(2026, 11, 27), 0, 2),
        (date(2026, 9, 1), date(2026, 12, 1), 0, 3),
        (date(2025, 12, 1), date(2026, 12, 1), 1, 0),
    ],
)
def test_years_and_months_of_employment(start, at, years, months):
    days = law.employment_days([(start, None)], at)
    assert law.years_and_months(days, at) == (years, months)


@pytest.mark.parametrize(
    ("periods", "notice_on", "right"),
    [
        # Twelve months exactly is not more than twelve: no right.
        ([(date(2025, 12, 15), None)], date(2026, 12, 15), False),
        ([(date(2025, 12, 14), None)], date(2026, 12, 15), True),
        # Only the last three years count: a long employment long ago gives nothing.
        (
            [(date(2010, 1, 1), date(2023, 6, 30)), (date(2026, 6, 1), None)],
            date(2026, 12, 15),
            False,
        ),
        (
            [(date(2010, 1, 1), date(2024, 6, 30)), (date(2026, 6, 1), None)],
            date(2026, 12, 15),
            True,
        ),
    ],
)
def test_las_25_right_needs_more_than_twelve_months_in_three_years(periods, notice_on, right):
    last_day = law.add_months(notice_on, 1)
    until = law.reemployment_right(periods, notice_on, last_day)
    assert (until is not None) is right
    if right:
        assert until == law.add_months(last_day, 9)


def test_las_25_numbers_follow_parameters():
    periods = [(date(2026, 6, 1), None)]
    params = {"reemployment_qualifying_months": 6, "reemployment_months_after_last_day": 4}
    until = law.reemployment_right(periods, date(2026, 12, 15), date(2027, 1, 15), params)
    assert until == date(2027, 5, 15)
    assert law.reemployment_right(periods, date(2026, 12, 15), date(2027, 1, 15)) is None
