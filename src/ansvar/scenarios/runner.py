"""Run a scenario: found its organisation, run the cases in order, roll everything back.

Each case whose action has a handler is asked of ``engine.registry.can`` first and then
done through ``engine.registry.perform``, so an allowed case takes effect and later cases
see it; when the two answers differ (verdict, clauses or decider, or one found the input
invalid and the other did not) the case fails naming both. ``expect: invalid`` means
``perform`` raises ``InvalidInput`` (its message may be required to contain ``error:``) and
nothing is written, neither a log entry nor a refusal; a refused case writes no log entry.
``actor: system`` is the system itself (``engine.actor.SYSTEM``), for its own steps, which
``ansvar tick`` takes. ``then:`` facts are checked after every case, refused and invalid
ones included, to show what did or did not change. An action that has a rule but no
handler yet is evaluated with the rule alone (``rule_only``): the decision is checked, no
effect is made and ``then:`` is not checked; the report says so. Nothing a run writes is
kept: the whole run is one transaction that is rolled back. The file format is in
``docs/scenarios.md``.
"""

import dataclasses
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction

from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.actor import SYSTEM, Actor
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.facts import build_facts
from ansvar.engine.registry import ACTIONS, can, find_area, parse_moves, perform
from ansvar.engine.targets import parse_target, resolve
from ansvar.org.founding import found_organisation
from ansvar.org.models import Organisation, Person
from ansvar.policy.decision import Decision
from ansvar.policy.rules import RULES, evaluate
from ansvar.scenarios.checks import CHECKS
from ansvar.scenarios.loader import SYSTEM_ACTOR, Case, Scenario, ScenarioError


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


@dataclass(frozen=True)
class Answer:
    """What one door said about a case: a decision, or the input was invalid."""

    decision: Decision | None = None
    invalid: str = ""  # the InvalidInput message, naming the field

    @property
    def verdict(self) -> str:
        if self.decision is None:
            return "invalid"
        return "allowed" if self.decision.allowed else "refused"

    def __str__(self) -> str:
        if self.decision is None:
            return f"invalid ({self.invalid})"
        decider = self.decision.decider
        who = f"; decides: {decider.email}" if decider and not self.decision.allowed else ""
        return f"{self.verdict} ({', '.join(self.decision.clauses) or 'no clause'}{who})"

    def agrees_with(self, other: "Answer") -> bool:
        if self.decision is None or other.decision is None:
            return self.decision is other.decision is None and self.invalid == other.invalid
        mine, theirs = self.decision, other.decision
        return (mine.allowed, mine.clauses, mine.decider) == (
            theirs.allowed,
            theirs.clauses,
            theirs.decider,
        )


def _written(organisation: Organisation) -> tuple[int, int]:
    """How many log entries and refusals the organisation has: what a case may have written."""
    return (
        Entry.objects.filter(organisation=organisation).count(),
        Refusal.objects.filter(organisation=organisation).count(),
    )


def run_case(organisation: Organisation, case: Case, refs: dict[str, int]) -> CaseResult:
    """Run one case: ask ``can``, then ``perform``; compare both answers and the expectation,
    check that a refused or invalid case wrote nothing it should not, then the ``then:`` facts.
    """
    result = CaseResult(case)
    target = _substitute(case.target, refs)
    args = _substitute(case.args, refs)
    outcome: Any = None
    before = _written(organisation)
    actor: Actor | None = (
        SYSTEM
        if case.actor == SYSTEM_ACTOR
        else Person.objects.filter(organisation=organisation, email=case.actor).first()
    )
    try:
        with transaction.atomic():
            if actor is None:
                answer = Answer(invalid=f"actor: there is no person {case.actor}")
            elif case.action in ACTIONS:
                asked = _ask(organisation, actor, case, target, args)
                answer, outcome = _perform(organisation, actor, case, target, args)
                if not asked.agrees_with(answer):
                    result.problems.append(
                        f"can and perform disagree: can said {asked}, perform said {answer}"
                    )
            elif case.action in RULES and isinstance(actor, Person):
                result.rule_only = True
                try:
                    answer = Answer(rule_only(organisation, actor, case, target, args))
                except InvalidInput as exc:
                    answer = Answer(invalid=exc.message)
            elif case.action in RULES:
                answer = Answer(
                    invalid=f"actor: the system takes no rule-only action {case.action}"
                )
            else:
                known = ", ".join(sorted(RULES))
                answer = Answer(
                    invalid=f"action: unknown action {case.action!r}; known actions: {known}"
                )
    except DatabaseError as exc:
        result.problems.append(f"the database refused the effect: {exc}")
        return result
    result.decision = answer.decision
    _compare(result, answer)
    _nothing_written(result, answer, before, _written(organisation))
    if case.save_as and outcome is not None and hasattr(outcome, "pk"):
        refs[case.save_as] = outcome.pk
    if case.then and not result.rule_only:
        for name, value in case.then.items():
            try:
                result.problems += CHECKS[name].run(organisation, case.at, value)
            except InvalidInput as exc:
                result.problems.append(f"then.{name}: {exc.message}")
    return result


def _ask(
    organisation: Organisation, actor: Actor, case: Case, target: str, args: dict[str, Any]
) -> Answer:
    try:
        return Answer(can(organisation, actor, case.action, target, args, at=case.at))
    except InvalidInput as exc:
        return Answer(invalid=exc.message)


def _perform(
    organisation: Organisation, actor: Actor, case: Case, target: str, args: dict[str, Any]
) -> tuple[Answer, Any]:
    try:
        done = perform(organisation, actor, case.action, target, args, at=case.at)
    except PolicyRefused as refused:
        return Answer(refused.decision), None
    except InvalidInput as exc:
        return Answer(invalid=exc.message), None
    return Answer(done.decision), done.result


def _compare(result: CaseResult, answer: Answer) -> None:
    case = result.case
    decision = answer.decision
    if decision is None:
        if case.expect != "invalid":
            result.problems.append(
                f"expected {case.expect}, was invalid: bad input: {answer.invalid}"
            )
        elif case.error and case.error.casefold() not in answer.invalid.casefold():
            result.problems.append(
                f"expected an invalid-input message containing {case.error!r}, "
                f"got {answer.invalid!r}"
            )
        return
    if answer.verdict != case.expect:
        result.problems.append(
            f"expected {case.expect}, was {answer.verdict} ({', '.join(decision.clauses)}): "
            f"{decision.reason_en}"
        )
    missing = [c for c in case.clauses if c not in decision.clauses]
    if missing:
        result.problems.append(
            f"expected clause {', '.join(missing)}; the decision cites "
            f"{', '.join(decision.clauses) or 'none'}"
        )


def _nothing_written(
    result: CaseResult, answer: Answer, before: tuple[int, int], after: tuple[int, int]
) -> None:
    """A refusal adds no log entry; invalid input adds neither a log entry nor a refusal."""
    entries, refusals = after[0] - before[0], after[1] - before[1]
    if answer.verdict == "refused" and entries:
        result.problems.append(f"a refused case wrote {entries} decision-log entries")
    if answer.verdict == "invalid" and (entries or refusals):
        result.problems.append(
            f"an invalid case wrote {entries} decision-log entries and {refusals} refusals"
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
