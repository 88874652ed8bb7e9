"""`can` and `perform` always agree (one answer whatever the door).

Over a generated mix of actors, actions, targets, arguments and dates on the demo
organisation (and the edge cases the mix makes as it goes: hires before their first day,
notices running, people who have left, areas whose manager has left), every attempt is first
asked with ``can`` and then carried out with ``perform``. Both must say the same: allowed
(and then the entry cites the same clauses), refused with the same clauses, or malformed
input naming the same field. Allowed attempts are kept now and then, so the organisation
changes under the mix.

ANSVAR_AGREEMENT_ATTEMPTS sets the number of attempts: 2,500 in the suite (about a minute and
a half); the full run is ``ANSVAR_AGREEMENT_ATTEMPTS=10000 make pytest`` (see README).
"""

import os
import random
import string
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from ansvar import demo
from ansvar.accounts.actions import found_first_administrator
from ansvar.clients.models import CriticismReport, WorkItem
from ansvar.engine.actor import SYSTEM
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.registry import ACTIONS, ActionSpec, Arg, can, perform
from ansvar.engine.targets import Target
from ansvar.org.models import Assignment, BusinessArea, Client, Holding, Person
from ansvar.org.responsibility import who_decides
from ansvar.org.selectors import active_people
from ansvar.people.models import Candidate, CoachingRequest, Position
from ansvar.webhooks.models import Endpoint

TODAY = date(2026, 11, 2)
ATTEMPTS = int(os.environ.get("ANSVAR_AGREEMENT_ATTEMPTS", "2500"))
KEEP = 0.35  # share of allowed attempts whose effect is kept


class World:
    """What the generator draws from, re-read after each kept decision."""

    def __init__(self, org: Any) -> None:
        self.org = org
        self.refresh()

    def refresh(self) -> None:
        org = self.org
        self.people = list(Person.objects.filter(organisation=org).order_by("pk"))
        self.areas = list(BusinessArea.objects.filter(organisation=org).order_by("pk"))
        self.clients = list(Client.objects.filter(organisation=org).order_by("pk"))
        self.assignments = list(
            Assignment.objects.filter(client__organisation=org).values_list("pk", flat=True)
        )
        self.criticism = list(
            CriticismReport.objects.filter(client__organisation=org).values_list("pk", flat=True)
        )
        self.positions = list(
            Position.objects.filter(organisation=org).values_list("pk", flat=True)
        )
        self.candidates = list(
            Candidate.objects.filter(position__organisation=org).values_list("pk", flat=True)
        )
        self.requests = list(
            CoachingRequest.objects.filter(organisation=org).values_list("pk", flat=True)
        )
        self.work_items = list(
            WorkItem.objects.filter(organisation=org).values_list("pk", flat=True)
        )
        self.endpoints = list(
            Endpoint.objects.filter(organisation=org).values_list("pk", flat=True)
        )


def _text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return ""
    if roll < 0.07:
        return "x" * 5001
    return "".join(rng.choice(string.ascii_letters + " åäö") for _ in range(rng.randint(1, 40)))


def _id(rng: random.Random, ids: list[int]) -> Any:
    if ids and rng.random() < 0.85:
        return rng.choice(ids)
    return rng.choice([0, 999_999, "sju", -3, 2**70])


