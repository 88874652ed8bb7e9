"""Working days skip weekends, Swedish public holidays and the de facto holiday eves."""

from datetime import date

import pytest

from ansvar.policy.workdays import (
    is_working_day,
    last_day_of_window,
    nth_working_day_after,
    window_closes_on,
)

D = date


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (D(2026, 12, 23), True, "the day before Christmas Eve is a working day"),
        (D(2026, 12, 24), False, "Christmas Eve (de facto)"),
        (D(2026, 12, 25), False, "Christmas Day"),
        (D(2026, 12, 28), True, "Monday after Christmas"),
        (D(2026, 12, 31), False, "New Year's Eve (de facto)"),
        (D(2027, 1, 1), False, "New Year's Day"),
        (D(2027, 1, 6), False, "Epiphany"),
        (D(2026, 6, 19), False, "Midsummer Eve (de facto)"),
        (D(2026, 6, 20), False, "Midsummer Day, a Saturday"),
        (D(2026, 6, 22), True, "Monday after Midsummer"),
        (D(2026, 5, 14), False, "Ascension Day"),
        (D(2026, 11, 29), False, "a Sunday"),
        (D(2026, 11, 30), True, "an ordinary Monday"),
    ],
)
def test_working_days_follow_the_swedish_calendar(day, working, why):
    assert is_working_day(day) is working, why


@pytest.mark.parametrize(
    ("proposed", "days", "closes", "last_day"),
    [
        # Christmas: 24-27 December do not count; Mon 28, Tue 29, Wed 30 do.
        (D(2026, 12, 23), 3, D(2026, 12, 31), D(2026, 12, 30)),
        # Midsummer: Fri 19 June (eve) and the weekend do not count.
        (D(2026, 6, 18), 3, D(2026, 6, 25), D(2026, 6, 24)),
        # New Year: 31 Dec, 1 Jan, the weekend and 6 Jan (Epiphany) do not count.
        (D(2026, 12, 30), 3, D(2027, 1, 8), D(2027, 1, 7)),
        # An ordinary Friday: Mon, Tue, Wed.
        (D(2026, 11, 27), 3, D(2026, 12, 3), D(2026, 12, 2)),
        # A proposal made on a Sunday counts from Monday.
        (D(2026, 11, 29), 1, D(2026, 12, 1), D(2026, 11, 30)),
        # A window of zero days is closed at once.
        (D(2026, 11, 27), 0, D(2026, 11, 27), D(2026, 11, 27)),
        # Ascension Thursday 14 May 2026 is skipped: Wed 13, Fri 15, Mon 18.
        (D(2026, 5, 12), 3, D(2026, 5, 19), D(2026, 5, 18)),
    ],
)
def test_veto_window_counts_working_days(proposed, days, closes, last_day):
    assert window_closes_on(proposed, days) == closes
    assert last_day_of_window(proposed, closes) == last_day


def test_nth_working_day_after_never_counts_the_start():
    assert nth_working_day_after(D(2026, 11, 27), 1) == D(2026, 11, 30)
    assert nth_working_day_after(D(2026, 11, 27), 0) == D(2026, 11, 27)
    with pytest.raises(ValueError):
        nth_working_day_after(D(2026, 11, 27), -1)
