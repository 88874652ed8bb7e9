"""Log-in throttling with django-axes (settings: ``AXES_*``, README.md "Security").

After ``AXES_FAILURE_LIMIT`` failed log-ins for one account, or from one address, within the
cool-off time, that account or address is refused until the cool-off has passed: the log-in
page says so (``web.views_accounts.locked_out``). Axes records every failure and lockout in
its tables; the lockout is also a warning in the server's log. The API's tokens are no
password log-in and are not counted here.
"""

import logging
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest

logger = logging.getLogger("ansvar.accounts")


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a log-in names, as the log-in backend reads it: trimmed, in lower case
    (``Petra@Example.se `` and ``petra@example.se`` are one account to count failures of)."""
    source: Any = credentials if credentials else request.POST
    name = source.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
    return name.strip().lower() if isinstance(name, str) else None


def client_address(request: HttpRequest) -> str | None:
    """The address a log-in comes from. Behind the TLS proxy (production) every request
    comes from the proxy, so the address is the last one in X-Forwarded-For, the one the
    proxy itself added (earlier ones are whatever the client sent)."""
    if settings.ANSVAR_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


@receiver(user_locked_out)
def _log_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **_: Any
) -> None:
    logger.warning(
        "log-in locked out for %s minutes after %s failures: account %r, address %s",
        int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        settings.AXES_FAILURE_LIMIT,
        username,
        ip_address,
    )
