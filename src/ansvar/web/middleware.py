"""The language of a page (Swedish unless the person chose English with the switch), and the
door a request's decisions come through."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from ansvar.engine import door


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


class DoorMiddleware:
    """Decisions made while answering a request come through the API under ``/api/`` and
    through the web everywhere else; the log entry says which (``engine.door``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        through = door.API if request.path_info.startswith("/api/") else door.WEB
        with door.entered(through):
            return self.get_response(request)
