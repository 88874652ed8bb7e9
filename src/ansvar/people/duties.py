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
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from ansvar.common.sql import IdList
from ansvar.duties.registry import Duty, not_the_ceo, provider, shared
from ansvar.org.models import AreaMembership, Employment, Holding, Organisation, Person
from ansvar.org.selectors import employed_on, valid_on
from ansvar.people.models import CoachingRequest, RotationDecision, SalaryDecision, Talk
from ansvar.people.selectors import OrgSnapshot, snapshot
from ansvar.policy import law
from ansvar.policy.workdays import nth_working_day_after

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


def fulfilled(periods: list[tuple[date, date]], talks: Iterable[date]) -> set[int]:
    """Which periods (by index) the talks held fulfil: each talk, in date order, the oldest
    period still open that has begun by then, so a late talk clears the overdue month, not
    the coming one."""
    done: set[int] = set()
    for held_on in sorted(talks):
        for i, (first, _due) in enumerate(periods):
            if i not in done and first <= held_on:
                done.add(i)
                break
    return done


@dataclass
class _Reports:
    """The organisation's snapshot, or with a person only the part that can report to them:
    ``ids`` is None for everyone, else the ids of the people whose line manager may be
    ``person`` (a superset: the snapshot's ``line_manager`` still decides)."""

    snap: OrgSnapshot
    ids: list[int] | None
    person: Person | None

    def reporting(self) -> Iterable[tuple[int, Employment, Person | None]]:
        """(person id, employment, line manager) for each employed person in scope."""
        for person_id, employment in self.snap.employed.items():
            owner = self.snap.line_manager(person_id)
            if self.person is not None and (owner is None or owner.pk != self.person.pk):
                continue
            yield person_id, employment, owner

    def only(self, query: QuerySet[Any], field: str = "person_id") -> QuerySet[Any]:
        return query if self.ids is None else query.filter(**{f"{field}__in": IdList(self.ids)})


def _reports(organisation: Organisation, at: date, person: Person | None) -> _Reports:
    key = ("people.reports", organisation.pk, at, person.pk if person else None)
    return shared(key, lambda: _read_reports(organisation, at, person))


def _read_reports(organisation: Organisation, at: date, person: Person | None) -> _Reports:
    """The people whose line manager (AO3) ``person`` may be on ``at``, in a fixed number of
    queries that read only them: an area manager's are the members of the areas they manage;
    the CEO's are the area managers and everyone outside an area someone else manages."""
    if person is None:
        return _Reports(snapshot(organisation, at), None, None)
    held = (
        Holding.objects.filter(valid_on(at), organisation=organisation)
        .exclude(kind=Holding.Kind.CLIENT_LEAD)
        .values_list("person_id", "kind", "area_id")
    )
    holdings = list(held)
    managers = {pid for pid, kind, _ in holdings if kind != Holding.Kind.CEO}
    is_ceo = any(pid == person.pk for pid, kind, _ in holdings if kind == Holding.Kind.CEO)
    if not is_ceo and person.pk not in managers:  # nobody's line manager: nobody to read
        return _Reports(OrgSnapshot(at, None, {}, {}, managers, {}, {}), [], person)
    members = AreaMembership.objects.filter(valid_on(at), person__organisation=organisation)
    # Ids are read into lists, not nested subqueries: NOT IN / OR over subqueries makes
    # PostgreSQL's planner evaluate them per row.
    if is_ceo:
        area_of = dict(members.values_list("person_id", "area_id"))  # as snapshot() does
        others = {a for pid, k, a in holdings if k != Holding.Kind.CEO and pid != person.pk}
        everyone = Person.objects.filter(organisation=organisation).values_list("pk", flat=True)
        ids = [pid for pid in everyone if pid in managers or area_of.get(pid) not in others]
        area_of = {pid: area_of[pid] for pid in ids if pid in area_of}
    else:
        own = [a for pid, k, a in holdings if k != Holding.Kind.CEO and pid == person.pk]
        ids = list(members.filter(area_id__in=own).values_list("person_id", flat=True))
        area_of = dict(members.filter(person_id__in=ids).values_list("person_id", "area_id"))
    holders = {pid for pid, _, _ in holdings}
    people = {
        p.pk: p
        for p in Person.objects.filter(organisation=organisation, pk__in=IdList(set(ids) | holders))
    }
    employed = {
        e.person_id: e
        for e in Employment.objects.filter(
            employed_on(at), person__organisation=organisation, person_id__in=IdList(ids)
        )
    }
    ceo = None
    manager_of_area: dict[int, Person] = {}
    for pid, kind, area in holdings:
        if kind == Holding.Kind.CEO:
            ceo = people[pid]
        else:
            manager_of_area[area] = people[pid]
    snap = OrgSnapshot(at, ceo, area_of, manager_of_area, managers, employed, people)
    return _Reports(snap, ids, person)


