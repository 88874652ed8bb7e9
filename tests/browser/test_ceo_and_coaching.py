"""In a real browser: the CEO follows the overdue rotation duty to the planner, types the
moves, reviews what will happen and confirms the irreversible decision; a consultant asks
her area manager for coaching, the manager follows the duty to the coaching page and
answers, and the consultant reads the answer. The business-area and parameter pages as the
CEO sees them, and the refusal an area manager gets.

Screenshots at 1366 and 390 pixels wide go to ``ANSVAR_SCREENSHOT_DIR`` when it is set (a
temporary folder otherwise); at 390 no page may scroll sideways."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ansvar.decisions.models import Entry
from ansvar.org.founding import PersonSpec, found_organisation
from ansvar.org.models import AreaMembership
from ansvar.people.models import CoachingRequest, RotationDecision
from tests.browser.test_import import screenshots, shots  # noqa: F401
from tests.fixtures import PASSWORD, example_spec


@pytest.fixture
def org(db: None) -> Any:
    """The example organisation with three more consultants in Opinion, so that the planner
    has moves to propose (Opinion 6, Analys 2)."""
    spec = example_spec()
    spec.people += [
        PersonSpec(f"ny{n}@example.se", f"Ny Person {n}", "opinion", date(2024, 1, 1))
        for n in range(3)
    ]
    return found_organisation(spec)


def _log_in_again(page: Page, person: Any) -> None:
    """Log out, then in as someone who already has an account."""
    page.get_by_role("button", name="Logga ut").click()
    page.goto("/logga-in/")
    page.fill("#id_username", person.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name=f"Hej {person.name}")).to_be_visible()


def test_the_ceo_reviews_and_confirms_a_rotation(
    log_in: Any,
    people: dict[str, Any],
    shots: Path,  # noqa: F811
) -> None:
    page = log_in(people["vera"])
    page.get_by_role("link", name="Besluta om enhetsrotation före").first.click()
    expect(page.get_by_role("heading", name="Enhetsrotation (VD3)")).to_be_visible()
    expect(page.locator("#proposed-moves")).to_contain_text("flytten jämnar ut")
    screenshots(page, shots, "rotation-ceo")

    moves = page.get_by_label("Flyttar (e-post=område, en per rad)")
    # A mistyped address: the form comes back as typed, the problem next to the field.
    moves.fill("cecilia@example.se=analys\ningen@example.se=analys")
    page.get_by_role("button", name="Granska beslutet").click()
    expect(page.locator("ul.errorlist")).to_contain_text("det finns ingen person")
    expect(moves).to_have_value("cecilia@example.se=analys\ningen@example.se=analys")
    screenshots(page, shots, "rotation-error")

    moves.fill("cecilia@example.se=analys")
    page.get_by_role("button", name="Granska beslutet").click()
    confirm = page.locator("#rotation-confirm")
    expect(confirm).to_contain_text("Beslutet kan inte ångras.")
    row = confirm.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Cecilia Ka")
    expect(row).to_contain_text("Opinion")
    expect(row).to_contain_text("Analys")
    assert not RotationDecision.objects.exists()
    screenshots(page, shots, "rotation-confirm")

    confirm.get_by_role("button", name="Bekräfta och besluta").click()
    message = page.locator(".messages li.success")
    expect(message).to_contain_text("Rotationen är beslutad: 1 flytt från")
    entry = Entry.objects.get(action="decide_rotation")
    current = AreaMembership.objects.get(person=people["cecilia"], valid_to__isnull=True)
    assert current.area.slug == "analys"
    expect(page.locator("#rotation-decisions")).to_contain_text("Cecilia Ka (Opinion → Analys)")
    message.get_by_role("link", name=f"(loggat som nr {entry.seq})").click()
    expect(page.locator(f"#entry-{entry.seq}")).to_contain_text("Besluta om enhetsrotation")

    page.goto("/vd/affarsomraden/")
    expect(page.locator("#areas")).to_contain_text("Anna Ao")
    screenshots(page, shots, "areas-ceo")
    page.goto("/vd/parametrar/")
    section = page.locator("#param-coaching-response-days")
    section.get_by_label("Svar på coachningsförfrågan inom (arbetsdagar)").fill("900")
    section.get_by_role("button", name="Ändra").click()
    section = page.locator("#param-coaching-response-days")
    expect(section.locator("ul.errorlist")).to_have_text("ska vara högst 60, inte 900")
    screenshots(page, shots, "parameters-ceo")


def test_a_consultant_asks_for_coaching_and_her_manager_answers(
    log_in: Any,
    people: dict[str, Any],
    shots: Path,  # noqa: F811
) -> None:
    page = log_in(people["cecilia"])
    page.get_by_role("link", name="Coachning", exact=True).click()
    ask = page.locator('section[data-action="request_coaching"]')
    ask.get_by_label("Ämne").fill("Svåra kundsamtal")
    ask.get_by_role("button", name="Be om coachning").click()
    expect(page.locator(".messages li.success")).to_contain_text("Din förfrågan är skickad")
    request = CoachingRequest.objects.get()
    expect(page.locator(f"#my-request-{request.pk}")).to_contain_text("öppen, svar senast")
    screenshots(page, shots, "coaching-consultant")

    # The area manager is not the CEO: no CEO menu, and the planner names who decides.
    log_in(people["anna"])
    expect(page.get_by_role("link", name="Vd", exact=True)).to_have_count(0)
    page.goto("/vd/rotation/")
    expect(page.locator("#forbidden")).to_contain_text("Vera Vd")
    expect(page.locator("#forbidden")).to_contain_text("VD3")
    screenshots(page, shots, "rotation-refused-manager")

    page.goto("/")
    page.get_by_role("link", name="Svara på Cecilia Kas coachningsförfrågan").click()
    article = page.locator(f"#request-{request.pk}")
    expect(article).to_contain_text("Svåra kundsamtal")
    screenshots(page, shots, "coaching-manager")
    article.get_by_label("Svar").fill("Vi förbereder nästa samtal tillsammans.")
    article.get_by_role("button", name="Besvara coachningsförfrågan").click()
    expect(page.locator(".messages li.success")).to_contain_text("Ditt svar är skickat")
    expect(page.locator(f"#request-{request.pk}")).to_contain_text("Besvarad")
    request.refresh_from_db()
    assert request.answered_on is not None

    _log_in_again(page, people["cecilia"])
    page.goto("/coachning/")
    row = page.locator(f"#my-request-{request.pk}")
    expect(row).to_contain_text("besvarad")
    expect(row).to_contain_text("Vi förbereder nästa samtal tillsammans.")
    screenshots(page, shots, "coaching-answered-consultant")
