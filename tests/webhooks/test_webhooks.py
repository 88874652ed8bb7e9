"""Webhooks end to end against a real HTTP server on the loopback address: a decision through
``perform`` is delivered signed, once; a failing receiver gets it later with backoff; two
senders deliver it once; personal data reaches only an endpoint that reads as someone who
may read it; an overdue duty is sent once however often tick runs; registration is a
technical administrator's logged decision; the secret is never in the log."""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from ansvar.cli.main import main
from ansvar.decisions.models import Entry, PersonalPayload, Refusal
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.registry import can, perform
from ansvar.webhooks.delivery import retry_delay, send_due
from ansvar.webhooks.models import Delivery, Endpoint
from ansvar.webhooks.record import record_overdue
from ansvar.webhooks.signing import TIMESTAMP, verify_signature
from tests.fixtures import give_account, on_day
from tests.webhooks.conftest import register

WORK = {"assignee": "erik@example.se", "title": "Pressmeddelande Alfa"}


def assign(org, people):
    return perform(org, people["cecilia"], "assign_work_item", "client:alfa", WORK)


def test_a_decision_is_delivered_signed_and_matches_its_entry(org, admins, receiver):
    endpoint, secret = register(org, admins["petra"], receiver.url)
    done = assign(org, admins)
    delivery = Delivery.objects.get(event="decision", entry=done.entry)
    assert delivery.key == f"decision:{org.pk}:{done.entry.seq}:{endpoint.pk}"
    report = send_due()
    assert report.delivered >= 1
    [got] = [r for r in receiver.received if r.json["id"] == delivery.key]
    assert got.headers["Ansvar-Webhook-Id"] == delivery.key
    assert got.headers[TIMESTAMP].isdigit()
    assert verify_signature(secret, got.headers, got.body, timezone.now())
    assert not verify_signature("another secret", got.headers, got.body, timezone.now())
    assert not verify_signature(secret, got.headers, got.body + b" ", timezone.now())
    # A recorded request replayed six minutes later is rejected.
    later = timezone.now() + timedelta(minutes=6)
    assert not verify_signature(secret, got.headers, got.body, later)
    entry = got.json["entry"]
    assert (entry["seq"], entry["action"], entry["hash"]) == (
        done.entry.seq,
        "assign_work_item",
        done.entry.hash,
    )
    assert entry["public"] == json.loads(json.dumps(done.entry.public, default=str))
    assert entry["clauses"] == done.entry.clauses.split(",")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 204)
    # Sending again sends nothing twice.
    send_due()
    assert [r.json["id"] for r in receiver.received].count(delivery.key) == 1


def test_a_failing_receiver_is_retried_with_backoff_and_gets_it_once(
    org, admins, receiver, settings
):
    settings.WEBHOOK_RETRY_SECONDS = 60
    register(org, admins["petra"], receiver.url, actions="assign_work_item")
    done = assign(org, admins)
    receiver.fail(1, 500)
    now = timezone.now()
    first = send_due(now=now)
    assert (first.delivered, first.retrying) == (0, 1) and receiver.received == []
    delivery = Delivery.objects.get(entry=done.entry)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 500)
    assert "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at == now + retry_delay(1) == now + timedelta(seconds=60)
    assert send_due(now=now + timedelta(seconds=30)).delivered == 0  # not due yet
    assert send_due(now=now + timedelta(seconds=61)).delivered == 1
    assert send_due(now=now + timedelta(hours=1)).delivered == 0
    assert [r.json["id"] for r in receiver.received] == [delivery.key]
    assert retry_delay(3) == timedelta(seconds=240)


