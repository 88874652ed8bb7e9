"""In a real browser, at 1366 and at 390 pixels wide: the CEO gives notice from a person's
page, reads on the confirmation what it will do, goes back to change the reason (the form
comes back as typed), and confirms; nothing is written before the confirmation.

Screenshots of the person page and the confirmation go to ``ANSVAR_SCREENSHOT_DIR`` when it
is set (a temporary folder otherwise); no page may scroll sideways."""

import pytest
from playwright.sync_api import expect

from ansvar.decisions.models import Entry
from ansvar.people.models import Separation
from tests.browser.test_import import shots  # noqa: F401


def _no_sideways(page, name: str) -> None:
    sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert sideways <= 0, f"{name} scrolls sideways by {sideways} px"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_ceo_gives_notice_through_the_confirmation(
    log_in,
    people,
    width,
    shots,  # noqa: F811
):
    page = log_in(people["vera"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/personer/erik@example.se/")
    panel = page.locator('section[data-action="give_notice"]')
    panel.get_by_label("Motivering").fill("Färre uppdrag")
    panel.get_by_label("Grund för uppsägningen").select_option("redundancy")
    page.screenshot(path=str(shots / f"confirm-person-ceo-{width}.png"), full_page=True)
    before = Entry.objects.count()
    panel.get_by_role("button", name="Säga upp").click()

    confirm = page.locator("#confirm")
    expect(confirm).to_contain_text("Erik Ny sägs upp (Arbetsbrist)")
    expect(confirm).to_contain_text("Beslutet kan inte ångras.")
    _no_sideways(page, f"the confirmation at {width}")
    page.screenshot(path=str(shots / f"confirm-notice-ceo-{width}.png"), full_page=True)
    assert Entry.objects.count() == before

    confirm.get_by_role("button", name="Ändra").click()
    panel = page.locator('section[data-action="give_notice"]')
    expect(panel.get_by_label("Motivering")).to_have_value("Färre uppdrag")
    panel.get_by_label("Motivering").fill("Färre uppdrag i området")
    panel.get_by_role("button", name="Säga upp").click()
    assert Entry.objects.count() == before

    page.locator("#confirm").get_by_role("button", name="Bekräfta").click()
    expect(page.locator(".messages li.success")).to_contain_text("loggat som nr")
    _no_sideways(page, f"the person page after the notice at {width}")
    assert Entry.objects.count() == before + 1
    separation = Separation.objects.get(person=people["erik"])
    assert separation.ground == "redundancy" and separation.reason == "Färre uppdrag i området"
