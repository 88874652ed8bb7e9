"""In a real browser, with e-mail through a real SMTP server: the technical administrator
fills in the import template with a small firm, uploads it, sees the problems of a first
attempt by sheet, row and column, then the preview, and confirms; the new organisation's
first administrator opens the invitation, chooses a password, logs in and invites everyone
just imported, and one of them opens their link, chooses a password and logs in.

Screenshots at 1366 and 390 pixels wide go to ``ANSVAR_SCREENSHOT_DIR`` when it is set (a
temporary folder otherwise); at 390 no page may scroll sideways."""

import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from ansvar.accounts.actions import found_first_administrator
from ansvar.accounts.models import TechnicalAdministrator
from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.intake import write_template
from ansvar.org.models import Organisation, Person
from tests.browser.test_accounts import _choose_password_and_log_in, _link, inbox  # noqa: F401
from tests.intake.test_import import small_firm
from tests.smtp import Inbox

WIDTHS = (1366, 390)


def filled_template(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """The template ``ansvar import --template`` writes, its example rows replaced by the
    firm's, each value put under the template's own column of that name."""
    write_template(path)
    book = openpyxl.load_workbook(path)
    for name, rows in sheets.items():
        ws = book[name]
        header = [c.value for c in ws[1]]
        ws.delete_rows(2, ws.max_row)
        for row in rows[1:]:
            values = dict(zip(rows[0], row, strict=True))
            ws.append([values.get(column) for column in header])
    book.save(path)
    return path


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ANSVAR_SCREENSHOT_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshots(page: Page, folder: Path, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        path = folder / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert sideways <= 0, f"{name} scrolls sideways by {sideways} px at {width}"
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_administrator_imports_a_firm_and_its_people_log_in(
    log_in: Any,
    org: Any,
    people: dict[str, Any],
    inbox: Inbox,  # noqa: F811
    chromium: Browser,
    live_server: Any,
    settings: Any,
    tmp_path: Path,
    shots: Path,
) -> None:
    settings.ANSVAR_IMPORT_DIR = tmp_path / "imports"
    sheets = small_firm()
    good = filled_template(tmp_path / "byran.xlsx", sheets)
    sheets["personer"][3][3] = "okänd"  # Cecilia's area, row 4
    sheets["kunder"][2][2] = "nobody@byran.se"  # Beta's lead, row 3
    bad = filled_template(tmp_path / "byran-fel.xlsx", sheets)

    found_first_administrator(org, people["erik"], timezone.localdate())
    page = log_in(people["erik"])
    page.get_by_role("link", name="Konto", exact=True).click()
    page.get_by_role("link", name="Grunda en ny organisation från fil").click()
    expect(page.get_by_role("heading", name="Grunda en organisation från fil")).to_be_visible()
    screenshots(page, shots, "import-upload")

    # A first attempt with two mistakes: both named by sheet, row and column; nothing written.
    entries = Entry.objects.count()
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.locator("#problems-heading")).to_contain_text("2 fel i byran-fel.xlsx")
    rows = page.locator("#problems tbody tr")
    expect(rows.nth(0)).to_contain_text("personer")
    expect(rows.nth(0)).to_contain_text("4")
    expect(rows.nth(0)).to_contain_text("område")
    expect(rows.nth(0)).to_contain_text("okänt område 'okänd'.")
    expect(rows.nth(1)).to_contain_text("kunder")
    expect(rows.nth(1)).to_contain_text("kundansvarig")
    expect(rows.nth(1)).to_contain_text("nobody@byran.se finns inte på bladet personer")
    assert Entry.objects.count() == entries and not Organisation.objects.filter(slug="byran")
    screenshots(page, shots, "import-errors")

    # The corrected file: the preview, then the confirmation.
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", name="Förhandsgranskning")).to_be_visible()
    expect(page.locator("#organisation-name")).to_have_text("Byrån AB")
    counts = page.locator("#counts")
    expect(counts).to_contain_text("Personer5")
    expect(counts).to_contain_text("Platser i arbetsgrupper2")
    expect(page.get_by_label("Första tekniska administratör")).to_have_value("vera@byran.se")
    assert not Organisation.objects.filter(slug="byran").exists()
    screenshots(page, shots, "import-preview")

    page.get_by_role("button", name="Grunda organisationen").click()
    expect(page.get_by_role("heading", name="Byrån AB är grundad")).to_be_visible()
    expect(page.locator("#next")).to_contain_text("Vera Vd (vera@byran.se)")
    expect(page.locator("#next")).to_contain_text("har fått en inbjudan per e-post")
    expect(page.locator("#entries")).to_contain_text("Grunda organisationen")
    screenshots(page, shots, "import-done")
    byran = Organisation.objects.get(slug="byran")
    assert log.verify(byran).ok
    vera = Person.objects.get(organisation=byran, email="vera@byran.se")
    assert TechnicalAdministrator.objects.get(organisation=byran).person == vera

    # Vera opens her invitation, chooses a password and invites everyone just imported.
    new = chromium.new_context(base_url=live_server.url, locale="sv-SE")
    try:
        first = new.new_page()
        _choose_password_and_log_in(
            first, _link(inbox, "vera@byran.se", "inbjudan"), "vera@byran.se", "Vera Vd"
        )
        first.get_by_role("link", name="Konto", exact=True).click()
        first.get_by_role("link", name="Administrera organisationens konton").click()
        first.get_by_role("button", name="Bjud in alla som saknar konto (4)").click()
        expect(first.locator(".messages li.success")).to_contain_text("4 inbjudna")
        cecilia = Person.objects.get(organisation=byran, email="cecilia@byran.se")
        expect(first.locator(f"#account-{cecilia.pk}")).to_contain_text("Inbjuden")
    finally:
        new.close()

    # Cecilia opens hers and logs in.
    link = _link(inbox, "cecilia@byran.se", "inbjudan")
    (body,) = inbox.bodies_to("cecilia@byran.se")
    assert "Byrån AB" in body
    other = chromium.new_context(base_url=live_server.url, locale="sv-SE")
    try:
        _choose_password_and_log_in(other.new_page(), link, "cecilia@byran.se", "Cecilia Ka")
    finally:
        other.close()
    assert Entry.objects.filter(organisation=byran, action="invite_person").count() == 5
