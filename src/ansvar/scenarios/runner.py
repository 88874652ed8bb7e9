"""Run a scenario: found its organisation, run the cases in order, roll everything back.

Each case goes through ``engine.registry.perform`` when its action has a handler, so an
allowed case takes effect and later cases see it. An action that has a rule but no handler
yet is evaluated with the rule alone (``rule_only``): the decision is checked, no effect is
made and ``then:`` is not checked; the report says so. Nothing a run writes is kept: the
whole run is one transaction that is rolled back.
"""

import dataclasses
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction

from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.facts import build_facts
from ansvar.engine.registry import ACTIONS, find_area, parse_moves, perform
from ansvar.engine.targets import parse_target, resolve
from ansvar.org.founding import found_organisation
from ansvar.org.models import Organisation, Person
from ansvar.policy.decision import Decision
from ansvar.policy.rules import RULES, evaluate
from ansvar.scenarios.checks import CHECKS
from ansvar.scenarios.loader import Case, Scenario, ScenarioError


@dataclass
class CaseResult:
    case: Case
    problems: list[str] = field(default_factory=list)
    decision: Decision | None = None
    rule_only: bool = False

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class ScenarioResult:
    path: str
    results: list[CaseResult]

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    def failures(self) -> list[str]:
        return [describe(self.path, r) for r in self.results if not r.passed]

    def rule_only_notes(self) -> list[str]:
        return [
            f"{self.path}: case {r.case.number} «{r.case.name}»: regel utan handling / rule only: "
            f"{r.case.action} has no handler yet; checked on the decision only"
            for r in self.results
            if r.rule_only
        ]


def describe(path: str, result: CaseResult) -> str:
    case = result.case
    return f"FAIL {path}:{case.line}: case {case.number} «{case.name}»: " + "; ".join(
        result.problems
    )


def run(scenario: Scenario) -> ScenarioResult:
    """Run every case in order inside one transaction that is always rolled back."""
    spec = dataclasses.replace(scenario.organisation, slug=f"scenario-{secrets.token_hex(6)}")
    results: list[CaseResult] = []
    with transaction.atomic():
        try:
            organisation = found_organisation(spec)
        except InvalidInput as exc:
            raise ScenarioError(f"{scenario.path}: organisation.{exc.message}") from None
        refs: dict[str, int] = {}
        for case in scenario.cases:
            results.append(run_case(organisation, case, refs))
        transaction.set_rollback(True)
    return ScenarioResult(scenario.path, results)


def _substitute(value: Any, refs: dict[str, int]) -> Any:
    """``@name`` in a target or an argument stands for the id saved by a case's ``as: name``."""
    if isinstance(value, str) and "@" in value:
        head, sep, name = value.rpartition("@")
        if sep and name in refs and (not head or head.endswith(":")):
            return f"{head}{refs[name]}"
    if isinstance(value, dict):
        return {k: _substitute(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, refs) for v in value]
    return value


def run_case(organisation: Organisation, case: Case, refs: dict[str, int]) -> CaseResult:
    result = CaseResult(case)
    actor = Person.objects.filter(organisation=organisation, email=case.actor).first()
    if actor is None:
        result.problems.append(f"actor: there is no person {case.actor}")
        return result
    target = _substitute(case.target, refs)
    args = _substitute(case.args, refs)
    outcome: Any = None
    try:
        with transaction.atomic():
            if case.action in ACTIONS:
                try:
                    done = perform(organisation, actor, case.action, target, args, at=case.at)
                    result.decision, outcome = done.decision, done.result
                except PolicyRefused as refused:
                    result.decision = refused.decision
            elif case.action in RULES:
                result.rule_only = True
                result.decision = rule_only(organisation, actor, case, target, args)
            else:
                result.problems.append(f"action: unknown action {case.action!r}")
                return result
    except InvalidInput as exc:
        result.problems.append(f"bad input: {exc.message}")
        return result
    except DatabaseError as exc:
        result.problems.append(f"the database refused the effect: {exc}")
        return result
    decision = result.decision
    assert decision is not None
    _compare(result, decision)
    if case.save_as and outcome is not None and hasattr(outcome, "pk"):
        refs[case.save_as] = outcome.pk
    if case.then and not result.rule_only:
        for name, value in case.then.items():
            try:
                result.problems += CHECKS[name].run(organisation, case.at, value)
            except InvalidInput as exc:
                result.problems.append(f"then.{name}: {exc.message}")
    return result


def _compare(result: CaseResult, decision: Decision) -> None:
    case = result.case
    verdict = "allowed" if decision.allowed else "refused"
    if verdict != case.expect:
        result.problems.append(
            f"expected {case.expect}, was {verdict} ({', '.join(decision.clauses)}): "
            f"{decision.reason_en}"
        )
    missing = [c for c in case.clauses if c not in decision.clauses]
    if missing:
        result.problems.append(
            f"expected clause {', '.join(missing)}; the decision cites "
            f"{', '.join(decision.clauses) or 'none'}"
        )


def rule_only(
    organisation: Organisation, actor: Person, case: Case, target: str, args: dict[str, Any]
) -> Decision:
    """Evaluate an action that has a rule but no handler yet: facts from the database,
    arguments read by their shape (e-mail addresses as people, moves, area slugs)."""
    rule = RULES[case.action]
    parsed = parse_target(target)
    if parsed.kind != rule.target:
        raise InvalidInput(f"{case.action} acts on a {rule.target} target, not {parsed}", "target")
    obj = resolve(organisation, parsed)
    people = {p.email: p for p in Person.objects.filter(organisation=organisation)}
    parsed_args: dict[str, Any] = {}
    for key, value in args.items():
        if key == "moves":
            parsed_args[key] = parse_moves(organisation, value, key)
        elif key in {"area", "to_area"}:
            parsed_args[key] = find_area(organisation, value, key)
        elif isinstance(value, str) and value.strip().lower() in people:
            parsed_args[key] = people[value.strip().lower()]
        else:
            parsed_args[key] = value
    if actor.organisation_id != organisation.pk:
        raise InvalidInput(f"{actor.email} does not belong to {organisation.name}", "actor")
    facts = build_facts(
        organisation,
        actor=actor,
        action=case.action,
        target_label=str(parsed),
        target_kind=parsed.kind,
        obj=obj,
        args=parsed_args,
        at=case.at,
    )
    return evaluate(facts)
