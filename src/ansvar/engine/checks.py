"""Checks of an argument's shape beyond its kind, for ``Arg(check=...)``: each takes the parsed
value and returns what is wrong with it (in English, after the field's name), or None."""

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify

Check = Callable[[Any], str | None]

SLUG_MAX = 60


def at_most(limit: int) -> Check:
    def check(value: Any) -> str | None:
        return f"is longer than {limit} characters" if len(str(value)) > limit else None

    return check


def slug(value: Any) -> str | None:
    text = str(value)
    if slugify(text) != text or len(text) > SLUG_MAX:
        return f"{text!r} is not a slug (lower-case letters, digits, -; at most {SLUG_MAX})"
    return None


def email_address(value: Any) -> str | None:
    try:
        validate_email(str(value))
    except ValidationError:
        return f"{value!r} is not an e-mail address"
    return None


def between(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        return None if low <= int(value) <= high else f"is {low} to {high}, not {value}"

    return check


def positive_amount(limit: Decimal) -> Check:
    def check(value: Any) -> str | None:
        if value <= 0:
            return "is a positive amount"
        return "is too large" if value >= limit else None

    return check


def not_negative(value: Any) -> str | None:
    return "cannot be negative" if value < 0 else None


def below(limit: Decimal, *, negative: bool = True) -> Check:
    """An amount whose size fits its column: under ``limit`` either way (or not negative)."""

    def check(value: Any) -> str | None:
        if not negative and value < 0:
            return "cannot be negative"
        return "is too large" if abs(value) >= limit else None

    return check


MONTH = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def month(value: Any) -> str | None:
    """YYYY-MM (or a day of that month)."""
    text = str(value).strip()
    try:
        if MONTH.match(text):
            date.fromisoformat(text if len(text) > 7 else f"{text}-01")
            return None
    except ValueError:
        pass
    return f"{value!r} is not a month (YYYY-MM)"
