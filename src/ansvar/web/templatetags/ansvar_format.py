"""Template filters for numbers, amounts and dates in the page's language (``formatting``)."""

from datetime import date
from decimal import Decimal

from django import template

from ansvar.web import formatting

register = template.Library()


@register.filter
def tal(value: int | float | Decimal | str | None) -> str:
    """``{{ 51000|tal }}`` → "51 000" (Swedish) or "51,000" (English)."""
    return "" if value is None or value == "" else formatting.number(value)


@register.filter
def kr(value: int | float | Decimal | str | None) -> str:
    """``{{ 51000|kr }}`` → "51 000 kr" (Swedish) or "SEK 51,000" (English)."""
    return "" if value is None or value == "" else formatting.kronor(value)


@register.filter
def procent(value: float | Decimal | None) -> str:
    """A share 0..1: ``{{ 0.75|procent }}`` → "75 %"."""
    return formatting.percent(value)


@register.filter
def langt_datum(value: date | None) -> str:
    """``{{ day|langt_datum }}`` → "1 december 2026" (Swedish) or "1 December 2026"."""
    return "" if value is None else formatting.long_date(value)


@register.filter
def manad(value: date | str | None) -> str:
    """``{{ month_start|manad }}`` or ``{{ "2026-12"|manad }}`` → "december 2026"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(f"{value[:7]}-01")
    return formatting.month_name(value)
