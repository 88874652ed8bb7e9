"""A person's dates as an iCalendar feed: their duties (talks due, follow-ups, veto decisions,
answers, rotations) and their own employment dates (probation end, the last day to be told,
the last day after notice), as all-day events in Europe/Stockholm.

The feed lives at a secret address (``/kalender/<token>.ics``); a new address revokes the
old one, and ``revoke`` ends it. Only the token's hash is stored.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from ansvar.common.tokens import digest, new_token
from ansvar.duties.registry import Duty, duties
from ansvar.exports.models import CalendarFeed
from ansvar.org.models import Employment, Person

TIMEZONE = "Europe/Stockholm"


def create_feed(person: Person) -> str:
    """A new secret token for ``person``'s feed (shown once); the previous one stops working."""
    token = new_token()
    now = timezone.now()
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=now)
    CalendarFeed.objects.create(person=person, token_hash=digest(token), created_at=now)
    return token


def revoke_feed(person: Person) -> int:
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def feed_path(token: str) -> str:
    return reverse("calendar-feed", args=[token])


def feed_url(token: str) -> str:
    """The feed's address outside a request (the CLI): under ``ANSVAR_BASE_URL``."""
    return settings.ANSVAR_BASE_URL.rstrip("/") + feed_path(token)


def feed_owner(token: str) -> Person | None:
    """The person whose open feed this token is, noting the read; None for anything else."""
    feed = (
        CalendarFeed.objects.filter(token_hash=digest(token), revoked_at__isnull=True)
        .select_related("person__organisation")
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.person


def has_feed(person: Person) -> bool:
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).exists()


@dataclass(frozen=True)
class Day:
    """One all-day event of the feed."""

    uid: str
    on: date
    summary: str
    description: str = ""


def _duty_day(duty: Duty, language: str) -> Day:
    title = duty.title_en if language == "en" else duty.title_sv
    key = f"duty:{duty.kind}:{duty.subject}:{duty.due_on.isoformat()}"
    return Day(key, duty.due_on, title, f"{duty.clause} — {duty.subject}".strip(" —"))


def _own_days(person: Person, at: date, language: str) -> list[Day]:
    """The person's own employment dates that are still to come."""
    en = language == "en"
    days: list[Day] = []
    employment = (
        Employment.objects.filter(person=person).filter(last_day__isnull=True).first()
        or Employment.objects.filter(person=person, last_day__gte=at).order_by("-starts_on").first()
    )
    if employment is None:
        return days
    if employment.probation_until is not None and employment.probation_until >= at:
        days.append(
            Day(
                f"probation_end:{employment.pk}",
                employment.probation_until,
                "Probation becomes permanent (LAS 6 §)"
                if en
                else "Provanställningen blir tillsvidare (LAS 6 §)",
            )
        )
    if employment.last_day is not None and employment.last_day >= at:
        days.append(
            Day(
                f"last_day:{employment.pk}",
                employment.last_day,
                "Last day of employment" if en else "Sista anställningsdagen",
            )
        )
    return days


def days_of(person: Person, at: date, language: str = "sv") -> list[Day]:
    """Everything the feed holds: the person's duties on ``at`` and their own dates."""
    found = [_duty_day(d, language) for d in duties(person.organisation, at, person=person)]
    return found + _own_days(person, at, language)


def ical(person: Person, at: date, language: str = "sv") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Ansvar//kalender//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Ansvar – {person.name}")
    calendar.add("x-wr-timezone", TIMEZONE)
    stamp = timezone.now()
    domain = f"{person.organisation.slug}.ansvar"
    for day in days_of(person, at, language):
        event = Event()
        event.add("uid", f"{hashlib.sha256(day.uid.encode()).hexdigest()[:32]}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day.on)
        event.add("dtend", day.on + timedelta(days=1))
        event.add("summary", day.summary)
        if day.description:
            event.add("description", day.description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
