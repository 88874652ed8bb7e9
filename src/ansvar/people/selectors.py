"""Reads of the people processes. Sensitive reads (salaries, talk notes) go through the
policy (``can``) and leave an access record; the log view hides what a viewer may not see."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q

from ansvar.decisions import log
from ansvar.decisions.access import record_access
from ansvar.decisions.models import AccessRecord, Entry
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.registry import ACTIONS, can, record_refusal
from ansvar.org.models import (
    AreaMembership,
    Assignment,
    BusinessArea,
    Client,
    Employment,
    Holding,
    Organisation,
    Person,
)
from ansvar.org.selectors import ceo_on, client_lead_history, employed_on, valid_on
from ansvar.people.models import (
    ClientMonthFigure,
    CoachingRequest,
    ReemploymentRight,
    SalaryDecision,
    Talk,
)
from ansvar.policy import law

# --- who is whose line manager ------------------------------------------------------------


@dataclass
class OrgSnapshot:
    """Memberships and holdings of one organisation on one date, in four queries."""

    at: date
    ceo: Person | None
    area_of: dict[int, int]  # person id -> area id
    manager_of_area: dict[int, Person]  # area id -> manager
    managers: set[int]  # ids of people who manage an area
    employed: dict[int, Employment]
    people: dict[int, Person]

    def line_manager(self, person_id: int) -> Person | None:
        """The person's area manager; the CEO for an area manager; None for the CEO."""
        if self.ceo is not None and person_id == self.ceo.pk:
            return None
        if person_id in self.managers:
            return self.ceo
        area = self.area_of.get(person_id)
        manager = self.manager_of_area.get(area) if area is not None else None
        if manager is None or manager.pk == person_id:
            return self.ceo
        return manager


def snapshot(
    organisation: Organisation, at: date, *, area: BusinessArea | None = None
) -> OrgSnapshot:
    """With ``area``: only the people who belong to it on ``at`` (and every manager), so a
    page about one area does not read the whole organisation."""
    person_rows = Person.objects.filter(organisation=organisation)
    employments = Employment.objects.filter(employed_on(at), person__organisation=organisation)
    memberships = AreaMembership.objects.filter(valid_on(at), person__organisation=organisation)
    if area is not None:
        members = memberships.filter(area=area).values("person_id")
        held = Holding.objects.filter(valid_on(at), organisation=organisation).exclude(
            kind=Holding.Kind.CLIENT_LEAD
        )
        person_rows = person_rows.filter(Q(pk__in=members) | Q(pk__in=held.values("person_id")))
        employments = employments.filter(person_id__in=members)
        memberships = memberships.filter(person_id__in=members)
    people = {p.pk: p for p in person_rows}
    employed = {e.person_id: e for e in employments}
    area_of = dict(memberships.values_list("person_id", "area_id"))
    ceo = None
    manager_of_area: dict[int, Person] = {}
    managers: set[int] = set()
    for h in Holding.objects.filter(valid_on(at), organisation=organisation).exclude(
        kind=Holding.Kind.CLIENT_LEAD
    ):
        if h.kind == Holding.Kind.CEO:
            ceo = people[h.person_id]
        else:
            assert h.area_id is not None
            manager_of_area[h.area_id] = people[h.person_id]
            managers.add(h.person_id)
    return OrgSnapshot(at, ceo, area_of, manager_of_area, managers, employed, people)


# --- sensitive reads (AO3) ----------------------------------------------------------------


def _check(
    organisation: Organisation, viewer: Person, action: str, person: Person, at: date
) -> None:
    target = f"person:{person.email}"
    decision = can(organisation, viewer, action, target, at=at)
    if not decision.allowed:
        record_refusal(organisation, viewer, action, target, decision, {}, at)
        raise PolicyRefused(decision)


def salary_history(
    viewer: Person, person: Person, at: date, *, purpose: str = "view_salary"
) -> list[SalaryDecision]:
    """A person's salary decisions, for those who may see them (AO3); the read is logged."""
    organisation = person.organisation
    _check(organisation, viewer, "view_salary", person, at)
    record_access(organisation, viewer, person, "salary", purpose)
    return list(SalaryDecision.objects.filter(person=person).order_by("effective_from", "id"))


def talks(viewer: Person, person: Person, at: date) -> list[Talk]:
    """A person's talks with their notes, for those who may read them; the read is logged."""
    organisation = person.organisation
    _check(organisation, viewer, "view_talk_notes", person, at)
    record_access(organisation, viewer, person, "talk_notes", "view_talk_notes")
    return list(Talk.objects.filter(person=person))


