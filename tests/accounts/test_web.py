"""The account pages: reset, invitation, password change, the administrators' page, and
LoginRequiredMiddleware (every page needs a log-in unless marked)."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from ansvar.accounts.models import Invitation
from ansvar.accounts.tokens import invitation_tokens
from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.org.models import Employment

PASSWORD = "ett-långt-lösen-9"
NEW = "sommar-i-visby-77"
INVITATION_LINK = re.compile(r"http://testserver(/konto/inbjudan/[^/\s]+/[^/\s]+/)")
RESET_LINK = re.compile(r"http://testserver(/konto/aterstall/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ANSVAR_BASE_URL = "http://testserver"


def _account(person, password=PASSWORD):
    person.user = User.objects.create_user(person.email, person.email, password)
    person.save(update_fields=["user"])
    return person.user


def _invite(org, admin, person, callbacks):
    with callbacks(execute=True):
        perform(org, admin, "invite_person", f"person:{person.email}")
    return INVITATION_LINK.findall(mail.outbox[-1].body)[0]


def _set_password(client, link, password=NEW):
    """Open the link as the e-mail's reader would and choose a password."""
    opened = client.get(link)
    assert opened.status_code == 302  # Django moves the token out of the address
    form = client.get(opened.url)
    assert form.status_code == 200 and "new_password1" in form.text
    return client.post(opened.url, {"new_password1": password, "new_password2": password})


def _reset(client, address, callbacks):
    with callbacks(execute=True):
        return client.post("/konto/aterstall/", {"email": address})


# --- reset -------------------------------------------------------------------------------


def test_reset_by_e_mail_then_log_in_with_the_new_password(
    client, people, django_capture_on_commit_callbacks
):
    _account(people["petra"])
    response = _reset(client, "Petra@Example.se", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == "/konto/aterstall/skickat/"
    (message,) = mail.outbox
    assert message.subject == "Nytt lösenord i Ansvar / New password in Ansvar"
    assert message.to == ["petra@example.se"]
    (link,) = set(RESET_LINK.findall(message.body))
    done = _set_password(client, link)
    assert done.status_code == 302 and done.url == "/konto/aterstall/klart/"
    assert client.login(request=HttpRequest(), username="petra@example.se", password=NEW)
    assert "Länken går inte att använda" in client.get(link, follow=True).text  # once only


def test_reset_answers_the_same_for_unknown_addresses_and_mails_only_who_may_log_in(
    client, people, django_capture_on_commit_callbacks
):
    _account(people["petra"])
    _account(people["olof"])
    _account(people["anna"])
    User.objects.filter(username="anna@example.se").update(is_active=False)
    Employment.objects.filter(person=people["olof"]).update(
        last_day=timezone.localdate() - timedelta(days=1)
    )
    answers = {
        address: _reset(client, address, django_capture_on_commit_callbacks)
        for address in (
            "nobody@example.se",  # unknown
            "olof@example.se",  # left yesterday
            "anna@example.se",  # deactivated
            "petra@example.se",  # may log in
        )
    }
    assert {(r.status_code, r.url) for r in answers.values()} == {
        (302, "/konto/aterstall/skickat/")
    }
    assert [m.to for m in mail.outbox] == [["petra@example.se"]]


def test_an_invited_person_whose_link_expired_gets_a_new_one_by_reset(
    client, org, people, admin, django_capture_on_commit_callbacks
):
    _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    _reset(client, "petra@example.se", django_capture_on_commit_callbacks)
    (link,) = set(RESET_LINK.findall(mail.outbox[-1].body))
    assert _set_password(client, link).url == "/konto/aterstall/klart/"
    assert client.login(request=HttpRequest(), username="petra@example.se", password=NEW)


# --- invitation ------------------------------------------------------------------------------


def test_the_invitation_link_sets_the_password_once(
    client, org, people, admin, django_capture_on_commit_callbacks
):
    link = _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    opened = client.get(link, follow=True)
    assert "Välkommen till Ansvar" in opened.text and "petra@example.se" in opened.text
    done = _set_password(client, link)
    assert done.status_code == 302 and done.url == "/logga-in/"
    assert "Ditt lösenord är valt" in client.get("/logga-in/").text
    assert Invitation.objects.get().accepted_at is not None
    assert client.login(request=HttpRequest(), username="petra@example.se", password=NEW)
    client.logout()
    assert "Länken går inte att använda" in client.get(link, follow=True).text


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort-1", "för kort"),
        ("1q2w3e4r5t", "alldeles för vanligt"),
        ("4711471147114711", "enbart numeriskt"),
        ("petra@example", "alltför likt"),
    ],
)
def test_django_s_password_validators_apply(
    client, org, people, admin, django_capture_on_commit_callbacks, password, message
):
    link = _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    response = _set_password(client, link, password)
    assert response.status_code == 200 and message in response.text
    assert not User.objects.get(username="petra@example.se").has_usable_password()


