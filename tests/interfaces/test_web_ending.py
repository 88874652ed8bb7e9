"""Ending work on the client page: "Klar" per open work item, "Avsluta uppdrag" per active
assignment and "Avsluta kunden" with its confirmation step, each for the one who may and
each through ``perform``."""

import re
from datetime import timedelta

from django.utils import timezone

from ansvar.clients.models import Notification, WorkItem
from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.org.models import Assignment, Client, Holding, WorkGroupMembership
from tests.fixtures import log_in


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _row(page, table, text):
    body = re.search(rf'<table id="{table}"[^>]*>(.*?)</table>', page, re.S)
    assert body, f"no table {table}"
    row = next((r for r in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S) if text in r), None)
    assert row is not None, f"no row with {text!r} in {table}"
    return row


def _work(org, people, assignee, title):
    done = perform(
        org,
        people["cecilia"],
        "assign_work_item",
        "client:alfa",
        {"assignee": assignee, "title": title},
    )
    return done.result


def test_the_lead_marks_any_open_work_done_and_the_assignee_hears_of_it(client, org, people):
    item = _work(org, people, "erik@example.se", "Analys")
    log_in(client, people["cecilia"])
    row = _row(_page(client, "/kunder/alfa/"), "work-items", "Analys")
    assert 'data-action="mark_work_item_done"' in row and f'value="{item.pk}"' in row
    response = client.post(
        "/handling/mark_work_item_done/",
        {"target": "client:alfa", "work_item": item.pk, "next": "/kunder/alfa/"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_on == timezone.localdate()
    assert Entry.objects.filter(action="mark_work_item_done").count() == 1
    told = Notification.objects.get(person=people["erik"], kind="work_done")
    assert "Analys" in told.text_sv and "Cecilia Ka" in told.text_sv
    assert "Analys" not in _page(client, "/kunder/alfa/")  # no longer open


def test_the_assignee_gets_a_klar_button_for_their_own_work_only(client, org, people):
    _work(org, people, "erik@example.se", "Analys")
    _work(org, people, "anna@example.se", "Pressmeddelande")
    log_in(client, people["erik"])
    page = _page(client, "/kunder/alfa/")
    assert "mark_work_item_done" in _row(page, "work-items", "Analys")
    assert "mark_work_item_done" not in _row(page, "work-items", "Pressmeddelande")
    client.logout()
    # The area manager, an assistant in the group: only her own piece, not her consultant's.
    log_in(client, people["anna"])
    page = _page(client, "/kunder/alfa/")
    assert "mark_work_item_done" not in _row(page, "work-items", "Analys")
    assert "mark_work_item_done" in _row(page, "work-items", "Pressmeddelande")


def test_someone_else_posting_klar_is_refused_with_the_clause_and_nothing_changes(
    client, org, people
):
    item = _work(org, people, "erik@example.se", "Analys")
    log_in(client, people["vera"])
    response = client.post(
        "/handling/mark_work_item_done/",
        {"target": "client:alfa", "work_item": item.pk, "next": "/kunder/alfa/"},
        follow=True,
    )
    page = response.content.decode()
    assert "Nekat (P7, KA1)" in page
    item.refresh_from_db()
    assert item.done_on is None


def test_the_lead_closes_an_active_assignment_the_ceo_is_not_offered_it(client, org, people):
    today = timezone.localdate()
    proposed = perform(
        org,
        people["cecilia"],
        "propose_assignment",
        "client:alfa",
        {"title": "Årsrapport"},
        at=today - timedelta(days=30),
    ).result
    log_in(client, people["vera"])
    assert "close_assignment" not in _row(
        _page(client, "/kunder/alfa/"), "assignments", "Årsrapport"
    )
    client.logout()
    log_in(client, people["cecilia"])
    row = _row(_page(client, "/kunder/alfa/"), "assignments", "Årsrapport")
    assert 'data-action="close_assignment"' in row and f"assignment:{proposed.pk}" in row
    client.post(
        "/handling/close_assignment/",
        {"target": f"assignment:{proposed.pk}", "next": "/kunder/alfa/"},
    )
    proposed.refresh_from_db()
    assert proposed.status == Assignment.Status.CLOSED and proposed.closed_on == today
    # The lapse tick had not written yet is in the log before the close.
    actions = list(Entry.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["lapse_proposal", "close_assignment"]
    row = _row(_page(client, "/kunder/alfa/"), "assignments", "Årsrapport")
    assert "close_assignment" not in row and "Avslutat" in row


def test_ending_a_client_asks_first_then_ends_its_work_group_and_lead(client, org, people):
    _work(org, people, "erik@example.se", "Analys")
    today = timezone.localdate()
    log_in(client, people["vera"])
    page = _page(client, "/kunder/alfa/")
    panel = re.search(r'data-action="end_client">(.*?)</section>', page, re.S).group(1)
    assert "disabled" in panel and "P7" in panel and "Cecilia Ka" in panel
    confirm = _page(client, "/kunder/alfa/avsluta/")
    assert 'action="/handling/end_client/"' not in confirm and "P7" in confirm
    client.logout()

    log_in(client, people["cecilia"])
    page = _page(client, "/kunder/alfa/")
    assert 'href="/kunder/alfa/avsluta/"' in page
    confirm = _page(client, "/kunder/alfa/avsluta/")
    effects = re.search(r'<ul id="end-effects">(.*?)</ul>', confirm, re.S).group(1)
    assert "1 öppen arbetsuppgift" in effects and "2 medlemmar" in effects
    assert "inte att ångra" in confirm
    assert not Entry.objects.filter(action="end_client").exists()  # nothing until confirmed

    response = client.post(
        "/handling/end_client/", {"target": "client:alfa", "next": "/kunder/alfa/"}
    )
    assert response.status_code == 302
    alfa = Client.objects.get(organisation=org, slug="alfa")
    assert alfa.status == Client.Status.ENDED and alfa.ended_on == today
    assert not Holding.objects.filter(client=alfa, valid_to__isnull=True).exists()
    assert not WorkGroupMembership.objects.filter(client=alfa, valid_to__isnull=True).exists()
    assert not WorkItem.objects.filter(client=alfa, done_on__isnull=True).exists()
    told = {n.person.email for n in Notification.objects.filter(kind="client_ended")}
    assert told == {"anna@example.se", "erik@example.se"}

    page = _page(client, "/kunder/alfa/")
    assert 'id="ended"' in page and 'id="panels"' not in page
    index = _page(client, "/kunder/")
    ended = re.search(r'<ul id="ended-clients">(.*?)</ul>', index, re.S).group(1)
    assert "Alfa AB" in ended
    active = re.search(r'<table id="all-clients">(.*?)</table>', index, re.S).group(1)
    assert "Alfa AB" not in active and "Beta AB" in active
