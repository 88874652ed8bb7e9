"""In a real browser: the organisation's picture, an area's picture with its figures, and
the CEO's signals over time, at 1366 and 390 pixels wide; no page scrolls sideways, and the
pictures shrink to the page rather than overflow it. Screenshots go to
``ANSVAR_SCREENSHOT_DIR`` when it is set (a temporary folder otherwise)."""

from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from ansvar.engine.registry import perform
from tests.browser.test_import import screenshots, shots  # noqa: F401


def _fits(page: Any, selector: str) -> None:
    """The element is no wider than the page's main column."""
    width = page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().width")
    assert width <= page.evaluate("window.innerWidth"), f"{selector} is {width} px wide"


def test_the_pictures_and_charts_fit_the_page_at_both_widths(
    log_in: Any,
    org: Any,
    people: dict[str, Any],
    shots: Path,  # noqa: F811
) -> None:
    perform(
        org,
        people["cecilia"],
        "add_work_group_member",
        "client:alfa",
        {"person": "petra@example.se"},
    )
    month = timezone.localdate().strftime("%Y-%m")
    perform(
        org,
        people["cecilia"],
        "record_client_figures",
        "client:alfa",
        {"month": month, "revenue": "51000", "margin": "12500"},
    )
    page = log_in(people["vera"])
    page.goto("/ansvarskarta/")
    page.locator("#picture-link").click()
    expect(page.get_by_role("heading", name="Organisationen som bild", level=1)).to_be_visible()
    picture = page.locator("svg.org-picture")
    expect(picture).to_be_visible()
    expect(picture).to_contain_text("Vera Vd")
    expect(picture).to_contain_text("Cecilia Ka")
    expect(page.locator("#picture-list")).to_contain_text("Analys (1 plats)")
    screenshots(page, shots, "picture-organisation")
    page.set_viewport_size({"width": 390, "height": 900})
    _fits(page, "svg.org-picture")
    page.set_viewport_size({"width": 1366, "height": 900})

    opinion = page.locator(
        "#picture-list li", has=page.get_by_role("link", name="Opinion", exact=True)
    )
    opinion.get_by_role("link", name="områdets bild").click()
    expect(page.get_by_role("heading", name="Opinion som bild")).to_be_visible()
    expect(page.locator("svg.org-picture")).to_contain_text("Alfa AB")
    screenshots(page, shots, "picture-area")

    page.goto("/omraden/opinion/")
    expect(page.locator("#figure-charts svg.chart")).to_have_count(2)
    expect(page.locator("#figures")).to_contain_text("51\u00a0000\u00a0kr")
    screenshots(page, shots, "area-figures")
    page.set_viewport_size({"width": 390, "height": 900})
    _fits(page, "#figure-charts svg.chart")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto("/vd/")
    # htmx swaps the day's figures into the page once it has loaded.
    expect(page.locator("#signals h3")).to_have_count(4)
    expect(page.locator("#signals")).to_contain_text("Median")
    expect(page.locator("#signals-figures")).to_have_count(0)
    page.locator("#signals-link").click()
    expect(page.get_by_role("heading", name="Signaler över tid")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(3)
    screenshots(page, shots, "signals")
