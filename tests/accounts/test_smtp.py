"""Account e-mail through a real SMTP server on the loopback (aiosmtpd), and what happens
when the mail server is down: the invitation is kept, marked not sent, and can be resent."""

import logging
import re

from django.contrib.auth.models import User
from django.utils import timezone

from ansvar.accounts.models import Invitation
from ansvar.accounts.selectors import account_rows
from ansvar.engine.registry import perform
from tests.smtp import free_port, mailers


def test_the_invitation_reaches_a_real_mail_server(
    org, people, admin, smtp, settings, django_capture_on_commit_callbacks
):
    settings.ANSVAR_BASE_URL = "https://ansvar.example.se"
    with django_capture_on_commit_callbacks(execute=True):
        perform(org, admin, "invite_person", "person:petra@example.se")
    (message,) = smtp.messages
    assert message["To"] == "petra@example.se"
    assert message["Subject"] == "Ditt konto i Ansvar / Your account in Ansvar"
    (body,) = smtp.bodies_to("petra@example.se")
    assert re.search(r"https://ansvar\.example\.se/konto/inbjudan/\S+/\S+/", body)
    assert "Hej Petra Ka!" in body and "Hello Petra Ka," in body
    assert Invitation.objects.get().sent_at is not None


def test_the_reset_mail_reaches_a_real_mail_server(
    client, people, smtp, settings, django_capture_on_commit_callbacks
):
    settings.ANSVAR_BASE_URL = "https://ansvar.example.se"
    petra = people["petra"]
    petra.user = User.objects.create_user(petra.email, petra.email, "ett-långt-lösen-9")
    petra.save(update_fields=["user"])
    client.post("/konto/aterstall/", {"email": "petra@example.se"})
    (body,) = smtp.bodies_to("petra@example.se")
    assert re.search(r"https://ansvar\.example\.se/konto/aterstall/\S+/\S+/", body)


def test_a_mail_server_that_is_down_leaves_the_invitation_not_sent(
    org, people, admin, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = mailers(free_port())  # nothing listens there
    with (
        caplog.at_level(logging.ERROR, "ansvar.accounts.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        done = perform(org, admin, "invite_person", "person:petra@example.se")
    assert done.entry.action == "invite_person"  # the decision stands
    assert Invitation.objects.get().sent_at is None
    assert "could not be sent" in caplog.text and "petra@example.se" not in caplog.text
    (row,) = [
        r
        for r in account_rows(org, timezone.localdate(), timezone.now())
        if r.person.email == "petra@example.se"
    ]
    assert row.status == "not_sent"
    # Resending is allowed (no password yet) and is how the administrator tries again.
    assert perform(org, admin, "resend_invitation", "person:petra@example.se").result
