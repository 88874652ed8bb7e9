"""The rule registry: one named rule per action, and the one evaluation every door uses."""

from collections.abc import Callable
from dataclasses import dataclass

from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules.common import _refuse

RuleFn = Callable[[Facts], Decision]


@dataclass(frozen=True)
class Rule:
    action: str
    target: str  # the target kind: org, area, client, person, assignment, criticism
    clauses: tuple[str, ...]  # every clause the rule may cite
    holder_sv: str  # who may, in the product's words
    holder_en: str
    evaluate: RuleFn


RULES: dict[str, Rule] = {}


def rule(
    action: str, *, target: str, clauses: tuple[str, ...], sv: str, en: str
) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        RULES[action] = Rule(action, target, clauses, sv, en, fn)
        return fn

    return register


def evaluate(facts: Facts) -> Decision:
    """Run the rule of ``facts.action``; an inactive actor is refused whatever the action."""
    rule_ = RULES[facts.action]
    if not facts.actor.active:
        return _refuse(
            facts,
            rule_.clauses[:1],
            None,
            f"{facts.actor.name} är inte anställd {facts.at} och kan inte fatta beslut.",
            f"{facts.actor.name} is not employed on {facts.at} and cannot take decisions.",
        )
    return rule_.evaluate(facts)