def test_an_expired_or_replaced_invitation_link_is_refused(
    client, org, people, admin, django_capture_on_commit_callbacks, monkeypatch
):
    first = _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        perform(org, admin, "resend_invitation", "person:petra@example.se")
    second = INVITATION_LINK.findall(mail.outbox[-1].body)[0]
    assert "Länken går inte att använda" in client.get(first, follow=True).text
    later = datetime.now() + timedelta(days=7, minutes=1)  # naive local, as Django's tokens
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    assert "Länken går inte att använda" in client.get(second, follow=True).text
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later - timedelta(minutes=2))
    assert "new_password1" in client.get(second, follow=True).text


def test_a_deactivated_person_s_invitation_link_is_refused(
    client, org, people, admin, django_capture_on_commit_callbacks
):
    link = _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    perform(org, admin, "deactivate_account", "person:petra@example.se")
    assert "Länken går inte att använda" in client.get(link, follow=True).text


def test_a_reset_link_does_not_open_an_invitation_nor_the_reverse(
    client, org, people, admin, django_capture_on_commit_callbacks
):
    link = _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    swapped = link.replace("/konto/inbjudan/", "/konto/aterstall/")
    assert "Länken går inte att använda" in client.get(swapped, follow=True).text


# --- password change -------------------------------------------------------------------------


def test_change_the_password_on_the_account_page(client, people):
    user = _account(people["petra"])
    client.force_login(user)
    page = client.get("/konto/")
    assert page.status_code == 200 and "petra@example.se" in page.text
    assert "Administrera organisationens konton" not in page.text
    weak = client.post(
        "/konto/",
        {"old_password": PASSWORD, "new_password1": "1234567890", "new_password2": "1234567890"},
    )
    assert weak.status_code == 200 and "enbart numeriskt" in weak.text
    changed = client.post(
        "/konto/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert changed.status_code == 302 and changed.url == "/konto/bytt/"
    assert client.get("/").status_code == 200  # still logged in
    client.logout()
    assert client.login(request=HttpRequest(), username="petra@example.se", password=NEW)


# --- the administrators' page ----------------------------------------------------------------


def test_only_an_administrator_sees_the_accounts_page(client, people, admin):
    client.force_login(_account(people["vera"]))
    refused = client.get("/admin-konton/")
    assert refused.status_code == 403
    assert "Erik Ny" in refused.text and "(P7)" in refused.text
    client.force_login(_account(admin))
    page = client.get("/admin-konton/")
    assert page.status_code == 200
    assert "Administrera organisationens konton" in client.get("/konto/").text


def test_the_accounts_page_shows_each_status_and_its_actions(
    client, org, people, admin, django_capture_on_commit_callbacks
):
    client.force_login(_account(admin))
    _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    _account(people["olof"])
    perform(org, admin, "deactivate_account", "person:olof@example.se")
    page = client.get("/admin-konton/").text

    def row(person):
        match = re.search(rf'<tr id="account-{person.pk}".*?</tr>', page, re.S)
        assert match, person
        return match.group(0)

    assert "Inbjuden" in row(people["petra"]) and 'data-action="resend_invitation"' in row(
        people["petra"]
    )
    assert "Avstängt" in row(people["olof"]) and 'data-action="reactivate_account"' in row(
        people["olof"]
    )
    assert "Inget konto" in row(people["vera"]) and 'data-action="invite_person"' in row(
        people["vera"]
    )
    assert "Aktivt" in row(admin) and 'data-action="deactivate_account"' not in row(admin)
    assert "3 utan konto" in page and 'id="invite-everyone"' in page


def test_the_page_s_forms_post_through_perform_and_are_logged(
    client, org, people, admin, django_capture_on_commit_callbacks
):
    client.force_login(_account(admin))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/handling/invite_person/",
            {"target": "person:vera@example.se", "next": "/admin-konton/"},
        )
    assert response.status_code == 302 and response.url == "/admin-konton/"
    page = client.get(response.url).text  # the message, and the e-mail sent after commit
    assert "loggat som nr" in page and "Inbjuden" in page
    assert [m.to for m in mail.outbox] == [["vera@example.se"]]
    with django_capture_on_commit_callbacks(execute=True):
        everyone = client.post("/admin-konton/bjud-in-alla/", follow=True)
    assert "4 inbjudna, var och en loggad." in everyone.text
    assert Entry.objects.filter(action="invite_person").count() == 5


