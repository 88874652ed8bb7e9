"""Text from a page's query string, safe to compare in the database."""

from django.http import HttpRequest


def query_text(request: HttpRequest, name: str) -> str:
    """The parameter ``name`` stripped, and without NUL characters: PostgreSQL cannot
    compare text holding one, so a stray ``%00`` would otherwise be a server error."""
    return request.GET.get(name, "").replace("\x00", "").strip()
