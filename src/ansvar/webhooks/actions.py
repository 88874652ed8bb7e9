"""The endpoints' actions, each through ``perform`` and logged (technical administration,
P7): register, change, remove, give a new secret. Who may is ``policy.rules.webhooks``.

The secret is made here (``secrets.token_urlsafe``) and returned to the caller once, as the
handler's result; it is no argument, so it never reaches the log entry, its personal
payload or a refusal record, and no page shows it again.

Sending a failed delivery again is no decision (nothing of the endpoint changes): the
administrator's page calls ``send_failed_again``.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import Organisation, Person
from ansvar.webhooks.checks import check_actions, check_events, check_url, logged_url, split
from ansvar.webhooks.models import Delivery, Endpoint

SECRET_BYTES = 32


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


@dataclass(frozen=True)
class WithSecret:
    """A handler's result when it made a secret: the endpoint and its secret, to be shown
    once."""

    endpoint: Endpoint
    secret: str


def _endpoint(organisation: Organisation, pk: int) -> Endpoint:
    found = Endpoint.objects.filter(organisation=organisation, pk=pk).first()
    if found is None:
        raise InvalidInput(f"there is no webhook endpoint {pk} in {organisation.name}", "endpoint")
    return found


def endpoint_details(
    organisation: Organisation, obj: Any, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """What the rule knows of the endpoint an action names: removed or not, whom it reads as."""
    endpoint = _endpoint(organisation, args["endpoint"])
    reads_as = (
        Person.objects.filter(pk=endpoint.reads_as_id).values_list("email", flat=True).first()
        if endpoint.reads_as_id
        else None
    )
    return {
        "endpoint": endpoint.pk,
        "removed": endpoint.removed_at is not None,
        "reads_as": reads_as or "",
    }


def _public(endpoint: Endpoint) -> dict[str, Any]:
    """What the log says of an endpoint for everyone: its number, what it is sent and
    whether it reads as someone (by id). Its address is in the personal payload with the
    arguments; its secret nowhere."""
    return {
        "endpoint": endpoint.pk,
        "events": list(endpoint.events),
        "actions": list(endpoint.actions),
        "reads_as": endpoint.reads_as_id,
        "active": endpoint.active,
    }


URL = Arg("url", check=check_url, sensitive=True, logged=logged_url)
EVENTS_ARG = Arg("events", required=False, default="decision", check=check_events)
ACTIONS_ARG = Arg("actions", required=False, default="", check=check_actions)
READS_AS = Arg("reads_as", "person", required=False)
ENDPOINT = Arg("endpoint", "int")


@action("register_webhook", args=(URL, EVENTS_ARG, ACTIONS_ARG, READS_AS))
def do_register_webhook(
    ctx: Context, org: Organisation, *, url: str, events: str, actions: str, reads_as: Person | None
) -> Outcome:
    now = timezone.now()
    endpoint = Endpoint.objects.create(
        organisation=ctx.organisation,
        url=url,
        events=split(events),
        actions=split(actions),
        reads_as=reads_as,
        secret=new_secret(),
        created_at=now,
        created_by=ctx.actor,
        secret_made_at=now,
    )
    return Outcome(WithSecret(endpoint, endpoint.secret), public=_public(endpoint))


@action(
    "change_webhook",
    args=(
        ENDPOINT,
        URL,
        EVENTS_ARG,
        ACTIONS_ARG,
        READS_AS,
        Arg("active", "bool", required=False, default=True),
    ),
    details=endpoint_details,
)
def do_change_webhook(
    ctx: Context,
    org: Organisation,
    *,
    endpoint: int,
    url: str,
    events: str,
    actions: str,
    reads_as: Person | None,
    active: bool,
) -> Outcome:
    row = _endpoint(ctx.organisation, endpoint)
    row.url = url
    row.events = split(events)
    row.actions = split(actions)
    row.reads_as = reads_as
    row.active = active
    row.save(update_fields=["url", "events", "actions", "reads_as", "active"])
    if not active:
        _cancel_pending(row)
    return Outcome(row, public=_public(row))


@action("remove_webhook", args=(ENDPOINT,), details=endpoint_details)
def do_remove_webhook(ctx: Context, org: Organisation, *, endpoint: int) -> Outcome:
    row = _endpoint(ctx.organisation, endpoint)
    row.removed_at = timezone.now()
    row.active = False
    row.save(update_fields=["removed_at", "active"])
    cancelled = _cancel_pending(row)
    return Outcome(row, public={**_public(row), "removed": True, "cancelled": cancelled})


@action("rotate_webhook_secret", args=(ENDPOINT,), details=endpoint_details)
def do_rotate_webhook_secret(ctx: Context, org: Organisation, *, endpoint: int) -> Outcome:
    row = _endpoint(ctx.organisation, endpoint)
    row.secret = new_secret()
    row.secret_made_at = timezone.now()
    row.save(update_fields=["secret", "secret_made_at"])
    return Outcome(WithSecret(row, row.secret), public={"endpoint": row.pk, "new_secret": True})


def _cancel_pending(endpoint: Endpoint) -> int:
    """What an endpoint switched off or removed was still to be sent, is not."""
    return Delivery.objects.filter(
        endpoint=endpoint, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]
    ).update(status=Delivery.Status.CANCELLED, claimed_at=None)


def send_failed_again(delivery: Delivery) -> bool:
    """The administrator's choice: try a failed delivery again from the start, and wake the
    worker. False when it had not failed or its endpoint no longer takes deliveries."""
    from ansvar.webhooks.record import enqueue_delivery

    with transaction.atomic():
        again = (
            Delivery.objects.filter(
                pk=delivery.pk,
                status=Delivery.Status.FAILED,
                endpoint__active=True,
                endpoint__removed_at__isnull=True,
            ).update(
                status=Delivery.Status.PENDING,
                attempts=0,
                next_attempt_at=timezone.now(),
                claimed_at=None,
            )
            == 1
        )
        if again:
            transaction.on_commit(enqueue_delivery)
    return again