def test_invite_everyone_by_someone_else_is_refused_with_the_reason(client, people, admin):
    client.force_login(_account(people["anna"]))
    response = client.post("/admin-konton/bjud-in-alla/")
    assert response.status_code == 403
    assert "(P7)" in response.text and "Erik Ny" in response.text
    assert not Invitation.objects.exists()


# --- every page needs a log-in unless marked --------------------------------------------------

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation",
    "set_language",
    "calendar-feed",  # the secret address is the credential; an unknown one is 404
}


def _patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[URLPattern]:
    """Every URL pattern, each with ``route`` set to its whole route (prefixes included)."""
    found: list[URLPattern] = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLPattern):
            p.route = prefix + str(p.pattern)  # type: ignore[attr-defined]
            found.append(p)
        else:
            found += _patterns(p, prefix + str(p.pattern))
    return found


def _example_path(pattern: URLPattern) -> str:
    route = pattern.route  # type: ignore[attr-defined]
    for name in ("uidb64", "token", "slug", "code", "action_name", "email", "fmt"):
        route = re.sub(rf"<(\w+:)?{name}>", "x", route)
    route = re.sub(r"<int:\w+>", "1", route)
    assert "<" not in route, route
    return "/" + route


def test_every_page_but_the_public_ones_needs_a_log_in(client, org):
    names = {p.name for p in _patterns()}
    assert names >= PUBLIC
    for pattern in _patterns():
        path = _example_path(pattern)
        response = client.get(path)
        if path.startswith("/api/"):
            # The API authenticates each request itself: a problem, never the log-in page.
            assert response.status_code in {200, 401, 404, 405}, path
        elif pattern.name in PUBLIC:
            assert response.status_code in {200, 302, 404, 405}, path
            if response.status_code == 302:
                assert not response.url.startswith("/logga-in/"), path
        else:
            assert response.status_code == 302, path
            assert response.url.startswith("/logga-in/?next="), path


def test_the_language_switch_works_before_logging_in(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/logga-in/"})
    assert response.status_code == 302 and response.url == "/logga-in/"
    page = client.get("/logga-in/").text
    assert "Log in" in page and "Forgotten your password" in page


def test_the_account_pages_in_english(
    client, org, people, admin, django_capture_on_commit_callbacks
):
    from tests.interfaces.test_i18n_pages import _english, _no_swedish

    link = _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    _english(client)
    for url in ("/logga-in/", "/konto/aterstall/", "/konto/aterstall/skickat/"):
        _no_swedish(client.get(url).text, url)
    _no_swedish(client.get(link, follow=True).text, link)
    _no_swedish(client.get("/konto/aterstall/klart/").text, "/konto/aterstall/klart/")
    client.force_login(_account(people["vera"]))
    _no_swedish(client.get("/konto/").text, "/konto/")
    client.force_login(_account(admin))
    for url in ("/konto/", "/admin-konton/", "/konto/bytt/"):
        page = client.get(url).text
        _no_swedish(page, url)
    assert "Invited" in client.get("/admin-konton/").text
