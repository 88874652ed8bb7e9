"""The demo generator: deterministic, realistic, and consistent with the invariants."""

from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.db import transaction

from ansvar import demo
from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.engine.errors import InvalidInput
from ansvar.org.importing import HistorySpec, PastHolding, import_history
from ansvar.org.models import (
    AreaMembership,
    Employment,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from tests.demo.conftest import TODAY


def canonical_dump(org: Organisation) -> dict[str, Any]:
    """Everything the demo draws, with dates, keyed by e-mail and slug instead of ids."""
    domain = "@" + demo.email_domain(org.slug)

    def who(person: Person) -> str:
        return person.email.removesuffix(domain)

    return {
        "name": org.name,
        "areas": sorted((a.slug, a.name, a.created_on) for a in org.areas.all()),
        "clients": sorted((c.slug, c.name, c.status, c.created_on) for c in org.clients.all()),
        "people": sorted(
            (
                who(e.person),
                e.person.name,
                e.person.title,
                e.starts_on,
                e.probation_until,
                e.last_day,
            )
            for e in Employment.objects.filter(person__organisation=org).select_related("person")
        ),
        "memberships": sorted(
            (who(m.person), m.area.slug, m.valid_from, m.valid_to or date.max)
            for m in AreaMembership.objects.filter(person__organisation=org).select_related(
                "person", "area"
            )
        ),
        "holdings": sorted(
            (
                h.kind,
                who(h.person),
                h.area.slug if h.area else "",
                h.client.slug if h.client else "",
                h.valid_from,
                h.valid_to or date.max,
                h.basis,
            )
            for h in Holding.objects.filter(organisation=org).select_related(
                "person", "area", "client"
            )
        ),
        "work_groups": sorted(
            (w.client.slug, who(w.person), w.role, w.valid_from, w.valid_to or date.max)
            for w in WorkGroupMembership.objects.filter(client__organisation=org).select_related(
                "person", "client"
            )
        ),
    }


def build_and_dump(seed: int, people: int = 45) -> dict[str, Any]:
    """Build a demo in a savepoint, dump it and roll it back, so builds do not meet."""
    with transaction.atomic():
        dump = canonical_dump(demo.load(people=people, seed=seed, today=TODAY))
        transaction.set_rollback(True)
    return dump


@pytest.mark.django_db
def test_same_seed_builds_the_same_organisation():
    first, second = build_and_dump(seed=7), build_and_dump(seed=7)
    assert first == second
    assert len(first["people"]) == 45 + 4
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_another_seed_builds_another_organisation():
    first, other = build_and_dump(seed=7), build_and_dump(seed=8)
    assert first["people"] != other["people"]
    assert first["holdings"] != other["holdings"]
    # The shape is the same: the size decides it, not the seed.
    assert len(first["areas"]) == len(other["areas"]) == 5
    assert len(first["clients"]) == len(other["clients"]) == 68


def test_default_demo_is_a_swedish_consultancy_of_45(demo_org):
    employed = Employment.objects.filter(person__organisation=demo_org, last_day__isnull=True)
    assert employed.count() == 45
    assert sorted(demo_org.areas.values_list("name", flat=True)) == [
        "Analys",
        "Kommunikation",
        "Ledning",
        "Näringsliv",
        "Opinion & påverkan",
    ]
    assert 65 <= demo_org.clients.count() <= 75
    names = list(demo_org.clients.values_list("name", flat=True))
    assert any(n.endswith("kommun") or n.startswith("Region") for n in names)
    assert any(n.endswith(" AB") for n in names)
    assert any("förbund" in n or "förening" in n for n in names)
    assert Person.objects.filter(organisation=demo_org, title=Person.Title.SENIOR).count() >= 5
    # Every employee has a log-in; people who left have none.
    assert (
        Person.objects.filter(
            organisation=demo_org, user__isnull=False, employments__last_day__isnull=True
        ).count()
        == 45
    )
    assert not Person.objects.filter(
        organisation=demo_org, user__isnull=False, employments__last_day__isnull=False
    ).exists()


def test_area_managers_serve_as_assistants_in_their_consultants_groups(demo_org):
    managers = {
        h.area_id: h.person_id
        for h in Holding.objects.filter(
            organisation=demo_org, kind=Holding.Kind.AREA_MANAGER, valid_to__isnull=True
        )
    }
    area_of = {
        m.person_id: m.area_id
        for m in AreaMembership.objects.filter(person__organisation=demo_org, valid_to__isnull=True)
    }
    leads = {
        h.client_id: h.person_id
        for h in Holding.objects.filter(
            organisation=demo_org, kind=Holding.Kind.CLIENT_LEAD, valid_to__isnull=True
        )
    }
    p6 = [
        w
        for w in WorkGroupMembership.objects.filter(
            client__organisation=demo_org, valid_to__isnull=True, role="assistant"
        )
        if managers[area_of[leads[w.client_id]]] == w.person_id
    ]
    assert len(p6) >= 5


def test_probation_idle_consultants_and_history(demo_org):
    probation = Employment.objects.filter(
        person__organisation=demo_org, probation_until__gt=TODAY, last_day__isnull=True
    )
    assert probation.count() >= 2
    for e in probation:
        assert e.probation_until is not None
        assert e.probation_until <= e.starts_on + timedelta(days=184)
    # Someone started within the last months, so monthly follow-ups are due (AO4).
    assert any(e.starts_on <= TODAY - timedelta(days=31) for e in probation)
    # P1: a few employed consultants lead no client.
    leading = Holding.objects.filter(
        organisation=demo_org, kind=Holding.Kind.CLIENT_LEAD, valid_to__isnull=True
    ).values("person_id")
    idle = (
        Person.objects.filter(organisation=demo_org, employments__last_day__isnull=True)
        .exclude(pk__in=leading)
        .count()
    )
    assert 2 <= idle <= 8
    # Two years of history: replaced client leads, a replaced area manager, moves, leavers.
    window = TODAY - timedelta(days=demo.HISTORY_DAYS)
    closed = Holding.objects.filter(organisation=demo_org, valid_to__isnull=False)
    assert closed.filter(kind=Holding.Kind.CLIENT_LEAD, valid_to__gte=window).count() >= 5
    assert closed.filter(kind=Holding.Kind.AREA_MANAGER, valid_to__gte=window).count() == 1
    moved = AreaMembership.objects.filter(
        person__organisation=demo_org,
        valid_to__isnull=False,
        person__employments__last_day__isnull=True,
    )
    assert moved.count() >= 2
    left = Employment.objects.filter(person__organisation=demo_org, last_day__isnull=False)
    assert left.count() >= 3
    assert all(window <= e.last_day < TODAY for e in left if e.last_day)


def test_intervals_are_consistent_with_p4(demo_org):
    """One holder per area at every point of its life; one area per person at a time."""
    spans: dict[tuple[str, int | None], list[tuple[date, date]]] = defaultdict(list)
    for h in Holding.objects.filter(organisation=demo_org):
        key = (h.kind, h.area_id or h.client_id)
        spans[key].append((h.valid_from, h.valid_to or date.max))
    starts = {("client_lead", c.pk): c.created_on for c in demo_org.clients.all()}
    starts |= {("area_manager", a.pk): a.created_on for a in demo_org.areas.all()}
    assert set(starts) <= set(spans)
    for key, rows in spans.items():
        rows.sort()
        assert rows[-1][1] == date.max, key
        for (_, end), (start, _) in pairwise(rows):
            assert end == start, key  # no gap, no overlap
        if key in starts:
            assert rows[0][0] == starts[key], key
    by_person: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for m in AreaMembership.objects.filter(person__organisation=demo_org):
        by_person[m.person_id].append((m.valid_from, m.valid_to or date.max))
    for rows in by_person.values():
        rows.sort()
        for (_, end), (start, _) in pairwise(rows):
            assert end <= start
    # Every holder was employed throughout the holding.
    employment = {e.person_id: e for e in Employment.objects.filter(person__organisation=demo_org)}
    for h in Holding.objects.filter(organisation=demo_org):
        e = employment[h.person_id]
        assert e.starts_on <= h.valid_from
        if e.last_day is not None:
            assert h.valid_to is not None and h.valid_to <= e.last_day + timedelta(days=1)


def test_the_import_is_logged_and_the_log_verifies(demo_org):
    entries = list(Entry.objects.filter(organisation=demo_org).order_by("seq"))
    imported, decided = entries[:10], entries[10:]
    # Then the work history (tests/demo/test_history.py), ten decisions a person by default.
    work = {"assign_work_item", "mark_work_item_done"}
    history = [e for e in decided if e.action in work]
    assert len(history) == 10 * 45 and decided[: len(history)] == history
    decided = decided[len(history) :]
    assert [e.action for e in imported] == (
        ["found_organisation"] + ["import_history"] * 4 + ["import_activity"] * 5
    )
    assert {e.actor_role for e in imported} == {"system"}
    assert [e.public["step"] for e in imported[1:]] == [
        "former_people",
        "area_memberships",
        "holdings",
        "work_groups",
        "skills",
        "salary_decisions",
        "talks",
        "work_items",
        "client_figures",
    ]
    # The open decisions of the demo were taken through the action path, by client leads.
    assert [e.action for e in decided] == ["propose_assignment"] * 3 + ["report_criticism"]
    assert {e.actor_role for e in decided} == {"client_lead"}
    assert log.verify(demo_org).ok


@pytest.mark.django_db
def test_size_scales_areas_and_clients():
    org = demo.load(people=200, seed=3, today=TODAY)
    assert Employment.objects.filter(person__organisation=org, last_day__isnull=True).count() == 200
    assert org.areas.count() == 20
    assert org.clients.count() == 300
    assert Holding.objects.filter(organisation=org, valid_to__isnull=True).count() == 1 + 20 + 300


def test_an_existing_demo_is_not_overwritten(demo_org):
    with pytest.raises(InvalidInput, match="--force"):
        demo.load(people=45, seed=1, today=TODAY)
    second = demo.load(people=45, seed=1, today=TODAY, force=True)
    assert (second.slug, demo_org.slug) == ("demo-2", "demo")
    assert second.people.first().email.endswith("@demo-2.demobyran.example")
    assert canonical_dump(second) == canonical_dump(demo_org)


def test_login_help_names_four_people_to_try(demo_org):
    text = demo.login_help(demo_org, today=TODAY)
    assert "ansvar-demo" in text
    emails = [w for line in text.splitlines()[1:] for w in line.split() if "@" in w]
    assert len(emails) == 4
    ceo, manager, lead, probationer = (Person.objects.get(email=e) for e in emails)
    open_holdings = Holding.objects.filter(organisation=demo_org, valid_to__isnull=True)
    assert open_holdings.filter(kind="ceo", person=ceo).exists()
    assert open_holdings.filter(kind="area_manager", person=manager).exclude(person=ceo).exists()
    assert open_holdings.filter(kind="client_lead", person=lead).exists()
    assert not open_holdings.filter(kind__in=["ceo", "area_manager"], person=lead).exists()
    assert probationer.employments.get().probation_until > TODAY


def test_history_with_overlapping_holdings_is_refused_and_nothing_written(demo_org):
    holding = Holding.objects.filter(
        organisation=demo_org, kind=Holding.Kind.CLIENT_LEAD, valid_to__isnull=True
    ).select_related("person", "client")[0]
    entries = Entry.objects.filter(organisation=demo_org).count()
    holdings = Holding.objects.filter(client=holding.client).count()
    overlapping = HistorySpec(
        holdings=[
            PastHolding(
                Holding.Kind.CLIENT_LEAD,
                holding.person.email,
                holding.client.slug,
                date(2020, 1, 1),
                date(2021, 1, 1),
            ),
            PastHolding(
                Holding.Kind.CLIENT_LEAD,
                holding.person.email,
                holding.client.slug,
                date(2020, 6, 1),
                date(2022, 1, 1),
            ),
        ]
    )
    with pytest.raises(InvalidInput, match="overlap"):
        import_history(demo_org, overlapping, effective_on=TODAY)
    assert Holding.objects.filter(client=holding.client).count() == holdings
    assert Entry.objects.filter(organisation=demo_org).count() == entries
    assert not Holding.objects.filter(client=holding.client, valid_from=date(2020, 6, 1)).exists()
