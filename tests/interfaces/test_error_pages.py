"""Error pages in Ansvar's own layout and the reader's language: a page that does not exist,
a form whose CSRF check fails, a bad request and a server error; none shows a traceback."""

from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.views.defaults import bad_request, server_error

from tests.fixtures import give_account, log_in


def _layout(page: str) -> None:
    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page
    assert "Traceback" not in page


@override_settings(DEBUG=False)
def test_a_missing_page_says_so_in_swedish_and_in_english(client, people):
    log_in(client, people["erik"])
    response = client.get("/personer/ingen@example.se/")
    assert response.status_code == 404
    page = response.content.decode()
    _layout(page)
    assert "Sidan finns inte" in page and "Det finns ingen sådan person." in page
    assert 'href="/kunder/"' in page, "the menu of a logged-in reader"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/finns-inte/").content.decode()
    assert '<html lang="en">' in english and "Page not found" in english
    assert "Sidan finns inte" not in english


@override_settings(DEBUG=False)
def test_a_form_that_fails_the_csrf_check_writes_nothing_and_says_why(people):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(give_account(people["cecilia"]))
    response = strict.post(
        "/handling/set_deputy/", {"target": "client:alfa", "person": "anna@example.se"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    _layout(page)
    assert "Formuläret har gått ut" in page and "Ingenting har sparats" in page


def test_a_server_error_and_a_bad_request_use_the_layout(db):
    request = RequestFactory().get("/")
    with translation.override("sv"):
        error = server_error(request)
        bad = bad_request(request, Exception("trasig"))
    assert error.status_code == 500 and bad.status_code == 400
    _layout(error.content.decode())
    assert "Något gick fel" in error.content.decode()
    assert "Felaktig begäran" in bad.content.decode()
