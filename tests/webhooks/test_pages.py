"""The administrator's webhook pages: registering shows the secret once and never again, bad
input is named by its field with nothing written, anyone else gets the 403 page naming the
administrators, and switching off, a new secret and removal are logged decisions."""

from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.webhooks.models import Endpoint
from tests.fixtures import give_account


def _logged_in(client, person):
    give_account(person)
    client.force_login(person.user)
    return client


def test_registering_shows_the_secret_once(org, admins, client):
    c = _logged_in(client, admins["petra"])
    response = c.post(
        "/webhooks/", {"url": "https://crm.example.se/hook", "events": ["decision", "duty_overdue"]}
    )
    page = response.content.decode()
    endpoint = Endpoint.objects.get()
    assert response.status_code == 200 and endpoint.secret in page
    assert "no-store" in response["Cache-Control"]
    assert endpoint.events == ["decision", "duty_overdue"] and endpoint.reads_as is None
    again = c.get("/webhooks/").content.decode()
    assert "https://crm.example.se/hook" in again and endpoint.secret not in again
    detail = c.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret not in detail
    # A new secret is shown once on the answer, and the old one no longer is the secret.
    rotated = c.post(f"/webhooks/{endpoint.pk}/ny-hemlighet/").content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret in rotated
    assert endpoint.secret not in c.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert list(
        Entry.objects.filter(action__endswith="webhook_secret").values_list("clauses", flat=True)
    ) == ["P7"]


def test_a_bad_address_is_named_and_nothing_is_written(org, admins, client):
    c = _logged_in(client, admins["petra"])
    entries = Entry.objects.count()
    page = c.post("/webhooks/", {"url": "http://example.com/hook", "events": ["decision"]})
    text = page.content.decode()
    assert page.status_code == 200 and "Adress:" in text and "okrypterad http" in text
    assert 'value="http://example.com/hook"' in text  # what was typed is kept
    none = c.post("/webhooks/", {"url": "https://example.com/hook"}).content.decode()
    assert "Händelser:" in none
    assert not Endpoint.objects.exists() and Entry.objects.count() == entries


def test_anyone_else_is_refused_naming_the_administrators(org, admins, client):
    c = _logged_in(client, admins["cecilia"])
    response = c.get("/webhooks/")
    page = response.content.decode()
    assert response.status_code == 403 and "Petra" in page and "P7" in page
    assert (
        c.post("/webhooks/", {"url": "https://x.se/h", "events": ["decision"]}).status_code == 403
    )
    assert not Endpoint.objects.exists()


def test_switch_off_and_on_and_remove_are_logged(org, admins, client):
    c = _logged_in(client, admins["petra"])
    c.post("/webhooks/", {"url": "https://crm.example.se/hook", "events": ["decision"]})
    endpoint = Endpoint.objects.get()
    c.post(f"/webhooks/{endpoint.pk}/av-pa/")
    endpoint.refresh_from_db()
    assert not endpoint.active
    c.post(f"/webhooks/{endpoint.pk}/av-pa/")
    endpoint.refresh_from_db()
    assert endpoint.active
    assert c.post(f"/webhooks/{endpoint.pk}/ta-bort/").status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.removed_at is not None
    assert "crm.example.se" not in c.get("/webhooks/").content.decode()
    assert c.get(f"/webhooks/{endpoint.pk}/").status_code == 200  # its history is kept
    actions = list(
        Entry.objects.filter(action__contains="webhook")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["register_webhook", "change_webhook", "change_webhook", "remove_webhook"]


def test_the_history_names_decisions_and_the_filter_by_their_labels(org, admins, client):
    """The endpoint's page says which decision each delivery carries, and which decisions it
    is limited to, as the decision log does: in words, not action codes."""
    c = _logged_in(client, admins["petra"])
    c.post(
        "/webhooks/",
        {
            "url": "https://crm.example.se/hook",
            "events": ["decision"],
            "actions": "assign_work_item",
        },
    )
    endpoint = Endpoint.objects.get()
    work = {"assignee": "erik@example.se", "title": "Pressmeddelande", "purpose": "quality"}
    done = perform(org, admins["cecilia"], "assign_work_item", "client:alfa", work)
    page = c.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert f"Beslut nr {done.entry.seq} (Fördela en arbetsuppgift)" in page
    assert "(Fördela en arbetsuppgift)</dd>" in page
    assert "assign_work_item" not in page.split("<main", 1)[1].split("<form", 1)[0]
