"""Duties of the people processes, derived from employments, talks, salaries and requests.

- probation_follow_up (AO4): one talk per follow-up period (parameter, default a month) of a
  probation, from its start; period k runs [start + (k-1) n months, start + k n months) and is
  due on its last day. Owner: the person's line manager. Shown from the period's start while
  the probation lasts.
- development_talk, salary_review (AO3): one per interval (parameter, default 12 months)
  after the last talk or salary decision, or after the start of the employment. Shown from a
  month before they fall due.
- coaching_answer (AO5): an unanswered request, due after the response time in working days.
- rotation_decision (VD3): a rotation decision is due before each of the parameter's dates;
  a half-year without one is an overdue CEO duty.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from ansvar.duties.registry import Duty, provider
from ansvar.org.models import Holding, Organisation
from ansvar.org.selectors import valid_on
from ansvar.people.models import CoachingRequest, RotationDecision, SalaryDecision, Talk
from ansvar.people.selectors import policy_int, policy_value, snapshot
from ansvar.policy import law

UPCOMING_MONTHS = 1


def follow_up_periods(start: date, probation_until: date, interval: int) -> list[tuple[date, date]]:
    """The follow-up periods of a probation as (first day, due day)."""
    periods: list[tuple[date, date]] = []
    k = 1
    while True:
        first = law.add_months(start, (k - 1) * interval)
        if first >= probation_until:
            return periods
        end = min(law.add_months(start, k * interval), probation_until)
        periods.append((first, end - timedelta(days=1)))
        k += 1


def _talk_days(organisation: Organisation, kind: str, at: date) -> dict[int, list[date]]:
    days: dict[int, list[date]] = defaultdict(list)
    for person_id, held_on in Talk.objects.filter(
        organisation=organisation, kind=kind, held_on__lte=at
    ).values_list("person_id", "held_on"):
        days[person_id].append(held_on)
    return days


@provider("probation_follow_up")
def probation_follow_ups(organisation: Organisation, at: date) -> Iterable[Duty]:
    snap = snapshot(organisation, at)
    interval = policy_int(organisation, "probation_follow_up_interval_months")
    held = _talk_days(organisation, Talk.Kind.PROBATION_FOLLOW_UP, at)
    for person_id, employment in snap.employed.items():
        if employment.kind_on(at) != "probation":
            continue
        assert employment.probation_until is not None
        person = snap.people[person_id]
        owner = snap.line_manager(person_id)
        periods = follow_up_periods(employment.starts_on, employment.probation_until, interval)
        for k, (first, due) in enumerate(periods, start=1):
            if first > at:
                break
            if any(first <= d <= due for d in held.get(person_id, ())):
                continue
            yield Duty(
                kind="probation_follow_up",
                clause="AO4",
                owner=owner,
                due_on=due,
                title_sv=f"Uppföljningssamtal {k} med {person.name} (provanställning)",
                title_en=f"Probation follow-up talk {k} with {person.name}",
                subject=f"person:{person.email}",
            )


def _yearly(
    organisation: Organisation, at: date, kind: str, last: dict[int, date], interval: int
) -> Iterable[Duty]:
    snap = snapshot(organisation, at)
    horizon = law.add_months(at, UPCOMING_MONTHS)
    for person_id, employment in snap.employed.items():
        owner = snap.line_manager(person_id)
        if owner is None:  # the CEO: the board decides, outside Ansvar
            continue
        since = max(last.get(person_id, employment.starts_on), employment.starts_on)
        due = law.add_months(since, interval)
        if due > horizon:
            continue
        person = snap.people[person_id]
        if kind == "development_talk":
            sv, en = f"Utvecklingssamtal med {person.name}", f"Development talk with {person.name}"
        else:
            sv, en = f"Lönerevision för {person.name}", f"Salary review for {person.name}"
        yield Duty(
            kind=kind,
            clause="AO3",
            owner=owner,
            due_on=due,
            title_sv=sv,
            title_en=en,
            subject=f"person:{person.email}",
        )


@provider("development_talk")
def development_talks(organisation: Organisation, at: date) -> Iterable[Duty]:
    last = {
        pid: max(days) for pid, days in _talk_days(organisation, Talk.Kind.DEVELOPMENT, at).items()
    }
    interval = policy_int(organisation, "development_talk_interval_months")
    return _yearly(organisation, at, "development_talk", last, interval)


@provider("salary_review")
def salary_reviews(organisation: Organisation, at: date) -> Iterable[Duty]:
    last: dict[int, date] = {}
    for pid, decided_on in SalaryDecision.objects.filter(
        organisation=organisation, decided_on__lte=at
    ).values_list("person_id", "decided_on"):
        last[pid] = max(decided_on, last.get(pid, decided_on))
    interval = policy_int(organisation, "salary_review_interval_months")
    return _yearly(organisation, at, "salary_review", last, interval)


def working_days_after(start: date, n: int) -> date:
    """The n-th working day after ``start``: Swedish holidays when the calendar is there."""
    try:
        from ansvar.policy.workdays import nth_working_day_after
    except ImportError:  # the holiday calendar is optional: count weekdays
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            counted += day.weekday() < 5
        return day
    return nth_working_day_after(start, n)


@provider("coaching_answer")
def coaching_answers(organisation: Organisation, at: date) -> Iterable[Duty]:
    days = policy_int(organisation, "coaching_response_days")
    requests = CoachingRequest.objects.filter(
        organisation=organisation, requested_on__lte=at, answered_on__isnull=True
    ).select_related("requester", "manager")
    for r in requests:
        yield Duty(
            kind="coaching_answer",
            clause="AO5",
            owner=r.manager,
            due_on=working_days_after(r.requested_on, days),
            title_sv=f"Svara på {r.requester.name}s coachningsförfrågan",
            title_en=f"Answer {r.requester.name}'s coaching request",
            subject=f"person:{r.requester.email}",
        )


def rotation_deadlines(dates: list[str], around: date) -> list[date]:
    """The rotation deadlines (MM-DD) of the year before, of, and after ``around``, sorted."""
    found = []
    for year in (around.year - 1, around.year, around.year + 1):
        for item in dates:
            month, day = (int(x) for x in str(item).split("-"))
            found.append(date(year, month, day))
    return sorted(found)


@provider("rotation_decision")
def rotation_decisions(organisation: Organisation, at: date) -> Iterable[Duty]:
    ceo_holding = (
        Holding.objects.filter(valid_on(at), organisation=organisation, kind=Holding.Kind.CEO)
        .select_related("person")
        .first()
    )
    if ceo_holding is None:
        return
    founded = (
        Holding.objects.filter(organisation=organisation, kind=Holding.Kind.CEO)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    assert founded is not None
    deadlines = rotation_deadlines(list(policy_value(organisation, "rotation_decision_dates")), at)
    decided = list(
        RotationDecision.objects.filter(organisation=organisation).values_list(
            "decided_on", flat=True
        )
    )
    warn = bool(organisation.policy.get("collective_agreement"))
    previous_passed = [d for d in deadlines if d <= at][-1:]
    upcoming = [d for d in deadlines if d > at][:1]
    for due in previous_passed + upcoming:
        index = deadlines.index(due)
        opens = deadlines[index - 1] if index > 0 else law.add_months(due, -6)
        if opens < founded:
            continue
        if any(opens <= d < due for d in decided):
            continue
        sv = f"Besluta om enhetsrotation före {due}"
        en = f"Decide on unit rotation before {due}"
        if warn:
            sv += " (kollektivavtal: förhandla enligt MBL 11 § först)"
            en += " (collective agreement: negotiate under MBL 11 § first)"
        yield Duty(
            kind="rotation_decision",
            clause="VD3",
            owner=ceo_holding.person,
            due_on=due - timedelta(days=1),
            title_sv=sv,
            title_en=en,
            subject="org",
        )
