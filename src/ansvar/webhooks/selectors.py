"""Reads of the endpoints and their deliveries, for the administrator's page and the CLI.
Neither ever returns an endpoint's secret: it is shown once, by the action that makes it."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from ansvar.org.models import Organisation
from ansvar.webhooks.models import Delivery, Endpoint


def endpoints(organisation: Organisation) -> QuerySet[Endpoint]:
    """The organisation's endpoints not removed, with their deliveries counted by state."""
    counted = {
        status: Count("deliveries", filter=Q(deliveries__status=status))
        for status in Delivery.Status.values
    }
    return (
        Endpoint.objects.filter(organisation=organisation, removed_at__isnull=True)
        .select_related("reads_as")
        .defer("secret")
        .annotate(**{f"n_{s}": c for s, c in counted.items()})
        .order_by("pk")
    )


def endpoint(organisation: Organisation, pk: int) -> Endpoint | None:
    """One endpoint of the organisation (removed ones too, for their history); None for
    another organisation's or an unknown one."""
    return (
        Endpoint.objects.filter(organisation=organisation, pk=pk)
        .select_related("reads_as")
        .defer("secret")
        .first()
    )


def deliveries(organisation: Organisation, endpoint_id: int | None = None) -> QuerySet[Delivery]:
    """Newest first."""
    rows = Delivery.objects.filter(organisation=organisation)
    if endpoint_id is not None:
        rows = rows.filter(endpoint_id=endpoint_id)
    return rows.select_related("entry").order_by("-created_at", "-pk")


def delivery_row(d: Delivery) -> dict[str, Any]:
    """One delivery as the CLI prints it in JSON."""
    return {
        "id": d.pk,
        "key": d.key,
        "endpoint": d.endpoint_id,
        "event": d.event,
        "entry": d.entry.seq if d.entry is not None else None,
        "duty": d.duty or None,
        "status": d.status,
        "attempts": d.attempts,
        "response_code": d.response_code,
        "last_error": d.last_error,
        "created_at": d.created_at,
        "last_attempt_at": d.last_attempt_at,
        "next_attempt_at": d.next_attempt_at if d.status == Delivery.Status.PENDING else None,
        "delivered_at": d.delivered_at,
    }


def endpoint_row(e: Endpoint) -> dict[str, Any]:
    return {
        "id": e.pk,
        "url": e.url,
        "events": e.events,
        "actions": e.actions,
        "reads_as": e.reads_as.email if e.reads_as is not None else None,
        "active": e.active,
        "created_at": e.created_at,
        "secret_made_at": e.secret_made_at,
        "deliveries": {s: getattr(e, f"n_{s}", None) for s in Delivery.Status.values},
    }