def test_after_the_last_try_it_is_failed_and_the_administrator_sends_it_again(
    org, admins, receiver, settings, client
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    endpoint, _ = register(org, admins["petra"], receiver.url, actions="assign_work_item")
    assign(org, admins)
    receiver.fail(2, 503)
    now = timezone.now()
    send_due(now=now)
    assert send_due(now=now + timedelta(hours=1)).failed == 1
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    give_account(admins["petra"])
    client.force_login(admins["petra"].user)
    page = client.get(f"/webhooks/{endpoint.pk}/")
    assert page.status_code == 200 and "503" in page.content.decode()
    client.post(f"/webhooks/leveranser/{delivery.pk}/skicka-igen/")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert send_due().delivered == 1 and len(receiver.received) == 1


def test_a_delivery_another_sender_has_claimed_is_not_sent_again(org, admins, receiver):
    register(org, admins["petra"], receiver.url, actions="assign_work_item")
    assign(org, admins)
    now = timezone.now()
    Delivery.objects.update(status="sending", claimed_at=now)
    assert send_due(now=now).delivered == 0 and receiver.received == []
    # A process that died while sending: it may have arrived, so it is failed, not resent.
    send_due(now=now + timedelta(hours=1))
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and "may have arrived" in delivery.last_error
    assert receiver.received == []


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two senders at once need two connections"
)
def test_two_senders_at_once_deliver_each_once(log_flush_allowed, org, admins, receiver):
    register(org, admins["petra"], receiver.url)
    for i in range(5):
        perform(
            org, admins["cecilia"], "assign_work_item", "client:alfa", {**WORK, "title": f"T{i}"}
        )
    keys = set(Delivery.objects.values_list("key", flat=True))
    start = threading.Barrier(2)
    reports = []

    def sender() -> None:
        start.wait()
        try:
            reports.append(send_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent = [r.json["id"] for r in receiver.received]
    assert sorted(sent) == sorted(keys) and len(sent) == len(set(sent))
    assert sum(r.delivered for r in reports) == len(keys)


def test_personal_data_only_to_an_endpoint_reading_as_someone_who_may_read_it(
    org, admins, receiver
):
    people = admins
    plain, _ = register(org, people["petra"], receiver.url, actions="set_salary")
    as_anna, _ = register(
        org, people["anna"], receiver.url, actions="set_salary", reads_as="anna@example.se"
    )
    as_ceo, _ = register(
        org, people["vera"], receiver.url, actions="set_salary", reads_as="vera@example.se"
    )
    # Anna sets Erik's salary (her report, AO3); Olof sets Petra's (Analys, not Anna's).
    eriks = perform(
        org, people["anna"], "set_salary", "person:erik@example.se", {"amount": "41234"}
    )
    petras = perform(
        org, people["olof"], "set_salary", "person:petra@example.se", {"amount": "45678"}
    )
    send_due()
    by = {(r.json["id"]): r for r in receiver.received}

    def got(endpoint, done):
        return by[f"decision:{org.pk}:{done.entry.seq}:{endpoint.pk}"]

    for done in (eriks, petras):
        text = got(plain, done).body.decode()
        for mark in ("41234", "45678", "erik@example.se", "petra@example.se", "Anna", "Olof"):
            assert mark not in text
        assert got(plain, done).json["entry"]["personal"] is None
    # Anna reads Erik's salary entry, not Petra's: hers is withheld, as on the log page.
    mine = got(as_anna, eriks).json["entry"]
    assert mine["personal"]["args"]["amount"] == "41234"
    theirs = got(as_anna, petras)
    assert theirs.json["entry"]["withheld"] is True
    assert "45678" not in theirs.body.decode() and "petra@example.se" not in theirs.body.decode()
    # The CEO reads both (AO3).
    assert got(as_ceo, petras).json["entry"]["personal"]["args"]["amount"] == "45678"


def test_an_overdue_duty_is_delivered_once_however_often_tick_runs(org, admins, receiver, capsys):
    register(org, admins["petra"], receiver.url, events="duty_overdue")
    at = timezone.localdate() + timedelta(days=400)  # every yearly duty is overdue by then
    with on_day(at):  # tick takes no day still to come: the clock travels there
        assert main(["tick", "--at", at.isoformat()]) == 0
        first = len(receiver.received)
        assert first > 0
        assert main(["tick", "--at", at.isoformat()]) == 0
        assert record_overdue(org, at) == 0
    assert len(receiver.received) == first
    ids = [r.json["id"] for r in receiver.received]
    assert len(ids) == len(set(ids))
    sample = receiver.received[0].json
    assert sample["event"] == "duty_overdue" and sample["duty"]["due_on"] < at.isoformat()
    # No names or addresses: people by id.
    for r in receiver.received:
        assert "@" not in r.body.decode()
    assert "Webhooks:" in capsys.readouterr().out


def test_only_a_technical_administrator_registers_and_the_refusal_names_them(org, admins):
    before = Endpoint.objects.count()
    with pytest.raises(PolicyRefused) as refused:
        perform(org, admins["cecilia"], "register_webhook", "org", {"url": "https://x.example/h"})
    decision = refused.value.decision
    assert decision.clauses == ("P7",) and "Petra" in decision.reason_sv
    assert decision.decider is not None and decision.decider.email == "petra@example.se"
    assert Endpoint.objects.count() == before
    assert (
        can(org, admins["cecilia"], "register_webhook", "org", {"url": "https://x.example/h"})
        == decision
    )
    # An administrator lends an endpoint their own read rights, nobody else's.
    with pytest.raises(PolicyRefused) as other:
        perform(
            org,
            admins["petra"],
            "register_webhook",
            "org",
            {"url": "https://x.example/h", "reads_as": "vera@example.se"},
        )
    assert other.value.decision.about == "case" and Endpoint.objects.count() == before


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://example.com/hook", "https://"),
        ("http://example.com/hook", "plain http"),
        ("not a url", "https://"),
        ("https://user:pw@example.com/", "user name"),
        ("https://example.com:notaport/", "web address"),
    ],
)
def test_a_bad_address_is_refused_naming_the_field_and_nothing_is_written(org, admins, url, says):
    entries, refusals = Entry.objects.count(), Refusal.objects.count()
    with pytest.raises(InvalidInput) as bad:
        perform(org, admins["petra"], "register_webhook", "org", {"url": url})
    assert bad.value.field == "url" and says in str(bad.value)
    assert (Entry.objects.count(), Refusal.objects.count()) == (entries, refusals)
    assert not Endpoint.objects.exists()


