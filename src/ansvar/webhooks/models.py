"""Webhook endpoints and their deliveries.

An endpoint is registered by a technical administrator through ``perform``
(``register_webhook``); its secret is made on the server, shown once, and never logged. A
delivery is one event (a decision, an overdue duty) for one endpoint, written in the
transaction that causes it under a unique key (``decision:<org>:<seq>:<endpoint>``,
``duty:<org>:<kind>:<subject>:<due>:<endpoint>``), so it is recorded once; it is sent after
the commit and moves from ``pending`` to ``delivered`` exactly once (a conditional UPDATE
claims it first). Its body is put together when it is sent, so no personal data is stored
here and an erasure reaches what is sent later.
"""

from django.db import models
from django.db.models import Q

from ansvar.decisions.models import Entry
from ansvar.org.models import Organisation, Person

EVENTS = ("decision", "duty_overdue")


class Endpoint(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="webhook_endpoints"
    )
    url = models.CharField(max_length=500)
    # The kinds of event it is sent (EVENTS), and for decisions the actions it wants (empty:
    # every action).
    events = models.JSONField(default=list)
    actions = models.JSONField(default=list, blank=True)
    # Whose read rights it carries: without one it is sent no personal data.
    reads_as = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(default=True)
    secret = models.CharField(max_length=100)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    secret_made_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"webhook {self.pk} → {self.url}"

    def wants(self, event: str, action: str = "") -> bool:
        if not self.active or self.removed_at is not None or event not in self.events:
            return False
        return event != "decision" or not self.actions or action in self.actions


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Väntar på att skickas"
        SENDING = "sending", "Skickas"
        DELIVERED = "delivered", "Levererad"
        FAILED = "failed", "Misslyckad"
        CANCELLED = "cancelled", "Inte skickad (mottagaren är avstängd eller borttagen)"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="webhook_deliveries"
    )
    endpoint = models.ForeignKey(Endpoint, on_delete=models.PROTECT, related_name="deliveries")
    key = models.CharField(max_length=200, unique=True)
    event = models.CharField(max_length=20)
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An overdue duty, without names: kind, clause, due date, subject and owner by id.
    duty = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_history"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "delivered", "failed", "cancelled"]),
                name="webhook_delivery_status_known",
            ),
            models.CheckConstraint(
                condition=Q(event="decision", entry__isnull=False) | Q(event="duty_overdue"),
                name="webhook_decision_names_its_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
