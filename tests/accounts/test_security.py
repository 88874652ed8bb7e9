"""Log-in and sessions (issue 14, item 6): django-axes' lockout per account and per address,
Argon2 with older hashes upgraded, the session cookie and its idle timeout, the password
again before an API token, and the headers (CSP without inline script or style,
Referrer-Policy, Permissions-Policy, no-store on pages with salaries or talk notes)."""

import json
import logging
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from ansvar.accounts import recent
from ansvar.accounts.throttle import client_address
from ansvar.api.models import ApiToken
from ansvar.config import settings as production_settings
from tests.fixtures import PASSWORD, give_account, log_in

LOCKED_SV = "För många misslyckade inloggningar"


def _post_login(client: Client, email: str, password: str, address: str):
    return client.post("/logga-in/", {"username": email, "password": password}, REMOTE_ADDR=address)


def _fail(client: Client, email: str, address: str, times: int = 10) -> None:
    """``times`` wrong passwords: each a plain refusal, the tenth (the limit) a lockout."""
    for i in range(1, times + 1):
        response = _post_login(client, email, "fel-lösenord", address)
        if i < 10:
            assert response.status_code == 200, i
            assert "form" in response.context and 'id="locked-out"' not in response.text
        else:
            assert response.status_code == 429 and 'id="locked-out"' in response.text


@pytest.fixture
def accounts(people):
    for name in ("petra", "anna", "olof"):
        give_account(people[name])
    return people


# --- django-axes -------------------------------------------------------------------------


def test_ten_failures_lock_the_account_with_the_log_in_page_s_message(accounts, caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="ansvar.accounts"):
        _fail(client, "petra@example.se", "10.0.0.1", 10)
    refused = _post_login(client, "petra@example.se", PASSWORD, "10.0.0.1")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert LOCKED_SV in page and "i 15 minuter" in page and 'id="locked-out"' in page
    assert "<h1>Logga in</h1>" in page and 'href="/static/ansvar/ansvar.css"' in page
    assert client.get("/").status_code == 302  # not logged in
    attempt = AccessAttempt.objects.get(username="petra@example.se")
    assert attempt.failures_since_start >= 10 and attempt.ip_address == "10.0.0.1"
    warnings = [r.getMessage() for r in caplog.records if r.name == "ansvar.accounts"]
    assert any("locked out" in w and "petra@example.se" in w for w in warnings), warnings

    # Per account: from another address too; the same address, another account: refused.
    other = _post_login(Client(), "Petra@Example.se ", PASSWORD, "10.0.0.9")
    assert other.status_code == 429 and LOCKED_SV in other.content.decode()
    same_address = _post_login(Client(), "olof@example.se", PASSWORD, "10.0.0.1")
    assert same_address.status_code == 429
    # A different account from another address still logs in.
    assert _post_login(Client(), "anna@example.se", PASSWORD, "10.0.0.2").status_code == 302


def test_the_lockout_message_in_english(accounts):
    client = Client()
    client.cookies["django_language"] = "en"
    _fail(client, "petra@example.se", "10.0.0.1", 10)
    refused = _post_login(client, "petra@example.se", PASSWORD, "10.0.0.1")
    assert refused.status_code == 429 and "Too many failed log-ins" in refused.text


def test_ten_failures_from_one_address_lock_the_address(accounts):
    client = Client()
    for i in range(10):  # ten different (unknown) accounts, one address
        _post_login(client, f"ingen{i}@example.se", "fel", "10.0.0.5")
    refused = _post_login(client, "anna@example.se", PASSWORD, "10.0.0.5")
    assert refused.status_code == 429 and LOCKED_SV in refused.text
    assert _post_login(Client(), "anna@example.se", PASSWORD, "10.0.0.6").status_code == 302


def test_after_the_cool_off_the_account_logs_in_again(accounts):
    client = Client()
    _fail(client, "petra@example.se", "10.0.0.1", 10)
    assert _post_login(client, "petra@example.se", PASSWORD, "10.0.0.1").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _post_login(client, "petra@example.se", PASSWORD, "10.0.0.1").status_code == 302


