"""The outbox: every message Ansvar sends by e-mail, recorded once before it is sent.

A message is written in the transaction of the decision (or the daily run) that causes it,
under an idempotency key naming the event and the recipient (``decision:<entry>:<person>``,
``unowned:...``, ``digest:<person>:<date>``); the key is unique, so recording the same event
again writes nothing. Sending happens after the commit and moves a message from ``pending``
to ``sent`` exactly once (a conditional UPDATE claims it first).
"""

from django.db import models
from django.db.models import Q

from ansvar.org.models import Organisation, Person


class Preference(models.Model):
    """How a person wants to hear by e-mail of what concerns them. Without a row: at once.
    What the policy requires to reach someone at once (client criticism to the CEO, an area
    without a decision maker) is sent at once whatever the choice."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", "Direkt"
        DIGEST = "digest", "En sammanfattning om dagen"
        NONE = "none", "Ingen e-post"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="mail_preference")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=["immediate", "digest", "none"]), name="preference_mode_known"
            )
        ]


class OutboxMessage(models.Model):
    """One e-mail to one person: what to say in both languages, and how delivery went."""

    class Status(models.TextChoices):
        PENDING = "pending", "Väntar på att skickas"
        SENDING = "sending", "Skickas"
        SENT = "sent", "Skickat"
        FAILED = "failed", "Misslyckat"
        HELD = "held", "Väntar på dagens sammanfattning"
        IN_DIGEST = "in_digest", "Med i en sammanfattning"
        SKIPPED = "skipped", "Ingen e-post (personens val)"
        CANCELLED = "cancelled", "Inget kvar att säga"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="outbox_messages"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="outbox_messages")
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=60, blank=True)  # a target, e.g. "criticism:3"
    title_sv = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    text_sv = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    # A daily digest: the duties it reminds of, as (kind, subject, due_on, sv, en); each is
    # checked again when the digest is sent and left out if it has been done meanwhile.
    lines = models.JSONField(default=list, blank=True)
    on = models.DateField()  # the day of the event (or of the digest)
    required = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="included"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["person", "status"], name="outbox_person_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending",
                        "sending",
                        "sent",
                        "failed",
                        "held",
                        "in_digest",
                        "skipped",
                        "cancelled",
                    ]
                ),
                name="outbox_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_digest") | Q(digest__isnull=False),
                name="outbox_in_digest_names_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class LogCursor(models.Model):
    """How far ``ansvar tick`` has read the decision log for decisions made outside
    ``perform`` (a veto window lapsing): entries after ``seq`` are still to be told."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="notify_cursor"
    )
    seq = models.PositiveBigIntegerField(default=0)
