"""Reads of the people processes. Sensitive reads (salaries, talk notes) go through the
policy (``can``) and leave an access record. The decision log as a reader may see it
(``read_entries``: the log page and the export) applies the log's read rules
(``policy.rules.reads``) to many entries at once."""

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet

from ansvar.decisions import log
from ansvar.decisions.access import record_access, record_accesses
from ansvar.decisions.models import AccessRecord, Entry
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.facts import FactsCache, party
from ansvar.engine.registry import can, record_refusal
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
from ansvar.policy import law, roles
from ansvar.policy.decision import Decision
from ansvar.policy.facts import AreaFacts, Facts, PersonFacts
from ansvar.policy.rules import evaluate
from ansvar.policy.rules.reads import ANY_EMPLOYEE, COACHING, GUARDED, entry_rule

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
        """``policy.roles.line_manager`` of the person on the snapshot's day."""
        area = self.area_of.get(person_id)
        return roles.line_manager(
            is_ceo=self.ceo is not None and person_id == self.ceo.pk,
            is_area_manager=person_id in self.managers,
            area_manager=self.manager_of_area.get(area) if area is not None else None,
            ceo=self.ceo,
        )


def snapshot(
    organisation: Organisation, at: date, *, area: BusinessArea | None = None
) -> OrgSnapshot:
    """With ``area``: only the people who belong to it on ``at``, the CEO and the holdings
    of the area and of its members, so a page about one area does not read the whole
    organisation (its members' line managers are the same)."""
    person_rows = Person.objects.filter(organisation=organisation)
    employments = Employment.objects.filter(employed_on(at), person__organisation=organisation)
    memberships = AreaMembership.objects.filter(valid_on(at), person__organisation=organisation)
    held = Holding.objects.filter(valid_on(at), organisation=organisation).exclude(
        kind=Holding.Kind.CLIENT_LEAD
    )
    if area is not None:
        members = memberships.filter(area=area).values("person_id")
        held = held.filter(Q(kind=Holding.Kind.CEO) | Q(area=area) | Q(person_id__in=members))
        person_rows = person_rows.filter(Q(pk__in=members) | Q(pk__in=held.values("person_id")))
        employments = employments.filter(person_id__in=members)
        memberships = memberships.filter(person_id__in=members)
    people = {p.pk: p for p in person_rows}
    employed = {e.person_id: e for e in employments}
    area_of = dict(memberships.values_list("person_id", "area_id"))
    ceo = None
    manager_of_area: dict[int, Person] = {}
    managers: set[int] = set()
    for h in held:
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
    rows = SalaryDecision.objects.filter(person=person).select_related("decided_by")
    return list(rows.order_by("effective_from", "id"))


def talks(
    viewer: Person, person: Person, at: date, *, purpose: str = "view_talk_notes"
) -> list[Talk]:
    """A person's talks with their notes, for those who may read them; the read is logged."""
    organisation = person.organisation
    _check(organisation, viewer, "view_talk_notes", person, at)
    record_access(organisation, viewer, person, "talk_notes", purpose)
    return list(Talk.objects.filter(person=person).select_related("held_by"))


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


# --- the log as a reader may see it ---------------------------------------------------------

# What a shown payload of these kinds holds, for the access log (showing it is an access).
_ACCESS_WHAT = {
    "set_salary": "salary",
    "record_development_talk": "talk_notes",
    "record_probation_follow_up": "talk_notes",
    "decide_probation": "personal_details",
    "give_notice": "personal_details",
    "dismiss": "personal_details",
}
EXPORT_CHUNK = 1000


@dataclass(frozen=True)
class SeenEntry:
    """One log entry as a reader sees it. ``decision`` is the read rule's answer: when it is
    refused the reader sees that a decision of this kind was made, not by whom, about whom
    or what it said; ``personal`` is the payload when readable and not erased."""

    entry: Entry
    decision: Decision
    personal: dict[str, Any] | None
    erased: bool

    @property
    def readable(self) -> bool:
        return self.decision.allowed

    def as_export(self) -> dict[str, Any]:
        """The JSON object of ``ansvar log export``: what the reader may read, and
        ``withheld`` where the rule keeps the actor, the target and the facts from them."""
        row = log.entry_fields(self.entry)
        row["personal_erased"] = self.erased
        if self.readable:
            row["personal"] = self.personal
            row["actor_name"] = log.actor_name(self.entry, self.personal)
        else:
            row |= {
                "actor": None,
                "actor_name": None,
                "target": None,
                "public": {},
                "personal": None,
                "withheld": True,
            }
        return row


def _person_id(target: str) -> int | None:
    kind, _sep, key = target.partition(":")
    return int(key) if kind == "person" and key.isascii() and key.isdigit() else None