def test_loopback_addresses_may_be_plain_http(org, admins):
    for url in ("http://127.0.0.1:8080/h", "http://[::1]/h", "http://localhost/h"):
        register(org, admins["petra"], url)
    assert Endpoint.objects.count() == 3
    with pytest.raises(InvalidInput) as bad:
        perform(
            org,
            admins["petra"],
            "register_webhook",
            "org",
            {"url": "https://x.se", "events": "all"},
        )
    assert bad.value.field == "events"
    with pytest.raises(InvalidInput) as bad:
        perform(
            org,
            admins["petra"],
            "register_webhook",
            "org",
            {"url": "https://x.se", "actions": "hyr"},
        )
    assert bad.value.field == "actions"


def test_the_secret_never_reaches_the_log(org, admins, receiver, capsys):
    endpoint, secret = register(org, admins["petra"], receiver.url)
    done = perform(org, admins["petra"], "rotate_webhook_secret", "org", {"endpoint": endpoint.pk})
    rotated = done.result.secret
    assert rotated != secret and Endpoint.objects.get().secret == rotated
    assert main(["webhook", "rotate", "petra@example.se", str(endpoint.pk)]) == 0
    printed = capsys.readouterr().out.splitlines()[-1]
    assert printed == Endpoint.objects.get().secret
    assert main(["webhook", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert printed not in listed
    for value in (secret, rotated, printed):
        for e in Entry.objects.filter(organisation=org):
            assert value not in json.dumps(e.public) and value not in e.target
        for p in PersonalPayload.objects.all():
            assert value not in json.dumps(p.data)
        for r in Refusal.objects.all():
            assert value not in json.dumps(r.args)
    entry = Entry.objects.filter(action="register_webhook").get()
    assert entry.public["endpoint"] == endpoint.pk and entry.clauses == "P7"


def test_the_commands_register_list_and_remove(org, admins, receiver, capsys):
    assert (
        main(
            [
                "webhook",
                "add",
                "petra@example.se",
                receiver.url,
                "--event",
                "decision",
                "--event",
                "duty_overdue",
                "--action",
                "assign_work_item",
                "--reads-as",
                "petra@example.se",
            ]
        )
        == 0
    )
    secret = capsys.readouterr().out.splitlines()[-1]
    endpoint = Endpoint.objects.get()
    assert endpoint.secret == secret and endpoint.events == ["decision", "duty_overdue"]
    assert endpoint.reads_as == admins["petra"]
    assign(org, admins)
    send_due()
    assert main(["webhook", "deliveries", "--endpoint", str(endpoint.pk), "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["status"], row["response_code"], row["attempts"]) == ("delivered", 204, 1)
    assert main(["webhook", "list"]) == 0
    assert receiver.url in capsys.readouterr().out
    assert main(["webhook", "add", "cecilia@example.se", "https://x.se/h"]) == 3
    assert "P7" in capsys.readouterr().err
    assert main(["webhook", "add", "petra@example.se", "gopher://x"]) == 2
    assert "url:" in capsys.readouterr().err
    assert main(["webhook", "remove", "petra@example.se", str(endpoint.pk)]) == 0
    capsys.readouterr()
    assert main(["webhook", "list"]) == 0
    assert receiver.url not in capsys.readouterr().out
    # A removed endpoint is sent nothing more, and cannot be changed.
    assign(org, admins)
    assert Delivery.objects.count() == 1
    with pytest.raises(PolicyRefused):
        perform(org, admins["petra"], "rotate_webhook_secret", "org", {"endpoint": endpoint.pk})


def test_an_address_carrying_the_receivers_own_credential_is_logged_by_its_host_only(org, admins):
    """Some receivers take their credential in the address (".../hooks/T0/B0/XYZ"): the
    decision log, which every employee reads, keeps scheme and host; the endpoint keeps it
    whole for its administrators."""
    url = "https://hooks.example.com/services/T000/B000/hemligtoken123?key=abc"
    done = perform(org, admins["petra"], "register_webhook", "org", {"url": url})
    assert Endpoint.objects.get(pk=done.result.endpoint.pk).url == url
    logged = json.dumps(done.entry.payload.data, ensure_ascii=False)
    assert "hemligtoken123" not in logged and "key=abc" not in logged
    assert "https://hooks.example.com/…" in logged
    plain = "https://hooks.example.com"
    again = perform(org, admins["petra"], "register_webhook", "org", {"url": plain})
    assert plain in json.dumps(again.entry.payload.data)
