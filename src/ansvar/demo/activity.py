"""The demo's everyday life: skills, salaries, talks, daily work, figures and a few open
decisions, so that every page and duty has something real to show after ``make run``.

Bulk rows are a technical import by the system (``org.importing.import_rows``: one
``import_activity`` entry per kind, through ``perform``); the open decisions (new proposals
in their veto window, client criticism) go through ``perform`` by the people who take them.
Deterministic for a given seed and date.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ansvar.clients.models import Skill, WorkItem
from ansvar.demo.history import add_history
from ansvar.demo.names import WORK
from ansvar.engine.registry import perform
from ansvar.org.importing import import_rows
from ansvar.org.models import (
    AreaMembership,
    Client,
    Employment,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import employed_on, valid_on
from ansvar.people.models import ClientMonthFigure, SalaryDecision, Talk
from ansvar.policy import roles
from ansvar.policy.law import add_months

SKILLS = [
    "mediestrategi",
    "public affairs",
    "krishantering",
    "opinionsanalys",
    "skribent",
    "sociala medier",
    "eu-påverkan",
    "kommunpolitik",
    "energipolitik",
    "vårdpolitik",
    "statistik",
    "presentationsteknik",
    "debattartiklar",
    "riksdagsbevakning",
]
FIGURE_MONTHS = 3  # months of revenue and margin per client, up to last month
PROPOSALS = ["Kampanj inför valet", "Ny webbplats", "Seminarium i Almedalen"]


def add_activity(
    organisation: Organisation,
    *,
    seed: int,
    today: date,
    entries: int = 0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Add the everyday activity to a founded demo organisation (inside its transaction):
    today's rows, then ``entries`` decisions of work history (``demo.history``), then the
    decisions still open today. ``progress`` is told "activity" and "work_history" as each
    is done."""
    rng = random.Random(f"{seed}:activity")
    employed = {
        e.person_id: e
        for e in Employment.objects.filter(employed_on(today), person__organisation=organisation)
    }
    people = {p.pk: p for p in Person.objects.filter(pk__in=employed).order_by("pk")}
    managers = _line_managers(organisation, today)
    counts: dict[str, int] = {}

    def store(kind: str, rows: list[Any]) -> None:
        counts[kind] = import_rows(organisation, kind, rows, today)

    store(
        "skills",
        [
            Skill(
                person_id=p.pk,
                name=name,
                level=rng.randint(2, 5),
                updated_on=today - timedelta(days=rng.randint(0, 300)),
            )
            for p in people.values()
            for name in rng.sample(SKILLS, rng.randint(2, 3))
        ],
    )
    salaries: list[SalaryDecision] = []
    talks: list[Talk] = []
    for pid, person in people.items():
        manager = managers(pid)
        if manager is None:  # the CEO: the board decides, outside Ansvar
            continue
        start = employed[pid].starts_on
        # Most had their review and talk within the year; a few are overdue (AO3).
        back = rng.randint(30, 330) if rng.random() < 0.85 else rng.randint(380, 500)
        on = max(start, today - timedelta(days=back))
        senior = person.title == Person.Title.SENIOR
        amount = Decimal(rng.randrange(52000 if senior else 38000, 80000 if senior else 56000, 500))
        salaries.append(
            SalaryDecision(
                organisation=organisation,
                person=person,
                amount=amount,
                effective_from=on,
                decided_on=on,
                decided_by=manager,
            )
        )
        if on > start:
            talks.append(
                Talk(
                    organisation=organisation,
                    person=person,
                    held_by=manager,
                    kind=Talk.Kind.DEVELOPMENT,
                    held_on=on,
                    notes="Mål för året och önskade uppdrag.",
                )
            )
        probation = employed[pid].probation_until
        if probation is not None and probation > today:
            elapsed = 0  # follow-up months that have ended
            while add_months(start, elapsed + 1) < today:
                elapsed += 1
            # Each ended month's talk was held except the latest one, which is overdue (AO4).
            for ended in range(1, elapsed):
                held = add_months(start, ended) - timedelta(days=rng.randint(2, 8))
                talks.append(
                    Talk(
                        organisation=organisation,
                        person=person,
                        held_by=manager,
                        kind=Talk.Kind.PROBATION_FOLLOW_UP,
                        held_on=held,
                        notes="Uppföljning av provanställningen.",
                    )
                )
    store("salary_decisions", salaries)
    store("talks", talks)

    leads: dict[int, Person] = {
        h.client_id: h.person
        for h in Holding.objects.filter(
            valid_on(today), organisation=organisation, kind=Holding.Kind.CLIENT_LEAD
        ).select_related("person")
        if h.client_id is not None
    }
    members: dict[int, list[Person]] = {}
    open_memberships = WorkGroupMembership.objects.filter(
        valid_on(today), client__organisation=organisation
    ).select_related("person")
    for m in open_memberships.order_by("pk"):
        members.setdefault(m.client_id, []).append(m.person)
    clients = list(Client.objects.filter(organisation=organisation, pk__in=leads).order_by("pk"))
    items: list[WorkItem] = []
    figures: list[ClientMonthFigure] = []
    first_month = add_months(today.replace(day=1), -FIGURE_MONTHS)
    for client in clients:
        lead = leads[client.pk]
        for _ in range(rng.randint(0, 2)):
            assignee = rng.choice([lead, *members.get(client.pk, [])])
            items.append(
                WorkItem(
                    organisation_id=organisation.pk,
                    client_id=client.pk,
                    assignee_id=assignee.pk,
                    assigned_by_id=lead.pk,
                    title=rng.choice(WORK),
                    purpose=rng.choice(WorkItem.Purpose.values),
                    created_on=today - timedelta(days=rng.randint(0, 40)),
                )
            )
        revenue = rng.randrange(40000, 400000, 5000)
        for k in range(FIGURE_MONTHS):
            month = add_months(first_month, k)
            if month < client.created_on:
                continue
            monthly = Decimal(int(revenue * rng.uniform(0.7, 1.3)))
            figures.append(
                ClientMonthFigure(
                    organisation_id=organisation.pk,
                    client_id=client.pk,
                    month=month,
                    revenue=monthly,
                    margin=(monthly * Decimal(rng.uniform(0.15, 0.45))).quantize(Decimal("1")),
                    recorded_by_id=lead.pk,
                    recorded_on=add_months(month, 1),
                )
            )
    store("work_items", items)
    store("client_figures", figures)
    if progress is not None:
        progress("activity")
    counts["work_history"] = add_history(organisation, entries=entries, seed=seed, today=today)
    if progress is not None:
        progress("work_history")
    counts.update(_open_decisions(organisation, clients, leads, rng, today))
    return counts


