"""The rule check in process: Ansvar's rules against django-rules and pycasbin.

One organisation, one list of mixed queries — which person may ``add_work_group_member``,
``appoint_client_lead``, ``set_salary`` or ``veto_assignment`` on which target — and four
ways to answer them:

- ``ansvar_rule``: ``policy.rules.evaluate`` on ``Facts`` built beforehand (the rule alone);
- ``ansvar_facts``: ``engine.facts.build_facts`` from a primed ``FactsCache`` (no query) and
  then the rule, what a page pays per panel;
- ``django_rules``: the same four rights as predicates of the ``rules`` package (3.5);
- ``casbin``: pycasbin (2.8) with an RBAC-with-domains model: each target is a domain, who
  holds the right there is a role in it (the client's lead, the CEO, the person's line
  manager), and what the policy says about the case (the person added must be employed and
  not in the group yet, a veto needs an open window and a reason) is a function registered
  with the matcher, as casbin does attribute conditions.

The peers read the same organisation as plain dictionaries taken from the same snapshot
Ansvar's facts come from, and implement the policy as ``src/ansvar/policy/rules/`` states it
(``docs/policy.md``: KA3, VD2, VD5, AO3). Every answer must be the same as Ansvar's, or the
measure fails naming the first queries that differ.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from measures.base import CountQueries, each_timed, summary

ACTIONS = ("add_work_group_member", "appoint_client_lead", "set_salary", "veto_assignment")


@dataclass(frozen=True)
class Query:
    """One question: may ``actor`` do ``action`` on ``target`` with these arguments?"""

    actor: Any  # Person row
    action: str
    target: str  # label: client:<slug>, person:<email>, assignment:<id>
    obj: Any  # the row the target names
    args: dict[str, Any]  # parsed, as perform passes them to build_facts
    raw: dict[str, str]  # as a form or the API sends them, for engine.registry.can


# The organisation as the peers see it: plain values, no Ansvar type.
@dataclass(frozen=True)
class PersonRow:
    active: bool
    area: str | None
    is_ceo: bool
    manages: frozenset[str]
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class ClientRow:
    lead: str | None
    members: frozenset[str]
    status: str
    ended_on: date | None


@dataclass
class World:
    at: date
    ceo: str | None
    people: dict[str, PersonRow] = field(default_factory=dict)
    clients: dict[str, ClientRow] = field(default_factory=dict)
    area_managers: dict[str, str | None] = field(default_factory=dict)
    assignments: dict[str, tuple[str, date]] = field(default_factory=dict)  # status, closes

    def line_manager(self, email: str) -> str | None:
        """AO3: the area's manager; the CEO for an area manager or an area without one;
        nobody for the CEO (``policy.roles.line_manager``)."""
        person = self.people[email]
        if person.is_ceo:
            return None
        manager = self.area_managers.get(person.area) if person.area else None
        if person.manages or manager is None:
            return self.ceo
        return manager


@dataclass
class Snapshot:
    """Everything the four ways need, read once from the database."""

    organisation: Any
    at: date
    cache: Any  # engine.facts.FactsCache, primed with every person, client and area
    people: list[Any]
    clients: list[Any]
    assignments: list[Any]
    world: World


def snapshot(organisation: Any, at: date) -> Snapshot:
    from ansvar.engine.facts import FactsCache, assignment_status
    from ansvar.org.models import Assignment, BusinessArea, Client, Person
    from ansvar.org.selectors import with_proposer_employed_at_close

    cache = FactsCache(organisation, at)
    people = list(Person.objects.filter(organisation=organisation).order_by("pk"))
    facts = cache.people(people)
    clients = list(Client.objects.filter(organisation=organisation).order_by("pk"))
    cache.prime_clients(clients)
    areas = list(BusinessArea.objects.filter(organisation=organisation).order_by("pk"))
    for area in areas:
        cache.area_by_slug(area.slug)
    assignments = list(
        with_proposer_employed_at_close(
            Assignment.objects.filter(client__organisation=organisation)
        )
        .select_related("client", "proposed_by")
        .order_by("pk")
    )
    ceo = cache.ceo()
    world = World(at=at, ceo=ceo.email if ceo else None)
    for person in people:
        f = facts[person.pk]
        world.people[f.email] = PersonRow(
            f.active, f.area, f.is_ceo, f.manages, f.starts_on, f.employment_ends_on
        )
    for client in clients:
        c = cache.client(client)
        world.clients[c.slug] = ClientRow(
            c.lead.email if c.lead else None, frozenset(c.members), c.status, c.ended_on
        )
    for area in areas:
        a = cache.area_by_slug(area.slug)
        world.area_managers[area.slug] = a.manager.email if a and a.manager else None
    for assignment in assignments:
        world.assignments[f"assignment:{assignment.pk}"] = (
            assignment_status(assignment, at),
            assignment.window_closes_on,
        )
    return Snapshot(organisation, at, cache, people, clients, assignments, world)


def queries(snap: Snapshot, count: int, seed: int) -> list[Query]:
    """``count`` mixed questions, a quarter per action where the demo has targets for it:
    the one who holds the right about half the time, and arguments that are sometimes
    refused (a former employee, someone already in the group, an empty veto reason)."""
    rng = random.Random(seed)
    world = snap.world
    by_email = {p.email: p for p in snap.people}
    active = [p for p in snap.people if world.people[p.email].active]
    former = [p for p in snap.people if not world.people[p.email].active] or active
    managers = [p for p in active if world.people[p.email].manages] or active
    ceo = by_email[world.ceo] if world.ceo else active[0]
    leaving = [p for p in active if world.people[p.email].ends_on is not None] or active
    actions = [a for a in ACTIONS if a != "veto_assignment" or snap.assignments]
    out: list[Query] = []
    for i in range(count):
        action = actions[i % len(actions)]
        r = rng.random()
        if action in ("add_work_group_member", "appoint_client_lead"):
            client = rng.choice(snap.clients)
            row = world.clients[client.slug]
            if action == "add_work_group_member":
                actor = (
                    by_email[row.lead]
                    if r < 0.5 and row.lead
                    else ceo
                    if r < 0.65
                    else rng.choice(managers)
                    if r < 0.8
                    else rng.choice(snap.people)
                )
                s = rng.random()
                members = sorted(row.members)
                person = (
                    by_email[rng.choice(members)]
                    if s < 0.15 and members
                    else rng.choice(former)
                    if s < 0.22
                    else by_email[row.lead]
                    if s < 0.27 and row.lead
                    else rng.choice(active)
                )
            else:
                actor = ceo if r < 0.5 else rng.choice(snap.people)
                s = rng.random()
                person = (
                    by_email[row.lead]
                    if s < 0.1 and row.lead
                    else rng.choice(former)
                    if s < 0.2
                    else rng.choice(leaving)
                    if s < 0.25
                    else rng.choice(active)
                )
            out.append(
                Query(
                    actor,
                    action,
                    f"client:{client.slug}",
                    client,
                    {"person": person, "role": "member"}
                    if action == "add_work_group_member"
                    else {"person": person},
                    {"person": person.email},
                )
            )
        elif action == "set_salary":
            target = rng.choice(active) if rng.random() < 0.9 else rng.choice(snap.people)
            manager = world.line_manager(target.email)
            actor = (
                by_email[manager]
                if r < 0.5 and manager
                else target
                if r < 0.6
                else ceo
                if r < 0.7
                else rng.choice(snap.people)
            )
            out.append(
                Query(
                    actor,
                    action,
                    f"person:{target.email}",
                    target,
                    {"amount": Decimal("45000"), "effective_from": None},
                    {"amount": "45000"},
                )
            )
        else:
            assignment = rng.choice(snap.assignments)
            actor = ceo if r < 0.6 else rng.choice(snap.people)
            reason = "Inte nu." if rng.random() < 0.9 else "  "
            out.append(
                Query(
                    actor,
                    action,
                    f"assignment:{assignment.pk}",
                    assignment,
                    {"reason": reason},
                    {"reason": reason},
                )
            )
    return out


def ansvar_facts(snap: Snapshot) -> Callable[[Query], Any]:
    from ansvar.engine.facts import build_facts

    def build(q: Query) -> Any:
        return build_facts(
            snap.organisation,
            actor=q.actor,
            action=q.action,
            target_label=q.target,
            target_kind=q.target.partition(":")[0],
            obj=q.obj,
            args=q.args,
            at=snap.at,
            cache=snap.cache,
            details={},
        )

    return build


# --- django-rules ----------------------------------------------------------------------


def django_rules(world: World) -> Callable[[Query], bool]:
    """The four rights as ``rules`` predicates over (actor e-mail, query)."""
    import rules

    people, clients = world.people, world.clients

    @rules.predicate
    def actor_employed(actor: str, q: Query) -> bool:
        return people[actor].active

    @rules.predicate
    def is_ceo(actor: str, q: Query) -> bool:
        return actor == world.ceo

    @rules.predicate
    def leads_client(actor: str, q: Query) -> bool:
        # KA2: an ended collaboration has no lead left; P4: no lead, no right.
        c = clients[q.obj.slug]
        return c.ended_on is None and c.status == "active" and c.lead == actor

    @rules.predicate
    def client_not_ended(actor: str, q: Query) -> bool:
        return clients[q.obj.slug].ended_on is None

    @rules.predicate
    def named_employed(actor: str, q: Query) -> bool:
        return people[q.args["person"].email].active

    @rules.predicate
    def named_is_lead(actor: str, q: Query) -> bool:
        return clients[q.obj.slug].lead == q.args["person"].email

    @rules.predicate
    def named_in_group(actor: str, q: Query) -> bool:
        return q.args["person"].email in clients[q.obj.slug].members

    @rules.predicate
    def named_staying(actor: str, q: Query) -> bool:
        return people[q.args["person"].email].ends_on is None

    @rules.predicate
    def line_manager_of_target(actor: str, q: Query) -> bool:
        return actor != q.obj.email and world.line_manager(q.obj.email) == actor

    @rules.predicate
    def target_employed_or_hired(actor: str, q: Query) -> bool:
        target = people[q.obj.email]
        return target.active or target.starts_on is not None

    @rules.predicate
    def veto_window_open(actor: str, q: Query) -> bool:
        status, closes = world.assignments[q.target]
        return status == "proposed" and world.at < closes

    @rules.predicate
    def has_reason(actor: str, q: Query) -> bool:
        return bool(str(q.args.get("reason", "")).strip())

    ruleset = rules.RuleSet()
    # KA3, KA6: the lead appoints the work group from the whole firm.
    ruleset.add_rule(
        "add_work_group_member",
        actor_employed & leads_client & named_employed & ~named_is_lead & ~named_in_group,
    )
    # VD2, P4: the CEO appoints leads, to someone employed, staying, not the lead already.
    ruleset.add_rule(
        "appoint_client_lead",
        actor_employed
        & is_ceo
        & client_not_ended
        & named_employed
        & ~named_is_lead
        & named_staying,
    )
    # AO3: the line manager sets the salary, also of a hire before day one.
    ruleset.add_rule(
        "set_salary", actor_employed & line_manager_of_target & target_employed_or_hired
    )
    # VD5: the CEO vetoes a proposal within its window, with a reason.
    ruleset.add_rule("veto_assignment", actor_employed & is_ceo & veto_window_open & has_reason)

    def answer(q: Query) -> bool:
        return ruleset.test_rule(q.action, q.actor.email, q)

    return answer


# --- pycasbin --------------------------------------------------------------------------

CASBIN_MODEL = """
[request_definition]
r = sub, dom, act, arg

