"""The one path of every decision: lock → parse → facts → rule → apply → log, in one
transaction.

Each app's ``actions.py`` registers its handlers with ``@action``; a handler only makes the
decision's effect and says what the log should record. Checking the rule, writing the log
entry, and recording a refusal happen here, the same for the web, the API, the CLI, the
scenario runner and the system's own steps (``engine.actor.SYSTEM``): ``perform`` is the
only caller of ``decisions.log.append``.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError
from django.dispatch import Signal
from django.utils import timezone

from ansvar.decisions import log, records
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine import door, rows
from ansvar.engine.actor import SYSTEM, Actor, SystemActor
from ansvar.engine.errors import Conflict, InvalidInput, PolicyRefused
from ansvar.engine.facts import FactsCache, build_facts
from ansvar.engine.targets import Target, log_label, parse_target, person_in, resolve
from ansvar.org.models import BusinessArea, Organisation, Person
from ansvar.policy.actions import ActionName, action_name
from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules import RULES, evaluate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Arg:
    """One argument of an action: its name, kind and whether it must be given."""

    name: str
    # text, person, area, date, int, decimal, choice, moves, bool; and "value", a Python
    # value passed as it is (a founding specification, import rows): only the system's
    # actions take one, and their handlers check it.
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    default: Any = None
    # Sensitive values (salary amounts, talk notes) are never copied into a refusal record.
    sensitive: bool = False
    # The value's own shape beyond its kind (a slug, an e-mail address, a length, a positive
    # amount): the parsed value in, the problem out (None when it is fine). Malformed input,
    # so the same InvalidInput naming this argument for ``can`` and ``perform``.
    check: Callable[[Any], str | None] | None = None
    # How the value is written into the log's payload, when not as given: a webhook's address
    # may carry the receiver's own credential in its path, so the log keeps only its host.
    logged: Callable[[Any], Any] | None = None


@dataclass
class Context:
    """What a handler of a person's action gets besides its arguments. The rules refuse the
    system every person's action, so ``actor`` is always a person here."""

    organisation: Organisation
    actor: Person
    at: date
    decision: Decision
    facts: Facts


@dataclass
class SystemContext:
    """What a handler of one of the system's own actions gets: no person acts."""

    organisation: Organisation
    at: date
    decision: Decision
    facts: Facts
    actor: SystemActor = SYSTEM


@dataclass
class Outcome:
    """A handler's result: the row it made and what the log entry records."""

    result: Any = None
    public: dict[str, Any] = field(default_factory=dict)
    personal: dict[str, Any] = field(default_factory=dict)


Handler = Callable[..., Outcome]
# An action's reading of the rows its arguments name, for its rule (``Facts.details``): the
# target row, the parsed arguments and the date in; plain facts out. It raises InvalidInput
# for input that names nothing (an unknown position) or cannot be (a talk in the future),
# and AlreadyDone for a system step with nothing left to do. ``can`` and ``perform`` both
# run it, ``perform`` under the organisation's lock, so they see the same.
Details = Callable[[Organisation, Any, dict[str, Any], date], Mapping[str, Any]]


@dataclass(frozen=True)
class ActionSpec:
    name: ActionName
    target: str
    args: tuple[Arg, ...]
    handler: Handler
    system: bool = False  # the system's own action: the handler gets a SystemContext
    details: Details | None = None


ACTIONS: dict[str, ActionSpec] = {}


def action(
    name: str, *, args: tuple[Arg, ...] = (), details: Details | None = None
) -> Callable[[Handler], Handler]:
    """Register a handler for an action of ``policy.actions.ActionName``; its rule must
    exist in policy.rules. ``details`` reads what the rule needs to know about the rows the
    arguments name (see ``Details``)."""
    member = action_name(name)

    def register(handler: Handler) -> Handler:
        rule_ = RULES[member]
        ACTIONS[member] = ActionSpec(member, rule_.target, args, handler, rule_.by_system, details)
        return handler

    return register


