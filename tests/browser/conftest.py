"""Browser tests: Playwright's sync API driving Debian's Chromium against a live server.

The browser is never downloaded: ``ANSVAR_CHROMIUM`` (default ``/usr/bin/chromium``) names
the executable, and without it every browser test fails with a message saying so.

Playwright's sync API runs an event loop in this thread, so Django's guard against ORM
calls from async code is switched off for the test bodies. The live server commits for
real; Django empties the tables afterwards, which the decision log's triggers refuse, so
``log_flush_allowed`` switches them off for that flush only and they are back on after it
(``tests/conftest.py``).
"""

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.fixtures import PASSWORD, give_account

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _live_server_helper(
    django_db_setup: None, _log_triggers_restored: None, _live_server_helper: None
) -> Iterator[None]:
    """pytest-django's helper opens the transactional database for a live-server test before
    any fixture of ours; wrapped like this, the triggers come back after its flush. Asking
    for the test database first makes the (session) live server stop before it is dropped."""
    yield


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    executable = os.environ.get("ANSVAR_CHROMIUM", "/usr/bin/chromium")
    if not os.path.isfile(executable) or not os.access(executable, os.X_OK):
        pytest.fail(
            f"Chromium was not found at {executable!r}: the browser tests need it. Install "
            "Debian's package (apt-get install chromium) or set ANSVAR_CHROMIUM to the "
            "executable.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium: Browser, live_server: Any, log_flush_allowed: None) -> Iterator[Page]:
    """A fresh browser context (own cookies) on the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
        _wait_for_request_threads()


def _wait_for_request_threads(timeout: float = 5.0) -> None:
    """Let the live server's request threads see the browser hang up and close their
    database connections, so the test database can be dropped at the end."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def log_in(browser_page: Page) -> Any:
    """Log a person in through the log-in form, as they would."""

    def log_in(person: Any) -> Page:
        give_account(person)
        browser_page.goto("/logga-in/")
        browser_page.fill("#id_username", person.email)
        browser_page.fill("#id_password", PASSWORD)
        browser_page.get_by_role("button", name="Logga in").click()
        expect(browser_page.get_by_role("heading", name=f"Hej {person.name}")).to_be_visible()
        return browser_page

    return log_in


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what axe-core can check of them.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"axe-core was not found at {AXE}: the accessibility checks need it. Run "
            "`npm ci` in the repository (package.json pins it; `make install-dev` does it).",
            pytrace=False,
        )
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Page, source: str) -> list[str]:
    """What axe-core finds wrong on the page at WCAG 2.2 AA: one line per rule and element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol, which the page's
        # Content-Security-Policy does not govern (a <script> tag it would refuse): the
        # pages are checked with their CSP enforced.
        page.evaluate(source + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"][0]) for n in v["nodes"][:3])
        for v in result["violations"]
    ]


# Every violation of the Content-Security-Policy, as the page's own event reports it (added
# before any script of the page runs, so none is missed).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    `${e.violatedDirective} refused ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`
));
"""


def watch_csp(page: Page) -> list[str]:
    """Start recording what the Content-Security-Policy refuses on ``page``: the console's
    reports land in the returned list; ``csp_violations`` adds the page's own events."""
    console: list[str] = []
    page.add_init_script(CSP_LISTENER)
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return console


def csp_violations(page: Page, console: list[str]) -> list[str]:
    events: list[str] = page.evaluate("() => window.__cspViolations || []")
    return console + events
