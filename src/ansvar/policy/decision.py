"""The answer of every rule: allowed or refused, why, by which clause, and who decides."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Party:
    """A person as the rules see them: named by e-mail address."""

    email: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"email": self.email, "name": self.name}


@dataclass(frozen=True)
class Decision:
    """Allowed or refused, with the clause(s), the single decision maker and the reasons."""

    allowed: bool
    action: str
    clauses: tuple[str, ...]
    decider: Party | None
    reason_sv: str
    reason_en: str
    role: str | None = None  # the role the actor acts in, when allowed
    warnings: tuple[str, ...] = field(default=())
    # What a refusal is about: "right" (the actor does not hold the decision; ``decider``
    # does) or "case" (the actor holds it, but the policy or the law refuses this case: its
    # arguments or the target's state). A page offers the form when the refusal is a case.
    about: str = "right"

    def as_dict(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "action": self.action,
            "clauses": list(self.clauses),
            "decider": self.decider.as_dict() if self.decider else None,
            "role": self.role,
            "explanation": {"sv": self.reason_sv, "en": self.reason_en},
            "warnings": list(self.warnings),
            "about": self.about,
        }

    def reason(self, language: str = "sv") -> str:
        return self.reason_en if language.startswith("en") else self.reason_sv