@dataclass(frozen=True)
class Done:
    decision: Decision
    entry: Entry
    result: Any


# Sent by ``perform`` with ``done=`` inside the decision's transaction, after its log entry:
# what a decision sets off elsewhere (ansvar.notify's messages) is written with it or not at all.
decision_made = Signal()


def today() -> date:
    return timezone.localdate()


def _spec(name: str) -> ActionSpec:
    try:
        return ACTIONS[name]
    except KeyError:
        known = ", ".join(sorted(ACTIONS))
        raise InvalidInput(f"unknown action {name!r}; known actions: {known}", "action") from None


def _target(
    organisation: Organisation,
    spec: ActionSpec,
    target: str | Target,
    cache: FactsCache | None = None,
) -> tuple[Target, Any]:
    """The parsed target, checked against the action's target kind, and the row it names."""
    parsed = target if isinstance(target, Target) else parse_target(target)
    if parsed.kind != spec.target:
        raise InvalidInput(f"{spec.name} acts on a {spec.target} target, not {parsed}", "target")
    return parsed, _resolve(organisation, parsed, cache)


def _facts(
    organisation: Organisation,
    actor: Actor,
    spec: ActionSpec,
    target: Target,
    obj: Any,
    args: dict[str, Any],
    at: date,
    cache: FactsCache | None = None,
    details: Mapping[str, Any] | None = None,
) -> Facts:
    if isinstance(actor, Person) and actor.organisation_id != organisation.pk:
        raise InvalidInput(f"{actor.email} does not belong to {organisation.name}", "actor")
    return build_facts(
        organisation,
        actor=actor,
        action=spec.name,
        target_label=str(target),
        target_kind=target.kind,
        obj=obj,
        args=args,
        at=at,
        cache=cache,
        details=details,
    )


def _decide(
    organisation: Organisation,
    actor: Actor,
    spec: ActionSpec,
    target: Target,
    obj: Any,
    args: dict[str, Any],
    at: date,
    cache: FactsCache | None = None,
) -> tuple[Facts, Decision]:
    """The facts and the rule's decision, the same for ``can`` and ``perform``.

    When the action's details find the input names nothing (an unknown request), the rule
    is asked first without them: someone who does not hold the decision is refused with
    the clause and the decider, whatever they typed; only the one who does is told what is
    wrong with the input."""
    try:
        details = spec.details(organisation, obj, args, at) if spec.details else None
    except InvalidInput:
        facts = _facts(organisation, actor, spec, target, obj, args, at, cache)
        decision = evaluate(facts)
        if not decision.allowed and decision.about == "right":
            return facts, decision
        raise
    facts = _facts(organisation, actor, spec, target, obj, args, at, cache, details)
    return facts, evaluate(facts)


def _resolve(organisation: Organisation, target: Target, cache: FactsCache | None) -> Any:
    if cache is None:
        return resolve(organisation, target)
    key = str(target)
    if key not in cache.objects:
        cache.objects[key] = resolve(organisation, target)
    return cache.objects[key]


def can(
    organisation: Organisation,
    actor: Actor,
    action_name: str,
    target: str | Target,
    args: Mapping[str, Any] | None = None,
    *,
    at: date | None = None,
    cache: FactsCache | None = None,
) -> Decision:
    """Evaluate without acting: the same decision ``perform`` would reach.

    ``cache`` (a page's FactsCache for the same date) shares the facts that do not depend on
    the action between many calls; without it every call reads afresh."""
    spec = _spec(action_name)
    parsed, obj = _target(organisation, spec, target, cache)
    parsed_args = parse_args(organisation, spec, args or {})
    at = at or (cache.at if cache is not None else today())
    return _decide(organisation, actor, spec, parsed, obj, parsed_args, at, cache)[1]


