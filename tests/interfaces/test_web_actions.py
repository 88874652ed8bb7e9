"""Web forms go through perform: allowed and logged, refused with the clause, bad input named."""

from django.contrib.messages import get_messages
from django.utils import timezone

from ansvar.clients.models import WorkItem
from ansvar.decisions.models import Entry, Refusal
from ansvar.web.actions import action_panel
from tests.fixtures import log_in


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _assign(client, assignee="erik@example.se"):
    return client.post(
        "/handling/assign_work_item/",
        {
            "target": "client:alfa",
            "assignee": assignee,
            "title": "Pressmeddelande",
            "purpose": "quality",
            "next": "/",
        },
    )


def test_the_client_lead_assigns_work_from_the_web_and_it_is_logged(client, org, people):
    log_in(client, people["cecilia"])
    response = _assign(client)
    assert response.status_code == 302 and response["Location"] == "/"
    item = WorkItem.objects.get()
    assert item.assignee == people["erik"] and item.client.slug == "alfa"
    entry = Entry.objects.filter(action="assign_work_item").get()
    assert any(f"loggat som nr {entry.seq}" in m for m in _messages(response))


def test_the_area_manager_is_refused_with_p7_and_nothing_is_written(client, org, people):
    log_in(client, people["anna"])
    response = _assign(client)
    assert not WorkItem.objects.exists()
    [message] = _messages(response)
    assert message.startswith("Nekat (P7, KA1)") and "Cecilia Ka" in message
    assert Refusal.objects.get().clauses.startswith("P7")


def test_bad_input_names_the_field_in_swedish_and_writes_nothing(client, org, people):
    log_in(client, people["cecilia"])
    before = Entry.objects.count()
    response = _assign(client, assignee="ingen@example.se")
    [message] = _messages(response)
    assert message.startswith("Till:") and "ingen@example.se" in message
    assert Entry.objects.count() == before and not WorkItem.objects.exists()


def test_an_offsite_next_is_not_followed(client, org, people):
    log_in(client, people["cecilia"])
    response = client.post(
        "/handling/set_deputy/",
        {"target": "client:alfa", "person": "erik@example.se", "next": "https://example.org/"},
    )
    assert response["Location"] == "/"


def test_a_panel_offers_the_form_to_the_lead_and_explains_the_refusal_to_others(org, people):
    today = timezone.localdate()
    lead = action_panel(people["cecilia"], "assign_work_item", "client:alfa", today)
    assert lead.held and "assignee" in lead.form.fields
    ceo = action_panel(people["vera"], "assign_work_item", "client:alfa", today)
    assert not ceo.held and ceo.form is None
    assert ceo.decision.decider.email == "cecilia@example.se" and "P7" in ceo.decision.clauses


def test_a_nul_character_is_named_as_bad_input_not_a_server_error(client, org, people):
    # PostgreSQL cannot store a NUL character, not even in the refusal log.
    log_in(client, people["cecilia"])
    response = client.post(
        "/handling/assign_work_item/",
        {
            "target": "client:alfa",
            "assignee": "erik@example.se",
            "title": "Press\x00meddelande",
            "next": "/",
        },
    )
    assert response.status_code == 302
    assert _messages(response) == ["Rubrik: innehåller ett otillåtet tecken (NUL)"]
    assert not WorkItem.objects.exists()
    assert not Entry.objects.filter(action="assign_work_item").exists()
    assert not Refusal.objects.exists()