def _area_facts(organisation: Organisation, slugs: set[str], at: date) -> dict[str, AreaFacts]:
    """Areas' facts (name, manager on ``at``) in two queries, as ``engine.facts`` builds them."""
    if not slugs:
        return {}
    areas = list(BusinessArea.objects.filter(organisation=organisation, slug__in=slugs))
    managers: dict[int, Person] = {}
    for h in (
        Holding.objects.filter(valid_on(at), area__in=areas).select_related("person").order_by("pk")
    ):
        assert h.area_id is not None
        managers.setdefault(h.area_id, h.person)
    return {a.slug: AreaFacts(a.slug, a.name, party(managers.get(a.pk))) for a in areas}


def _unknown_person(pk: int | None) -> PersonFacts:
    """A person the log names whom the organisation no longer has: nobody's colleague, so
    only the CEO reads about them."""
    return PersonFacts(email="", name=f"#{pk}", active=False)


def read_decisions(
    organisation: Organisation,
    reader: Person | None,
    entries: Sequence[Entry],
    at: date,
    *,
    cache: FactsCache | None = None,
) -> list[Decision]:
    """The read rule's Decision for each entry (``reads.entry_rule`` names the rule), with the
    facts of every person and area the entries name read in bulk: a fixed number of queries
    whatever the number of entries. The same Decision as ``engine.reads.may_read`` gives for
    one entry. ``reader`` None: an employee outside every circle (``reads.ANY_EMPLOYEE``).
    ``cache``: a page's FactsCache for the same date, shared with its other reads."""
    cache = cache if cache is not None else FactsCache(organisation, at)
    people_ids: set[int] = set()
    request_ids: set[int] = set()
    slugs: set[str] = set()
    for e in entries:
        rule = entry_rule(e.action)
        if rule == "view_log_entry":
            pid = _person_id(e.target)
            people_ids |= {pid} if pid is not None else set()
            if e.action == "request_coaching" and e.actor_id_ref is not None:
                people_ids.add(e.actor_id_ref)
            request = e.public.get("coaching_request") if e.action == "answer_coaching" else None
            if isinstance(request, int):
                request_ids.add(request)
        elif rule == "view_candidates":
            kind, _sep, slug = e.target.partition(":")
            slugs |= {slug} if kind == "area" else set()
    askers: dict[int, int] = {}
    if request_ids:
        askers = dict(
            CoachingRequest.objects.filter(
                organisation=organisation, pk__in=request_ids
            ).values_list("pk", "requester_id")
        )
        people_ids |= set(askers.values())
    if reader is not None:
        people_ids.add(reader.pk)
    rows = {p.pk: p for p in Person.objects.filter(organisation=organisation, pk__in=people_ids)}
    facts = cache.people(rows.values()) if rows else {}
    reader_facts = facts[reader.pk] if reader is not None else ANY_EMPLOYEE
    slugs |= {f.area for f in facts.values() if f.area is not None}
    areas = _area_facts(organisation, slugs, at)
    ceo = cache.ceo()

    def decide(e: Entry) -> Decision:
        rule = entry_rule(e.action)
        common: dict[str, Any] = {
            "at": at,
            "action": rule,
            "actor": reader_facts,
            "ceo": ceo,
            "organisation": organisation.name,
            "parameters": organisation.policy,
        }
        if rule == "view_candidates":
            slug = e.target.partition(":")[2]
            area = areas.get(slug, AreaFacts(slug, slug, None))
            return evaluate(Facts(target=e.target, area=area, args={"kind": e.action}, **common))
        if rule != "view_log_entry":
            return evaluate(Facts(target="org", **common))
        pid = _person_id(e.target)
        subject = facts.get(pid) if pid is not None else None
        subject = subject or _unknown_person(pid)
        if e.action == "request_coaching":
            asker_id = e.actor_id_ref
        else:
            request = e.public.get("coaching_request")
            asker_id = askers.get(request) if isinstance(request, int) else None
        asker = facts.get(asker_id) if asker_id is not None else None
        args: dict[str, Any] = {"kind": e.action}
        named: dict[str, PersonFacts] = {}
        if asker is not None and e.action in COACHING:
            args["asker"] = asker.email
            named[asker.email] = asker
        return evaluate(
            Facts(
                target=f"person:{subject.email}",
                person=subject,
                area=areas.get(subject.area) if subject.area is not None else None,
                people=named,
                args=args,
                **common,
            )
        )

    return [decide(e) for e in entries]


def read_entries(
    organisation: Organisation,
    reader: Person | None,
    entries: Sequence[Entry],
    at: date,
    *,
    cache: FactsCache | None = None,
) -> list[SeenEntry]:
    """Log entries (loaded with ``select_related("payload")``) as ``reader`` may see them: the
    one read rule of the log, for the log page, the person pages and the export alike. A
    shown salary, talk or separation is an access, recorded once per subject and kind."""
    decisions = read_decisions(organisation, reader, entries, at, cache=cache)
    seen = []
    shown: dict[tuple[int, str], None] = {}  # (subject id, what), in order
    for entry, decision in zip(entries, decisions, strict=True):
        payload = getattr(entry, "payload", None)
        erased = payload is not None and payload.erased_at is not None
        data = payload.data if payload is not None and not erased and decision.allowed else None
        pid = _person_id(entry.target)
        if data is not None and entry.action in _ACCESS_WHAT and pid is not None:
            shown[(pid, _ACCESS_WHAT[entry.action])] = None
        seen.append(SeenEntry(entry, decision, data, erased))
    if reader is not None and shown:
        subjects = Person.objects.filter(organisation=organisation).in_bulk([p for p, _w in shown])
        reads = [(subjects[pid], what) for pid, what in shown if pid in subjects]
        record_accesses(organisation, reader, reads, "log_view")
    return seen


