"""Person and area pages: who decides over someone, sensitive parts only for those who may
see them (every read in the access log), and the panels that explain the refusal."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ansvar.decisions.models import AccessRecord, Refusal
from ansvar.engine.registry import perform
from tests.fixtures import log_in

AMOUNT = "61234"


@pytest.fixture
def salaried(org, people):
    """Cecilia has a salary set by her manager Anna, and a development talk with notes."""
    today = timezone.localdate()
    perform(org, people["anna"], "set_salary", "person:cecilia@example.se", {"amount": AMOUNT})
    perform(
        org,
        people["anna"],
        "record_development_talk",
        "person:cecilia@example.se",
        {"held_on": today.isoformat(), "notes": "Vill leda fler kunder"},
    )
    return people


def _page(client, email):
    response = client.get(f"/personer/{email}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("viewer", ["cecilia", "anna", "vera"])
def test_the_person_her_manager_and_the_ceo_see_the_salary_and_the_read_is_logged(
    client, org, salaried, viewer
):
    log_in(client, salaried[viewer])
    page = _page(client, "cecilia@example.se")
    assert "61234" in page and "Vill leda fler kunder" in page
    reads = AccessRecord.objects.filter(viewer=salaried[viewer], subject=salaried["cecilia"])
    assert set(reads.values_list("what", flat=True)) == {"salary", "talk_notes"}


def test_a_colleague_sees_no_amount_and_no_notes_but_the_reason_and_nothing_is_written(
    client, org, salaried
):
    log_in(client, salaried["petra"])
    page = _page(client, "cecilia@example.se")
    assert "61234" not in page and "61 234" not in page
    assert "Vill leda fler kunder" not in page
    assert "Lönen visas inte för dig." in page and "AO3" in page and "Anna Ao" in page
    assert not AccessRecord.objects.filter(viewer=salaried["petra"]).exists()
    assert not Refusal.objects.exists(), "a page view is not an attempt"


def test_the_person_page_names_area_manager_probation_and_client_work(client, org, people):
    log_in(client, people["petra"])
    page = _page(client, "erik@example.se")
    assert "Opinion" in page and 'href="/personer/anna@example.se/"' in page
    assert "Provanställd" in page and "2027-03-01" in page
    assert "Alfa AB" in page and "Medlem" in page


def test_the_manager_gets_forms_and_a_colleague_greyed_out_panels(client, org, people):
    log_in(client, people["anna"])
    page = _page(client, "erik@example.se")
    assert 'action="/handling/set_salary/"' in page
    assert 'action="/handling/record_probation_follow_up/"' in page
    assert 'action="/handling/give_notice/"' not in page, "notice is the CEO's (VD4)"
    assert "Vera Vd" in page and "VD4" in page


def test_the_manager_sees_the_duties_about_her_consultant(client, org, people):
    log_in(client, people["anna"])
    page = _page(client, "erik@example.se")
    assert 'id="duties"' in page and "AO4" in page
    client.logout()
    log_in(client, people["petra"])
    assert 'id="duties"' not in _page(client, "erik@example.se")


def test_own_page_offers_set_skill_and_the_skill_is_shown(client, org, people):
    log_in(client, people["erik"])
    page = _page(client, "erik@example.se")
    assert 'action="/handling/set_skill/"' in page
    perform(
        org, people["erik"], "set_skill", "person:erik@example.se", {"name": "python", "level": 4}
    )
    assert "python: 4/5" in _page(client, "erik@example.se")
    assert 'action="/handling/set_skill/"' not in _page(client, "cecilia@example.se")


def test_coaching_is_asked_on_the_managers_page(client, org, people):
    log_in(client, people["erik"])
    page = _page(client, "anna@example.se")
    assert 'action="/handling/request_coaching/"' in page
    assert 'name="target" value="person:anna@example.se"' in page


def test_an_unknown_person_is_404(client, org, people):
    log_in(client, people["erik"])
    assert client.get("/personer/ingen@example.se/").status_code == 404


def test_the_person_page_runs_a_bounded_number_of_queries(client, org, salaried):
    log_in(client, salaried["anna"])
    with CaptureQueriesContext(connection) as small:
        _page(client, "erik@example.se")
    for n in range(10):
        perform(
            org,
            salaried["anna"],
            "set_salary",
            "person:erik@example.se",
            {"amount": 40000 + n, "effective_from": date(2026, 10, 1 + n).isoformat()},
        )
    with CaptureQueriesContext(connection) as large:
        _page(client, "erik@example.se")
    assert len(large) == len(small), "more salary rows, the same queries"
    assert len(small) < 200


def test_the_area_page_shows_manager_members_and_positions_to_the_manager(client, org, people):
    perform(org, people["anna"], "open_position", "area:opinion", {"title": "Pressekreterare"})
    log_in(client, people["anna"])
    response = client.get("/omraden/opinion/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna Ao" in page and "Cecilia Ka" in page and "Erik Ny" in page
    assert "Pressekreterare" in page and 'id="figures"' in page
    assert 'action="/handling/hire/"' in page and 'action="/handling/open_position/"' in page


def test_a_colleague_sees_the_area_but_not_its_recruitment(client, org, people):
    perform(org, people["anna"], "open_position", "area:opinion", {"title": "Pressekreterare"})
    log_in(client, people["petra"])
    page = client.get("/omraden/opinion/").content.decode()
    assert "Anna Ao" in page and "Pressekreterare" not in page
    assert 'action="/handling/hire/"' not in page and "AO3" in page


def test_the_ceo_gets_the_appoint_area_manager_form(client, org, people):
    log_in(client, people["vera"])
    page = client.get("/omraden/analys/").content.decode()
    assert 'action="/handling/appoint_area_manager/"' in page
    assert client.get("/omraden/ingen/").status_code == 404


def test_the_map_as_of_a_date_links_targets_and_highlights_the_unowned(client, org, people):
    log_in(client, people["erik"])
    page = client.get("/ansvarskarta/?datum=2026-11-01").content.decode()
    assert "Ansvarskarta 2026-11-01" in page or "1 november 2026" in page
    assert 'href="/omraden/opinion/"' in page and 'href="/kunder/alfa/"' in page
    assert 'href="/personer/cecilia@example.se/"' in page
    before = client.get("/ansvarskarta/?datum=2019-06-01").content.decode()
    assert "unowned-row" in before and "Ingen (P4)" in before
    assert "saknar beslutsfattare (P4)" in before and "Alfa AB" not in before


def test_a_bad_map_date_is_explained_in_swedish(client, org, people):
    log_in(client, people["erik"])
    response = client.get("/ansvarskarta/?datum=2026-13-45")
    assert response.status_code == 400
    assert "är inget datum; skriv det som ÅÅÅÅ-MM-DD" in response.content.decode()
