"""In a real browser, with e-mail through a real SMTP server on the loopback: the technical
administrator invites a person, who opens the link from the e-mail, chooses a password and
logs in; and a forgotten password is reset the same way."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from ansvar.accounts.actions import found_first_administrator
from ansvar.decisions.models import Entry
from tests.smtp import Inbox, mailers, smtp_server

NEW_PASSWORD = "midsommar-på-ön-24"


@pytest.fixture
def inbox(settings: Any, live_server: Any) -> Iterator[Inbox]:
    with smtp_server() as (received, port):
        settings.MAILERS = mailers(port)
        settings.ANSVAR_BASE_URL = live_server.url
        yield received


def _link(inbox: Inbox, address: str, kind: str) -> str:
    (body,) = inbox.bodies_to(address)[-1:]
    match = re.search(rf"http://\S+/konto/{kind}/\S+/\S+/", body)
    assert match, body
    return match.group(0)


def _choose_password_and_log_in(page: Page, link: str, email: str, name: str) -> None:
    page.goto(link)
    page.get_by_label("Nytt lösenord:", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord:", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    if page.url.endswith("/konto/aterstall/klart/"):
        page.get_by_role("link", name="Logga in").last.click()
    page.fill("#id_username", email)
    page.fill("#id_password", NEW_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name=f"Hej {name}")).to_be_visible()


def test_an_invited_person_sets_a_password_from_the_e_mail_and_logs_in(
    log_in: Any,
    org: Any,
    people: dict[str, Any],
    inbox: Inbox,
    chromium: Browser,
    live_server: Any,
) -> None:
    found_first_administrator(org, people["erik"], timezone.localdate())
    page = log_in(people["erik"])
    page.get_by_role("link", name="Konto", exact=True).click()
    page.get_by_role("link", name="Administrera organisationens konton").click()
    row = page.locator(f"#account-{people['petra'].pk}")
    expect(row).to_contain_text("Inget konto")
    row.get_by_role("button", name="Bjud in").click()
    expect(page.locator(".messages li.success")).to_contain_text("loggat som nr")
    expect(page.locator(f"#account-{people['petra'].pk}")).to_contain_text("Inbjuden")
    assert Entry.objects.filter(action="invite_person").count() == 1

    link = _link(inbox, "petra@example.se", "inbjudan")
    petra = chromium.new_context(base_url=live_server.url, locale="sv-SE").new_page()
    try:
        _choose_password_and_log_in(petra, link, "petra@example.se", "Petra Ka")
        petra.goto(link)  # the link worked once
        expect(petra.locator("#invalid-link")).to_be_visible()
    finally:
        petra.context.close()
    page.reload()
    expect(page.locator(f"#account-{people['petra'].pk}")).to_contain_text("Aktivt")


def test_a_forgotten_password_is_reset_by_e_mail(
    log_in: Any, people: dict[str, Any], inbox: Inbox, chromium: Browser, live_server: Any
) -> None:
    page = log_in(people["petra"])  # she has an account with a password
    User.objects.filter(username="petra@example.se").update(email="petra@example.se")
    page.get_by_role("button", name="Logga ut").click()
    page.goto("/logga-in/")
    page.get_by_role("link", name="Glömt lösenordet").click()
    page.get_by_label("E-postadress").fill("petra@example.se")
    page.get_by_role("button", name="Skicka länken").click()
    expect(page.get_by_role("heading", name="Titta i din e-post")).to_be_visible()
    link = _link(inbox, "petra@example.se", "aterstall")
    _choose_password_and_log_in(page, link, "petra@example.se", "Petra Ka")
