"""Reads narrowed to one area or one client give that area's or client's rows of the
organisation-wide read, unchanged (the area page and the client page use the narrow ones)."""

from datetime import date

import pytest

from ansvar import demo
from ansvar.clients.selectors import ka5_replaceability
from ansvar.org.models import BusinessArea, Client
from ansvar.people.selectors import area_figures

TODAY = date(2026, 11, 2)


@pytest.fixture
def demo_org(db):
    return demo.load(people=60, seed=3, today=TODAY)


def test_area_figures_for_one_area_equal_its_row_of_all(demo_org):
    everything = {row["area"]: row for row in area_figures(demo_org, TODAY)}
    areas = list(BusinessArea.objects.filter(organisation=demo_org))
    assert len(areas) >= 3
    for area in areas:
        assert area_figures(demo_org, TODAY, only=area) == [everything[area.slug]]
    assert any(m["people"] > 0 for row in everything.values() for m in row["months"])


def test_ka5_for_one_client_equals_its_rows_of_all(demo_org):
    everything = ka5_replaceability(demo_org, TODAY)
    assert everything["no_deputy"] or everything["lead_holds_most"]
    for client in Client.objects.filter(organisation=demo_org):
        one = ka5_replaceability(demo_org, TODAY, only=client)
        for key in ("no_deputy", "lead_holds_most"):
            assert one[key] == [r for r in everything[key] if r["client"] == client.slug]
