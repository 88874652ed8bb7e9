"""Evaluate a read rule: may this person open a page, or read what an entry says?

Read rules (``policy.rules.reads``) have no handler and write nothing: a read is not a
decision, so there is no log entry and no refusal record. The facts are built exactly as for
an action (``engine.facts.build_facts``), so the web, the CLI, the scenario runner and a
future API get the same Decision for the same reader, target and date.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone

from ansvar.engine.errors import InvalidInput
from ansvar.engine.facts import FactsCache, build_facts
from ansvar.engine.targets import Target, parse_target, resolve
from ansvar.org.models import Organisation, Person
from ansvar.policy.decision import Decision
from ansvar.policy.rules import RULES, evaluate


def may_read(
    organisation: Organisation,
    reader: Person,
    rule_name: str,
    target: str | Target = "org",
    args: Mapping[str, Any] | None = None,
    *,
    at: date | None = None,
    cache: FactsCache | None = None,
) -> Decision:
    """The read rule's Decision for ``reader`` on ``target`` as of ``at`` (default today).

    ``args`` are given as the rule reads them (``kind``: an entry's action; ``asker``: a
    Person). ``cache``: a page's shared facts for the same date, as for ``can``."""
    rule_ = RULES.get(rule_name)
    if rule_ is None or not rule_.reads:
        known = ", ".join(sorted(name for name, r in RULES.items() if r.reads))
        raise InvalidInput(f"unknown read rule {rule_name!r}; read rules: {known}", "rule")
    parsed = target if isinstance(target, Target) else parse_target(target)
    if parsed.kind != rule_.target:
        raise InvalidInput(f"{rule_name} reads a {rule_.target} target, not {parsed}", "target")
    if reader.organisation_id != organisation.pk:
        raise InvalidInput(f"{reader.email} does not belong to {organisation.name}", "reader")
    at = at or (cache.at if cache is not None else timezone.localdate())
    obj = _resolve(organisation, parsed, cache)
    facts = build_facts(
        organisation,
        actor=reader,
        action=rule_name,
        target_label=str(parsed),
        target_kind=parsed.kind,
        obj=obj,
        args=dict(args or {}),
        at=at,
        cache=cache,
    )
    return evaluate(facts)


def _resolve(organisation: Organisation, target: Target, cache: FactsCache | None) -> Any:
    if cache is None:
        return resolve(organisation, target)
    key = str(target)
    if key not in cache.objects:
        cache.objects[key] = resolve(organisation, target)
    return cache.objects[key]
