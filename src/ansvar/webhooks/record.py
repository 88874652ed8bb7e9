"""Recording what is to be sent: one delivery per event and endpoint, once.

Everything here runs inside the caller's transaction (the decision's, or ``ansvar tick``'s
look for overdue duties) and only writes rows; nothing is sent before the commit. Each
delivery has a unique key naming the event and the endpoint, so recording the same event
again writes nothing.
"""

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from ansvar.duties.registry import Duty, duties
from ansvar.org.models import Organisation, Person
from ansvar.webhooks.models import Delivery, Endpoint

if TYPE_CHECKING:
    from ansvar.engine.registry import Done

logger = logging.getLogger(__name__)


def enqueue_delivery() -> None:
    """Ask the task worker to send what is pending. Never fails the caller: what is not
    enqueued is still recorded, and ``ansvar tick`` sends it."""
    from ansvar.webhooks.tasks import deliver

    try:
        deliver.enqueue()
    except Exception:
        logger.exception("could not enqueue the webhook task; ansvar tick will send")


def _listening(organisation: Organisation, event: str) -> list[Endpoint]:
    return [
        e
        for e in Endpoint.objects.filter(
            organisation=organisation, active=True, removed_at__isnull=True
        )
        if event in e.events
    ]


def _write(organisation: Organisation, rows: list[tuple[str, Endpoint, dict[str, Any]]]) -> int:
    """Each (key, endpoint, fields) not yet recorded; the number written. Waking the worker
    waits for the commit."""
    now = timezone.now()
    written = 0
    for key, endpoint, fields in rows:
        _, created = Delivery.objects.get_or_create(
            key=key,
            defaults={
                "organisation": organisation,
                "endpoint": endpoint,
                "next_attempt_at": now,
                "created_at": now,
                **fields,
            },
        )
        written += created
    if written:
        transaction.on_commit(enqueue_delivery)
    return written


def after_decision(done: "Done") -> int:
    """On ``decision_made``: inside the decision's transaction, after its log entry."""
    entry = done.entry
    organisation = entry.organisation
    rows = [
        (
            f"decision:{organisation.pk}:{entry.seq}:{endpoint.pk}",
            endpoint,
            {"event": "decision", "entry": entry},
        )
        for endpoint in _listening(organisation, "decision")
        if endpoint.wants("decision", entry.action)
    ]
    return _write(organisation, rows) if rows else 0


def _subjects(organisation: Organisation, found: list[Duty]) -> dict[str, str]:
    """Each duty's subject as the log names it: a person by id, never by address."""
    emails = {
        s.partition(":")[2] for d in found if (s := d.subject).startswith("person:") and "@" in s
    }
    ids = dict(
        Person.objects.filter(organisation=organisation, email__in=emails).values_list(
            "email", "pk"
        )
    )
    named = {}
    for d in found:
        kind, _, key = d.subject.partition(":")
        if kind == "person" and key in ids:
            named[d.subject] = f"person:{ids[key]}"
        else:
            named[d.subject] = d.subject
    return named


def duty_fields(duty: Duty, subject: str) -> dict[str, Any]:
    return {
        "kind": duty.kind,
        "clause": duty.clause,
        "due_on": duty.due_on.isoformat(),
        "subject": subject,
        "owner": duty.owner.pk if duty.owner is not None else None,
        "urgent": duty.urgent,
    }


def record_overdue(organisation: Organisation, at: date) -> int:
    """``ansvar tick``'s part: each duty overdue on ``at``, once per duty and due date, for
    every endpoint that asked for them. Running it twice records nothing new."""
    endpoints = _listening(organisation, "duty_overdue")
    if not endpoints:
        return 0
    overdue = [d for d in duties(organisation, at) if d.due_on < at]
    subjects = _subjects(organisation, overdue)
    rows = []
    for duty in overdue:
        subject = subjects[duty.subject]
        fields = duty_fields(duty, subject)
        for endpoint in endpoints:
            key = f"duty:{organisation.pk}:{duty.kind}:{subject}:{duty.due_on}:{endpoint.pk}"
            rows.append((key[:200], endpoint, {"event": "duty_overdue", "duty": fields}))
    with transaction.atomic():
        return _write(organisation, rows)