def _line_managers(organisation: Organisation, at: date) -> Callable[[int], Person | None]:
    """Who holds AO3/AO4 over each person: their area's manager; for a manager, the CEO."""
    holdings = list(
        Holding.objects.filter(valid_on(at), organisation=organisation)
        .exclude(kind=Holding.Kind.CLIENT_LEAD)
        .select_related("person")
    )
    ceo = next(h.person for h in holdings if h.kind == Holding.Kind.CEO)
    by_area = {h.area_id: h.person for h in holdings if h.kind == Holding.Kind.AREA_MANAGER}
    managers = {p.pk for p in by_area.values()}
    area_of = dict(
        AreaMembership.objects.filter(valid_on(at), person__organisation=organisation).values_list(
            "person_id", "area_id"
        )
    )

    def manager(person_id: int) -> Person | None:
        area = area_of.get(person_id)
        return roles.line_manager(
            is_ceo=person_id == ceo.pk,
            is_area_manager=person_id in managers,
            area_manager=by_area.get(area) if area is not None else None,
            ceo=ceo,
        )

    return manager


def _open_decisions(
    organisation: Organisation,
    clients: list[Client],
    leads: dict[int, Person],
    rng: random.Random,
    today: date,
) -> dict[str, int]:
    """A few decisions still open today, made through the action path."""
    if not clients:
        return {}
    chosen = rng.sample(clients, min(len(PROPOSALS) + 1, len(clients)))
    yesterday = today - timedelta(days=1)
    for client, title in zip(chosen, PROPOSALS, strict=False):
        perform(
            organisation,
            leads[client.pk],
            "propose_assignment",
            f"client:{client.slug}",
            {"title": title},
            at=yesterday,
        )
    criticised = chosen[-1]
    perform(
        organisation,
        leads[criticised.pk],
        "report_criticism",
        f"client:{criticised.slug}",
        {"summary": "Kunden tycker att rapporterna kommer för sent."},
        at=yesterday,
    )
    return {"proposals": min(len(PROPOSALS), len(chosen)), "criticism": 1}
