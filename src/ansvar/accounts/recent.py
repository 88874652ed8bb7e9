"""When a session last proved its password: at log-in, or on the page that asks for it
again (``/konto/bekrafta/``). Making or revoking an API token needs such proof from within
``ANSVAR_REAUTH_MINUTES``: a session left open on someone else's screen is not enough. A
log-in also starts the clock of the idle timeout (``LAST_SEEN``)."""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

AUTHENTICATED_AT = "ansvar_authenticated_at"
# The time of the session's latest request (web.middleware.IdleSessionMiddleware).
LAST_SEEN = "ansvar_last_seen"


def mark_authenticated(request: HttpRequest) -> None:
    request.session[AUTHENTICATED_AT] = time.time()


def authenticated_recently(request: HttpRequest) -> bool:
    at = request.session.get(AUTHENTICATED_AT)
    return at is not None and time.time() - at <= settings.ANSVAR_REAUTH_MINUTES * 60


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, **_: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_authenticated(request)
        request.session[LAST_SEEN] = request.session[AUTHENTICATED_AT]
