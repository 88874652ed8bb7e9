"""P4 in the database itself: raw SQL cannot open a second holder of one area."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from ansvar.org.models import AreaMembership, Client, Holding


def _raw_insert_holding(org, person, client) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO org_holding (organisation_id, kind, person_id, client_id, valid_from, "
            "basis) VALUES (%s, 'client_lead', %s, %s, %s, 'raw')",
            [org.pk, person.pk, client.pk, date(2026, 1, 1)],
        )


def test_second_open_client_lead_is_refused_by_the_database(org, people):
    alfa = Client.objects.get(organisation=org, slug="alfa")
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_insert_holding(org, people["petra"], alfa)
    assert Holding.objects.filter(client=alfa, valid_to__isnull=True).count() == 1


def test_closed_holding_leaves_room_for_a_successor(org, people):
    alfa = Client.objects.get(organisation=org, slug="alfa")
    Holding.objects.filter(client=alfa).update(valid_to=date(2026, 1, 1))
    _raw_insert_holding(org, people["petra"], alfa)
    assert Holding.objects.get(client=alfa, valid_to__isnull=True).person == people["petra"]


def test_a_person_cannot_belong_to_two_areas_at_once(org, people):
    anna = people["anna"]
    other = org.areas.exclude(pk=anna.memberships.get().area_id).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaMembership.objects.create(person=anna, area=other, valid_from=date(2026, 1, 1))


def test_holding_dates_must_be_in_order(org, people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Holding.objects.filter(kind="ceo").update(valid_to=date(2000, 1, 1))


def test_holding_kind_must_match_its_area(org, people):
    alfa = Client.objects.get(organisation=org, slug="alfa")
    with pytest.raises(IntegrityError), transaction.atomic():
        Holding.objects.create(
            organisation=org,
            kind="ceo",
            person=people["anna"],
            client=alfa,
            valid_from=date(2026, 1, 1),
        )
