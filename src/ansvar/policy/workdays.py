"""Working days in Sweden: Monday to Friday, minus public holidays and the de facto ones.

The calendar comes from the maintained ``holidays`` package. Its Swedish public calendar
lists every Sunday as a holiday, which is harmless here because weekends never count.
Midsummer Eve, Christmas Eve and New Year's Eve are not public holidays by law but are
treated as such in working life (Semesterlagen counts them as Sundays); the package lists
them in its ``de_facto`` category, so they do not count as working days either.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

CATEGORIES = ("public", "de_facto")


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("SE", years=year, categories=CATEGORIES)
    return frozenset(calendar.keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def nth_working_day_after(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself never counts); n=0 is ``start``."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def window_closes_on(proposed_on: date, working_days: int) -> date:
    """The first day a veto window is no longer open.

    The window covers the ``working_days`` working days after the day of the proposal and
    closes the day after the last of them; a window of zero days is closed at once.
    """
    if working_days == 0:
        return proposed_on
    return nth_working_day_after(proposed_on, working_days) + timedelta(days=1)


def last_day_of_window(proposed_on: date, closes_on: date) -> date:
    """The last day a veto can be given: the day before the window closes."""
    return max(proposed_on, closes_on - timedelta(days=1))
