"""A person's own data (GDPR Art. 15): every row about them, the decisions about them with
their clauses, and the access log — who read their salary or talk notes, and when.

A row is *about* a person when the person is its subject (``SUBJECT``): the employee of an
employment, the assignee of a work item, the one who asked for coaching. A row where the
person only acted on someone else (``ACTED``: the manager who held a talk, the CEO who
decided a rotation) is about that other person and stays out, so one person's export never
carries another's salary or talk notes. Other people appear by name only, as the ones who
decided or read; never with their e-mail address.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from ansvar.decisions import log
from ansvar.decisions.access import record_access
from ansvar.decisions.models import AccessRecord, Entry
from ansvar.org.models import Person
from ansvar.people.subjects import SUBJECT

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

HIDDEN_FIELDS = {"token_hash", "organisation", "salt", "user", "args"}


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: models.Model, subject_field: str) -> dict[str, Any]:
    row: dict[str, Any] = {"id": obj.pk}
    for f in obj._meta.concrete_fields:
        if f.name in HIDDEN_FIELDS or f.name == subject_field or f.primary_key:
            continue
        if isinstance(f, models.ForeignKey):
            related = getattr(obj, f.name)
            if related is None:
                row[f.name] = None
            elif isinstance(related, Person):
                row[f.name] = related.name  # another person: by name only
            else:
                row[f.name] = str(getattr(related, "slug", None) or related)
            continue
        row[f.name] = _value(getattr(obj, f.attname))
    return row


def _decisions(person: Person) -> list[dict[str, Any]]:
    """The log's entries about the person, with their clauses and the personal payload."""
    ids = log.entries_about(person.organisation, person.pk, person.email)
    entries = Entry.objects.filter(pk__in=ids).select_related("payload").order_by("seq")
    out = []
    for e in entries:
        payload = getattr(e, "payload", None)
        out.append(
            {
                "seq": e.seq,
                "effective_on": e.effective_on.isoformat(),
                "action": e.action,
                "target": e.target,
                "clauses": e.clauses.split(",") if e.clauses else [],
                "role": e.actor_role,
                "public": e.public,
                "personal": payload.data if payload is not None else None,
                "erased": payload is not None and payload.erased_at is not None,
            }
        )
    return out


def access_log(person: Person) -> list[dict[str, Any]]:
    """Who read the person's salary, talk notes or whole data, when and for what."""
    rows = (
        AccessRecord.objects.filter(subject=person)
        .select_related("viewer")
        .order_by("-recorded_at")
    )
    return [
        {
            "when": r.recorded_at.isoformat(),
            "who": r.viewer.name if r.viewer else "",
            "what": r.what,
            "purpose": r.purpose,
        }
        for r in rows
    ]


def _own_moves(value: Any, email: str) -> Any:
    """A rotation's moves, cut to the person's own: the others' moves are about them."""
    if isinstance(value, dict):
        return {
            k: (
                [m for m in v if isinstance(m, dict) and str(m.get("person", "")).lower() == email]
                if k == "moves" and isinstance(v, list)
                else _own_moves(v, email)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_own_moves(v, email) for v in value]
    return value


def _by_name(value: Any, names: dict[str, str]) -> Any:
    """Every other person's e-mail address replaced by their name."""
    if isinstance(value, str):
        if "@" not in value:
            return value
        return EMAIL.sub(lambda m: names.get(m.group(0).lower(), m.group(0)), value)
    if isinstance(value, dict):
        return {k: _by_name(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_by_name(v, names) for v in value]
    return value


def personal_data(person: Person, *, reader: Person | None = None) -> dict[str, Any]:
    """Everything held about ``person``; the read itself is recorded in the access log."""
    record_access(
        person.organisation, reader or person, person, "personal_data", "gdpr_art15_export"
    )
    tables: dict[str, list[dict[str, Any]]] = {}
    for label, field_name in SUBJECT.items():
        model = apps.get_model(label)
        rows = model._default_manager.filter(**{field_name: person}).order_by("pk")
        tables[label] = [_row(obj, field_name) for obj in rows]
    data = {
        "format": "ansvar-personal-data/1",
        "made_at": timezone.now().isoformat(),
        "organisation": person.organisation.name,
        "person": {
            "email": person.email,
            "name": person.name,
            "title": person.title,
            "language": person.language,
        },
        "purpose_sv": (
            "Ansvar håller uppgifterna för att fördela beslut och ansvar enligt företagets "
            "chefspolicy och för att följa arbetsrätten; lön och samtal för lönesättning och "
            "utveckling."
        ),
        "purpose_en": (
            "Ansvar holds the data to assign decisions and responsibilities under the "
            "company's management policy and to follow employment law; salary and talks for "
            "salary setting and development."
        ),
        "tables": tables,
        "decisions": _own_moves(_decisions(person), person.email),
        "access_log": access_log(person),
    }
    others = dict(
        Person.objects.filter(organisation=person.organisation)
        .exclude(pk=person.pk)
        .values_list("email", "name")
    )
    return _by_name(data, others)
