"""Swedish employment law as calculations: pure functions of dates and parameters.

The numbers are the defaults of LAS (as amended 2022); a collective agreement may deviate
(LAS 2 §), so every function takes the organisation's parameters. No Django here.

Conventions:
- ``probation_until`` is the first day of the permanent employment (LAS 6 §).
- An underrättelse given on day D is in time for an action on day A when D <= A - n days.
- Notice given on day D with a period of m months ends on D plus m calendar months; that day
  is the last day of employment.
"""

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

PROBATION_MAX_MONTHS = 6  # LAS 6 §
DEFAULT_NOTICE_TABLE = ("0:1", "2:2", "4:3", "6:4", "8:5", "10:6")  # LAS 11 §


class LawError(ValueError):
    """A date or period the law does not allow; the message names the section."""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (or earlier), clamped to month end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_years(start: date, end: date) -> int:
    """Completed calendar years from ``start`` to ``end``."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(0, years)


def employment_days(
    periods: Iterable[tuple[date, date | None]], at: date, since: date | None = None
) -> int:
    """Days employed before ``at`` over all periods (first day, last day or None); with
    ``since``, only the days from that date on."""
    days = 0
    for start, last in periods:
        start = max(start, since) if since is not None else start
        if start >= at:
            continue
        end = at if last is None else min(at, last + timedelta(days=1))
        days += max(0, (end - start).days)
    return days


def employment_time_years(periods: Iterable[tuple[date, date | None]], at: date) -> int:
    """Total employment time in whole years up to ``at`` (LAS 11 §), over all periods.

    Periods are (first day, last day or None); the days of every period up to ``at`` are
    added and counted back from ``at``, so one continuous period counts calendar years.
    """
    return whole_years(at - timedelta(days=employment_days(periods, at)), at)


def years_and_months(days: int, at: date) -> tuple[int, int]:
    """``days`` of employment time as whole years and months, counted back from ``at``."""
    start = at - timedelta(days=days)
    years = whole_years(start, at)
    months = 0
    while add_months(start, 12 * years + months + 1) <= at:
        months += 1
    return years, months


def notice_table(parameters: Mapping[str, Any] | None = None) -> list[tuple[int, int]]:
    """The LAS 11 § table as (from whole years, months of notice), ascending."""
    raw = (parameters or {}).get("notice_period_table") or DEFAULT_NOTICE_TABLE
    rows = []
    for item in raw:
        years, _, months = str(item).partition(":")
        rows.append((int(years), int(months)))
    return sorted(rows)


def notice_months(years: int, parameters: Mapping[str, Any] | None = None) -> int:
    """Notice period in months for ``years`` whole years of employment (LAS 11 §)."""
    months = 1
    for from_years, period in notice_table(parameters):
        if years >= from_years:
            months = period
    return months


def notice_last_day(notice_given_on: date, months: int) -> date:
    """The last day of employment when notice of ``months`` months is given on a day."""
    return add_months(notice_given_on, months)


def probation_end(starts_on: date, months: int) -> date:
    """First day of the permanent employment after ``months`` of probation (LAS 6 §)."""
    if months < 1:
        raise LawError("En provanställning är minst en månad. / Probation is at least a month.")
    if months > PROBATION_MAX_MONTHS:
        raise LawError(
            f"En provanställning får vara högst {PROBATION_MAX_MONTHS} månader (LAS 6 §). / "
            f"A probationary employment lasts at most {PROBATION_MAX_MONTHS} months (LAS 6 §)."
        )
    return add_months(starts_on, months)


def last_day_to_inform(action_on: date, days: int) -> date:
    """The last day an underrättelse may be given before an action on ``action_on``."""
    return action_on - timedelta(days=days)


def probation_last_decision_day(probation_until: date) -> date:
    """The last day on which an end of the probation can be announced (LAS 6 §, 31 §)."""
    return probation_until - timedelta(days=1)


def probation_last_day_to_inform(probation_until: date, days: int = 14) -> date:
    """The last underrättelse day for ending a probation at its end at the latest (31 §)."""
    return last_day_to_inform(probation_last_decision_day(probation_until), days)


def grounds_too_old(grounds_known_on: date, informed_on: date, max_months: int = 2) -> bool:
    """LAS 18 §: grounds known more than ``max_months`` before the underrättelse."""
    return grounds_known_on < add_months(informed_on, -max_months)


def grounds_known_too_long(
    grounds_known_on: date, informed_on: date, parameters: Mapping[str, Any] | None = None
) -> int | None:
    """LAS 18 §: the months limit when grounds were known too long before the underrättelse
    to carry an avsked on their own; None when they may."""
    months = int((parameters or {}).get("dismissal_grounds_max_age_months", 2))
    return months if grounds_too_old(grounds_known_on, informed_on, months) else None


def reemployment_right(
    periods: Iterable[tuple[date, date | None]],
    notice_on: date,
    last_day: date,
    parameters: Mapping[str, Any] | None = None,
) -> date | None:
    """LAS 25 §: after a redundancy notice on ``notice_on``, the last day of the right of
    re-employment, or None when the person was not employed long enough.

    The right needs more than ``reemployment_qualifying_months`` (12) of employment within
    the ``reemployment_window_months`` (36) before the notice, and lasts from the notice
    until ``reemployment_months_after_last_day`` (9) months after the last day.
    """
    params = parameters or {}
    qualifying = int(params.get("reemployment_qualifying_months", 12))
    window = int(params.get("reemployment_window_months", 36))
    after = int(params.get("reemployment_months_after_last_day", 9))
    days = employment_days(periods, notice_on, since=add_months(notice_on, -window))
    if notice_on - timedelta(days=days) >= add_months(notice_on, -qualifying):
        return None  # exactly the qualifying months is not more than them
    return add_months(last_day, after)


def las_applies(is_ceo: bool) -> bool:
    """LAS 1 §: the CEO (a company-managing position) is outside the deadlines."""
    return not is_ceo


@dataclass(frozen=True)
class Deadline:
    """An underrättelse check: in time or not, with the last day and the section."""

    ok: bool
    last_day: date
    section: str

    def message(self, informed_on: date) -> tuple[str, str]:
        return (
            f"Underrättelsen {informed_on} kom för sent: senast {self.last_day} ({self.section}).",
            f"The notification on {informed_on} is too late: {self.last_day} at the latest "
            f"({self.section}).",
        )


UNDERRATTELSE = {
    # action kind: (parameter name, default days, section)
    "notice": ("notice_underrattelse_days", 14, "LAS 30 §"),
    "dismissal": ("dismissal_underrattelse_days", 7, "LAS 30 §"),
    "probation_end": ("probation_end_underrattelse_days", 14, "LAS 31 §"),
}


def underrattelse_days(kind: str, parameters: Mapping[str, Any] | None = None) -> int:
    """How many days before the action the underrättelse of ``kind`` must come."""
    name, default, _section = UNDERRATTELSE[kind]
    return int((parameters or {}).get(name, default))


def underrattelse_deadline(
    kind: str, informed_on: date, action_on: date, parameters: Mapping[str, Any] | None = None
) -> Deadline:
    section = UNDERRATTELSE[kind][2]
    last = last_day_to_inform(action_on, underrattelse_days(kind, parameters))
    return Deadline(informed_on <= last, last, section)
