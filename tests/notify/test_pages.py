"""The mail pages: a person's own e-mail choice, and the outbox for the administrator, in
Swedish and in English."""

from ansvar.engine.registry import perform
from ansvar.notify.models import OutboxMessage, Preference
from tests.fixtures import log_in
from tests.interfaces.test_i18n_pages import _english, _no_swedish, _page, _swedish_words
from tests.notify.conftest import AT


def test_a_person_chooses_digest_and_english_for_their_own_mail(client, org, people):
    log_in(client, people["erik"])
    page = _page(client, "/aviseringar/installningar/")
    assert "E-post från Ansvar" in page and 'value="immediate" checked' in page
    response = client.post(
        "/aviseringar/installningar/", {"mode": "digest", "language": "en"}, follow=True
    )
    assert "Ditt val är sparat." in response.content.decode()
    people["erik"].refresh_from_db()
    assert people["erik"].language == "en"
    assert Preference.objects.get(person=people["erik"]).mode == "digest"
    assert not Preference.objects.exclude(person=people["erik"]).exists()


def test_a_bad_choice_is_named_and_nothing_is_saved(client, org, people):
    log_in(client, people["erik"])
    for data, field in (
        ({"mode": "weekly", "language": "sv"}, "E-post:"),
        ({"mode": "none", "language": "de"}, "Språk:"),
    ):
        page = client.post("/aviseringar/installningar/", data).content.decode()
        assert field in page
    people["erik"].refresh_from_db()
    assert people["erik"].language == "sv" and not Preference.objects.exists()


def test_the_notifications_page_leads_to_the_choice(client, org, people):
    log_in(client, people["vera"])
    assert "/aviseringar/installningar/" in _page(client, "/aviseringar/")


def test_the_mail_pages_in_english(client, org, people, smtp, mail_admin):
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    OutboxMessage.objects.update(status="failed", attempts=8, last_error="SMTPDataError: 451")
    log_in(client, mail_admin)
    swedish = {url: _page(client, url) for url in ("/utskick/", "/aviseringar/installningar/")}
    for url, page in swedish.items():
        assert len(_swedish_words(page)) >= 2, url
    _english(client)
    outbox = _page(client, "/utskick/")
    for words in ("Outgoing mail", "Failed after the last try", "Send again", "Last error"):
        assert words in outbox
    assert "A proposal awaits your decision" in outbox
    _no_swedish(outbox, "/utskick/")
    choice = _page(client, "/aviseringar/installningar/")
    assert "One summary a day" in choice and "Language of the e-mail" in choice
    _no_swedish(choice, "/aviseringar/installningar/")
    log_in(client, people["anna"])
    refused = _page(client, "/utskick/", 403)
    assert "Only the technical administrator of Ansvar sees the outgoing mail." in refused