def hidden_entry_ids(
    organisation: Organisation,
    reader: Person,
    entries: QuerySet[Entry],
    at: date,
    *,
    cache: FactsCache | None = None,
) -> list[int]:
    """The ids, among ``entries``, of those ``reader`` may not read: what a filter on a
    target leaves out, so that filtering on a person does not tell who was given notice."""
    guarded = (
        entries.filter(action__in=GUARDED)
        .select_related(None)
        .only("pk", "action", "target", "actor_id_ref", "public")
        .order_by("seq")
    )
    hidden: list[int] = []
    batch: list[Entry] = []
    for entry in guarded.iterator(chunk_size=EXPORT_CHUNK):
        batch.append(entry)
        if len(batch) == EXPORT_CHUNK:
            hidden += _refused(organisation, reader, batch, at, cache)
            batch = []
    return hidden + _refused(organisation, reader, batch, at, cache)


def _refused(
    organisation: Organisation,
    reader: Person,
    batch: list[Entry],
    at: date,
    cache: FactsCache | None,
) -> list[int]:
    if not batch:
        return []
    decisions = read_decisions(organisation, reader, batch, at, cache=cache)
    return [e.pk for e, d in zip(batch, decisions, strict=True) if not d.allowed]


def export_lines(organisation: Organisation, reader: Person | None, at: date) -> Iterator[str]:
    """The log as JSON Lines, as ``reader`` may read it (None: an employee outside every
    circle), in chunks of a fixed number of queries each."""
    last = 0
    while True:
        chunk = list(
            Entry.objects.filter(organisation=organisation, seq__gt=last)
            .select_related("payload")
            .order_by("seq")[:EXPORT_CHUNK]
        )
        if not chunk:
            return
        for seen in read_entries(organisation, reader, chunk, at):
            yield json.dumps(seen.as_export(), ensure_ascii=False, sort_keys=True)
        last = chunk[-1].seq


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


class _MemberHistory(NamedTuple):
    """The area memberships and employments that began by a day, as plain rows: the months of
    ``area_figures`` are read from them, not from a snapshot each."""

    memberships: list[tuple[int, int, date, date | None]]
    employments: list[tuple[int, date, date | None]]

    @classmethod
    def read(
        cls, organisation: Organisation, until: date, only: BusinessArea | None
    ) -> "_MemberHistory":
        memberships = AreaMembership.objects.filter(
            valid_from__lte=until, person__organisation=organisation
        )
        employments = Employment.objects.filter(
            starts_on__lte=until, person__organisation=organisation
        )
        if only is not None:
            memberships = memberships.filter(area=only)
            employments = employments.filter(person_id__in=memberships.values("person_id"))
        return cls(
            list(memberships.values_list("person_id", "area_id", "valid_from", "valid_to")),
            list(employments.values_list("person_id", "starts_on", "last_day")),
        )


class _Members(NamedTuple):
    """Who belongs to which area on ``at`` and who is employed then (``valid_on`` and
    ``employed_on`` of ``snapshot``, on the rows of a ``_MemberHistory``)."""

    at: date
    area_of: dict[int, int]
    employed: set[int]

    @classmethod
    def on(cls, history: _MemberHistory, at: date) -> "_Members":
        return cls(
            at,
            {
                pid: aid
                for pid, aid, start, end in history.memberships
                if start <= at and (end is None or end > at)
            },
            {
                pid
                for pid, start, last in history.employments
                if start <= at and (last is None or last >= at)
            },
        )


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
    history = _MemberHistory.read(organisation, at, only)
    points = {d: _Members.on(history, _month_point(d, at)) for d in days}
    snap_now = snapshot(organisation, at, area=only)
    ids: set[int] | None = None
    if only is not None:  # only the clients led by the area's members and its manager
        ids = {pid for point in points.values() for pid in point.area_of}
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
            snap = points[d]
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


def notice_last_day(person: Person, at: date) -> date:
    """The last day of employment of a notice given on ``at``: the notice period the
    organisation's table gives the person's total employment time (LAS 11 §), as
    ``give_notice`` sets it; what its confirmation tells the CEO beforehand."""
    periods = list(Employment.objects.filter(person=person).values_list("starts_on", "last_day"))
    years = law.employment_time_years(periods, at)
    return law.notice_last_day(at, law.notice_months(years, person.organisation.policy))