def _talk_days(
    organisation: Organisation, reports: _Reports, kind: str, at: date
) -> dict[int, list[date]]:
    days: dict[int, list[date]] = defaultdict(list)
    query = Talk.objects.filter(organisation=organisation, kind=kind, held_on__lte=at)
    for person_id, held_on in reports.only(query).values_list("person_id", "held_on"):
        days[person_id].append(held_on)
    return days


@provider("probation_follow_up")
def probation_follow_ups(
    organisation: Organisation, at: date, person: Person | None = None
) -> Iterable[Duty]:
    reports = _reports(organisation, at, person)
    snap = reports.snap
    interval = organisation.policy_int("probation_follow_up_interval_months")
    held = _talk_days(organisation, reports, Talk.Kind.PROBATION_FOLLOW_UP, at)
    for person_id, employment, owner in reports.reporting():
        if employment.kind_on(at) != "probation":
            continue
        assert employment.probation_until is not None
        subject = snap.people[person_id]
        periods = follow_up_periods(employment.starts_on, employment.probation_until, interval)
        done = fulfilled(periods, held.get(person_id, ()))
        for k, (first, due) in enumerate(periods, start=1):
            if first > at:
                break
            if k - 1 in done:
                continue
            yield Duty(
                kind="probation_follow_up",
                clause="AO4",
                owner=owner,
                due_on=due,
                title_sv=f"Uppföljningssamtal {k} med {subject.name} (provanställning)",
                title_en=f"Probation follow-up talk {k} with {subject.name}",
                subject=f"person:{subject.email}",
            )


def _yearly(
    reports: _Reports, at: date, kind: str, last: dict[int, date], interval: int
) -> Iterable[Duty]:
    snap = reports.snap
    horizon = law.add_months(at, UPCOMING_MONTHS)
    for person_id, employment, owner in reports.reporting():
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
def development_talks(
    organisation: Organisation, at: date, person: Person | None = None
) -> Iterable[Duty]:
    reports = _reports(organisation, at, person)
    held = _talk_days(organisation, reports, Talk.Kind.DEVELOPMENT, at)
    last = {pid: max(days) for pid, days in held.items()}
    interval = organisation.policy_int("development_talk_interval_months")
    return _yearly(reports, at, "development_talk", last, interval)


@provider("salary_review")
def salary_reviews(
    organisation: Organisation, at: date, person: Person | None = None
) -> Iterable[Duty]:
    reports = _reports(organisation, at, person)
    last: dict[int, date] = {}
    decisions = SalaryDecision.objects.filter(organisation=organisation, decided_on__lte=at)
    for pid, decided_on in reports.only(decisions).values_list("person_id", "decided_on"):
        last[pid] = max(decided_on, last.get(pid, decided_on))
    interval = organisation.policy_int("salary_review_interval_months")
    return _yearly(reports, at, "salary_review", last, interval)


@provider("coaching_answer")
def coaching_answers(
    organisation: Organisation, at: date, person: Person | None = None
) -> Iterable[Duty]:
    days = organisation.policy_int("coaching_response_days")
    requests = CoachingRequest.objects.filter(
        organisation=organisation, requested_on__lte=at, answered_on__isnull=True
    ).select_related("requester", "manager")
    if person is not None:
        requests = requests.filter(manager=person)
    for r in requests:
        yield Duty(
            kind="coaching_answer",
            clause="AO5",
            owner=r.manager,
            due_on=nth_working_day_after(r.requested_on, days),
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
def rotation_decisions(
    organisation: Organisation, at: date, person: Person | None = None
) -> Iterable[Duty]:
    if not_the_ceo(organisation, at, person):
        return
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
    deadlines = rotation_deadlines(list(organisation.policy["rotation_decision_dates"]), at)
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
