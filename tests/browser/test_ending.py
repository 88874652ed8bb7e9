"""In a real browser: the assignee marks their own work done, the lead closes an assignment
and ends the client through the confirmation step; the CEO is shown why not.

Screenshots at 1366 and 390 pixels wide, in each role, go to ``ANSVAR_SCREENSHOT_DIR`` when
it is set (a temporary folder otherwise); at 390 no page may scroll sideways."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from ansvar.clients.models import WorkItem
from ansvar.engine.registry import perform
from ansvar.org.models import Assignment, Client
from tests.browser.test_import import screenshots, shots  # noqa: F401


def test_work_ends_item_by_item_and_the_client_after_a_confirmation(
    log_in,
    browser_page,
    org,
    people,
    shots,  # noqa: F811
):
    cecilia = people["cecilia"]
    today = timezone.localdate()
    item = perform(
        org,
        cecilia,
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Omvärldsbevakning"},
    ).result
    perform(
        org,
        cecilia,
        "assign_work_item",
        "client:alfa",
        {"assignee": "anna@example.se", "title": "Pressmeddelande"},
    )
    proposal = perform(
        org,
        cecilia,
        "propose_assignment",
        "client:alfa",
        {"title": "Årsrapport"},
        at=today - timedelta(days=30),
    ).result

    page = log_in(people["erik"])
    page.goto("/kunder/alfa/")
    own = page.locator("#work-items tr", has_text="Omvärldsbevakning")
    expect(
        page.locator("#work-items tr", has_text="Pressmeddelande").get_by_role("button")
    ).to_have_count(0)
    screenshots(page, shots, "ending-client-member")
    own.get_by_role("button", name="Klar").click()
    expect(page.locator(".messages li.success")).to_contain_text("P5")
    item.refresh_from_db()
    assert item.done_on == today
    page.get_by_role("button", name="Logga ut").click()

    page = log_in(people["vera"])
    page.goto("/kunder/alfa/")
    end = page.locator('section[data-action="end_client"]')
    expect(end.get_by_role("button", name="Avsluta kunden")).to_be_disabled()
    expect(end).to_contain_text("P7")
    screenshots(page, shots, "ending-client-ceo")
    page.get_by_role("button", name="Logga ut").click()

    page = log_in(cecilia)
    page.goto("/kunder/alfa/")
    screenshots(page, shots, "ending-client-lead")
    page.locator("#assignments tr", has_text="Årsrapport").get_by_role(
        "button", name="Avsluta uppdrag"
    ).click()
    expect(page.locator(".messages li.success")).to_contain_text("KA2")
    proposal.refresh_from_db()
    assert proposal.status == Assignment.Status.CLOSED

    page.get_by_role("link", name="Avsluta kunden …").click()
    expect(page.locator("#end-effects")).to_contain_text("1 öppen arbetsuppgift avslutas")
    expect(page.get_by_text("Det går inte att ångra.")).to_be_visible()
    screenshots(page, shots, "ending-confirm-lead")
    page.get_by_role("button", name="Ja, avsluta kunden").click()
    expect(page.locator("#ended")).to_contain_text("Samarbetet avslutades")
    expect(page.locator("#panels")).to_have_count(0)
    screenshots(page, shots, "ending-ended-lead")
    alfa = Client.objects.get(organisation=org, slug="alfa")
    assert alfa.ended_on == today
    assert not WorkItem.objects.filter(client=alfa, done_on__isnull=True).exists()
    page.goto("/kunder/")
    expect(page.locator("#ended-clients")).to_contain_text("Alfa AB")
    screenshots(page, shots, "ending-index-lead")
