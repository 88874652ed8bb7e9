"""In the browser: the CEO sees the area's order of selection (LAS 22 §) on a person's page
before a redundancy notice, the notice form asks for its ground, and the area page shows
the rights of re-employment (LAS 25 §) to whoever hires there."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ansvar.engine.registry import perform
from ansvar.org.founding import PersonSpec, found_organisation
from tests.fixtures import example_spec, log_in


@pytest.fixture
def staff(db):
    """The example organisation with Sven (three years) in opinion."""
    spec = example_spec()
    spec.people.append(PersonSpec("sven@example.se", "Sven Tre", "opinion", date(2023, 4, 1)))
    org = found_organisation(spec)
    return org, {p.email.split("@")[0]: p for p in org.people.all()}


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _selection(page: str) -> list[str]:
    table = page.split('id="selection-order"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'href="/personer/([^/]+)/"', table)


def test_the_ceo_sees_the_order_of_selection_with_employment_times(client, staff):
    _org, people = staff
    log_in(client, people["vera"])
    page = _page(client, "/personer/sven@example.se/")
    assert "Turordning vid arbetsbrist (LAS 22 §)" in page
    # Longest employment time first; the CEO is outside LAS (1 §) and not listed.
    assert _selection(page) == [
        "anna@example.se",
        "cecilia@example.se",
        "sven@example.se",
        "erik@example.se",
    ]
    table = page.split('id="selection-order"', 1)[1].split("</table>", 1)[0]
    assert "2018-03-01" in table and "2023-04-01" in table
    assert '<tr class="subject">' in table and "<strong>Sven Tre</strong>" in table
    # The notice form asks for the ground, personal grounds first (the default).
    form = page.split('action="/handling/give_notice/"', 1)[1].split("</form>", 1)[0]
    assert 'name="ground"' in form
    assert form.index("Personliga skäl") < form.index("Arbetsbrist")


@pytest.mark.parametrize("viewer", ["anna", "sven", "petra"])
def test_nobody_else_sees_the_order_of_selection(client, staff, viewer):
    _org, people = staff
    log_in(client, people[viewer])
    page = _page(client, "/personer/sven@example.se/")
    assert 'id="selection-order"' not in page and "LAS 22 §" not in page


def test_the_order_of_selection_in_english(client, staff):
    _org, people = staff
    log_in(client, people["vera"])
    client.cookies["django_language"] = "en"
    page = _page(client, "/personer/sven@example.se/")
    assert "Order of selection in a redundancy (LAS 22 §)" in page
    assert "years" in page.split('id="selection-order"', 1)[1].split("</table>", 1)[0]


@pytest.fixture
def given_notice(staff):
    """Sven was given notice for redundancy a week ago (more than twelve months employed)."""
    org, people = staff
    done = perform(
        org,
        people["vera"],
        "give_notice",
        "person:sven@example.se",
        {"reason": "Färre uppdrag", "ground": "redundancy"},
        at=timezone.localdate() - timedelta(days=7),
    )
    return org, people, done.result


@pytest.mark.parametrize("viewer", ["anna", "vera"])
def test_the_area_page_shows_the_right_of_re_employment_to_who_hires(client, given_notice, viewer):
    _org, people, separation = given_notice
    right = separation.reemployment_right
    log_in(client, people[viewer])
    page = _page(client, "/omraden/opinion/")
    assert "Företrädesrätt till återanställning (LAS 25 §)" in page
    table = page.split('id="reemployment"', 1)[1].split("</table>", 1)[0]
    assert "Sven Tre" in table
    assert str(separation.last_day) in table and str(right.valid_until) in table
    # It stands just above the hiring form.
    assert page.index('id="reemployment"') < page.index('data-action="hire"')


def test_a_colleague_and_another_area_do_not_show_it(client, given_notice):
    _org, people, _separation = given_notice
    log_in(client, people["cecilia"])
    assert "LAS 25 §" not in _page(client, "/omraden/opinion/")
    client.logout()
    log_in(client, people["olof"])
    page = _page(client, "/omraden/analys/")
    assert "Ingen har företrädesrätt till återanställning i området." in page
    assert "Sven Tre" not in page


def test_a_notice_posted_from_the_form_needs_the_underrattelse_on_personal_grounds(client, staff):
    _org, people = staff
    log_in(client, people["vera"])
    url = "/personer/sven@example.se/"
    response = client.post(
        "/handling/give_notice/",
        {"target": "person:sven@example.se", "reason": "Samarbete", "ground": "personal"},
        follow=True,
        HTTP_REFERER=url,
    )
    page = response.content.decode()
    assert "LAS 30 §" in page and "Nekat" in page
    response = client.post(
        "/handling/give_notice/",
        {
            "target": "person:sven@example.se",
            "reason": "Färre uppdrag",
            "ground": "redundancy",
            "confirmed": "1",
        },
        follow=True,
        HTTP_REFERER=url,
    )
    page = response.content.decode()
    assert "loggat som nr" in page
    assert "Slutar " in page.split('id="selection-order"', 1)[1].split("</table>", 1)[0]