def _value(rng: random.Random, w: World, spec: ActionSpec, arg: Arg, at: date) -> Any:
    if rng.random() < 0.03:
        return rng.choice(["", "nonsense", "2026-02-30", "-1"])
    kind, name = arg.kind, arg.name
    if kind == "person":
        return rng.choice(w.people).email if rng.random() < 0.95 else "nobody@example.se"
    if kind == "area":
        return rng.choice(w.areas).slug if rng.random() < 0.95 else "no-such-area"
    if kind == "date":
        return (at + timedelta(days=rng.randint(-120, 40))).isoformat()
    if kind == "decimal":
        return str(rng.choice([-5, 0, 1, 38_000, 52_500, 10**13]))
    if kind == "choice":
        return rng.choice(arg.choices)
    if kind == "bool":
        return rng.choice(["ja", "nej"])
    if kind == "moves":
        moves = rng.sample(w.people, k=rng.randint(1, 2))
        return [{"person": p.email, "to_area": rng.choice(w.areas).slug} for p in moves]
    if kind == "int":
        pools = {
            "position": w.positions,
            "candidate": w.candidates,
            "request": w.requests,
            "work_item": w.work_items,
            "endpoint": w.endpoints,
        }
        if name in pools:
            return _id(rng, pools[name])
        return rng.choice([0, 1, 3, 6, 7, 12])
    if name in {"email"}:
        return rng.choice(
            [f"ny{rng.randint(1, 10**6)}@example.se", rng.choice(w.people).email, "inte-en-adress"]
        )
    if name == "url":
        return rng.choice(["https://hooks.example.se/ansvar", "http://127.0.0.1:8080/h", "ftp://x"])
    if name == "events":
        return rng.choice(["decision", "duty_overdue", "decision,duty_overdue", "alla"])
    if name == "actions" and spec.name.endswith("_webhook"):
        return rng.choice(["", "hire,give_notice", "hyr"])
    if name == "slug":
        return rng.choice(["nytt-omrade", w.areas[0].slug, "Inte En Slug", "ny-kund"])
    if name == "month":
        return rng.choice(["2026-10", "2026-13", f"{at:%Y-%m}"])
    if name == "name" and spec.name == "set_policy_parameter":
        return rng.choice(["veto_window_workdays", "no_such_parameter"])
    if name == "value" and spec.name == "set_policy_parameter":
        return rng.choice(["3", "-1", "many"])
    return _text(rng)


def _target(rng: random.Random, w: World, kind: str) -> str:
    if kind == "org":
        return "org"
    if kind == "area":
        return f"area:{rng.choice(w.areas).slug}"
    if kind == "client":
        return f"client:{rng.choice(w.clients).slug}"
    if kind == "person":
        return f"person:{rng.choice(w.people).email}"
    ids = w.assignments if kind == "assignment" else w.criticism
    return f"{kind}:{rng.choice(ids) if ids else 1}"


def _actor(rng: random.Random, w: World, spec: ActionSpec) -> Any:
    if spec.system:
        return SYSTEM if rng.random() < 0.2 else rng.choice(w.people)
    # The first people hold the CEO's and the managers' roles: draw them more often.
    if rng.random() < 0.05:
        return SYSTEM
    return rng.choice(w.people[:8] if rng.random() < 0.5 else w.people)


def _decider(
    org: Any, w: World, actor: Any, spec: ActionSpec, target: str, args: Any, at: date
) -> Any:
    try:
        decision = can(org, actor, spec.name, target, args, at=at)
    except InvalidInput:
        return None
    if decision.allowed or decision.decider is None:
        return None
    return next((p for p in w.people if p.email == decision.decider.email), None)


def _answer(call: Any) -> tuple[str, tuple[str, ...] | str]:
    try:
        result = call()
    except PolicyRefused as refused:
        return "refused", tuple(refused.decision.clauses)
    except InvalidInput as invalid:
        return "invalid", invalid.field
    decision = getattr(result, "decision", result)
    if not decision.allowed:
        return "refused", tuple(decision.clauses)
    return "allowed", tuple(decision.clauses)


# The system's own bulk steps take a Python value built by founding or import code, not
# input anyone types; they are tried by people (always refused) but not generated.
GENERATED_SYSTEM = {
    "lapse_proposal",
    "erase_candidate_data",
    "erase_talk_notes",
    "erase_coaching_texts",
    "erase_personal_data",
}


