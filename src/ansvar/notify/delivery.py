"""Sending the outbox through Django's default mailer, each message at most once.

``send_due`` claims each due message with a conditional UPDATE (``pending`` → ``sending``),
so a worker and ``ansvar tick`` running at the same time never both send one; it then hands
the message to the mail server and marks it ``sent``. A failure puts it back to ``pending``
with the next try after 1, 2, 4, ... times ``NOTIFY_RETRY_SECONDS``; after
``NOTIFY_MAX_ATTEMPTS`` tries it is ``failed`` and shown on /utskick/. A message left
``sending`` by a process that died is not sent again blindly (it may have arrived): it is
marked ``failed`` for the administrator, who can send it again from /utskick/.

A digest is put together when it is sent: each duty it reminds of is computed again and
left out when it has been done meanwhile; a digest with nothing left is not sent.
"""

import hashlib
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Count, F
from django.utils import timezone

from ansvar.common.retry import backoff, enqueue_earliest
from ansvar.notify.models import OutboxMessage
from ansvar.notify.record import digest_duties

logger = logging.getLogger(__name__)

# A message still ``sending`` after this long belongs to a process that died.
STALE_AFTER = timedelta(minutes=15)
LONGEST_WAIT = timedelta(hours=6)

FOOTER = {
    "sv": (
        "Det här meddelandet kommer från Ansvar: {base}/aviseringar/\n"
        "Välj e-post direkt, en sammanfattning om dagen eller ingen e-post alls: "
        "{base}/aviseringar/installningar/"
    ),
    "en": (
        "This message comes from Ansvar: {base}/aviseringar/\n"
        "Choose e-mail at once, one summary a day, or no e-mail at all: "
        "{base}/aviseringar/installningar/"
    ),
}
GREETING = {"sv": "Hej {name}!", "en": "Hello {name},"}
DIGEST_DUTIES = {
    "sv": "Dina åtaganden som är försenade eller ska vara gjorda inom en vecka:",
    "en": "Your duties that are overdue or due within a week:",
}
DIGEST_NOTES = {
    "sv": "Aviseringar sedan förra sammanfattningen:",
    "en": "Notifications since the last summary:",
}
OVERDUE = {"sv": "försenat, skulle vara gjort {due}", "en": "overdue, was due {due}"}
DUE = {"sv": "senast {due}", "en": "by {due}"}


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4, ... times the base."""
    return backoff(attempts, settings.NOTIFY_RETRY_SECONDS, LONGEST_WAIT)


def message_id(key: str) -> str:
    """The same Message-ID for the same outbox key, so a copy could be recognised as one."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "ansvar.invalid"
    return f"<ansvar.{digest}@{domain}>"


class _Connection:
    """One open connection to the mailer per run; a failure to connect fails every message
    of the run (the server is not there), a broken connection is reopened once."""

    def __init__(self) -> None:
        self.backend: BaseEmailBackend | None = None
        self.error: Exception | None = None

    def get(self) -> BaseEmailBackend:
        if self.error is not None:
            raise self.error
        if self.backend is None:
            backend = mailers["default"]
            try:
                backend.open()
            except Exception as exc:
                self.error = exc
                raise
            self.backend = backend
        return self.backend

    def reset(self) -> None:
        if self.backend is not None:
            try:
                self.backend.close()
            except Exception:
                logger.debug("closing a broken mail connection failed", exc_info=True)
        self.backend = None


def _release_stale(now: datetime) -> int:
    return OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=now - STALE_AFTER
    ).update(
        status=OutboxMessage.Status.FAILED,
        last_error=(
            "Avbröts medan det skickades; det kan ha kommit fram. / Interrupted while being "
            "sent; it may have arrived."
        ),
    )


