"""Every page in every role, in Chromium at 1366 and 390 px (the PostgreSQL pass: 390 px),
with the Content-Security-Policy enforced (no violation reported): axe-core finds no
violation of WCAG 2.2 AA and nothing scrolls sideways on a phone; a screenshot of each is saved in
``var/screenshots/<role>/`` (ignored by git; ``ANSVAR_SCREENSHOT_DIR`` for another folder)
for people to look at."""

import os
import re
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from ansvar.accounts.actions import found_first_administrator
from ansvar.engine.registry import perform
from ansvar.webhooks.models import Delivery, Endpoint
from tests.browser.conftest import axe_violations, csp_violations, watch_csp
from tests.fixtures import PASSWORD, give_account

SHOTS = Path(
    os.environ.get("ANSVAR_SCREENSHOT_DIR")
    or Path(__file__).resolve().parents[2] / "var" / "screenshots"
)
WIDTHS = (1366, 390)


def _widths() -> tuple[int, ...]:
    """Both widths on SQLite; the PostgreSQL pass, which runs beside it in CI with the same
    pages and data, walks them at the phone's width only (where a layout breaks first), to
    keep the suite within its time."""
    return WIDTHS if connection.vendor == "sqlite" else WIDTHS[-1:]


EVERYONE = (
    "/",
    "/konto/nycklar/",
    "/ansvarskarta/",
    "/vem-bestammer/?q=alfa",
    "/kunder/",
    "/kunder/alfa/",
    "/aviseringar/",
    "/aviseringar/installningar/",
    "/beslutslogg/",
    "/personer/",
    "/personer/erik@example.se/",
    "/omraden/",
    "/omraden/opinion/",
    "/kalender/",
    "/mina-uppgifter/",
    "/ataganden/",
    "/konto/",
    "/coachning/",
    "/organisation/bild/",
    "/omraden/opinion/bild/",
    "/kunder/alfa/avsluta/",
    "/personer/ingen@example.se/",  # the 404 page
)
PAGES: dict[str, tuple[str, ...]] = {
    "vera": (
        *EVERYONE,
        "/vd/",
        "/vd/siffror/",
        "/vd/rotation/",
        "/vd/affarsomraden/",
        "/vd/parametrar/",
        "/vd/signaler/",
        "/vd/signaler/p1/",
        "/vd/signaler/ao1/",
        "/vd/signaler/ka5-ersattare/",
        "/vd/signaler/ka5-uppgifter/",
        "/beslutslogg/nekade/",
        "/personer/anna@example.se/",
    ),
    "anna": (
        *EVERYONE,
        "/personer/cecilia@example.se/",
        "/vd/",
        "/vd/siffror/",
        "/vd/rotation/",
        "/vd/signaler/p1/",
    ),
    "cecilia": EVERYONE,
    "erik": (*EVERYONE, "/beslutslogg/nekade/", "/webhooks/"),
    "petra": (*EVERYONE, "/admin-konton/", "/utskick/", "/webhooks/", "/webhooks/{webhook}/"),
}


@pytest.fixture
def busy(org, people):
    """The example organisation with something on every page: a proposal in its veto window,
    criticism, a coaching request, work and a technical administrator."""
    today = timezone.localdate()
    cecilia = people["cecilia"]
    perform(org, cecilia, "propose_assignment", "client:alfa", {"title": "Valkampanj"})
    perform(org, cecilia, "report_criticism", "client:alfa", {"summary": "Sena rapporter"})
    perform(
        org,
        cecilia,
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Pressmeddelande"},
    )
    perform(
        org, people["erik"], "request_coaching", "person:anna@example.se", {"topic": "Kundmöten"}
    )
    found_first_administrator(org, people["petra"], today)
    # A webhook endpoint with a delivery that failed after its last try.
    done = perform(
        org, people["petra"], "register_webhook", "org", {"url": "http://127.0.0.1:9/hook"}
    )
    perform(
        org, people["petra"], "rotate_webhook_secret", "org", {"endpoint": done.result.endpoint.pk}
    )
    Delivery.objects.update(status="failed", attempts=8, response_code=500, last_error="HTTP 500")
    for person in people.values():
        give_account(person)
    return people


def _log_in(page, person) -> None:
    page.goto("/logga-in/")
    page.fill("#id_username", person.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def _visit_all(chromium, base_url: str, axe_source: str, role: str, person, urls) -> list[str]:
    """Open every url at each width (logged in as ``person`` when given): what axe-core
    finds, and any sideways scrolling; a screenshot of each in ``SHOTS / role``."""
    problems: list[str] = []
    folder = SHOTS / role
    folder.mkdir(parents=True, exist_ok=True)
    for width in _widths():
        context = chromium.new_context(
            base_url=base_url, locale="sv-SE", viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        console = watch_csp(page)
        try:
            if person is not None:
                _log_in(page, person)
            for url in urls:
                console.clear()
                response = page.goto(url)
                assert response is not None and response.status < 500, (role, url)
                # What htmx loads after the page (the CEO's figures) is part of it.
                page.wait_for_function("() => !document.querySelector('[hx-trigger=load]')")
                name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "start"
                page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
                where = f"{role} {url} {width}px"
                problems += [f"{where}: {v}" for v in axe_violations(page, axe_source)]
                problems += [f"{where}: CSP {v}" for v in csp_violations(page, console)]
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
                if overflow > 0:
                    problems.append(f"{where}: scrolls {overflow}px sideways")
        finally:
            context.close()
    return problems


@pytest.mark.parametrize("role", sorted(PAGES))
def test_every_page_is_accessible_and_fits_a_phone(
    chromium, live_server, log_flush_allowed, axe_source, busy, role
):
    webhook = str(Endpoint.objects.get().pk)
    urls = [url.replace("{webhook}", webhook) for url in PAGES[role]]
    problems = _visit_all(chromium, live_server.url, axe_source, role, busy[role], urls)
    assert not problems, "\n".join(problems)


def test_the_pages_without_a_log_in_are_accessible(
    chromium, live_server, log_flush_allowed, axe_source, db
):
    urls = ("/logga-in/", "/konto/aterstall/", "/finns-inte/")
    problems = _visit_all(chromium, live_server.url, axe_source, "anonymous", None, urls)
    assert not problems, "\n".join(problems)


def test_on_a_phone_the_menu_folds_behind_one_button(browser_page, live_server, busy):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 800})
    _log_in(page, busy["cecilia"])
    menu = page.locator("#site-menu")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Meny").click()
    expect(menu).to_be_visible()
    page.get_by_role("link", name="Beslutslogg").click()
    expect(page.get_by_role("heading", name="Beslutslogg", level=1)).to_be_visible()
    page.set_viewport_size({"width": 1366, "height": 800})
    expect(page.locator("#site-menu")).to_be_visible()
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
