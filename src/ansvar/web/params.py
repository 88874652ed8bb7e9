"""Text and dates from a page's query string, safe to compare in the database."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _


def query_text(request: HttpRequest, name: str) -> str:
    """The parameter ``name`` stripped, and without NUL characters: PostgreSQL cannot
    compare text holding one, so a stray ``%00`` would otherwise be a server error."""
    return request.GET.get(name, "").replace("\x00", "").strip()


def date_param(request: HttpRequest, name: str = "datum") -> tuple[date, str]:
    """``?datum=YYYY-MM-DD`` (today without it), or today and a message naming the field."""
    today = timezone.localdate()
    text = query_text(request, name)
    if not text:
        return today, ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return today, _(
            "%(field)s: ”%(text)s” är inget datum; skriv det som ÅÅÅÅ-MM-DD, till exempel "
            "%(today)s."
        ) % {"field": name, "text": text, "today": today.isoformat()}
