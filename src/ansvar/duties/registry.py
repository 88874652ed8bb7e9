"""Duties: obligations with an owner, a due date and a clause, derived from the data.

Nothing here is a stored to-do list. Each kind of duty is a provider function registered
with ``@provider``: given an organisation, a date and optionally a person, it returns the
duties that exist on that date (open ones, and overdue ones); with a person, it may return
only that person's (it must return at least all of them: the registry filters the rest out).
A provider asked for one person should look only at what can be that person's, in SQL, so
that a person's home page does not cost the whole organisation's duties. Adding a kind of
duty is adding a provider.
"""

from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, cast

from ansvar.org.models import Holding, Organisation, Person
from ansvar.org.selectors import valid_on


@dataclass(frozen=True)
class Duty:
    """One obligation: who must do what, about whom, by when, under which clause."""

    kind: str  # e.g. "veto_decision", "probation_follow_up"
    clause: str
    owner: Person | None  # None: no one holds the area (the CEO's most urgent duty, P4)
    due_on: date
    title_sv: str
    title_en: str
    subject: str = ""  # a target, e.g. "assignment:17" or "person:anna@example.se"
    urgent: bool = False

    def status(self, at: date) -> str:
        if self.due_on < at:
            return "overdue"
        if self.due_on == at:
            return "due"
        return "open"

    def days_overdue(self, at: date) -> int:
        return max(0, (at - self.due_on).days)

    def as_dict(self, at: date) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "clause": self.clause,
            "owner": ({"email": self.owner.email, "name": self.owner.name} if self.owner else None),
            "due_on": self.due_on.isoformat(),
            "status": self.status(at),
            "days_overdue": self.days_overdue(at),
            "subject": self.subject,
            "title": {"sv": self.title_sv, "en": self.title_en},
            "urgent": self.urgent,
        }


class Provider(Protocol):
    """``fn(organisation, at, person=None)``: the duties on ``at``; only ``person``'s (or a
    superset of them) when a person is given."""

    def __call__(
        self, organisation: Organisation, at: date, person: Person | None = None
    ) -> Iterable[Duty]: ...


PROVIDERS: dict[str, Provider] = {}


_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("duties_memo", default=None)


def shared[T](key: Hashable, compute: Callable[[], T]) -> T:
    """What several providers read alike (the organisation's snapshot), computed once per
    ``duties()`` call; outside one, computed afresh each time. Nothing outlives the call."""
    memo = _MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return cast(T, memo[key])


def provider(kind: str) -> Callable[[Provider], Provider]:
    def register(fn: Provider) -> Provider:
        PROVIDERS[kind] = fn
        return fn

    return register


def duties(organisation: Organisation, at: date, *, person: Person | None = None) -> list[Duty]:
    """Every duty on ``at``, most urgent first; only ``person``'s when one is given."""
    token = _MEMO.set({})
    try:
        found = [d for fn in PROVIDERS.values() for d in fn(organisation, at, person)]
    finally:
        _MEMO.reset(token)
    if person is not None:
        found = [d for d in found if d.owner is not None and d.owner.pk == person.pk]
    return sorted(found, key=lambda d: (not d.urgent, d.due_on, d.kind, d.subject))


def not_the_ceo(organisation: Organisation, at: date, person: Person | None) -> bool:
    """For providers whose duties are all the CEO's: True when ``person`` is given and is not
    the CEO on ``at`` (or there is none), so the provider has nothing to compute."""
    if person is None:
        return False
    ceo_id = shared(
        ("duties.ceo_id", organisation.pk, at),
        lambda: (
            Holding.objects.filter(valid_on(at), organisation=organisation, kind=Holding.Kind.CEO)
            .values_list("person_id", flat=True)
            .first()
        ),
    )
    return ceo_id != person.pk
