"""The language of a page (Swedish unless the person chose English with the switch), the
Permissions-Policy header, the end of an idle session, and the door a request's decisions
come through (and a decision that met a concurrent one answered as such)."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from ansvar.accounts.recent import LAST_SEEN
from ansvar.engine import door
from ansvar.engine.errors import Conflict


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but only the language cookie set by ``set_language``
    counts, not the browser's Accept-Language: Ansvar is Swedish first, so an English
    browser still gets Swedish until its user picks English."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or ""
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """Every response says which browser features no page of Ansvar uses (camera,
    microphone, position, payment: ``ANSVAR_PERMISSIONS_POLICY``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.ANSVAR_PERMISSIONS_POLICY)
        return response


# The time of the last request is written at most this often (not on every request).
SEEN_WRITE_SECONDS = 60


class IdleSessionMiddleware:
    """A session unused for more than ``ANSVAR_SESSION_IDLE_MINUTES`` ends: the next request
    is logged out and, like any page without a log-in, sent to the log-in page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            seen = request.session.get(LAST_SEEN)
            if seen is not None and now - seen > settings.ANSVAR_SESSION_IDLE_MINUTES * 60:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen > SEEN_WRITE_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class DoorMiddleware:
    """Decisions made while answering a request come through the API under ``/api/`` and
    through the web everywhere else; the log entry says which (``engine.door``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        through = door.API if request.path_info.startswith("/api/") else door.WEB
        with door.entered(through):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A page whose decision met a concurrent one (``Conflict``) and did not answer it
        itself: 409 and what to do, never a server error."""
        if not isinstance(exception, Conflict):
            return None
        from ansvar.web.actions import conflict_text

        text = conflict_text(exception)
        return render(request, "ansvar/conflict.html", {"text": text}, status=409)
