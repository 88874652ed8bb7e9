"""Reads of client work: the signals of P1, P2, AO1 and KA5, and staffing suggestions (KA6).

Every function takes the date it answers for and runs a fixed number of queries, whatever
the size of the organisation. Signals block nobody; they are shown to those concerned.
"""

import math
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from ansvar.clients.models import Skill, WorkItem
from ansvar.engine.facts import assignment_status
from ansvar.org.models import (
    AreaMembership,
    Assignment,
    Client,
    Employment,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import (
    LeadsOn,
    active_people,
    client_lead_history,
    client_lead_ids_on,
    client_leads_on,
    first_leads,
    leads_on,
    valid_on,
    with_proposer_employed_at_close,
)
from ansvar.policy import law


def open_on(at: date) -> Q:
    """Work items given out by ``at`` and not done by then."""
    return Q(created_on__lte=at) & (Q(done_on__isnull=True) | Q(done_on__gt=at))


def open_work_items(organisation: Organisation, at: date) -> QuerySet[WorkItem]:
    return WorkItem.objects.filter(open_on(at), organisation=organisation)


def assignments_on(
    organisation: Organisation, at: date, *, client: Client | None = None
) -> list[tuple[Assignment, str]]:
    """Assignments proposed by ``at`` (``client``'s only, when given) with their status as of
    ``at`` (lapse evaluated on read)."""
    rows = Assignment.objects.filter(organisation=organisation, proposed_on__lte=at)
    if client is not None:
        rows = rows.filter(client=client)
    rows = with_proposer_employed_at_close(rows.select_related("client", "proposed_by"))
    return [(a, assignment_status(a, at)) for a in rows]


def _leads_on(organisation: Organisation, at: date) -> dict[int, set[int]]:
    """Person id -> ids of the clients they lead on ``at`` (``client_leads_on``)."""
    leads: dict[int, set[int]] = {}
    for client_id, person_id in client_lead_ids_on(organisation, at).items():
        leads.setdefault(person_id, set()).add(client_id)
    return leads


def _person_row(p: Person) -> dict[str, Any]:
    return {"email": p.email, "name": p.name}


# --- P1: every consultant leads something ----------------------------------------------------


def p1_client_responsibility(organisation: Organisation, at: date) -> dict[str, Any]:
    people = list(active_people(organisation, at).order_by("name", "email"))
    leads = _leads_on(organisation, at)
    without = [p for p in people if p.pk not in leads]
    holding = len(people) - len(without)
    return {
        "clause": "P1",
        "active": len(people),
        "holding": holding,
        "share": round(holding / len(people), 4) if people else None,
        "without": [_person_row(p) for p in without],
    }


# --- P2: days from hire to first client responsibility -----------------------------------------


def _percentile(values: list[int], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..1) of whole days; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return float(ordered[rank - 1])


def p2_days_to_first_client(organisation: Organisation, at: date) -> dict[str, Any]:
    people = list(active_people(organisation, at).order_by("name", "email"))
    ids = [p.pk for p in people]
    hired = dict(
        Employment.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(first=Min("starts_on"))
        .values_list("person_id", "first")
    )
    first_lead: dict[int, date] = {}
    for h in client_lead_history(organisation, at, people=ids):
        if h.person_id not in first_lead or h.valid_from < first_lead[h.person_id]:
            first_lead[h.person_id] = h.valid_from
    rows = []
    days: list[int] = []
    for p in people:
        start = hired[p.pk]
        first = first_lead.get(p.pk)
        row = {
            **_person_row(p),
            "hired_on": start.isoformat(),
            "first_client_on": first.isoformat() if first else None,
            "days": max(0, (first - start).days) if first else None,
            "days_so_far": None if first else (at - start).days,
        }
        if first is not None:
            days.append(max(0, (first - start).days))
        rows.append(row)
    return {
        "clause": "P2",
        "people": rows,
        "with_client": len(days),
        "without_client": len(people) - len(days),
        "median": float(statistics.median(days)) if days else None,
        "p90": _percentile(days, 0.9),
    }


# --- AO1: area managers lead clients ------------------------------------------------------


def ao1_managers_without_client(organisation: Organisation, at: date) -> dict[str, Any]:
    managers = (
        Holding.objects.filter(
            valid_on(at), organisation=organisation, kind=Holding.Kind.AREA_MANAGER
        )
        .select_related("person", "area")
        .order_by("area__name")
    )
    leads = _leads_on(organisation, at)
    flagged = [
        {**_person_row(h.person), "area": h.area.slug if h.area else None}
        for h in managers
        if h.person_id not in leads
    ]
    return {"clause": "AO1", "managers": len(managers), "without_client": flagged}


# --- KA5: make yourself replaceable ----------------------------------------------------------


def ka5_replaceability(
    organisation: Organisation, at: date, *, only: Client | None = None
) -> dict[str, Any]:
    """KA5 per led client; ``only``: the same rows for that one client, reading only it."""
    deputies = WorkGroupMembership.objects.filter(
        valid_on(at), client__organisation=organisation, role=WorkGroupMembership.Role.DEPUTY
    )
    work = open_work_items(organisation, at)
    if only is not None:
        deputies = deputies.filter(client=only)
        work = work.filter(client=only)
    leads = {
        client_id: h.person
        for client_id, h in client_leads_on(
            organisation, at, clients=None if only is None else [only]
        ).items()
    }
    clients = list(
        Client.objects.filter(organisation=organisation, pk__in=list(leads)).order_by("name")
    )
    with_deputy = set(deputies.values_list("client_id", flat=True))
    open_by_client: dict[int, Counter[int]] = {}
    for client_id, assignee_id in work.values_list("client_id", "assignee_id"):
        open_by_client.setdefault(client_id, Counter())[assignee_id] += 1
    no_deputy = []
    lead_holds_most = []
    for c in clients:
        lead = leads[c.pk]
        row = {"client": c.slug, "name": c.name, "lead": lead.email}
        if c.pk not in with_deputy:
            no_deputy.append(row)
        counts = open_by_client.get(c.pk, Counter())
        total = sum(counts.values())
        mine = counts.get(lead.pk, 0)
        if _holds_most(mine, total):
            lead_holds_most.append({**row, "lead_open": mine, "open": total})
    return {
        "clause": "KA5",
        "clients": len(clients),
        "no_deputy": no_deputy,
        "lead_holds_most": lead_holds_most,
    }


def signals(organisation: Organisation, at: date) -> dict[str, Any]:
    return {
        "at": at.isoformat(),
        "P1": p1_client_responsibility(organisation, at),
        "P2": p2_days_to_first_client(organisation, at),
        "AO1": ao1_managers_without_client(organisation, at),
        "KA5": ka5_replaceability(organisation, at),
    }


# --- the signals as counts, and their lists a page at a time ------------------------------------
#
# The functions above build a row per person or client: right for an export or the API, too
# much for a page at 10,000 people. These give the same figures from SQL counts (a test holds
# them equal), and the lists behind each figure as querysets a page can slice.


def led_clients(organisation: Organisation, at: date, leads: LeadsOn) -> QuerySet[Client]:
    """The clients led on ``at``, each with ``lead_id``, by name."""
    return (
        Client.objects.filter(leads.led_clients(), organisation=organisation)
        .annotate(lead_id=leads.lead_of())
        .order_by("name", "pk")
    )


def _counted(items: QuerySet[WorkItem]) -> Coalesce:
    return Coalesce(
        Subquery(
            items.order_by().values("client_id").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def p1_without_client(organisation: Organisation, at: date, leads: LeadsOn) -> QuerySet[Person]:
    """The people employed on ``at`` who lead no client (P1), by name, each with
    ``hired_on``: their first day of employment."""
    first_day = (
        Employment.objects.filter(person_id=OuterRef("pk"))
        .order_by("starts_on")
        .values("starts_on")[:1]
    )
    return (
        active_people(organisation, at)
        .exclude(leads.leading_people())
        .annotate(hired_on=Subquery(first_day))
        .order_by("name", "email")
    )


def ao1_without_client(organisation: Organisation, at: date, leads: LeadsOn) -> QuerySet[Holding]:
    """The area managers' holdings on ``at`` whose holder leads no client (AO1), by area."""
    return (
        Holding.objects.filter(
            valid_on(at), organisation=organisation, kind=Holding.Kind.AREA_MANAGER
        )
        .exclude(leads.leading_people("person_id"))
        .select_related("person", "area")
        .order_by("area__name", "pk")
    )


def _deputies(organisation: Organisation, at: date) -> QuerySet[Any, Any]:
    """The ids of the clients with a deputy in their work group on ``at``."""
    return WorkGroupMembership.objects.filter(
        valid_on(at), client__organisation=organisation, role=WorkGroupMembership.Role.DEPUTY
    ).values("client_id")


def ka5_without_deputy(organisation: Organisation, at: date, leads: LeadsOn) -> QuerySet[Client]:
    """The clients led on ``at`` with no deputy in their work group that day (KA5)."""
    return led_clients(organisation, at, leads).exclude(pk__in=_deputies(organisation, at))


def _lead_work(organisation: Organisation, at: date, leads: LeadsOn) -> QuerySet[Any, Any]:
    """Per client led on ``at`` with a stored holding (``leads.stored``): ``client_id``,
    ``open`` (its open work items that day) and ``lead_open`` (those of its lead), in one
    grouped query over the open work items."""
    return (
        WorkItem.objects.filter(open_on(at), organisation=organisation)
        .filter(client_id__in=leads.stored.values("client_id"))
        .annotate(
            lead=FilteredRelation(
                "client__holdings",
                condition=Q(client__holdings__kind=Holding.Kind.CLIENT_LEAD)
                & valid_on(at, "client__holdings__"),
            )
        )
        .order_by()
        .values("client_id")
        .annotate(
            open=Count("pk"), lead_open=Count("pk", filter=Q(assignee_id=F("lead__person_id")))
        )
    )


def _holds_most(lead_open: int, open_items: int) -> bool:
    # "Most" is more than half of the client's open work items.
    return open_items > 0 and lead_open * 2 > open_items


def ka5_lead_holds_most(organisation: Organisation, at: date, leads: LeadsOn) -> QuerySet[Client]:
    """The clients led on ``at`` whose lead holds more than half of their open work items that
    day (KA5), each with ``open`` and ``lead_open``."""
    most = _lead_work(organisation, at, leads).alias(twice=F("lead_open") * 2)
    most = most.filter(open__gt=0, twice__gt=F("open"))
    lapsed = []
    for client_id, lead_id in leads.lapsed.items():
        assignees = list(
            WorkItem.objects.filter(open_on(at), client_id=client_id).values_list(
                "assignee_id", flat=True
            )
        )
        if _holds_most(sum(1 for a in assignees if a == lead_id), len(assignees)):
            lapsed.append(client_id)
    items = WorkItem.objects.filter(open_on(at), client_id=OuterRef("pk"))
    return (
        led_clients(organisation, at, leads)
        .filter(Q(pk__in=most.values("client_id")) | Q(pk__in=lapsed))
        .annotate(
            open=_counted(items),
            lead_open=_counted(items.filter(assignee_id=OuterRef("lead_id"))),
        )
    )


def signal_summary(organisation: Organisation, at: date) -> dict[str, Any]:
    """``signals`` as figures only (no row per person or client), in a fixed number of
    queries: P1 people employed and leading, P2 median and 90th percentile, AO1 managers and
    those leading nothing, KA5 led clients, those without a deputy and those whose lead holds
    most of the work. The lists behind them are the querysets above."""
    leads = leads_on(organisation, at)
    # The day's leads are read once as ids (a row per led client) and counted here: every
    # figure below filters on them, and each SQL aggregate would evaluate them again.
    lead_of = dict(leads.stored.values_list("client_id", "person_id")) | leads.lapsed
    leaders = set(lead_of.values())
    active = active_people(organisation, at)
    employed = set(active.values_list("pk", flat=True))
    holding = len(employed & leaders)
    days = [
        max(0, (first - hired).days)
        for first, hired in first_leads(organisation, at, active).values()
    ]
    managers = Holding.objects.filter(
        valid_on(at), organisation=organisation, kind=Holding.Kind.AREA_MANAGER
    ).values_list("person_id", flat=True)
    manager_ids = list(managers)
    deputies = set(_deputies(organisation, at).values_list("client_id", flat=True))
    open_items: Counter[int] = Counter()
    lead_items: Counter[int] = Counter()
    for client_id, assignee_id in open_work_items(organisation, at).values_list(
        "client_id", "assignee_id"
    ):
        open_items[client_id] += 1
        if assignee_id is not None and lead_of.get(client_id) == assignee_id:
            lead_items[client_id] += 1
    return {
        "at": at.isoformat(),
        "P1": {
            "clause": "P1",
            "active": len(employed),
            "holding": holding,
            "share": round(holding / len(employed), 4) if employed else None,
            "without": len(employed) - holding,
        },
        "P2": {
            "clause": "P2",
            "with_client": len(days),
            "without_client": len(employed) - len(days),
            "median": float(statistics.median(days)) if days else None,
            "p90": _percentile(days, 0.9),
        },
        "AO1": {
            "clause": "AO1",
            "managers": len(manager_ids),
            "without_client": sum(1 for pid in manager_ids if pid not in leaders),
        },
        "KA5": {
            "clause": "KA5",
            "clients": len(lead_of),
            "no_deputy": sum(1 for c in lead_of if c not in deputies),
            "lead_holds_most": sum(1 for c in lead_of if _holds_most(lead_items[c], open_items[c])),
        },
    }


def month_points(at: date, months: int) -> list[tuple[date, date]]:
    """The last ``months`` months up to ``at``: (first day, the day it is measured on), the
    month's last day or ``at`` for the current month (as the area figures measure)."""
    first = at.replace(day=1)
    result = []
    for back in range(months - 1, -1, -1):
        start = law.add_months(first, -back)
        end = date.fromordinal(law.add_months(start, 1).toordinal() - 1)
        result.append((start, min(end, at)))
    return result


def signals_over_time(
    organisation: Organisation, at: date, months: int = 12
) -> list[dict[str, Any]]:
    """P1, P2 and KA5 at the end of each of the last ``months`` months (``month_points``):
    the people employed and how many of them lead a client (P1), the median and 90th
    percentile of days from hire to a first client of those who have one (P2), and the led
    clients without a deputy (KA5). Each point gives what ``p1_client_responsibility``,
    ``p2_days_to_first_client`` and ``ka5_replaceability`` give on that day, but from the
    histories read once (employments, ``client_lead_history``, deputies), so twelve points
    cost the queries of one."""
    employments: dict[int, list[tuple[date, date | None]]] = {}
    for person_id, starts_on, last_day in Employment.objects.filter(
        person__organisation=organisation, starts_on__lte=at
    ).values_list("person_id", "starts_on", "last_day"):
        employments.setdefault(person_id, []).append((starts_on, last_day))
    hired = dict(
        Employment.objects.filter(person__organisation=organisation)
        .values("person_id")
        .annotate(first=Min("starts_on"))
        .values_list("person_id", "first")
    )
    periods = client_lead_history(organisation, at)
    first_lead: dict[int, date] = {}
    for period in periods:
        if period.person_id not in first_lead or period.valid_from < first_lead[period.person_id]:
            first_lead[period.person_id] = period.valid_from
    deputies: dict[int, list[tuple[date, date | None]]] = {}
    for client_id, valid_from, valid_to in WorkGroupMembership.objects.filter(
        client__organisation=organisation,
        role=WorkGroupMembership.Role.DEPUTY,
        valid_from__lte=at,
    ).values_list("client_id", "valid_from", "valid_to"):
        deputies.setdefault(client_id, []).append((valid_from, valid_to))

    def within(day: date, start: date, end: date | None) -> bool:
        return start <= day and (end is None or end > day)

    rows = []
    for month, point in month_points(at, months):
        employed = [
            pid
            for pid, spans in employments.items()
            if any(s <= point and (e is None or e >= point) for s, e in spans)
        ]
        led = {p.client_id: p.person_id for p in periods if within(point, p.valid_from, p.valid_to)}
        leading = set(led.values())
        holding = sum(1 for pid in employed if pid in leading)
        days = sorted(
            max(0, (first_lead[pid] - hired[pid]).days)
            for pid in employed
            if pid in first_lead and first_lead[pid] <= point
        )
        no_deputy = sum(
            1
            for client_id in led
            if not any(within(point, s, e) for s, e in deputies.get(client_id, []))
        )
        rows.append(
            {
                "month": month,
                "at": point,
                "active": len(employed),
                "holding": holding,
                "share": round(holding / len(employed), 4) if employed else None,
                "median": float(statistics.median(days)) if days else None,
                "p90": _percentile(days, 0.9),
                "clients": len(led),
                "no_deputy": no_deputy,
            }
        )
    return rows


# --- KA6: staffing suggestions ---------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    rank: int
    person: Person
    area: str | None
    fit: int  # sum of the person's levels in the skills asked for
    matched: dict[str, int]
    load: int  # work groups and leads on the date, plus open work items
    in_group: bool
    reason_sv: str
    reason_en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            **_person_row(self.person),
            "area": self.area,
            "fit": self.fit,
            "skills": self.matched,
            "load": self.load,
            "in_work_group": self.in_group,
            "reason": {"sv": self.reason_sv, "en": self.reason_en},
        }


def normalise_skill(name: str) -> str:
    return " ".join(name.lower().split())


def staffing_suggestions(
    organisation: Organisation, client: Client, skills: list[str], at: date, limit: int = 10
) -> list[Suggestion]:
    """People across all areas ranked by skill fit, then by the lightest load.

    Fit is the sum of a person's levels (1-5) in the skills asked for; anyone with none of
    them is left out. Load counts the work groups a person is in and the clients they lead
    on ``at``, plus their open work items. The client's own lead is not suggested.
    """
    wanted = sorted({normalise_skill(s) for s in skills if s.strip()})
    people = {p.pk: p for p in active_people(organisation, at)}
    leads = client_lead_ids_on(organisation, at)
    lead = leads.get(client.pk)
    levels: dict[int, dict[str, int]] = {}
    for person_id, name, level in Skill.objects.filter(
        person_id__in=list(people), name__in=wanted
    ).values_list("person_id", "name", "level"):
        levels.setdefault(person_id, {})[name] = level
    groups = Counter(
        WorkGroupMembership.objects.filter(valid_on(at), person_id__in=list(people)).values_list(
            "person_id", flat=True
        )
    )
    led = Counter(leads.values())
    items = Counter(open_work_items(organisation, at).values_list("assignee_id", flat=True))
    in_group = set(
        WorkGroupMembership.objects.filter(valid_on(at), client=client).values_list(
            "person_id", flat=True
        )
    )
    areas = dict(
        AreaMembership.objects.filter(valid_on(at), person_id__in=list(people)).values_list(
            "person_id", "area__name"
        )
    )
    candidates = []
    for pk, matched in levels.items():
        if pk == lead or pk not in people:
            continue
        fit = sum(matched.values())
        load = groups[pk] + led[pk] + items[pk]
        candidates.append((pk, matched, fit, load))
    candidates.sort(key=lambda c: (-c[2], c[3], people[c[0]].name, people[c[0]].email))
    result = []
    for rank, (pk, matched, fit, load) in enumerate(candidates[:limit], start=1):
        person = people[pk]
        skill_text = ", ".join(f"{n} {lvl}" for n, lvl in sorted(matched.items()))
        missing = [s for s in wanted if s not in matched]
        groups_n, led_n, items_n = groups[pk], led[pk], items[pk]
        reason_sv = (
            f"Passform {fit} ({skill_text}"
            + (f"; saknar {', '.join(missing)}" if missing else "")
            + f"); belastning {load}: {groups_n} arbetsgrupper, {led_n} egna kunder, "
            f"{items_n} öppna uppgifter; {areas.get(pk, 'inget område')}"
            + ("; redan i arbetsgruppen" if pk in in_group else "")
        )
        reason_en = (
            f"Fit {fit} ({skill_text}"
            + (f"; lacks {', '.join(missing)}" if missing else "")
            + f"); load {load}: {groups_n} work groups, {led_n} clients led, "
            f"{items_n} open work items; {areas.get(pk, 'no area')}"
            + ("; already in the work group" if pk in in_group else "")
        )
        result.append(
            Suggestion(
                rank,
                person,
                areas.get(pk),
                fit,
                dict(sorted(matched.items())),
                load,
                pk in in_group,
                reason_sv,
                reason_en,
            )
        )
    return result