def access_log(person: Person) -> list[dict[str, Any]]:
    """Who read this person's salary or talk notes, when and why (for their data export)."""
    return [
        {
            "recorded_at": r.recorded_at.isoformat(),
            "viewer": r.viewer.email if r.viewer else None,
            "what": r.what,
            "purpose": r.purpose,
        }
        for r in AccessRecord.objects.filter(subject=person).select_related("viewer")
    ]


# --- the log as a viewer may see it --------------------------------------------------------

# Actions whose personal payload holds a salary amount or talk notes.
SENSITIVE_ACTIONS = {
    "set_salary": ("view_salary", "salary"),
    "view_salary": ("view_salary", "salary"),
    "record_development_talk": ("view_talk_notes", "talk_notes"),
    "record_probation_follow_up": ("view_talk_notes", "talk_notes"),
}


def log_view(organisation: Organisation, viewer: Person, at: date) -> list[dict[str, Any]]:
    """The decision log as JSON objects (``log.export_lines``), with salary amounts and talk
    notes redacted for a viewer who may not see them. Showing them is an access."""
    people = {p.pk: p for p in Person.objects.filter(organisation=organisation)}
    allowed: dict[tuple[str, int], bool] = {}
    rows = []
    for line in log.export_lines(organisation):
        row = json.loads(line)
        rule = SENSITIVE_ACTIONS.get(row["action"])
        if rule is not None and row.get("personal") is not None:
            subject_id = int(row["target"].split(":", 1)[1])
            subject = people.get(subject_id)
            key = (rule[0], subject_id)
            if key not in allowed:
                allowed[key] = subject is not None and bool(
                    can(organisation, viewer, rule[0], f"person:{subject.pk}", at=at).allowed
                )
            if allowed[key]:
                assert subject is not None
                record_access(organisation, viewer, subject, rule[1], "log_view")
            else:
                row["personal"] = {"redacted": True}
        rows.append(row)
    return rows


# --- probation ----------------------------------------------------------------------------


def probation_status(person: Person, at: date) -> dict[str, Any] | None:
    """The probation's end and the last days to decide and to inform (LAS 6 §, 31 §)."""
    employment = Employment.objects.filter(employed_on(at), person=person).first()
    if employment is None or employment.probation_until is None:
        return None
    days = person.organisation.policy_int("probation_end_underrattelse_days")
    return {
        "starts_on": employment.starts_on,
        "permanent_from": employment.probation_until,
        "on_probation": employment.kind_on(at) == "probation",
        "last_day_to_decide": law.probation_last_decision_day(employment.probation_until),
        "last_day_to_inform": law.probation_last_day_to_inform(employment.probation_until, days),
    }


# --- coaching (AO5) -----------------------------------------------------------------------


def coaching_response_times(organisation: Organisation, at: date) -> dict[str, Any]:
    """Per manager: answered requests, mean and longest response in days, open requests."""
    per: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"answered": 0, "open": 0, "total_days": 0, "longest_days": 0}
    )
    names: dict[int, str] = {}
    for r in CoachingRequest.objects.filter(
        organisation=organisation, requested_on__lte=at
    ).select_related("manager"):
        stats = per[r.manager_id]
        names[r.manager_id] = r.manager.email
        if r.answered_on is not None and r.answered_on <= at:
            days = (r.answered_on - r.requested_on).days
            stats["answered"] += 1
            stats["total_days"] += days
            stats["longest_days"] = max(stats["longest_days"], days)
        else:
            stats["open"] += 1
            stats["longest_days"] = max(stats["longest_days"], (at - r.requested_on).days)
    result = {}
    for manager_id, stats in per.items():
        answered = stats["answered"]
        result[names[manager_id]] = {
            "answered": answered,
            "open": stats["open"],
            "mean_days": round(stats["total_days"] / answered, 1) if answered else None,
            "longest_days": stats["longest_days"],
        }
    return result


# --- area figures (AO1, AO2) ----------------------------------------------------------------


def month_starts(at: date, months: int) -> list[date]:
    first = at.replace(day=1)
    return [law.add_months(first, -i) for i in range(months - 1, -1, -1)]