def _digest_body(message: OutboxMessage, lang: str, now: datetime) -> str | None:
    """The digest as it stands now: duties still open, and the notifications it carries.
    None when nothing is left to tell."""
    at = max(message.on, timezone.localtime(now).date())
    still = {
        (d.kind, d.subject, d.due_on.isoformat())
        for d in digest_duties(message.organisation, at, person=message.person)
    }
    lines = [
        line for line in message.lines if (line["kind"], line["subject"], line["due_on"]) in still
    ]
    notes = list(message.included.order_by("created_at", "pk"))
    if not lines and not notes:
        return None
    parts = []
    if lines:
        parts.append(DIGEST_DUTIES[lang])
        for line in lines:
            due = date.fromisoformat(line["due_on"])
            when = (OVERDUE if due < at else DUE)[lang].format(due=due.isoformat())
            parts.append(f"- {line[lang]} ({when})")
    if notes:
        if lines:
            parts.append("")
        parts.append(DIGEST_NOTES[lang])
        parts.extend(
            f"- {n.on.isoformat()}: {n.text_en if lang == 'en' else n.text_sv}" for n in notes
        )
    return "\n".join(parts)


def build_email(message: OutboxMessage, now: datetime) -> EmailMessage | None:
    """The e-mail in the recipient's language; None for a digest with nothing left."""
    person = message.person
    lang = "en" if person.language == "en" else "sv"
    if message.kind == "digest":
        text = _digest_body(message, lang, now)
        if text is None:
            return None
    else:
        text = message.text_en if lang == "en" else message.text_sv
    title = message.title_en if lang == "en" else message.title_sv
    footer = FOOTER[lang].format(base=settings.ANSVAR_BASE_URL)
    body = f"{GREETING[lang].format(name=person.name)}\n\n{text}\n\n-- \n{footer}\n"
    return EmailMessage(
        subject=title,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={
            "Message-ID": message_id(message.key),
            "Auto-Submitted": "auto-generated",
            "Content-Language": lang,
        },
    )


def _claim(pk: int, now: datetime) -> bool:
    return (
        OutboxMessage.objects.filter(pk=pk, status=OutboxMessage.Status.PENDING).update(
            status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def _failed(
    message: OutboxMessage, error: Exception, now: datetime, report: DeliveryReport
) -> None:
    attempts = message.attempts
    text = f"{type(error).__name__}: {error}"[:2000]
    if attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        status, next_at = OutboxMessage.Status.FAILED, now
        report.failed += 1
        logger.error("e-mail %s failed after %d tries: %s", message.key, attempts, text)
    else:
        status, next_at = OutboxMessage.Status.PENDING, now + retry_delay(attempts)
        report.retrying += 1
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING).update(
        status=status, next_attempt_at=next_at, last_error=text, claimed_at=None
    )


def send_due(*, now: datetime | None = None, limit: int = 500) -> DeliveryReport:
    """Send every message due by ``now`` (default: the clock), at most ``limit`` of them."""
    now = now or timezone.now()
    report = DeliveryReport()
    _release_stale(now)
    due = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    connection = _Connection()
    try:
        for pk in due:
            if not _claim(pk, now):
                continue  # someone else is sending it
            message = OutboxMessage.objects.select_related("person", "organisation").get(pk=pk)
            try:
                email = build_email(message, now)
                if email is None:
                    OutboxMessage.objects.filter(pk=pk).update(
                        status=OutboxMessage.Status.CANCELLED, claimed_at=None
                    )
                    report.cancelled += 1
                    continue
                if connection.get().send_messages([email]) != 1:
                    raise RuntimeError("the mailer accepted no message")
            except Exception as exc:
                if connection.error is None:
                    connection.reset()
                _failed(message, exc, now, report)
                continue
            OutboxMessage.objects.filter(pk=pk).update(
                status=OutboxMessage.Status.SENT, sent_at=now, claimed_at=None, last_error=""
            )
            report.sent += 1
    finally:
        connection.reset()
    if report.retrying:
        _schedule_retry()
    return report


def _schedule_retry() -> None:
    """A delivery task for the earliest retry, for a worker to pick up when it is due."""
    from ansvar.notify.tasks import deliver

    enqueue_earliest(
        deliver, OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING), "e-mail"
    )


def send_again(message: OutboxMessage) -> bool:
    """The administrator's choice: try a failed message again from the start."""
    return (
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.FAILED).update(
            status=OutboxMessage.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_at=None,
        )
        == 1
    )


def counts() -> dict[str, int]:
    """How many messages are in each state, every state named."""
    found = dict(OutboxMessage.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: found.get(status, 0) for status in OutboxMessage.Status.values}