def holds_right(
    organisation: Organisation,
    actor: Person,
    action_name: str,
    target: str | Target,
    *,
    at: date | None = None,
    cache: FactsCache | None = None,
) -> Decision:
    """Whether ``actor`` is the one who decides ``action_name`` on ``target``, before any
    arguments are known: what a page uses to offer a form or grey it out with the reason.

    The rule is evaluated with only the arguments that have defaults. A refusal about the
    case (``Decision.about``: those arguments or the target's state), not the right, counts
    as held: the form is offered and its answer will say what is wrong.
    ``cache``: as for ``can``, a page's shared facts (N panels, O(1) extra queries).
    """
    spec = _spec(action_name)
    parsed, obj = _target(organisation, spec, target, cache)
    args = {a.name: a.default for a in spec.args if not a.required}
    at = at or (cache.at if cache is not None else today())
    decision = evaluate(_facts(organisation, actor, spec, parsed, obj, args, at, cache))
    if not decision.allowed and decision.about == "case":
        return Decision(True, decision.action, decision.clauses, decision.decider, "", "")
    return decision


def perform(
    organisation: Organisation,
    actor: Actor,
    action_name: str,
    target: str | Target,
    args: Mapping[str, Any] | None = None,
    *,
    at: date | None = None,
    seen: int | None = None,
) -> Done:
    """Check the rule, make the effect and append the log entry, all or nothing.

    ``actor`` is a person, or ``SYSTEM`` for the system's own actions. Decisions of one
    organisation are serialised: the organisation row is locked (PostgreSQL; SQLite's
    IMMEDIATE transaction holds the write lock already) before the target, the arguments and
    the facts are read, so a rule never decides on facts a concurrent decision is changing.

    A refusal changes nothing in the domain, is recorded in the refusal log, and raises
    PolicyRefused carrying the decision.

    ``seen`` is the last decision of the organisation the actor's page had read (the
    forms carry it): when the attempt is refused, or its input no longer fits, and a
    decision about the same target was taken after it, the answer is ``Conflict`` — someone
    else changed this just now — with the decision that came first, instead of a refusal
    that would read as if the actor had misunderstood the policy (the refusal is still
    recorded). Two writes that collide on one of the database's single-row rules are a
    ``Conflict`` too, never a server error.
    """
    spec = _spec(action_name)
    at = at or today()
    try:
        with log.DecisionTransaction():
            log.lock(organisation)
            parsed, obj = _target(organisation, spec, target)
            try:
                parsed_args = parse_args(organisation, spec, args or {})
            except InvalidInput:
                _raise_if_changed(organisation, parsed, obj, seen)
                raise
            facts, decision = _decide(organisation, actor, spec, parsed, obj, parsed_args, at)
            if decision.allowed:
                done = _apply(organisation, actor, spec, parsed, obj, parsed_args, facts, decision)
                decision_made.send(sender=Done, done=done)
                return done
            first = _changed_since(organisation, parsed, obj, seen)
    except IntegrityError as collision:
        # The lock serialises decisions, so this is a write outside it meeting one inside
        # (or a rule the database keeps that the facts could not see): nothing is written.
        logger.warning("%s on %s collided in the database: %s", spec.name, target, collision)
        raise Conflict() from None
    hidden = {a.name for a in spec.args if a.sensitive}
    shown = {k: ("[dold / hidden]" if k in hidden else v) for k, v in facts.args.items()}
    person = actor if isinstance(actor, Person) else None
    record_refusal(organisation, person, spec.name, str(parsed), decision, shown, at)
    if first is not None:
        raise Conflict(decision, first)
    raise PolicyRefused(decision)


def _changed_since(
    organisation: Organisation, target: Target, obj: Any, seen: int | None
) -> int | None:
    """The latest decision about ``target`` after decision ``seen``, if any."""
    if seen is None:
        return None
    return (
        Entry.objects.filter(organisation=organisation, seq__gt=seen, target=log_label(target, obj))
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )


def _raise_if_changed(
    organisation: Organisation, target: Target, obj: Any, seen: int | None
) -> None:
    first = _changed_since(organisation, target, obj, seen)
    if first is not None:
        raise Conflict(None, first)


