"""Duties asked for one person equal the organisation's duties filtered to that person.

The providers narrow the work in SQL when given a person (an area manager only reads the
members of the areas they manage); these tests hold them to the org-wide answer, for every
person of a demo organisation, on two dates.
"""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansvar import demo
from ansvar.duties.registry import Duty, duties
from ansvar.org.models import Holding, Person
from ansvar.org.responsibility import unowned
from ansvar.org.selectors import valid_on
from ansvar.people.models import CoachingRequest

TODAY = date(2026, 11, 2)
DATES = (TODAY, TODAY - timedelta(days=130))


@pytest.fixture
def demo_org(db):
    org = demo.load(people=60, seed=7, today=TODAY)
    # A coaching request to an area manager who is not the requester's own (AO5), and an
    # area left without its manager (P4), so that every owner rule is exercised.
    managers = list(
        Holding.objects.filter(valid_on(TODAY), organisation=org, kind=Holding.Kind.AREA_MANAGER)
        .select_related("person", "area")
        .order_by("area__slug")
    )
    requester = Person.objects.filter(organisation=org).exclude(
        pk__in=[h.person_id for h in managers]
    )[0]
    CoachingRequest.objects.create(
        organisation=org,
        requester=requester,
        manager=managers[0].person,
        requested_on=TODAY - timedelta(days=20),
        topic="Hur lägger jag upp en kundworkshop?",
    )
    vacated = managers[-1]
    vacated.valid_to = TODAY - timedelta(days=3)
    vacated.save(update_fields=["valid_to"])
    return org


def _key(d: Duty) -> tuple[str, str, int | None, date, str]:
    return (d.kind, d.subject, d.owner.pk if d.owner else None, d.due_on, d.title_sv)


@pytest.mark.parametrize("at", DATES)
def test_every_persons_duties_equal_the_filtered_org_wide_list(demo_org, at):
    everything = duties(demo_org, at)
    people = list(Person.objects.filter(organisation=demo_org))
    covered = 0
    for person in people:
        own = duties(demo_org, at, person=person)
        expected = [d for d in everything if d.owner is not None and d.owner.pk == person.pk]
        assert own == expected, person.email
        assert [d.as_dict(at) for d in own] == [d.as_dict(at) for d in expected]
        covered += len(own)
    assert covered == sum(1 for d in everything if d.owner is not None)
    kinds = Counter(d.kind for d in everything)
    expected_kinds = ["development_talk", "salary_review"]
    if at == TODAY:  # the request and the vacancy are recent
        expected_kinds += ["unowned_area", "coaching_answer"]
    for kind in expected_kinds:
        assert kinds[kind] > 0, kind


@pytest.mark.parametrize("at", DATES)
def test_unowned_area_duties_are_the_responsibility_maps_gaps(demo_org, at):
    gaps = {r.target: r.name for r in unowned(demo_org, at)}
    found = [d for d in duties(demo_org, at) if d.kind == "unowned_area"]
    assert {d.subject for d in found} == set(gaps)
    ceo = Holding.objects.get(valid_on(at), organisation=demo_org, kind=Holding.Kind.CEO).person
    assert all(d.owner == ceo and d.urgent and d.due_on == at for d in found)
    assert all(gaps[d.subject] in d.title_sv for d in found)


def test_the_ceo_and_an_area_manager_have_duties_and_a_consultant_reads_little(demo_org):
    at = TODAY
    everything = duties(demo_org, at)
    ceo = Holding.objects.get(valid_on(at), organisation=demo_org, kind=Holding.Kind.CEO).person
    ceo_kinds = {d.kind for d in duties(demo_org, at, person=ceo)}
    assert {"unowned_area", "development_talk"} <= ceo_kinds
    owners = Counter(d.owner.pk for d in everything if d.owner is not None)
    consultant = (
        Person.objects.filter(organisation=demo_org)
        .exclude(pk__in=Holding.objects.filter(valid_on(at)).values("person_id"))
        .exclude(pk__in=list(owners))
        .first()
    )
    assert consultant is not None
    with CaptureQueriesContext(connection) as queries:
        assert duties(demo_org, at, person=consultant) == []
    # Each provider reads at most a couple of small rows for someone who manages nobody.
    assert len(queries) <= 12
