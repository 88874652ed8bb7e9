"""In a real browser: the lead distributes work, the area manager cannot, the CEO vetoes."""

from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from ansvar.clients.models import WorkItem
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.registry import perform
from ansvar.org.models import Assignment


def test_the_lead_assigns_work_through_the_form_and_sees_it(log_in, people, tmp_path: Path):
    page = log_in(people["cecilia"])
    page.get_by_role("link", name="Mina kunder").click()
    page.get_by_role("link", name="Alfa AB").first.click()
    expect(page.get_by_role("heading", name="Alfa AB", level=1)).to_be_visible()

    panel = page.locator('section[data-action="assign_work_item"]')
    panel.get_by_label("Till").select_option("erik@example.se")
    panel.get_by_label("Rubrik").fill("Omvärldsbevakning vecka 49")
    panel.get_by_label("Syfte").select_option("competence")
    panel.get_by_role("button", name="Fördela en arbetsuppgift").click()

    expect(page.locator(".messages li.success")).to_contain_text("loggat som nr")
    row = page.locator("#work-items tr", has_text="Omvärldsbevakning vecka 49")
    expect(row).to_contain_text("Erik Ny")
    expect(row).to_contain_text("Kompetensutveckling")
    item = WorkItem.objects.get()
    assert item.assignee == people["erik"] and item.assigned_by == people["cecilia"]

    shot = tmp_path / "kundsida.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_area_manager_sees_why_not_and_a_forged_post_is_refused(log_in, people):
    page = log_in(people["anna"])
    page.goto("/kunder/alfa/")
    # No greyed-out form: one line naming the lead, the P7 reason behind "Varför inte du?".
    expect(page.locator('section[data-action="assign_work_item"]')).to_have_count(0)
    line = page.locator(".deciders li", has_text="arbetsuppgifterna")
    expect(line).to_contain_text("Cecilia Ka")
    line.get_by_text("Varför inte du?").click()
    expect(line).to_contain_text("P7")
    expect(line.locator("details.why")).to_contain_text("affärsområdeschef")

    entries = Entry.objects.count()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        "/handling/assign_work_item/",
        form={
            "csrfmiddlewaretoken": token,
            "target": "client:alfa",
            "assignee": "erik@example.se",
            "title": "Smygtilldelning",
            "purpose": "quality",
            "next": "/kunder/alfa/",
        },
    )
    assert response.ok and "Nekat (P7, KA1)" in response.text()
    assert not WorkItem.objects.exists() and Entry.objects.count() == entries
    assert Refusal.objects.get().action == "assign_work_item"


def test_the_ceo_vetoes_a_proposal_in_its_window(log_in, org, people):
    perform(
        org,
        people["cecilia"],
        "propose_assignment",
        "client:alfa",
        {"title": "Kommunval 2026"},
        at=timezone.localdate(),
    )
    proposal = Assignment.objects.get()
    page = log_in(people["vera"])
    page.get_by_role("link", name="Vd", exact=True).click()
    article = page.locator(f"#proposal-{proposal.pk}")
    expect(article).to_contain_text("Kommunval 2026")
    article.get_by_label("Motivering").fill("Krockar med ett annat uppdrag")
    article.get_by_role("button", name="Lägg veto").click()
    # A veto cannot be undone: the confirmation says what it stops, then it is made.
    expect(page.locator("#consequences")).to_contain_text("Kommunval 2026")
    assert Assignment.objects.get().status == "proposed"
    page.get_by_role("button", name="Bekräfta").click()

    expect(page.locator(".messages li.success")).to_contain_text("loggat som nr")
    expect(page.locator("#no-proposals")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == "vetoed" and proposal.veto_reason == "Krockar med ett annat uppdrag"