@pytest.mark.django_db
def test_can_and_perform_agree_on_every_action() -> None:
    rng = random.Random(9)
    org = demo.load(people=45, seed=3, today=TODAY)
    found_first_administrator(org, Person.objects.filter(organisation=org)[3], TODAY)
    w = World(org)
    names = sorted(ACTIONS)
    seen: Counter[tuple[str, str]] = Counter()
    disagreements: list[str] = []
    for n in range(ATTEMPTS):
        spec = ACTIONS[rng.choice(names)]
        actor = _actor(rng, w, spec)
        if spec.system and actor is SYSTEM and spec.name not in GENERATED_SYSTEM:
            actor = rng.choice(w.people)
        at = TODAY + timedelta(days=rng.choice([0, 0, 0, 1, 7, 30, 90, 200, -1, -30]))
        target = _target(rng, w, spec.target)
        args = {
            a.name: _value(rng, w, spec, a, at)
            for a in spec.args
            if a.kind != "value" and (a.required or rng.random() < 0.6) and rng.random() > 0.02
        }
        if actor is not SYSTEM and rng.random() < 0.6:
            # Most attempts come from the one who decides: the refusal names them.
            actor = _decider(org, w, actor, spec, target, args, at) or actor
        asked = _answer(lambda: can(org, actor, spec.name, target, args, at=at))  # noqa: B023
        keep = rng.random() < KEEP
        with transaction.atomic():
            sid = transaction.savepoint_create()
            done = _answer(lambda: perform(org, actor, spec.name, target, args, at=at))  # noqa: B023
            if done[0] == "allowed" and keep:
                transaction.savepoint_commit(sid)
            else:
                transaction.savepoint_rollback(sid)
        seen[(spec.name, done[0])] += 1
        if asked != done:
            who = getattr(actor, "email", "system")
            disagreements.append(
                f"#{n} {spec.name} {target} by {who} on {at} {args}: can {asked}, perform {done}"
            )
        if done[0] == "allowed" and keep:
            w.refresh()
    assert not disagreements, "\n".join(disagreements[:25]) + f"\n({len(disagreements)} in all)"
    # The mix reaches every action, and most actions both ways.
    person_actions = [n for n in names if not ACTIONS[n].system]
    assert all(seen[(n, "refused")] for n in names), sorted(
        n for n in names if not seen[(n, "refused")]
    )
    never_allowed = sorted(n for n in person_actions if not seen[(n, "allowed")])
    assert len(never_allowed) <= len(person_actions) // 4, never_allowed


@pytest.mark.django_db
def test_who_decides_names_the_line_manager_the_rules_name() -> None:
    """``who-decides person:X`` and the AO3 rule name the same person for everyone: the CEO
    (the board: nobody in Ansvar), area managers, consultants, a hire before day one."""
    org = demo.load(people=45, seed=3, today=TODAY)
    people = list(Person.objects.filter(organisation=org).order_by("email"))
    area = BusinessArea.objects.filter(organisation=org).exclude(slug="ledning").first()
    assert area is not None
    manager = who_decides(org, Target("area", area.slug), TODAY)[0].holder
    perform(
        org,
        manager,
        "hire",
        f"area:{area.slug}",
        {"name": "Ny Anställd", "email": "ny@example.se", "starts_on": TODAY + timedelta(30)},
        at=TODAY,
    )
    people.append(Person.objects.get(organisation=org, email="ny@example.se"))
    # Someone employed today who holds nothing (not someone who has left: the rules refuse
    # a former employee everything, naming nobody).
    employed = set(active_people(org, TODAY).values_list("pk", flat=True))
    consultant = next(
        p
        for p in people
        if p.pk in employed
        and not Holding.objects.filter(person=p, valid_to__isnull=True).exists()
        and p.email != "ny@example.se"
    )
    checked = 0
    for person in people:
        target = f"person:{person.email}"
        try:
            (answer,) = who_decides(org, Target("person", person.email), TODAY)
        except InvalidInput:
            continue  # left: in no area
        decision = can(org, consultant, "set_salary", target, {"amount": "40000"}, at=TODAY)
        # The consultant is nobody's manager: the refusal names the one who decides.
        assert not decision.allowed
        decider = decision.decider
        expected = answer.holder.email if answer.holder else None
        assert (decider.email if decider else None) == expected, (person.email, answer)
        checked += 1
    assert checked >= 40
