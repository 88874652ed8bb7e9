"""Delivery that loses nothing and sends nothing twice: retries with backoff against a real
SMTP server that refuses and later accepts, the last try shown to the administrator, the
worker of Django's task framework, and ``ansvar tick`` run twice."""

import os
import subprocess
import sys
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ansvar.cli.main import main
from ansvar.clients.models import Notification
from ansvar.config import settings as ansvar_settings
from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.notify.delivery import retry_delay, send_due
from ansvar.notify.models import LogCursor, OutboxMessage
from ansvar.notify.record import catch_up, tell_entry
from ansvar.org.models import Organisation
from tests.fixtures import log_in
from tests.notify.conftest import AT


def three_messages(org, people) -> None:
    """Work for Erik, a proposal for the CEO, a coaching request for Anna."""
    perform(
        org,
        people["cecilia"],
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Analys"},
        at=AT,
    )
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    perform(
        org, people["erik"], "request_coaching", "person:anna@example.se", {"topic": "T"}, at=AT
    )


def by_id(smtp) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in smtp.received:
        counts[r.message_id] = counts.get(r.message_id, 0) + 1
    return counts


def test_a_server_that_refuses_and_later_accepts_gets_each_message_exactly_once(org, people, smtp):
    three_messages(org, people)
    smtp.refuse(4)  # more refusals than messages: the second round still meets one
    now = timezone.now()
    first = send_due(now=now)
    assert (first.sent, first.retrying) == (0, 3) and smtp.received == []
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    assert all("451" in m.last_error for m in OutboxMessage.objects.all())
    # Not due again before the backoff has passed.
    assert send_due(now=now + timedelta(seconds=30)).sent == 0 and smtp.handler.refused == 3
    second = send_due(now=now + retry_delay(1))
    assert (second.sent, second.retrying) == (2, 1)
    late = OutboxMessage.objects.get(status="pending")
    assert late.attempts == 2 and late.next_attempt_at == now + retry_delay(1) + retry_delay(2)
    assert retry_delay(2) == 2 * retry_delay(1)
    third = send_due(now=now + timedelta(hours=1))
    assert third.sent == 1
    assert sorted(r.recipients[0] for r in smtp.received) == [
        "anna@example.se",
        "erik@example.se",
        "vera@example.se",
    ]
    assert set(by_id(smtp).values()) == {1}
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert send_due(now=now + timedelta(days=1)).sent == 0 and len(smtp.received) == 3


def test_a_server_that_is_not_there_then_is_gets_each_message_once(org, people, smtp):
    smtp.stop()
    three_messages(org, people)
    now = timezone.now()
    down = send_due(now=now)
    assert down.retrying == 3
    assert all("Connection refused" in m.last_error for m in OutboxMessage.objects.all())
    smtp.start()
    assert send_due(now=now + timedelta(minutes=5)).sent == 3
    assert set(by_id(smtp).values()) == {1} and len(smtp.received) == 3


