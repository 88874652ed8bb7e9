"""In a real browser: a person field suggests people as one types, and a suggestion chosen
fills in the e-mail the form posts."""

import pytest
from playwright.sync_api import expect

from ansvar.org.models import WorkGroupMembership


@pytest.mark.parametrize("width", [1366, 390])
def test_typing_part_of_a_name_suggests_people_and_one_is_chosen(log_in, people, width):
    page = log_in(people["cecilia"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/kunder/alfa/")
    panel = page.locator('section[data-action="add_work_group_member"]')
    field = panel.get_by_label("Person")
    hint = page.locator(f"#{field.get_attribute('aria-describedby')}")
    expect(hint).to_contain_text("Skriv en del av namnet")
    field.press_sequentially("pet", delay=50)
    suggestions = page.locator(f"#{field.get_attribute('list')} option")
    # Petra Ka of Analys, told apart by area (the label) and e-mail (the value).
    expect(suggestions).to_have_count(1)
    option = suggestions.first
    expect(option).to_have_attribute("value", "petra@example.se")
    expect(option).to_have_attribute("label", "Petra Ka · Analys")
    # The list is the browser's own (headless Chromium draws none): choosing a suggestion
    # puts its value in the field, as here.
    field.fill(option.get_attribute("value") or "")
    expect(field).to_have_value("petra@example.se")
    panel.get_by_role("button", name="Lägg till i arbetsgruppen").click()
    expect(page.locator(".messages li.success")).to_contain_text("loggat som nr")
    assert WorkGroupMembership.objects.filter(
        client__slug="alfa", person=people["petra"], valid_to__isnull=True
    ).exists()