def area_figures(
    organisation: Organisation, at: date, months: int = 6, *, only: BusinessArea | None = None
) -> list[dict[str, Any]]:
    """Per business area (only the area ``only`` when given), per month up to ``at``: people,
    clients led from the area, active assignments, recorded revenue and margin; and the
    manager's own clients (AO1)."""
    areas = list(BusinessArea.objects.filter(organisation=organisation))
    if only is not None:
        areas = [a for a in areas if a.pk == only.pk]
    days = month_starts(at, months)
    snapshots = {d: (snapshot(organisation, _month_point(d, at), area=only), d) for d in days}
    snap_now = snapshot(organisation, at, area=only)
    ids: set[int] | None = None
    if only is not None:  # only the clients led by the area's members and its manager
        ids = {pid for snap, _ in snapshots.values() for pid in snap.area_of}
        manager = snap_now.manager_of_area.get(only.pk)
        ids |= {manager.pk} if manager is not None else set()
    # Lead periods as tick has written or will write them (a lapsed new client included).
    leads = [
        (h.person_id, h.client_id, h.valid_from, h.valid_to)
        for h in client_lead_history(organisation, at, people=ids)
    ]
    client_rows = Client.objects.filter(organisation=organisation)
    if only is not None:
        client_rows = client_rows.filter(pk__in={cid for _, cid, _, _ in leads})
    clients = {c.pk: c for c in client_rows}
    figures: dict[tuple[int, date], ClientMonthFigure] = {
        (f.client_id, f.month): f for f in ClientMonthFigure.objects.filter(client__in=clients)
    }
    assignment_rows = Assignment.objects.filter(organisation=organisation)
    if only is not None:
        assignment_rows = assignment_rows.filter(client__in=client_rows)
    assignments = list(assignment_rows)
    result = []
    for area in areas:
        series = []
        for d in days:
            snap, _ = snapshots[d]
            point = snap.at
            members = [pid for pid, aid in snap.area_of.items() if aid == area.pk]
            member_set = set(members)
            led = sorted(
                {
                    cid
                    for pid, cid, start, end in leads
                    if pid in member_set and start <= point and (end is None or end > point)
                }
            )
            active = [a for a in assignments if a.client_id in led and _assignment_active(a, point)]
            revenue = Decimal(0)
            margin = Decimal(0)
            per_client = []
            for cid in led:
                row = figures.get((cid, d))
                if row is not None:
                    revenue += row.revenue
                    margin += row.margin
                    per_client.append(
                        {
                            "client": clients[cid].slug,
                            "revenue": str(row.revenue),
                            "margin": str(row.margin),
                        }
                    )
            series.append(
                {
                    "month": d.isoformat()[:7],
                    "people": len([m for m in members if m in snap.employed]),
                    "clients_led": [clients[c].slug for c in led],
                    "active_assignments": len(active),
                    "revenue": str(revenue),
                    "margin": str(margin),
                    "per_client": per_client,
                }
            )
        manager = snap_now.manager_of_area.get(area.pk)
        own = sorted(
            clients[cid].slug
            for pid, cid, start, end in leads
            if manager is not None
            and pid == manager.pk
            and start <= at
            and (end is None or end > at)
        )
        result.append(
            {
                "area": area.slug,
                "name": area.name,
                "manager": manager.email if manager else None,
                "manager_clients": own,
                "manager_leads_no_client": manager is not None and not own,
                "months": series,
            }
        )
    return result


def _month_point(month: date, at: date) -> date:
    """The date a month is measured on: its last day, or ``at`` for the current month."""
    end = law.add_months(month, 1).toordinal() - 1
    return min(date.fromordinal(end), at)


def _assignment_active(a: Assignment, point: date) -> bool:
    if a.status in (Assignment.Status.VETOED,):
        return False
    if a.closed_on is not None and a.closed_on <= point:
        return False
    if a.status == Assignment.Status.CLOSED and a.closed_on is None:
        return False
    return a.window_closes_on <= point


def _sensitive_rule(action_name: str) -> tuple[str, str] | None:
    """The right that guards an entry's payload: salary and talk rules as in ``log_view``;
    another action on a person with a sensitive argument (a notice's reason) is guarded
    like talk notes, the person's own circle."""
    rule = SENSITIVE_ACTIONS.get(action_name)
    if rule is not None:
        return rule
    spec = ACTIONS.get(action_name)
    if spec is not None and spec.target == "person" and any(a.sensitive for a in spec.args):
        return ("view_talk_notes", "personal_details")
    return None