def _apply(
    organisation: Organisation,
    actor: Actor,
    spec: ActionSpec,
    target: Target,
    obj: Any,
    args: dict[str, Any],
    facts: Facts,
    decision: Decision,
) -> Done:
    """Run the handler and append the entry (inside ``perform``'s transaction and lock).

    A person's entry keeps who acted and the arguments in its personal payload; the
    system's keeps what its handler names, and its public part says what was done (a
    founding specification or thousands of import rows are never copied into the log)."""
    at = facts.at
    personal: dict[str, Any] | None
    if isinstance(actor, Person):
        outcome = spec.handler(Context(organisation, actor, at, decision, facts), obj, **args)
        actor_id: int | None = actor.pk
        personal = {
            "actor": actor.email,
            "actor_name": actor.name,
            "target": str(target),
            "args": _logged_args(spec, facts.args),
            **outcome.personal,
        }
    else:
        outcome = spec.handler(SystemContext(organisation, at, decision, facts), obj, **args)
        actor_id = None
        personal = dict(outcome.personal) or None
    entry = log.append(
        organisation,
        action=spec.name,
        target=log_label(target, obj),
        clauses=decision.clauses,
        actor_id=actor_id,
        role=decision.role or "consultant",
        effective_on=at,
        public=outcome.public,
        personal=personal,
        door=door.current(),
        locked=True,  # perform took the organisation lock before reading anything
    )
    return Done(decision, entry, outcome.result)


def _logged_args(spec: ActionSpec, args: Mapping[str, Any]) -> Mapping[str, Any]:
    """The arguments as the log's payload keeps them (``Arg.logged``)."""
    shapes = {a.name: a.logged for a in spec.args if a.logged is not None}
    if not shapes:
        return args
    return {k: (shapes[k](v) if k in shapes else v) for k, v in args.items()}


def record_refusal(
    organisation: Organisation,
    actor: Person | None,
    action_name: str,
    target: str,
    decision: Decision,
    args: Mapping[str, Any],
    at: date,
) -> Refusal:
    return records.add_refusal(
        organisation,
        recorded_at=timezone.now(),
        effective_on=at,
        actor_id=actor.pk if actor else None,
        action=action_name,
        target=target,
        clauses=",".join(decision.clauses),
        decider=decision.decider.email if decision.decider else "",
        reason=decision.reason_sv,
        args=log.jsonable(dict(args)),
    )


# --- arguments ---------------------------------------------------------------------------


def parse_args(
    organisation: Organisation, spec: ActionSpec, raw: Mapping[str, Any]
) -> dict[str, Any]:
    known = {a.name for a in spec.args}
    unknown = sorted(set(raw) - known)
    if unknown:
        expected = ", ".join(sorted(known)) or "none"
        raise InvalidInput(
            f"{spec.name} takes no argument {unknown[0]!r}; its arguments: {expected}", "args"
        )
    parsed: dict[str, Any] = {}
    for arg in spec.args:
        value = raw.get(arg.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if arg.required:
                raise InvalidInput("is required", arg.name)
            parsed[arg.name] = arg.default
            continue
        parsed[arg.name] = parse_value(organisation, arg, value)
        problem = arg.check(parsed[arg.name]) if arg.check is not None else None
        if problem:
            raise InvalidInput(problem, arg.name)
    return parsed


def parse_value(organisation: Organisation, arg: Arg, value: Any) -> Any:
    kind = arg.kind
    if kind == "text":
        text = str(value).strip()
        if len(text) > 5000:
            raise InvalidInput("is longer than 5000 characters", arg.name)
        if "\x00" in text:  # PostgreSQL's text holds no NUL: a DataError on writing
            raise InvalidInput("holds a NUL character (\\x00), which text may not", arg.name)
        return text
    if kind == "person":
        return find_person(organisation, value, arg.name)
    if kind == "area":
        return find_area(organisation, value, arg.name)
    if kind == "date":
        return parse_date(value, arg.name)
    if kind == "int":
        try:
            whole = int(str(value).strip())
        except ValueError:
            raise InvalidInput(f"{value!r} is not a whole number", arg.name) from None
        if not -(2**63) <= whole < 2**63:  # what a database integer holds
            raise InvalidInput(f"{value!r} is too large", arg.name)
        return whole
    if kind == "decimal":
        try:
            number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise InvalidInput(f"{value!r} is not a number", arg.name) from None
        if not number.is_finite():
            raise InvalidInput(f"{value!r} is not a number", arg.name)
        # Every amount is kept in kronor and öre: a third decimal would be rounded away.
        if number.as_tuple().exponent < -2 and number.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
            raise InvalidInput(f"{value!r} has more than two decimals (öre)", arg.name)
        return number
    if kind == "choice":
        text = str(value).strip()
        if text not in arg.choices:
            raise InvalidInput(f"{text!r} is not one of {', '.join(arg.choices)}", arg.name)
        return text
    if kind == "bool":
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "ja"}:
            return True
        if text in {"0", "false", "no", "nej"}:
            return False
        raise InvalidInput(f"{value!r} is not true or false", arg.name)
    if kind == "moves":
        return parse_moves(organisation, value, arg.name)
    if kind == "value":
        return value
    raise InvalidInput(f"unknown argument kind {kind!r}", arg.name)


