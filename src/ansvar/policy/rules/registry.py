"""The rule registry: one named rule per action, and the one evaluation every door uses."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ansvar.policy.actions import SYSTEM_ACTIONS, ActionName, action_name
from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules.common import _refuse

RuleFn = Callable[[Facts], Decision]


@dataclass(frozen=True)
class Rule:
    action: ActionName
    target: str  # the target kind: org, area, client, person, assignment, criticism
    clauses: tuple[str, ...]  # every clause the rule may cite
    holder_sv: str  # who may, in the product's words
    holder_en: str
    evaluate: RuleFn
    by_system: bool = False  # the system's own action: only the system, never a person
    reads: bool = False  # a read rule (who may see a page or an entry), not a decision


RULES: dict[str, Rule] = {}


def rule(
    action: str, *, target: str, clauses: tuple[str, ...], sv: str, en: str, reads: bool = False
) -> Callable[[RuleFn], RuleFn]:
    name = action_name(action)

    def register(fn: RuleFn) -> RuleFn:
        RULES[name] = Rule(
            name, target, clauses, sv, en, fn, by_system=name in SYSTEM_ACTIONS, reads=reads
        )
        return fn

    return register


def evaluate(facts: Facts) -> Decision:
    """Run the rule of ``facts.action``; an inactive actor is refused whatever the action (and
    reads nothing from the day after their last day), the system is refused every person's
    decision and every person the system's actions."""
    rule_ = RULES[facts.action]
    actor = facts.actor
    if rule_.by_system != actor.is_system:
        return _wrong_actor(facts, rule_)
    if not actor.active:
        return _refuse(
            facts, rule_.clauses[:1], None, why=_not_employed, of=(actor.name, facts.at, rule_)
        )
    return rule_.evaluate(facts)


def _not_employed(name: str, at: date, rule_: Rule) -> tuple[str, str]:
    sv, en = (
        ("läsa något i Ansvar", "read anything in Ansvar")
        if rule_.reads
        else (
            "fatta beslut",
            "take decisions",
        )
    )
    return (
        f"{name} är inte anställd {at} och kan inte {sv}.",
        f"{name} is not employed on {at} and cannot {en}.",
    )


def _wrong_actor(facts: Facts, rule_: Rule) -> Decision:
    if rule_.by_system:
        return _refuse(
            facts,
            rule_.clauses,
            None,
            f"{facts.action} görs bara av systemet självt ({rule_.holder_sv}); "
            "ingen person kan göra det, vd inte heller.",
            f"{facts.action} is done by the system alone ({rule_.holder_en}); "
            "no person can do it, the CEO included.",
        )
    return _refuse(
        facts,
        rule_.clauses[:1],
        None,
        f"Systemet fattar inga beslut som tillhör en person: {facts.action} beslutar "
        f"{rule_.holder_sv}.",
        f"The system takes no decision that belongs to a person: {facts.action} is for "
        f"{rule_.holder_en}.",
    )