[policy_definition]
p = sub, dom, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && keyMatch(r.dom, p.dom) && r.act == p.act \
&& case_allows(r.sub, r.dom, r.act, r.arg)
"""


def casbin_enforcer(world: World) -> Callable[[Query], bool]:
    """RBAC with domains: roles per target (client_lead in client:X, line_manager in
    person:Y, ceo in every client's and assignment's), the case conditions as a matcher
    function."""
    import casbin

    model = casbin.Enforcer.new_model(text=CASBIN_MODEL)
    enforcer = casbin.Enforcer(model)
    enforcer.add_policies(
        [
            ["client_lead", "client:*", "add_work_group_member"],
            ["ceo", "client:*", "appoint_client_lead"],
            ["line_manager", "person:*", "set_salary"],
            ["ceo", "assignment:*", "veto_assignment"],
        ]
    )
    roles: list[list[str]] = []
    if world.ceo:
        # The CEO's role in every client's and assignment's domain (a domain pattern would
        # make casbin match every link against it on each request: slower, same answers).
        roles.extend([world.ceo, "ceo", f"client:{slug}"] for slug in world.clients)
        roles.extend([world.ceo, "ceo", label] for label in world.assignments)
    for slug, c in world.clients.items():
        if c.lead and c.status == "active" and c.ended_on is None:
            roles.append([c.lead, "client_lead", f"client:{slug}"])
    for email in world.people:
        manager = world.line_manager(email)
        if manager and manager != email:
            roles.append([manager, "line_manager", f"person:{email}"])
    enforcer.add_grouping_policies(roles)
    people, clients = world.people, world.clients

    def case_allows(actor: str, domain: str, action: str, arg: str) -> bool:
        if not people[actor].active:
            return False
        key = domain.partition(":")[2]
        if action == "add_work_group_member":
            c = clients[key]
            return people[arg].active and arg != c.lead and arg not in c.members
        if action == "appoint_client_lead":
            c = clients[key]
            named = people[arg]
            return c.ended_on is None and named.active and arg != c.lead and named.ends_on is None
        if action == "set_salary":
            target = people[key]
            return key != actor and (target.active or target.starts_on is not None)
        if action == "veto_assignment":
            status, closes = world.assignments[domain]
            return status == "proposed" and world.at < closes and bool(arg.strip())
        return False

    enforcer.add_function("case_allows", case_allows)

    def answer(q: Query) -> bool:
        arg = q.args.get("person")
        value = arg.email if arg is not None else str(q.args.get("reason", ""))
        return bool(enforcer.enforce(q.actor.email, q.target, q.action, value))

    return answer


def measure(organisation: Any, at: date, count: int, seed: int) -> dict[str, Any]:
    """Time the four ways over the same ``count`` queries; answers must all agree."""

    from ansvar.policy.rules import evaluate

    started = time.perf_counter()
    snap = snapshot(organisation, at)
    qs = queries(snap, count, seed)
    build = ansvar_facts(snap)
    prebuilt = [build(q) for q in qs]  # warms the cache's remaining rows too
    setup_seconds = time.perf_counter() - started

    ways: dict[str, Callable[[Any], bool]] = {}
    ways["ansvar_rule"] = lambda facts: evaluate(facts).allowed
    ways["ansvar_facts"] = lambda q: evaluate(build(q)).allowed
    started = time.perf_counter()
    ways["django_rules"] = django_rules(snap.world)
    rules_setup = time.perf_counter() - started
    started = time.perf_counter()
    ways["casbin"] = casbin_enforcer(snap.world)
    casbin_setup = time.perf_counter() - started

    results: dict[str, Any] = {}
    answers: dict[str, list[bool]] = {}
    for name, fn in ways.items():
        items: list[Any] = prebuilt if name == "ansvar_rule" else qs
        with CountQueries() as captured:
            times, said = each_timed(fn, items)
        results[name] = {**summary(times), "queries": len(captured)}
        answers[name] = said
    reference = answers["ansvar_rule"]
    for name, said in answers.items():
        differ = [i for i, (a, b) in enumerate(zip(reference, said, strict=True)) if a != b]
        if differ:
            shown = "; ".join(
                f"{qs[i].actor.email} {qs[i].action} {qs[i].target} {qs[i].raw}: "
                f"ansvar={reference[i]} {name}={said[i]}"
                for i in differ[:5]
            )
            raise AssertionError(
                f"{name} answers {len(differ)} of {len(qs)} queries otherwise: {shown}"
            )
    by_action = {
        a: {
            "queries": sum(1 for q in qs if q.action == a),
            "allowed": sum(1 for q, ok in zip(qs, reference, strict=True) if q.action == a and ok),
        }
        for a in ACTIONS
    }
    floor = results["ansvar_rule"]["p50_us"]
    for row in results.values():
        row["ratio_to_ansvar_rule"] = round(row["p50_us"] / floor, 2) if floor else None
    return {
        "queries": len(qs),
        "answers_equal": True,
        "allowed": sum(reference),
        "by_action": by_action,
        "setup_seconds": {
            "snapshot_and_facts": round(setup_seconds, 3),
            "django_rules": round(rules_setup, 4),
            "casbin": round(casbin_setup, 3),
        },
        "ways": results,
        "sample": qs,  # for the can measure; dropped before writing JSON
    }
