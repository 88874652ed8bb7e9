"""The answer of every rule: allowed or refused, why, by which clause, and who decides."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What makes a Decision's reasons when they are first read, from the values given with it
# (``of``): (Swedish, English).
Why = Callable[..., tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Party:
    """A person as the rules see them: named by e-mail address."""

    email: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"email": self.email, "name": self.name}


class Decision:
    """Allowed or refused, with the clause(s), the single decision maker and the reasons.

    Immutable, and equal to another Decision with the same fields. A rule may give its
    reasons as ``why``, a function returning (Swedish, English) from the values ``of``: they
    are then formatted when first read, so a check that only asks ``allowed`` (a page's
    panels, the rule check) pays nothing for them. Made on every rule check, hence a class
    with slots rather than a frozen dataclass, whose construction costs several times as
    much; the rules' helpers make theirs with ``decided``.
    """

    __slots__ = (
        "_about",
        "_action",
        "_allowed",
        "_clauses",
        "_decider",
        "_en",
        "_of",
        "_role",
        "_sv",
        "_warnings",
        "_why",
    )
    __match_args__ = (
        "allowed",
        "action",
        "clauses",
        "decider",
        "reason_sv",
        "reason_en",
        "role",
        "warnings",
        "about",
    )

    def __init__(
        self,
        allowed: bool,
        action: str,
        clauses: tuple[str, ...],
        decider: Party | None,
        reason_sv: str = "",
        reason_en: str = "",
        role: str | None = None,  # the role the actor acts in, when allowed
        warnings: tuple[str, ...] = (),
        # What a refusal is about: "right" (the actor does not hold the decision; ``decider``
        # does) or "case" (the actor holds it, but the policy or the law refuses this case:
        # its arguments or the target's state). A page offers the form when it is a case.
        about: str = "right",
        *,
        why: Why | None = None,  # the reasons, made when first read (then no reason_sv/en)
        of: tuple[Any, ...] = (),  # what ``why`` formats
    ) -> None:
        self._allowed = allowed
        self._action = action
        self._clauses = clauses
        self._decider = decider
        self._sv = reason_sv
        self._en = reason_en
        self._why = why
        self._of = of
        self._role = role
        self._warnings = warnings
        self._about = about

    # Read-only: a Decision is never changed once made.
    @property
    def allowed(self) -> bool:
        return self._allowed

    @property
    def action(self) -> str:
        return self._action

    @property
    def clauses(self) -> tuple[str, ...]:
        return self._clauses

    @property
    def decider(self) -> Party | None:
        return self._decider

    @property
    def role(self) -> str | None:
        return self._role

    @property
    def warnings(self) -> tuple[str, ...]:
        return self._warnings

    @property
    def about(self) -> str:
        return self._about

    def reasons(self) -> tuple[str, str]:
        """(Swedish, English), formatted on the first read and kept."""
        why = self._why
        if why is not None:
            self._sv, self._en = why(*self._of)
            self._why = None
            self._of = ()
        return self._sv, self._en

    @property
    def reason_sv(self) -> str:
        return self.reasons()[0]

    @property
    def reason_en(self) -> str:
        return self.reasons()[1]

    def _fields(self) -> tuple[Any, ...]:
        sv, en = self.reasons()
        return (
            self._allowed,
            self._action,
            self._clauses,
            self._decider,
            sv,
            en,
            self._role,
            self._warnings,
            self._about,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Decision)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}"
            for name, value in zip(self.__match_args__, self._fields(), strict=True)
        )
        return f"Decision({shown})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Decision, self._fields())

    def as_dict(self) -> dict[str, Any]:
        sv, en = self.reasons()
        return {
            "allowed": self._allowed,
            "action": self._action,
            "clauses": list(self._clauses),
            "decider": self._decider.as_dict() if self._decider else None,
            "role": self._role,
            "explanation": {"sv": sv, "en": en},
            "warnings": list(self._warnings),
            "about": self._about,
        }

    def reason(self, language: str = "sv") -> str:
        return self.reason_en if language.startswith("en") else self.reason_sv


_new = object.__new__


def decided(
    allowed: bool,
    action: str,
    clauses: tuple[str, ...],
    decider: Party | None,
    reason_sv: str,
    reason_en: str,
    why: Why | None,
    of: tuple[Any, ...],
    role: str | None,
    warnings: tuple[str, ...],
    about: str,
) -> Decision:
    """``Decision(...)`` with every field given by position, for the rules' own helpers
    (``policy.rules.common``): a plain function fills the slots in about half the time the
    class's constructor takes, and a rule check makes one Decision or two."""
    d = _new(Decision)
    d._allowed = allowed
    d._action = action
    d._clauses = clauses
    d._decider = decider
    d._sv = reason_sv
    d._en = reason_en
    d._why = why
    d._of = of
    d._role = role
    d._warnings = warnings
    d._about = about
    return d
