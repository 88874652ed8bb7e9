"""English as the second language: the switch, the templates and the panels' reasons."""

from pathlib import Path

from django.utils import timezone

import ansvar
from ansvar.engine.registry import perform
from tests.fixtures import log_in


def _english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_swedish_by_default_even_for_an_english_browser(client, org, people):
    log_in(client, people["vera"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Hej Vera Vd" in page and "Dina åtaganden" in page and 'lang="sv"' in page


def test_the_switch_renders_the_home_page_in_english(client, org, people):
    perform(
        org,
        people["cecilia"],
        "report_criticism",
        "client:alfa",
        {"summary": "Missnöjd"},
        at=timezone.localdate(),
    )
    log_in(client, people["vera"])
    _english(client)
    page = client.get("/").content.decode()
    assert "Hello Vera Vd" in page and "Your duties" in page and 'lang="en"' in page
    assert "Responsibility map" in page and "Dina åtaganden" not in page
    assert "CEO since" in page
    back = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert back.status_code == 302 and "Hej Vera Vd" in client.get("/").content.decode()


def test_the_log_in_page_and_the_map_in_english(client, org, people):
    _english(client)
    login = client.get("/logga-in/").content.decode()
    assert "Log in" in login and "Password" in login
    log_in(client, people["anna"])
    page = client.get("/ansvarskarta/").content.decode()
    assert "Every area of responsibility has exactly one decision maker" in page
    bad = client.get("/ansvarskarta/?datum=igår")
    assert bad.status_code == 400 and "is not a date" in bad.content.decode()


def test_a_panel_explains_the_refusal_in_english(client, org, people):
    log_in(client, people["petra"])
    _english(client)
    page = client.get("/personer/erik@example.se/").content.decode()
    assert "Only Erik Ny&#x27;s manager, Anna Ao, may set the salary (AO3)." in page
    assert "Anna Ao</a> decides on the salary" in page
    assert "Anna Ao decides." in page and "The salary is not shown to you." in page
    assert "Decisions about the person" in page


def test_the_compiled_catalogue_is_committed_next_to_its_source():
    messages = Path(ansvar.__file__).parent / "locale" / "en" / "LC_MESSAGES"
    po, mo = messages / "django.po", messages / "django.mo"
    assert po.exists() and mo.exists()
    assert 'msgstr ""\n\n' not in po.read_text(encoding="utf-8").split("\n\n", 1)[1]
