"""The facts a scenario case may check after its action (``then:``), one registered check each.

A check has two parts: ``validate(value)`` looks at the YAML value before anything runs and
returns a problem or ""; ``run(organisation, at, value)`` returns the failures it finds.
Adding a kind of fact is registering one more check here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ansvar.org.models import Organisation

Validate = Callable[[Any], str]
Run = Callable[[Organisation, date, Any], list[str]]


@dataclass(frozen=True)
class Check:
    name: str
    validate: Validate
    run: Run


CHECKS: dict[str, Check] = {}


def check(name: str, validate: Validate) -> Callable[[Run], Run]:
    def register(fn: Run) -> Run:
        CHECKS[name] = Check(name, validate, fn)
        return fn

    return register


def _mapping_of_text(value: Any) -> str:
    if not isinstance(value, dict) or not value:
        return "must be a non-empty mapping"
    for key, item in value.items():
        if not isinstance(key, str) or not (item is None or isinstance(item, str)):
            return f"{key!r}: must map text to an e-mail address (or null for nobody)"
    return ""


@check("who_decides", _mapping_of_text)
def who_decides_is(organisation: Organisation, at: date, value: Any) -> list[str]:
    """``{target: email}``: the single decision maker for the target on the case's date."""
    from ansvar.engine.targets import parse_target
    from ansvar.org.responsibility import who_decides

    failures = []
    for target, expected in value.items():
        answers = who_decides(organisation, parse_target(target), at)
        holder = answers[0].holder if answers else None
        actual = holder.email if holder else None
        want = expected.lower() if expected else None
        if actual != want:
            failures.append(
                f"who_decides {target}: expected {want or 'nobody'}, got {actual or 'nobody'}"
            )
    return failures


_DUTY_COUNTS = ("overdue", "due", "open", "total")


def _duty_spec(value: Any) -> str:
    if not isinstance(value, dict) or not value:
        return "must map e-mail addresses to lists of {clause, overdue}"
    for email, items in value.items():
        if not isinstance(items, list):
            return f"{email}: must be a list of {{clause, overdue}}"
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("clause"), str):
                return f"{email}: each item needs a clause"
            unknown = set(item) - {"clause", *_DUTY_COUNTS}
            if unknown:
                return f"{email}: unknown field {sorted(unknown)[0]!r}"
            for key in _DUTY_COUNTS:
                if key in item and not (isinstance(item[key], int) and item[key] >= 0):
                    return f"{email}: {key} must be a whole number"
            if not set(item) & set(_DUTY_COUNTS):
                return f"{email}: say how many duties (overdue, due, open or total)"
    return ""


@check("duties", _duty_spec)
def duties_are(organisation: Organisation, at: date, value: Any) -> list[str]:
    """``{email: [{clause: X, overdue: N}]}``: count that person's duties with that clause."""
    from ansvar.duties.registry import duties
    from ansvar.org.models import Person

    failures = []
    for email, items in value.items():
        person = Person.objects.filter(organisation=organisation, email=email.lower()).first()
        if person is None:
            failures.append(f"duties: there is no person {email}")
            continue
        found = duties(organisation, at, person=person)
        for item in items:
            mine = [d for d in found if d.clause == item["clause"]]
            counts = {
                "overdue": sum(d.status(at) == "overdue" for d in mine),
                "due": sum(d.status(at) == "due" for d in mine),
                "open": sum(d.status(at) == "open" for d in mine),
                "total": len(mine),
            }
            for key in _DUTY_COUNTS:
                if key in item and counts[key] != item[key]:
                    failures.append(
                        f"duties {email} {item['clause']}: expected {key} {item[key]}, "
                        f"got {counts[key]}"
                    )
    return failures


def _parameters_spec(value: Any) -> str:
    if not isinstance(value, dict) or not value:
        return "must map parameter names to values"
    return ""


@check("parameters", _parameters_spec)
def parameters_are(organisation: Organisation, at: date, value: Any) -> list[str]:
    """``{name: value}``: the organisation's effective policy parameters."""
    organisation.refresh_from_db()
    current = organisation.policy
    failures = []
    for name, expected in value.items():
        if name not in current:
            failures.append(f"parameters: unknown parameter {name!r}")
        elif current[name] != expected:
            failures.append(f"parameters {name}: expected {expected!r}, got {current[name]!r}")
    return failures


def _work_group_spec(value: Any) -> str:
    if not isinstance(value, dict) or not value:
        return "must map client targets to {email: role or null}"
    for target, members in value.items():
        if not str(target).startswith("client:") or not isinstance(members, dict):
            return f"{target}: must be client:<slug> mapped to {{email: role or null}}"
    return ""


@check("work_group", _work_group_spec)
def work_group_is(organisation: Organisation, at: date, value: Any) -> list[str]:
    """``{client:slug: {email: role}}``; a null role means not in the group."""
    from ansvar.org.models import Client
    from ansvar.org.selectors import work_group_on

    failures = []
    for target, members in value.items():
        client = Client.objects.filter(organisation=organisation, slug=target[7:]).first()
        if client is None:
            failures.append(f"work_group: there is no {target}")
            continue
        actual = {m.person.email: m.role for m in work_group_on(client, at)}
        for email, role in members.items():
            got = actual.get(email.lower())
            if got != role:
                failures.append(
                    f"work_group {target} {email}: expected {role or 'not a member'}, "
                    f"got {got or 'not a member'}"
                )
    return failures


_TEXT_STATES = ("kept", "erased")


def _texts_spec(value: Any) -> str:
    if not isinstance(value, dict) or not value:
        return "must map e-mail addresses to kept or erased"
    for email, state in value.items():
        if state not in _TEXT_STATES:
            return f"{email}: must be kept or erased, not {state!r}"
    return ""


def _texts_are(
    organisation: Organisation, value: Any, label: str, texts: Callable[[Any], list[bool]]
) -> list[str]:
    """``{email: kept|erased}`` over ``texts(person)``, one flag per row: has it its text.
    ``kept``: some row still has it; ``erased``: the person has rows and none has."""
    from ansvar.org.models import Person

    failures = []
    for email, state in value.items():
        person = Person.objects.filter(organisation=organisation, email=email.lower()).first()
        if person is None:
            failures.append(f"{label}: there is no person {email}")
            continue
        flags = texts(person)
        if not flags:
            failures.append(f"{label} {email}: expected {state}, but there are none")
            continue
        actual = "kept" if any(flags) else "erased"
        if actual != state:
            failures.append(f"{label} {email}: expected {state}, got {actual}")
    return failures


@check("talk_notes", _texts_spec)
def talk_notes_are(organisation: Organisation, at: date, value: Any) -> list[str]:
    """``{email: kept|erased}``: the notes of the talks held with that person."""
    from ansvar.people.models import Talk

    def notes(person: Any) -> list[bool]:
        return [bool(n) for n in Talk.objects.filter(person=person).values_list("notes", flat=True)]

    return _texts_are(organisation, value, "talk_notes", notes)


@check("coaching_texts", _texts_spec)
def coaching_texts_are(organisation: Organisation, at: date, value: Any) -> list[str]:
    """``{email: kept|erased}``: the topics and answers of that person's coaching requests."""
    from ansvar.people.models import CoachingRequest

    def texts(person: Any) -> list[bool]:
        rows = CoachingRequest.objects.filter(requester=person).values_list("topic", "answer")
        return [bool(topic or answer) for topic, answer in rows]

    return _texts_are(organisation, value, "coaching_texts", texts)
