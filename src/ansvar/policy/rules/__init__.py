"""One named rule per decision right of the policy: facts in, Decision out.

Every action has exactly one rule. A rule never reads the database and never raises for a
policy reason: it returns a refused Decision that names the clause and the single person
who does decide. The rules live by target kind (``client``, ``org``, ``area``, ``person``,
``separation``), ``accounts`` has those of technical administration (``webhooks`` those of
the endpoints for other systems), ``system`` the system's own steps and ``reads`` the read
rules (who may see a page or a log entry);
importing this package registers them all in ``RULES``, keyed by
``ansvar.policy.actions.ActionName``.
"""

from ansvar.policy.rules import (
    accounts,
    area,
    client,
    org,
    person,
    reads,
    separation,
    system,
    webhooks,
)
from ansvar.policy.rules.registry import RULES, Rule, RuleFn, evaluate, rule

__all__ = [
    "RULES",
    "Rule",
    "RuleFn",
    "accounts",
    "area",
    "client",
    "evaluate",
    "org",
    "person",
    "reads",
    "rule",
    "separation",
    "system",
    "webhooks",
]