def test_after_the_last_try_the_administrator_sees_it_and_may_send_it_again(
    org, people, smtp, settings, client, mail_admin
):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    smtp.refuse(2)
    now = timezone.now()
    assert send_due(now=now).retrying == 1
    assert send_due(now=now + timedelta(hours=1)).failed == 1
    failed = OutboxMessage.objects.get()
    assert (failed.status, failed.attempts) == ("failed", 2)
    assert send_due(now=now + timedelta(days=1)).sent == 0  # failed stays failed

    for nobody in ("anna", "vera"):  # not even the CEO: this is running Ansvar, not policy
        log_in(client, people[nobody])
        assert client.get("/utskick/").status_code == 403
        assert client.post(f"/utskick/{failed.pk}/skicka-igen/").status_code == 403
    log_in(client, mail_admin)
    page = client.get("/utskick/").content.decode()
    assert "Misslyckade efter sista försöket" in page and "451" in page
    assert "vera@example.se" in page and "Skicka igen" in page
    response = client.post(f"/utskick/{failed.pk}/skicka-igen/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert send_due().sent == 1 and len(smtp.received) == 1


def test_a_message_another_process_is_sending_is_not_sent_again(org, people, smtp):
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    now = timezone.now()
    OutboxMessage.objects.update(status="sending", claimed_at=now)
    assert send_due(now=now).sent == 0 and smtp.received == []
    # A process that died while sending: the message may have arrived, so it is not sent
    # blindly again but shown to the administrator.
    later = send_due(now=now + timedelta(hours=1))
    message = OutboxMessage.objects.get()
    assert (
        later.sent == 0
        and message.status == "failed"
        and "may have arrived" in (message.last_error)
    )
    assert smtp.received == []


def test_telling_the_same_decision_again_writes_nothing(org, people, smtp):
    main(["tick", "--at", AT.isoformat()])
    done = perform(
        org, people["cecilia"], "report_criticism", "client:alfa", {"summary": "S"}, at=AT
    )
    told = OutboxMessage.objects.exclude(kind="digest")
    assert (told.count(), Notification.objects.count()) == (1, 1)
    assert tell_entry(org, done.entry) == 0
    assert catch_up(org) == 0  # tick reads the same entry from the log: same key
    assert (told.count(), Notification.objects.count()) == (1, 1)
    assert told.get().key == f"decision:{done.entry.pk}:{people['vera'].pk}"
    three_messages(org, people)
    assert (told.count(), Notification.objects.count()) == (4, 4)
    assert catch_up(org, chunk=1) == 0
    head = Entry.objects.filter(organisation=org).order_by("-seq").first()
    assert head is not None and LogCursor.objects.get(organisation=org).seq == head.seq


def test_tick_twice_sends_nothing_twice(org, people, smtp, capsys):
    today = timezone.localdate().isoformat()
    main(["tick", "--at", today])
    three_messages(org, people)
    main(["tick", "--at", today, "--json"])
    sent_first = len(smtp.received)
    assert sent_first >= 3  # the three messages, and the day's digests
    main(["tick", "--at", today])
    assert len(smtp.received) == sent_first
    assert set(by_id(smtp).values()) == {1}
    assert "E-mail: 0 sent" in capsys.readouterr().out.splitlines()[-1]


def test_the_worker_of_the_task_framework_sends_after_the_commit(
    log_flush_allowed, org, people, smtp
):
    three_messages(org, people)
    # Each decision with e-mail to send queued one delivery task when it committed.
    assert DBTaskResult.objects.filter(task_path="ansvar.notify.tasks.deliver").count() == 3
    assert smtp.received == []
    assert main(["worker", "--batch", "--interval", "0"]) == 0
    assert len(smtp.received) == 3 and set(by_id(smtp).values()) == {1}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_refused_send_is_retried_by_the_worker_when_it_is_due(
    log_flush_allowed, org, people, smtp, settings
):
    settings.NOTIFY_RETRY_SECONDS = 1
    smtp.refuse(1)
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    main(["worker", "--batch", "--interval", "0"])
    assert smtp.received == []
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after is not None and retry.run_after > timezone.now() - timedelta(seconds=1)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    main(["worker", "--batch", "--interval", "0"])
    assert len(smtp.received) == 1


def test_without_a_mail_server_the_mail_is_written_to_files(org, people, settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    assert send_due().sent == 1
    [written] = list(tmp_path.iterdir())
    raw = written.read_bytes().split(b"\n" + b"-" * 79)[0]
    mail = message_from_bytes(raw, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    assert mail["To"] == "vera@example.se"
    assert mail["Subject"] == "Ett förslag väntar på ditt besked"
    body = mail.get_body(("plain",))
    assert body is not None and "Cecilia Ka föreslår" in str(body.get_content())


def test_the_organisation_outbox_is_its_own(org, people, smtp, client, mail_admin):
    other = Organisation.objects.create(name="Annan", slug="annan")
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    OutboxMessage.objects.update(status="failed")
    message = OutboxMessage.objects.get()
    assert message.organisation != other
    log_in(client, mail_admin)
    assert client.post(f"/utskick/{message.pk + 1}/skicka-igen/").status_code == 404


@pytest.mark.parametrize(
    ("tls", "use_tls", "use_ssl", "port"),
    [("starttls", True, False, 587), ("ssl", False, True, 465), ("none", False, False, 25)],
)
def test_the_mail_settings_come_from_the_environment(monkeypatch, tls, use_tls, use_ssl, port):
    monkeypatch.setenv("ANSVAR_EMAIL_HOST", "smtp.example.se")
    monkeypatch.setenv("ANSVAR_EMAIL_TLS", tls)
    monkeypatch.setenv("ANSVAR_EMAIL_USER", "ansvar")
    monkeypatch.setenv("ANSVAR_EMAIL_PASSWORD", "hemligt")
    options = ansvar_settings._mailers(True)["default"]["OPTIONS"]
    assert options == {
        "host": "smtp.example.se",
        "port": port,
        "username": "ansvar",
        "password": "hemligt",
        "use_tls": use_tls,
        "use_ssl": use_ssl,
        "timeout": 30,
    }
    monkeypatch.setenv("ANSVAR_EMAIL_PORT", "2525")
    assert ansvar_settings._mailers(True)["default"]["OPTIONS"]["port"] == 2525


def test_without_a_host_a_checkout_writes_files_and_a_server_uses_its_own_mta(monkeypatch):
    monkeypatch.delenv("ANSVAR_EMAIL_HOST", raising=False)
    monkeypatch.delenv("ANSVAR_EMAIL_TLS", raising=False)
    mailer = ansvar_settings._mailers(True)["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert mailer["OPTIONS"] == {"file_path": str(ansvar_settings.VAR_DIR / "mail")}
    server = ansvar_settings._mailers(False)["default"]
    assert server["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert {k: server["OPTIONS"][k] for k in ("host", "port", "use_tls", "use_ssl")} == {
        "host": "localhost",
        "port": 25,
        "use_tls": False,
        "use_ssl": False,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [("ANSVAR_EMAIL_TLS", "tls1.3"), ("ANSVAR_EMAIL_PORT", "smtp"), ("ANSVAR_EMAIL_PORT", "0")],
)
def test_a_bad_mail_setting_is_named(monkeypatch, name, value):
    monkeypatch.setenv("ANSVAR_EMAIL_HOST", "smtp.example.se")
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        ansvar_settings._mailers(True)


def test_the_command_names_a_bad_mail_setting_without_a_traceback(tmp_path):
    env = {
        **os.environ,
        "ANSVAR_EMAIL_HOST": "smtp.example.se",
        "ANSVAR_EMAIL_TLS": "tls1.3",
        "ANSVAR_VAR_DIR": str(tmp_path),
        "ANSVAR_DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}",
    }
    code = "from ansvar.cli.main import main; raise SystemExit(main(['tick']))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "ansvar: ANSVAR_EMAIL_TLS: 'tls1.3' is not one of starttls, ssl, none"
    )
