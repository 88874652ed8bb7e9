"""The GDPR erasure's part in notifications and e-mail (art. 17).

``people.actions.erasure`` erases the log's personal payloads about a person; this empties
the texts Ansvar wrote to or about them: the in-app ``Notification`` and the
``OutboxMessage`` (its body in both languages, a digest's lines, a delivery error that may
quote the address, a target that names them by address). The rows stay, with their kind,
dates and status, so what was told and sent can still be counted. A message is about the
person when it is addressed to them, names them (their name or e-mail address in its text),
or tells of a decision whose log entry is about them (``decision:<entry>:...``); the
notification recorded with such a message (same recipient, kind, target, day and text) is
emptied with it.

It runs inside the erasure's own transaction: ``notify.apps`` registers it with
``register_eraser`` when Django starts.
"""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q

from ansvar.clients.models import Notification
from ansvar.notify.models import OutboxMessage
from ansvar.org.models import Organisation, Person

# How many entry ids go into one query's OR of key prefixes.
CHUNK = 200


def _naming(person: Person) -> Q:
    q = Q()
    for word in (person.name.strip(), person.email.strip()):
        if word:
            q |= Q(text_sv__icontains=word) | Q(text_en__icontains=word)
    return q


def _names(line: Any, words: list[str]) -> bool:
    if not isinstance(line, dict):
        return False
    text = f"{line.get('subject', '')} {line.get('sv', '')} {line.get('en', '')}".lower()
    return any(w in text for w in words)


def _blank(line: Any, email: str) -> Any:
    """A digest line without its words; a target naming the address loses it too (the line
    then matches no open duty and is left out if the digest is still to be sent)."""
    if not isinstance(line, dict):
        return line
    subject = line.get("subject", "")
    if email and isinstance(subject, str) and email in subject.lower():
        subject = ""
    return {**line, "subject": subject, "sv": "", "en": ""}


def _about_entries(organisation: Organisation, entry_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(entry_ids), CHUNK):
        prefixes = [Q(key__startswith=f"decision:{pk}:") for pk in entry_ids[start : start + CHUNK]]
        rows = OutboxMessage.objects.filter(reduce(or_, prefixes), organisation=organisation)
        found.update(rows.values_list("pk", flat=True))
    return found


def _has_text() -> Q:
    return ~Q(text_sv="") | ~Q(text_en="")


def erase_messages(
    organisation: Organisation, person: Person, entry_ids: list[int]
) -> dict[str, int]:
    """Empty the texts of the notifications and e-mail to or about ``person``; the numbers
    of rows emptied (rows already empty are not counted again)."""
    email = person.email.strip().lower()
    words = [w.lower() for w in (person.name.strip(), email) if w]
    outbox = OutboxMessage.objects.filter(organisation=organisation)
    chosen = set(outbox.filter(Q(person=person) | _naming(person)).values_list("pk", flat=True))
    chosen |= _about_entries(organisation, entry_ids)
    lines: dict[int, list[Any]] = {}
    for pk, recipient, kept in outbox.exclude(lines=[]).values_list("pk", "person_id", "lines"):
        if recipient == person.pk or pk in chosen or any(_names(x, words) for x in kept):
            blanked = [_blank(x, email) for x in kept]
            if blanked != kept:
                lines[pk] = blanked
    # The notification recorded with each message to someone else (record._record writes
    # both from the same Message); the person's own are all emptied first.
    notifications = Notification.objects.filter(organisation=organisation).filter(_has_text())
    notes = notifications.filter(Q(person=person) | _naming(person)).update(text_sv="", text_en="")
    told = outbox.filter(pk__in=chosen).exclude(person=person).filter(_has_text())
    pairs = [
        Q(person_id=recipient, kind=kind, subject=subject, created_on=on, text_sv=sv, text_en=en)
        for recipient, kind, subject, on, sv, en in told.values_list(
            "person_id", "kind", "subject", "on", "text_sv", "text_en"
        ).order_by("pk")
    ]
    for start in range(0, len(pairs), CHUNK):
        notes += notifications.filter(reduce(or_, pairs[start : start + CHUNK])).update(
            text_sv="", text_en=""
        )
    emptied = set(outbox.filter(pk__in=chosen).filter(_has_text()).values_list("pk", flat=True))
    outbox.filter(pk__in=emptied).update(text_sv="", text_en="")
    # A target naming them by address (``person:<e-mail>``) is emptied in both tables.
    if email:
        for model in (Notification, OutboxMessage):
            model._default_manager.filter(
                organisation=organisation, subject__icontains=email
            ).update(subject="")
    # A delivery error may quote the recipient's address.
    outbox.filter(person=person).exclude(last_error="").update(last_error="")
    for pk, blanked in lines.items():
        outbox.filter(pk=pk).update(lines=blanked)
    return {"notifications_emptied": notes, "mails_emptied": len(emptied | set(lines))}