def find_person(organisation: Organisation, value: Any, field_name: str) -> Person:
    if isinstance(value, Person):
        return value
    key = str(value)
    # A NUL names no one, and PostgreSQL refuses it in a query (DataError).
    person = None if "\x00" in key else person_in(organisation, key)
    if person is None:
        raise InvalidInput(f"there is no person {value!r} in {organisation.name}", field_name)
    return person


def find_area(organisation: Organisation, value: Any, field_name: str) -> BusinessArea:
    if isinstance(value, BusinessArea):
        return value
    slug = str(value).strip()
    # As for a person: a NUL names no area, and PostgreSQL refuses it in a query.
    area = (
        None
        if "\x00" in slug
        else rows.one(BusinessArea, "organisation_id = %s AND slug = %s", [organisation.pk, slug])
    )
    if area is None:
        raise InvalidInput(
            f"there is no business area {value!r} in {organisation.name}", field_name
        )
    return area


# The dates an argument may name. The law's arithmetic adds months and years to them (a
# probation's end, notice, retention), which must stay within what a date can hold.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


def parse_date(value: Any, field_name: str) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(f"{value!r} is not a date (YYYY-MM-DD)", field_name) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidInput(
            f"{day.isoformat()} is outside the dates Ansvar takes "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})",
            field_name,
        )
    return day


def parse_moves(organisation: Organisation, value: Any, field_name: str) -> list[dict[str, Any]]:
    if isinstance(value, str):
        # CLI form: "anna@example.se=opinion,erik@example.se=analys"
        items: list[Any] = []
        for part in value.split(","):
            person, sep, area = part.partition("=")
            if not sep:
                raise InvalidInput(f"{part!r} is not person=area", field_name)
            items.append({"person": person, "to_area": area})
        value = items
    if not isinstance(value, list) or not value:
        raise InvalidInput("must be a non-empty list of {person, to_area}", field_name)
    moves = []
    seen: set[int] = set()
    for i, item in enumerate(value):
        if not isinstance(item, Mapping) or {"person", "to_area"} - set(item):
            raise InvalidInput(f"move {i + 1} needs person and to_area", field_name)
        moved = find_person(organisation, item["person"], f"{field_name}[{i + 1}].person")
        if moved.pk in seen:
            raise InvalidInput(f"{moved.email} is moved twice", field_name)
        seen.add(moved.pk)
        to_area = find_area(organisation, item["to_area"], f"{field_name}[{i + 1}].to_area")
        moves.append({"person": moved, "to_area": to_area})
    return moves
