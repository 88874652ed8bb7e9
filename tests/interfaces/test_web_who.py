""" "Vem bestämmer?": a client, an area or a person by name, and who takes each decision there
on a date, with the clauses; the one it names is the one the rules let decide."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from ansvar.engine.registry import holds_right, perform
from tests.fixtures import log_in


def _page(client, query: str, status: int = 200) -> str:
    response = client.get(f"/vem-bestammer/{query}")
    assert response.status_code == status
    return response.content.decode()


def _decider(page: str, action: str) -> str:
    row = page.split(f'data-action="{action}"')[1].split("</tr>")[0]
    return re.search(r'href="/personer/([^/]+)/"', row).group(1)


@pytest.fixture
def logged_in(client, people):
    log_in(client, people["erik"])
    return client


def test_every_page_has_the_box(logged_in):
    home = logged_in.get("/").content.decode()
    assert 'action="/vem-bestammer/"' in home and 'name="q"' in home


def test_a_client_by_part_of_its_name(logged_in):
    page = _page(logged_in, "?q=alfa")
    primary = page.split('id="who-primary"')[1].split("</ul>")[0]
    assert "Cecilia Ka" in primary and "(KA2)" in primary
    assert _decider(page, "add_work_group_member") == "cecilia@example.se"
    assert _decider(page, "set_deputy") == "cecilia@example.se"
    assert _decider(page, "appoint_client_lead") == "vera@example.se"
    row = page.split('data-action="add_work_group_member"')[1].split("</tr>")[0]
    assert "<strong>KA3</strong>" in row, "the clause with its reading"


def test_a_person_and_an_area(logged_in):
    person = _page(logged_in, "?q=person:erik@example.se")
    assert _decider(person, "set_salary") == "anna@example.se"  # his area manager (AO3)
    assert _decider(person, "record_probation_follow_up") == "anna@example.se"  # AO4
    assert _decider(person, "give_notice") == "vera@example.se"  # the CEO (VD4)
    area = _page(logged_in, "?q=Analys")
    assert _decider(area, "hire") == "olof@example.se"
    assert _decider(area, "appoint_area_manager") == "vera@example.se"


def test_the_named_decider_is_the_one_the_rules_let_decide(logged_in, org, people):
    by_email = {p.email: p for p in people.values()}
    for query, target in (("?q=alfa", "client:alfa"), ("?q=Olof", "person:olof@example.se")):
        page = _page(logged_in, query)
        for action, email in re.findall(
            r'data-action="(\w+)">.*?href="/personer/([^/]+)/"', page, re.S
        ):
            assert holds_right(org, by_email[email], action, target).allowed, (action, email)


def test_several_matches_are_listed_and_nothing_is_said_of_an_unknown_name(logged_in):
    page = _page(logged_in, "?q=Ka")  # Cecilia Ka and Petra Ka
    matches = page.split('id="who-matches"')[1].split("</ul>")[0]
    assert "Cecilia Ka" in matches and "Petra Ka" in matches
    assert 'id="who-rights"' not in page
    none = _page(logged_in, "?q=Ingen+s%C3%A5dan")
    assert "Inget i organisationen heter" in none


def test_as_of_a_date_the_holder_then(logged_in, org, people):
    today = timezone.localdate()
    perform(
        org, people["vera"], "appoint_client_lead", "client:alfa", {"person": "petra@example.se"}
    )
    now = _page(logged_in, "?q=client:alfa")
    assert _decider(now, "assign_work_item") == "petra@example.se"
    before = _page(logged_in, f"?q=client:alfa&datum={(today - timedelta(days=1)).isoformat()}")
    assert _decider(before, "assign_work_item") == "cecilia@example.se"


def test_a_bad_date_and_a_date_before_the_client_are_explained(logged_in):
    bad = _page(logged_in, "?q=alfa&datum=2026-13-01", status=400)
    assert "är inget datum" in bad and 'id="who-rights"' not in bad
    early = _page(logged_in, "?q=client:alfa&datum=1999-01-01", status=400)
    assert "det fanns inte då" in early
