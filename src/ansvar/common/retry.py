"""Retrying an outbox (e-mail or webhooks): the wait after a failed try, and a task for the
earliest retry, which the worker picks up when it is due; without a worker, ``ansvar tick``
sends what is due."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet

logger = logging.getLogger(__name__)


def backoff(attempts: int, base_seconds: float, longest: timedelta) -> timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4, ... times the base, at most
    ``longest``."""
    base = timedelta(seconds=base_seconds)
    return min(base * (2 ** max(attempts - 1, 0)), longest)


def enqueue_earliest(task: Any, pending: QuerySet[Any], what: str) -> None:
    """Enqueue ``task`` to run at the earliest ``next_attempt_at`` of ``pending`` rows, when
    the task backend can defer; an enqueue that fails is logged, not raised."""
    from django.tasks import task_backends

    first: datetime | None = (
        pending.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    )
    if first is None or not task_backends[task.backend].supports_defer:
        return
    try:
        task.using(run_after=first).enqueue()
    except Exception:
        logger.exception("could not enqueue the %s retry; ansvar tick will retry", what)