def redact_entries(
    organisation: Organisation, viewer: Person, entries: list[Entry], at: date
) -> list[dict[str, Any] | None]:
    """The personal payloads of some log entries (loaded with ``payload``) as ``viewer`` may
    see them, by the same rule as ``log_view``: ``None`` when erased, ``{"redacted": True}``
    for a salary or talk the viewer may not see. A shown salary or talk is an access."""
    allowed: dict[tuple[str, int], bool] = {}
    subject_ids = {
        int(e.target.split(":", 1)[1])
        for e in entries
        if _sensitive_rule(e.action) and e.target.split(":", 1)[-1].isdigit()
    }
    subjects = {
        p.pk: p for p in Person.objects.filter(organisation=organisation, pk__in=subject_ids)
    }
    result: list[dict[str, Any] | None] = []
    for entry in entries:
        payload = getattr(entry, "payload", None)
        data = None if payload is None or payload.erased_at is not None else payload.data
        rule = _sensitive_rule(entry.action)
        if rule is not None and data is not None:
            key_text = entry.target.split(":", 1)[-1]
            subject = subjects.get(int(key_text)) if key_text.isdigit() else None
            if subject is None:
                data = {"redacted": True}
            else:
                key = (rule[0], subject.pk)
                if key not in allowed:
                    allowed[key] = can(
                        organisation, viewer, rule[0], f"person:{subject.pk}", at=at
                    ).allowed
                if allowed[key]:
                    record_access(organisation, viewer, subject, rule[1], "log_view")
                else:
                    data = {"redacted": True}
        result.append(data)
    return result


# --- separations: order of selection (LAS 22 §), re-employment (LAS 25 §), log-in ------------


@dataclass(frozen=True)
class SelectionRow:
    """One person in a unit's order of selection: longest total employment time first."""

    rank: int
    person: Person
    first_day: date  # the first day of the earliest employment
    days: int  # total employment time up to the date, over every period
    years: int
    months: int
    tied: bool  # the same time as someone else in the unit: the older goes first (LAS 22 §)
    ends_on: date | None  # the last day, when an end is already decided


def selection_order(
    area: BusinessArea, at: date, *, ceo_email: str | None = None
) -> list[SelectionRow]:
    """The people of ``area`` employed on ``at``, longest total employment time first: the
    order in which they keep their work in a redundancy (LAS 22 §). The CEO is outside LAS
    (1 §) and not listed; a caller that knows the CEO passes ``ceo_email`` and saves a query.
    Age, the law's tie-break, is not recorded, so equal times are marked ``tied``."""
    if ceo_email is None:
        ceo = ceo_on(area.organisation, at)
        ceo_email = ceo.email if ceo else ""
    employed = Employment.objects.filter(employed_on(at)).values("person_id")
    members = [
        m.person
        for m in AreaMembership.objects.filter(valid_on(at), area=area, person__in=employed)
        .exclude(person__email=ceo_email)
        .select_related("person")
    ]
    periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for person_id, starts_on, last_day in Employment.objects.filter(
        person__in=[p.pk for p in members]
    ).values_list("person_id", "starts_on", "last_day"):
        periods[person_id].append((starts_on, last_day))
    times = sorted(
        ((law.employment_days(periods[p.pk], at), p) for p in members),
        key=lambda row: (-row[0], row[1].name, row[1].pk),
    )
    counts: dict[int, int] = defaultdict(int)
    for days, _person in times:
        counts[days] += 1
    rows = []
    for rank, (days, person) in enumerate(times, start=1):
        spans = periods[person.pk]
        ends_on = next(
            (last for start, last in spans if start <= at and last is not None and last >= at),
            None,
        )
        years, months = law.years_and_months(days, at)
        rows.append(
            SelectionRow(
                rank=rank,
                person=person,
                first_day=min(start for start, _last in spans),
                days=days,
                years=years,
                months=months,
                tied=counts[days] > 1,
                ends_on=ends_on,
            )
        )
    return rows


def reemployment_rights(
    organisation: Organisation, at: date, *, area: BusinessArea | None = None
) -> list[ReemploymentRight]:
    """The rights of re-employment (LAS 25 §) in force on ``at`` (from the notice to
    ``valid_until``), of people not employed again since, in ``area`` when given; the
    longest-employed first, as the order of selection ranks them. One query."""
    rehired = Employment.objects.filter(
        person=OuterRef("person"), starts_on__gt=OuterRef("separation__last_day")
    )
    rows = (
        ReemploymentRight.objects.filter(
            organisation=organisation, valid_from__lte=at, valid_until__gte=at
        )
        .exclude(Exists(rehired))
        .select_related("person", "area", "separation")
        .order_by("-separation__employment_years", "valid_until", "person__name")
    )
    if area is not None:
        rows = rows.filter(area=area)
    return list(rows)
