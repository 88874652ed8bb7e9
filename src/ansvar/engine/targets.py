"""Targets as ACTIONS.md writes them (``client:alfa``, ``person:anna@example.se``, ...)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from ansvar.engine import rows
from ansvar.engine.errors import InvalidInput
from ansvar.org.models import Assignment, BusinessArea, Client, Organisation, Person

TARGET_KINDS = ("org", "area", "client", "person", "assignment", "criticism")


@dataclass(frozen=True)
class Target:
    kind: str
    key: str

    def __str__(self) -> str:
        return self.kind if self.kind == "org" else f"{self.kind}:{self.key}"


def parse_target(text: str) -> Target:
    text = (text or "").strip()
    if text == "org":
        return Target("org", "")
    kind, sep, key = text.partition(":")
    # A NUL names no row, and PostgreSQL refuses it in a query (DataError).
    if not sep or kind not in TARGET_KINDS or not key.strip() or "\x00" in key:
        raise InvalidInput(
            f"{text!r} is not a target; write org, area:<slug>, client:<slug>, "
            "person:<email>, assignment:<id> or criticism:<id>",
            "target",
        )
    return Target(kind, key.strip())


Resolver = Callable[[Organisation, str], Any]


def is_row_id(key: str) -> bool:
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses; and no more
    # than a database integer holds.
    return key.isascii() and key.isdigit() and len(key) <= 19 and int(key) < 2**63


def person_query(key: str) -> dict[str, Any]:
    """How a person is named in input: by id, or by e-mail in any case."""
    key = key.strip().lower()
    return {"pk": int(key)} if is_row_id(key) else {"email": key}


def person_in(org: Organisation, key: str) -> Person | None:
    """The person ``key`` names (an id, or an e-mail address in any case), by one indexed
    statement."""
    key = key.strip().lower()
    column = "id" if is_row_id(key) else "email"
    value: Any = int(key) if column == "id" else key
    return rows.one(Person, f"organisation_id = %s AND {column} = %s", [org.pk, value])


def by_slug(model: type[Model]) -> Resolver:
    """A resolver for targets named by their slug in the organisation (``client:alfa``)."""

    def resolve(org: Organisation, key: str) -> Any:
        return _found(rows.one(model, "organisation_id = %s AND slug = %s", [org.pk, key]))

    return resolve


def _found(row: Any) -> Any:
    if row is None:
        raise ObjectDoesNotExist
    return row


def _person(org: Organisation, key: str) -> Person:
    person = person_in(org, key)
    if person is None:
        raise ObjectDoesNotExist
    return person


def by_id(model: type[Model]) -> Resolver:
    """A resolver for targets named by a row's id (``assignment:17``)."""

    def resolve(org: Organisation, key: str) -> Any:
        if not is_row_id(key):
            raise ObjectDoesNotExist
        return _found(rows.one(model, "organisation_id = %s AND id = %s", [org.pk, int(key)]))

    return resolve


RESOLVERS: dict[str, Resolver] = {
    "org": lambda org, key: org,
    "area": by_slug(BusinessArea),
    "client": by_slug(Client),
    "person": _person,
    "assignment": by_id(Assignment),
}


def register_resolver(kind: str, resolver: Resolver) -> None:
    """An app names the rows of a target kind it owns (called from its ``AppConfig.ready``),
    so the engine never imports the app."""
    if kind not in TARGET_KINDS:
        raise ValueError(f"unknown target kind {kind!r}")
    RESOLVERS[kind] = resolver


def resolve(org: Organisation, target: Target) -> Any:
    """The row a target names in this organisation; an unknown one is bad input."""
    resolver = RESOLVERS.get(target.kind)
    if resolver is None:
        raise InvalidInput(f"targets of kind {target.kind!r} are not supported yet", "target")
    try:
        return resolver(org, target.key)
    except (ObjectDoesNotExist, ValueError):
        raise InvalidInput(f"there is no {target} in {org.name}", "target") from None


def log_label(target: Target, obj: Any) -> str:
    """The target as the decision log stores it: people by id, so erasure leaves no e-mail."""
    if target.kind == "person":
        return f"person:{obj.pk}"
    if target.kind in {"assignment", "criticism"}:
        return f"{target.kind}:{obj.pk}"
    return str(target)