def test_nine_failures_then_a_log_in_start_the_count_again(accounts):
    client = Client()
    _fail(client, "petra@example.se", "10.0.0.1", 9)
    assert _post_login(client, "petra@example.se", PASSWORD, "10.0.0.1").status_code == 302
    client.logout()
    _fail(client, "petra@example.se", "10.0.0.1", 9)
    assert _post_login(client, "petra@example.se", PASSWORD, "10.0.0.1").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(rf, settings):
    request = rf.post(
        "/logga-in/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.ANSVAR_TRUST_FORWARDED_FOR = True
    assert client_address(request) == "203.0.113.7"  # not what the client wrote itself
    settings.ANSVAR_TRUST_FORWARDED_FOR = False
    assert client_address(request) == "127.0.0.1"


# --- Argon2 ------------------------------------------------------------------------------


def test_production_hashes_with_argon2_first():
    hashers = production_settings.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers


def test_a_pbkdf2_hash_still_logs_in_and_becomes_argon2(accounts, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = User.objects.get(username="petra@example.se")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert _post_login(Client(), "petra@example.se", PASSWORD, "10.0.0.1").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


# --- the session -------------------------------------------------------------------------


def test_the_session_cookie_is_http_only_and_same_site(accounts):
    client = Client()
    response = _post_login(client, "petra@example.se", PASSWORD, "10.0.0.1")
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == 10 * 3600  # none lasts beyond a working day
    csrf = client.get("/logga-in/").cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


def test_a_log_in_gives_a_new_session_and_a_log_out_ends_it_on_the_server(accounts):
    """A session id known before the log-in (fixation) is not the one after it, and the id
    of a session that logged out opens nothing if it is sent again."""
    client = Client()
    client.get("/logga-in/")
    client.session.save()
    before = client.session.session_key
    _post_login(client, "petra@example.se", PASSWORD, "10.0.0.1")
    during = client.cookies["sessionid"].value
    assert during and during != before
    assert client.get("/").status_code == 200
    assert client.post("/logga-ut/").status_code == 302
    stolen = Client()
    stolen.cookies["sessionid"] = during
    response = stolen.get("/personer/")
    assert response.status_code == 302 and response.url.startswith("/logga-in/")


def test_a_password_shorter_than_twelve_characters_is_refused(accounts):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kort-lösen1")  # 11 characters
    validate_password("längre-lösen")  # 12 characters, not common: taken


def _age(client: Client, key: str, minutes: float) -> None:
    session = client.session
    session[key] = time.time() - minutes * 60
    session.save()


def test_a_session_idle_past_the_limit_goes_to_the_log_in_page(org, people, settings):
    settings.ANSVAR_SESSION_IDLE_MINUTES = 60
    client = Client()
    log_in(client, people["anna"])
    _age(client, recent.LAST_SEEN, 59)
    assert client.get("/").status_code == 200  # used within the hour: still logged in
    _age(client, recent.LAST_SEEN, 61)
    response = client.get("/personer/")
    assert response.status_code == 302 and response.url == "/logga-in/?next=/personer/"
    assert client.get("/").status_code == 302  # the session has ended, not just this request


# --- the password again --------------------------------------------------------------------


def test_changing_the_password_asks_for_the_old_one(org, people):
    client = Client()
    log_in(client, people["anna"])
    new = "ett-nytt-långt-lösen-7"
    wrong = client.post(
        "/konto/",
        {"old_password": "inte-det", "new_password1": new, "new_password2": new},
    )
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    assert User.objects.get(username="anna@example.se").check_password(PASSWORD)
    right = client.post(
        "/konto/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert right.status_code == 302
    assert User.objects.get(username="anna@example.se").check_password(new)


TOKENS = "/konto/nycklar/"
CONFIRM = "/konto/bekrafta/?next=%2Fkonto%2Fnycklar%2F"


def test_a_token_right_after_log_in_needs_no_second_password(org, people):
    client = Client()
    log_in(client, people["anna"])
    page = client.get(TOKENS).content.decode()
    assert 'id="confirm-first"' not in page
    assert client.post(TOKENS, {"name": "skript"}).status_code == 200
    assert ApiToken.objects.filter(name="skript").exists()


def test_a_token_long_after_log_in_asks_for_the_password_first(org, people):
    client = Client()
    log_in(client, people["anna"])
    made = client.post(TOKENS, {"name": "först"})
    assert made.status_code == 200
    row = ApiToken.objects.get(name="först")
    _age(client, recent.AUTHENTICATED_AT, 11)
    assert 'id="confirm-first"' in client.get(TOKENS).content.decode()

    refused = client.post(TOKENS, {"name": "skript"})
    assert refused.status_code == 302 and refused.url == CONFIRM
    revoke = client.post(f"/konto/nycklar/{row.pk}/aterkalla/")
    assert revoke.status_code == 302 and revoke.url == CONFIRM
    row.refresh_from_db()
    assert row.revoked_at is None and not ApiToken.objects.filter(name="skript").exists()

    form = client.get(CONFIRM)
    assert form.status_code == 200 and "Bekräfta ditt lösenord" in form.content.decode()
    assert "no-store" in form["Cache-Control"]
    wrong = client.post(CONFIRM, {"password": "inte-det", "next": TOKENS})
    assert wrong.status_code == 200 and "Lösenord: fel lösenord." in wrong.content.decode()
    assert client.post(TOKENS, {"name": "skript"}).status_code == 302  # still not confirmed

    confirmed = client.post(CONFIRM, {"password": PASSWORD, "next": TOKENS})
    assert confirmed.status_code == 302 and confirmed.url == TOKENS
    assert client.post(TOKENS, {"name": "skript"}).status_code == 200
    assert client.post(f"/konto/nycklar/{row.pk}/aterkalla/").status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None and ApiToken.objects.filter(name="skript").exists()


def test_the_confirmation_goes_only_to_a_page_of_this_site(org, people):
    client = Client()
    log_in(client, people["anna"])
    answer = client.post(
        "/konto/bekrafta/", {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert answer.status_code == 302 and answer.url == "/konto/"


def test_wrong_passwords_on_the_confirmation_count_as_failed_log_ins(org, people):
    client = Client()
    log_in(client, people["anna"])
    _age(client, recent.AUTHENTICATED_AT, 11)
    for _ in range(10):
        client.post(CONFIRM, {"password": "fel"}, REMOTE_ADDR="10.0.0.3")
    refused = client.post(CONFIRM, {"password": PASSWORD}, REMOTE_ADDR="10.0.0.3")
    assert refused.status_code == 429 and LOCKED_SV in refused.content.decode()
    assert client.post(TOKENS, {"name": "skript"}).url == CONFIRM  # still not confirmed


# --- headers -------------------------------------------------------------------------------


def _assert_security_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'" and directives["base-uri"] == "'self'"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"].startswith("camera=(), microphone=(), geolocation=()")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_every_page_has_the_security_headers(accounts):
    _assert_security_headers(Client().get("/logga-in/"))
    client = Client()
    log_in(client, accounts["vera"])
    for url in ["/", "/kunder/alfa/", "/vd/", "/vd/signaler/", "/organisation/bild/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_security_headers(response)


NO_STORE_PAGES = [
    "/personer/anna@example.se/",  # the CEO sees Anna's salary and talks
    "/mina-uppgifter/",
    "/mina-uppgifter/?format=json",
    "/beslutslogg/",
    "/konto/nycklar/",
    "/api/v1/people/anna@example.se/salaries",
    "/api/v1/people/anna@example.se/talks",
    "/api/v1/log",
    "/api/v1/log/stream",
]


def test_pages_with_salaries_or_talk_notes_are_never_stored(org, people):
    client = Client()
    log_in(client, people["vera"])
    for url in NO_STORE_PAGES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "ansvar"
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
INLINE = {
    "a <script> with a body or without src": re.compile(
        r"<script(?![^>]*\ssrc=)[^>]*>|<script[^>]*>[^<\s]", re.I
    ),
    "an on... handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
}


def _inline_code(html: str) -> list[str]:
    return [what for what, pattern in INLINE.items() if pattern.search(html)]


def test_no_template_has_inline_script_or_style():
    templates = sorted(TEMPLATES.rglob("templates/**/*.html"))
    assert len(templates) > 40
    found = {
        str(path.relative_to(TEMPLATES)): problems
        for path in templates
        if (problems := _inline_code(TAG.sub("", path.read_text(encoding="utf-8"))))
    }
    assert found == {}


def test_the_scan_finds_what_the_policy_refuses():
    for html in [
        "<script>alert(1)</script>",
        '<button onclick="x()">',
        '<svg style="max-width:3pt">',
        "<style>p{}</style>",
    ]:
        assert _inline_code(html), html
    assert not _inline_code('<script src="/static/a.js" defer></script><p class="on">on=</p>')


def test_the_svg_charts_and_pictures_have_no_inline_style(org, people):
    client = Client()
    log_in(client, people["vera"])
    for url, svg_class in [
        ("/vd/signaler/", 'class="chart"'),
        ("/organisation/bild/", 'class="org-picture"'),
        ("/omraden/opinion/bild/", 'class="org-picture"'),
    ]:
        html = client.get(url).content.decode()
        assert svg_class in html, url
        assert _inline_code(html) == [], url


def test_no_page_is_kept_in_the_browser_s_storage(org, people):
    """htmx's history cache would copy pages (salaries, notes) into localStorage: it is off,
    and no script of Ansvar's own uses the browser's storage."""
    log_in(client := Client(), people["anna"])
    page = client.get("/").content.decode()
    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']*)'", page).group(1))
    assert config["historyEnabled"] is False and config["historyCacheSize"] == 0
    web = Path(__file__).resolve().parents[2] / "src" / "ansvar" / "web"
    own = [*web.rglob("*.html"), *(p for p in web.rglob("*.js") if "vendor" not in p.parts)]
    for source in own:
        text = source.read_text()
        assert "localStorage" not in text and "sessionStorage" not in text, source
