"""Numbers, amounts and dates as the reader's language writes them.

Swedish groups thousands with a non-breaking space and writes decimals with a comma
(51 000 kr, 0,75), dates as "1 december 2026"; English groups with a comma and writes
"1 December 2026". The language is the page's (Django's active language) unless given.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

NBSP = "\u00a0"
MINUS = "\u2212"

MONTHS = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
SHORT_MONTHS = {
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def language(lang: str | None = None) -> str:
    """``sv`` or ``en``: the one given, else the page's; Swedish for anything else."""
    code = (lang or get_language() or "sv").split("-")[0].lower()
    return "en" if code == "en" else "sv"


def number(value: int | float | Decimal | str, decimals: int = 0, lang: str | None = None) -> str:
    """``51000`` → "51 000" (Swedish, a non-breaking space) or "51,000" (English); with
    ``decimals``, rounded half up: "0,75" / "0.75". A negative number gets a minus sign."""
    amount = Decimal(str(value))
    step = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(step, rounding=ROUND_HALF_UP)
    negative = amount < 0
    whole, _, fraction = f"{abs(amount):.{decimals}f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    swedish = language(lang) == "sv"
    text = (NBSP if swedish else ",").join(groups)
    if fraction:
        text += ("," if swedish else ".") + fraction
    if negative and amount != 0:
        text = (MINUS if swedish else "-") + text
    return text


def kronor(value: int | float | Decimal | str, lang: str | None = None, decimals: int = 0) -> str:
    """An amount in kronor, whole unless ``decimals``: "51 000 kr" (Swedish) or
    "SEK 51,000" (English)."""
    text = number(value, decimals, lang)
    return f"{text}{NBSP}kr" if language(lang) == "sv" else f"SEK{NBSP}{text}"


def percent(share: float | Decimal | None, decimals: int = 0, lang: str | None = None) -> str:
    """A share 0..1 as a percentage: "75 %" (Swedish, a space before the sign) or "75%"."""
    if share is None:
        return "–"
    text = number(Decimal(str(share)) * 100, decimals, lang)
    return f"{text}{NBSP}%" if language(lang) == "sv" else f"{text}%"


def long_date(day: date, lang: str | None = None) -> str:
    """ "1 december 2026" (Swedish) or "1 December 2026" (English)."""
    return f"{day.day} {MONTHS[language(lang)][day.month - 1]} {day.year}"


def month_name(day: date, lang: str | None = None, *, short: bool = False) -> str:
    """The month of ``day`` with its year: "december 2026", or "dec 2026" when short."""
    names = SHORT_MONTHS if short else MONTHS
    return f"{names[language(lang)][day.month - 1]} {day.year}"
