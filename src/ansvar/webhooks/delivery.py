"""Sending the deliveries, each at most once.

``send_due`` claims each due delivery with a conditional UPDATE (``pending`` → ``sending``),
so a worker and ``ansvar tick`` running at the same time never both send one; it then POSTs
the signed body (``signing``) with a short timeout and no redirect followed. A 2xx answer
makes it ``delivered``; any other answer, a timeout or a refused connection puts it back to
``pending`` with the next try after 1, 2, 4, ... times ``WEBHOOK_RETRY_SECONDS``, and after
``WEBHOOK_MAX_ATTEMPTS`` tries it is ``failed`` and shown on the administrator's page. One
left ``sending`` by a process that died is marked ``failed``, not sent again blindly (it may
have arrived): the administrator can send it again.

The body is put together when it is sent. A decision is sent as the log shows it: its
number, action, clauses, dates, role and hash, and its target and public facts unless the
log's read rule keeps them from an employee outside every circle. An endpoint that reads as
a person is also sent the personal payload when that person may read the entry today
(``people.selectors.read_entries``, the log page's own reader, which records the access
like a read on the page); never for an endpoint that reads as nobody.
"""

import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from ansvar.common.retry import backoff, enqueue_earliest
from ansvar.people.selectors import read_decisions, read_entries
from ansvar.webhooks import signing
from ansvar.webhooks.models import Delivery

logger = logging.getLogger(__name__)

# A delivery still ``sending`` after this long belongs to a process that died.
STALE_AFTER = timedelta(minutes=15)
LONGEST_WAIT = timedelta(hours=6)
USER_AGENT = "Ansvar-Webhooks/1"


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4, ... times the base."""
    return backoff(attempts, settings.WEBHOOK_RETRY_SECONDS, LONGEST_WAIT)


def entry_body(delivery: Delivery, now: datetime) -> dict[str, Any]:
    """The decision as the endpoint may see it today."""
    entry = delivery.entry
    assert entry is not None, "a decision's delivery names its entry"
    organisation = delivery.organisation
    reader = delivery.endpoint.reads_as
    at = timezone.localtime(now).date()
    if reader is not None:
        seen = read_entries(organisation, reader, [entry], at)[0]
        readable, personal = seen.readable, seen.personal
    else:
        readable = read_decisions(organisation, None, [entry], at)[0].allowed
        personal = None
    return {
        "seq": entry.seq,
        "recorded_at": entry.recorded_at.isoformat(),
        "effective_on": entry.effective_on.isoformat(),
        "action": entry.action,
        "target": entry.target if readable else None,
        "clauses": entry.clauses.split(",") if entry.clauses else [],
        "role": entry.actor_role,
        "public": entry.public if readable else {},
        "personal": personal if readable else None,
        "withheld": not readable,
        "hash": entry.hash,
    }


def body(delivery: Delivery, now: datetime) -> bytes:
    data: dict[str, Any] = {
        "id": delivery.key,
        "event": delivery.event,
        "organisation": delivery.organisation.slug,
    }
    if delivery.event == "decision":
        data["entry"] = entry_body(delivery, now)
    else:
        data["duty"] = delivery.duty
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other that is not 2xx: not followed."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(url: str, data: bytes, headers: dict[str, str]) -> int:
    """POST and return the status code; a non-2xx answer raises HTTPError."""
    request = urllib.request.Request(
        url, data=data, method="POST", headers={**headers, "User-Agent": USER_AGENT}
    )
    with _OPENER.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
        status = int(response.status)
        response.read(1024)
    return status


def _release_stale(now: datetime) -> int:
    return Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - STALE_AFTER
    ).update(
        status=Delivery.Status.FAILED,
        claimed_at=None,
        last_error=(
            "Avbröts medan den skickades; den kan ha kommit fram. / Interrupted while being "
            "sent; it may have arrived."
        ),
    )


def _claim(pk: int, now: datetime) -> bool:
    return (
        Delivery.objects.filter(pk=pk, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING,
            claimed_at=now,
            last_attempt_at=now,
            attempts=F("attempts") + 1,
        )
        == 1
    )


def _failed(
    delivery: Delivery, text: str, code: int | None, now: datetime, report: DeliveryReport
) -> None:
    attempts = delivery.attempts
    if attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        status, next_at = Delivery.Status.FAILED, now
        report.failed += 1
        logger.error("webhook %s failed after %d tries: %s", delivery.key, attempts, text)
    else:
        status, next_at = Delivery.Status.PENDING, now + retry_delay(attempts)
        report.retrying += 1
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=status,
        next_attempt_at=next_at,
        last_error=text[:2000],
        response_code=code,
        claimed_at=None,
    )


def send_one(delivery: Delivery, now: datetime, report: DeliveryReport) -> None:
    """Send a delivery this process has claimed."""
    endpoint = delivery.endpoint
    if not endpoint.active or endpoint.removed_at is not None:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.CANCELLED, claimed_at=None
        )
        report.cancelled += 1
        return
    try:
        data = body(delivery, now)
        stamp = int(time.time())  # when this try leaves, whatever ``now`` the caller gave
        code = post(endpoint.url, data, signing.headers(endpoint.secret, delivery.key, stamp, data))
    except urllib.error.HTTPError as exc:
        _failed(delivery, f"HTTP {exc.code} {exc.reason}", exc.code, now, report)
        return
    except Exception as exc:
        reason = getattr(exc, "reason", exc)
        _failed(delivery, f"{type(exc).__name__}: {reason}", None, now, report)
        return
    if not 200 <= code < 300:
        _failed(delivery, f"HTTP {code}", code, now, report)
        return
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.DELIVERED,
        delivered_at=now,
        claimed_at=None,
        last_error="",
        response_code=code,
    )
    report.delivered += 1


def send_due(*, now: datetime | None = None, limit: int = 500) -> DeliveryReport:
    """Send every delivery due by ``now`` (default: the clock), at most ``limit`` of them."""
    now = now or timezone.now()
    report = DeliveryReport()
    _release_stale(now)
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        if not _claim(pk, now):
            continue  # someone else is sending it
        delivery = Delivery.objects.select_related(
            "endpoint", "endpoint__reads_as", "organisation", "entry", "entry__payload"
        ).get(pk=pk)
        send_one(delivery, now, report)
    if report.retrying:
        _schedule_retry()
    return report


def _schedule_retry() -> None:
    """A delivery task for the earliest retry, for a worker to pick up when it is due."""
    from ansvar.webhooks.tasks import deliver

    enqueue_earliest(deliver, Delivery.objects.filter(status=Delivery.Status.PENDING), "webhook")
