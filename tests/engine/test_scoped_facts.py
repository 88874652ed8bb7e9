"""A decision's facts read for the rows it involves are the facts the whole-organisation
reads give.

``can`` and ``perform`` read their facts through ``engine.facts.Scoped`` (plain SQL, the
actor's, the target's and their holders' rows only); pages read them through
``FactsCache`` (the ORM readers, primed for many rows at once). On the demo organisation,
changed as it goes by the agreement test's mix of decisions (hires before their first day,
notices, rotations, new clients whose veto window lapses before tick has run, leads
replaced), every person's, client's and area's facts and the CEO must be the same both ways,
on days before, on and after the decisions.
"""

import random
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction

from ansvar import demo
from ansvar.engine.actor import SYSTEM
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.facts import FactsCache, Scoped
from ansvar.engine.registry import ACTIONS, perform
from ansvar.org.models import BusinessArea, Client, Person
from tests.engine.test_agreement import (
    GENERATED_SYSTEM,
    TODAY,
    World,
    _actor,
    _decider,
    _target,
    _value,
)

OFFSETS = (-400, -30, 0, 1, 7, 30, 90, 200)


def _differences(org: Any) -> list[str]:
    found: list[str] = []
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    clients = list(Client.objects.filter(organisation=org).order_by("pk"))
    areas = list(BusinessArea.objects.filter(organisation=org).order_by("pk"))
    for offset in OFFSETS:
        at = TODAY + timedelta(days=offset)
        whole = FactsCache(org, at)
        everyone = whole.people(people)
        whole.prime_clients(clients)
        scoped = Scoped(org, at)
        if scoped.ceo() != whole.ceo():
            found.append(f"{at} ceo: {scoped.ceo()} != {whole.ceo()}")
        if scoped.people(people) != everyone:
            found.append(f"{at}: the people's facts read together differ")
        for person in people:
            one = scoped.people([person])[person.pk]
            if one != everyone[person.pk]:
                found.append(f"{at} {person.email}: {one} != {everyone[person.pk]}")
        for client in clients:
            one, expected = scoped.client(client), whole.client(client)
            if one != expected:
                found.append(f"{at} {client.slug}: {one} != {expected}")
        for area in areas:
            if scoped.area(area) != whole.area(area):
                found.append(f"{at} {area.slug}: {scoped.area(area)} != {whole.area(area)}")
            if scoped.area_by_slug(area.slug) != whole.area(area):
                found.append(f"{at} {area.slug} by slug: {scoped.area_by_slug(area.slug)}")
    return found


def _states(org: Any) -> dict[str, int]:
    """How many of the edge cases the comparison met on its days."""
    counts = {"hire ahead": 0, "moving": 0, "leaving": 0, "lapsed lead": 0, "not active": 0}
    people = list(Person.objects.filter(organisation=org))
    clients = list(Client.objects.filter(organisation=org))
    for offset in OFFSETS:
        at = TODAY + timedelta(days=offset)
        scoped = Scoped(org, at)
        for facts in scoped.people(people).values():
            counts["hire ahead"] += facts.starts_on is not None
            counts["moving"] += facts.next_area is not None
            counts["leaving"] += facts.active and facts.employment_ends_on is not None
        for client in clients:
            counts["not active"] += scoped.client(client).status != Client.Status.ACTIVE
    from ansvar.org.selectors import unsettled_lapses

    for offset in OFFSETS:
        counts["lapsed lead"] += unsettled_lapses(org, TODAY + timedelta(days=offset)).count()
    return counts


@pytest.mark.django_db
def test_scoped_facts_are_the_whole_organisation_reads() -> None:
    rng = random.Random(4)
    org = demo.load(people=45, seed=3, today=TODAY)
    w = World(org)
    names = sorted(ACTIONS)
    kept = 0
    differences = _differences(org)
    for _ in range(600):
        spec = ACTIONS[rng.choice(names)]
        if spec.system and spec.name in GENERATED_SYSTEM:
            continue
        actor = _actor(rng, w, spec)
        if actor is SYSTEM and not spec.system:
            continue
        at = TODAY + timedelta(days=rng.choice([0, 0, 1, 7, 30]))
        target = _target(rng, w, spec.target)
        args = {a.name: _value(rng, w, spec, a, at) for a in spec.args if a.kind != "value"}
        if actor is not SYSTEM:
            actor = _decider(org, w, actor, spec, target, args, at) or actor
        try:
            with transaction.atomic():
                perform(org, actor, spec.name, target, args, at=at)
        except (PolicyRefused, InvalidInput):
            continue
        kept += 1
        w.refresh()
        if kept % 40 == 0:
            differences += _differences(org)
    differences += _differences(org)
    assert not differences, "\n".join(differences[:20]) + f"\n({len(differences)} in all)"
    # The mix made the cases the scoped reads treat apart, so the comparison met them.
    states = _states(org)
    assert kept >= 80 and all(states.values()), (kept, states)
