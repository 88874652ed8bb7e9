"""Distinctive values planted in every kind of personal data the GDPR erasure must reach,
for the tests that search the database's files and a dump for them afterwards. Used by
``test_erasure.py`` in process and, for the SQLite file test, in a process of its own."""

import struct
from datetime import date, timedelta
from decimal import Decimal

from ansvar.engine.registry import perform
from ansvar.org.models import Organisation, Person

AT = date(2026, 11, 27)
TAG = "7f3c"
TALK = f"MARKÖR-{TAG}-talk: hälsa och stress"
FOLLOW_UP = f"MARKÖR-{TAG}-follow-up"
TOPIC = f"MARKÖR-{TAG}-topic"
ANSWER = f"MARKÖR-{TAG}-answer"
REASON = f"MARKÖR-{TAG}-reason"
SKILL = f"markor{TAG}skill"
SALARY = Decimal("987654.32")


def plant(org: Organisation, people: dict[str, Person]) -> Person:
    """Erik (on probation) gets a salary, a development talk and a follow-up with notes, an
    answered coaching request and a skill; then his probation is ended, with a reason."""
    erik, anna, vera = people["erik"], people["anna"], people["vera"]
    target = "person:erik@example.se"
    perform(org, anna, "set_salary", target, {"amount": str(SALARY)}, at=AT)
    perform(
        org,
        anna,
        "record_development_talk",
        target,
        {"held_on": AT.isoformat(), "notes": TALK},
        at=AT,
    )
    perform(
        org,
        anna,
        "record_probation_follow_up",
        target,
        {"held_on": AT.isoformat(), "notes": FOLLOW_UP},
        at=AT,
    )
    asked = perform(
        org, erik, "request_coaching", "person:anna@example.se", {"topic": TOPIC}, at=AT
    ).result
    perform(
        org,
        anna,
        "answer_coaching",
        "person:anna@example.se",
        {"request": asked.pk, "answer": ANSWER},
        at=AT,
    )
    perform(org, erik, "set_skill", target, {"name": SKILL, "level": 4}, at=AT)
    perform(
        org,
        vera,
        "decide_probation",
        target,
        {"decision": "end", "informed_on": (AT - timedelta(days=14)).isoformat(), "reason": REASON},
        at=AT,
    )
    return erik


def needles() -> dict[str, bytes]:
    """What a byte search looks for: the ASCII core of each text (a JSON column may store
    'Ö' escaped), the amount as text (the log's payload, PostgreSQL's numeric in a dump) and
    as SQLite's REAL (an 8-byte big-endian double, how its NUMERIC column stores it)."""
    found = {
        name: value.encode()
        for name, value in (
            ("talk", f"{TAG}-talk"),
            ("follow_up", f"{TAG}-follow-up"),
            ("topic", f"{TAG}-topic"),
            ("answer", f"{TAG}-answer"),
            ("reason", f"{TAG}-reason"),
            ("skill", SKILL),
            ("salary", "987654"),
            ("email", "erik@example.se"),
            ("name", "Erik Ny"),
        )
    }
    found["salary_real"] = struct.pack(">d", float(SALARY))
    return found


def copies(data: bytes) -> dict[str, int]:
    return {name: data.count(needle) for name, needle in needles().items()}
