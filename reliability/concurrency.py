"""Concurrency: ``.venv/bin/python reliability/concurrency.py [--processes 8 --operations 1000]``.

``--processes`` processes, each with its own connection, start together and each attempts
``--operations`` decisions through the real action layer (``engine.registry.perform``, with
``seen=`` the last decision it read just before, as a page's form carries it), all of them in
conflict with the other processes':

- rival appointments of one client's lead (``kund-0``) and of one area's manager
  (``strategi``) by the CEO;
- one client lead adding and removing the same work-group member (``kund-1``);
- rival deputies of one client (``kund-2``) among its work group;
- the CEO's veto of a proposal against the lapse of its veto window (``lapse_proposals``, what
  ``ansvar tick`` runs), on proposals of ``kund-3`` from the past;
- a rotation moving one consultant (``strategi-0``) between areas against their appointment as
  the area's manager (in the rival appointments above);
- unrelated decisions: each process's own client lead recording collaboration decisions.

Every outcome must be a decision (``Done``), a refusal (``PolicyRefused``), input that no
longer fits (``InvalidInput``) or ``Conflict`` (someone else changed it just now); anything
else (an IntegrityError, 'database is locked', a deadlock) is an error and fails the run.
Afterwards: every area of responsibility has exactly one decision maker (the responsibility
map, ``who_decides`` and the holdings: one open holding each, and each holding's period ends
the day the next begins), at most one open work-group row per person and one deputy per
client, each proposal vetoed or lapsed at most once and as its status says, the decisions
committed are exactly the entries added, and the log is one contiguous chain that verifies.

The database as ``bench/run.py`` makes it (a temporary SQLite file with the product's
settings, several processes on it; or a throwaway PostgreSQL database with
``--database-url``). Prints a summary and writes the figures as JSON to
``reliability/results/`` (``--results-dir`` elsewhere); exits non-zero on any error or broken
invariant.
"""

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from queue import Empty
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

KINDS = (
    "appoint_lead",
    "appoint_manager",
    "work_group",
    "deputy",
    "veto",
    "tick",
    "rotation",
    "unrelated",
)
FIRST_PROPOSAL = date(2026, 1, 5)
WORK_GROUP_PERSON = "analys-5"
DEPUTIES = ("analys-2", "analys-3", "analys-4")
ROTATED = "strategi-0"


def prepare(processes: int, proposals: int) -> Any:
    """The firm, the deputies' work group and the proposals to veto or lapse."""
    from ansvar.engine.registry import perform
    from ansvar.org.models import Person

    org = common.firm(clients=4 + processes)
    lead = {
        c: Person.objects.get(organisation=org, email=common.email(f"lead-{c}")) for c in (2, 3)
    }
    for name in DEPUTIES:
        perform(
            org, lead[2], "add_work_group_member", "client:kund-2", {"person": common.email(name)}
        )
    for i in range(proposals):
        perform(
            org,
            lead[3],
            "propose_assignment",
            "client:kund-3",
            {"title": f"Uppdrag {i}"},
            at=FIRST_PROPOSAL + timedelta(days=3 * i),
        )
    return org


def worker(w: int, org_id: int, operations: int, seed: int, barrier: Any, results: Any) -> None:
    """One process's attempts; puts (outcome counts, decisions committed, errors) on results."""
    from django.db import connections

    connections.close_all()  # never the parent's connection
    try:
        _attempts(w, org_id, operations, seed, barrier, results)
    except BaseException:
        barrier.abort()  # the others stop waiting; this process's report is missing
        raise


def _attempts(w: int, org_id: int, operations: int, seed: int, barrier: Any, results: Any) -> None:
    from django.db import connections, transaction
    from django.utils import timezone

    from ansvar.clients.actions import lapse_proposals
    from ansvar.decisions.models import Entry
    from ansvar.engine import registry
    from ansvar.engine.errors import Conflict, InvalidInput, PolicyRefused
    from ansvar.org.models import (
        AreaMembership,
        Assignment,
        Organisation,
        Person,
        WorkGroupMembership,
    )

    committed = [0]

    def count(sender: Any, done: Any, **kwargs: Any) -> None:
        transaction.on_commit(lambda: committed.__setitem__(0, committed[0] + 1))

    registry.decision_made.connect(count, weak=False)
    org = Organisation.objects.get(pk=org_id)
    people = {p.email: p for p in Person.objects.filter(organisation=org)}

    def person(name: str) -> Any:
        return people[common.email(name)]

    ceo = person("vd")
    today = timezone.localdate()
    strategi = [f"strategi-{i}" for i in range(8)] + ["chef-strategi"]
    proposals = list(
        Assignment.objects.filter(client__slug="kund-3", organisation=org)
        .order_by("pk")
        .values_list("pk", "window_closes_on")
    )
    own = f"kund-{4 + w}"
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    errors: list[str] = []

    def attempt(kind: str) -> None:
        seen = (
            Entry.objects.filter(organisation=org)
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        )
        if kind == "appoint_lead":
            who = rng.choice([*strategi[1:], "lead-0"])
            registry.perform(
                org,
                ceo,
                "appoint_client_lead",
                "client:kund-0",
                {"person": common.email(who)},
                seen=seen,
            )
        elif kind == "appoint_manager":
            who = rng.choice(strategi)
            registry.perform(
                org,
                ceo,
                "appoint_area_manager",
                "area:strategi",
                {"person": common.email(who)},
                seen=seen,
            )
        elif kind == "work_group":
            member = WorkGroupMembership.objects.filter(
                client__slug="kund-1", person=person(WORK_GROUP_PERSON), valid_to__isnull=True
            ).exists()
            action = "remove_work_group_member" if member else "add_work_group_member"
            registry.perform(
                org,
                person("lead-1"),
                action,
                "client:kund-1",
                {"person": common.email(WORK_GROUP_PERSON)},
                seen=seen,
            )
        elif kind == "deputy":
            registry.perform(
                org,
                person("lead-2"),
                "set_deputy",
                "client:kund-2",
                {"person": common.email(rng.choice(DEPUTIES))},
                seen=seen,
            )
        elif kind == "veto":
            pk, closes = rng.choice(proposals)
            registry.perform(
                org,
                ceo,
                "veto_assignment",
                f"assignment:{pk}",
                {"reason": "Nej"},
                at=closes - timedelta(days=1),
                seen=seen,
            )
        elif kind == "tick":
            _, closes = rng.choice(proposals)
            lapse_proposals(org, closes)
        elif kind == "rotation":
            now = (
                AreaMembership.objects.filter(person=person(ROTATED), valid_to__isnull=True)
                .values_list("area__slug", flat=True)
                .first()
            )
            to = "analys" if now == "strategi" else "strategi"
            registry.perform(
                org,
                ceo,
                "decide_rotation",
                "org",
                {
                    "moves": [{"person": common.email(ROTATED), "to_area": to}],
                    "effective_from": today.isoformat(),
                },
                seen=seen,
            )
        else:
            registry.perform(
                org,
                person(f"lead-{4 + w}"),
                "record_collaboration_decision",
                f"client:{own}",
                {"summary": "Fortsätter"},
                seen=seen,
            )

    barrier.wait(timeout=300)
    started = time.perf_counter()
    for j in range(operations):
        kind = KINDS[(j + w + rng.randrange(len(KINDS))) % len(KINDS)]
        try:
            attempt(kind)
            outcome = "Done"
        except Conflict:
            outcome = "Conflict"
        except PolicyRefused:
            outcome = "PolicyRefused"
        except InvalidInput:
            outcome = "InvalidInput"
        except Exception as exc:  # every other outcome is the harness's finding
            outcome = "error"
            errors.append(f"{kind}: {type(exc).__name__}: {exc}\n{traceback.format_exc()[-1500:]}")
        outcomes[outcome] += 1
        by_kind[kind][outcome] += 1
    seconds = time.perf_counter() - started
    connections.close_all()
    results.put(
        {
            "worker": w,
            "outcomes": dict(outcomes),
            "by_kind": {k: dict(v) for k, v in by_kind.items()},
            "committed": committed[0],
            "errors": errors[:20],
            "error_count": len(errors),
            "seconds": round(seconds, 2),
        }
    )


def invariants(org: Any) -> dict[str, Any]:
    """What must hold however the attempts interleaved."""
    from django.db.models import Count
    from django.utils import timezone

    from ansvar.decisions.models import Entry
    from ansvar.engine.targets import parse_target
    from ansvar.org.models import Assignment, Holding, WorkGroupMembership
    from ansvar.org.responsibility import responsibility_map, unowned, who_decides

    today = timezone.localdate()
    rows = responsibility_map(org, today)
    problems: list[str] = []
    problems += [f"no decision maker: {r.target}" for r in unowned(org, today)]
    for target in ("client:kund-0", "area:strategi", "org"):
        deciders = [r.holder for r in who_decides(org, parse_target(target), today)]
        if len(deciders) != 1 or deciders[0] is None:
            problems.append(f"who_decides {target}: {deciders}")
    by_area: dict[tuple[str, Any, Any], list[Holding]] = {}
    for h in Holding.objects.filter(organisation=org).order_by("pk"):
        by_area.setdefault((h.kind, h.area_id, h.client_id), []).append(h)
    for key, held in by_area.items():
        open_rows = [h for h in held if h.valid_to is None]
        if len(open_rows) != 1:
            problems.append(f"{key}: {len(open_rows)} open holdings")
        for before, after in pairwise(held):
            if before.valid_to != after.valid_from:
                problems.append(
                    f"{key}: holding {before.pk} ends {before.valid_to}, "
                    f"the next ({after.pk}) begins {after.valid_from}"
                )
    doubled = (
        WorkGroupMembership.objects.filter(client__organisation=org, valid_to__isnull=True)
        .values("client", "person")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    problems += [f"open work-group rows twice: {d}" for d in doubled]
    deputies = (
        WorkGroupMembership.objects.filter(
            client__organisation=org, valid_to__isnull=True, role="deputy"
        )
        .values("client")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    problems += [f"two deputies: {d}" for d in deputies]
    settled = Counter[str]()
    for a in Assignment.objects.filter(organisation=org, client__slug="kund-3"):
        entries = Counter(
            Entry.objects.filter(
                organisation=org,
                target=f"assignment:{a.pk}",
                action__in=("veto_assignment", "lapse_proposal"),
            ).values_list("action", flat=True)
        )
        settled[a.status] += 1
        expected = {"vetoed": {"veto_assignment": 1}, "active": {"lapse_proposal": 1}}
        if dict(entries) != expected.get(a.status, {}):
            problems.append(f"assignment {a.pk} is {a.status}, log says {dict(entries)}")
    return {
        "areas_of_responsibility": len(rows),
        "without_decision_maker": sum(1 for r in rows if r.holder is None),
        "holdings": sum(len(v) for v in by_area.values()),
        "proposals": dict(settled),
        "problems": problems[:50],
        "problem_count": len(problems),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--operations", type=int, default=1000, help="attempts a process")
    parser.add_argument(
        "--proposals", type=int, default=60, help="proposals to veto or lapse (default 60)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:5432/name: run in a throwaway database next to NAME",
    )
    parser.add_argument("--results-dir", type=Path, help="default reliability/results/")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, vendor: str) -> dict[str, Any]:
    from django.db import connections

    from ansvar.decisions.models import Entry

    org = prepare(args.processes, args.proposals)
    pragmas = common.sqlite_pragmas()
    before = Entry.objects.filter(organisation=org).count()
    connections.close_all()  # the processes forked below open their own
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.processes)
    queue = context.Queue()
    procs = [
        context.Process(
            target=worker,
            args=(w, org.pk, args.operations, args.seed * 1000 + w, barrier, queue),
        )
        for w in range(args.processes)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    reports: list[dict[str, Any]] = []
    while len(reports) < len(procs):
        try:
            reports.append(queue.get(timeout=2))
        except Empty:
            if not any(p.is_alive() for p in procs) and queue.empty():
                break  # a process died without its report: counted as failed below
    for p in procs:
        p.join()
    wall = time.perf_counter() - started
    reports.sort(key=lambda r: r["worker"])
    outcomes: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    for r in reports:
        outcomes.update(r["outcomes"])
        for k, v in r["by_kind"].items():
            by_kind[k].update(v)
    committed = sum(r["committed"] for r in reports)
    checks = common.chain_checks(org)
    found = invariants(org)
    added = checks["entries"] - before
    errors = sum(r["error_count"] for r in reports)
    ok = (
        errors == 0
        and found["problem_count"] == 0
        and common.chain_ok(checks)
        and committed == added
        and len(reports) == len(procs)
        and all(p.exitcode == 0 for p in procs)
    )
    return {
        "harness": "concurrency",
        "database": vendor,
        "settings": pragmas,
        "processes": args.processes,
        "operations_each": args.operations,
        "proposals": args.proposals,
        "attempts": sum(outcomes.values()),
        "outcomes": dict(outcomes),
        "by_kind": {k: dict(v) for k, v in by_kind.items()},
        "errors": errors,
        "error_samples": [e for r in reports for e in r["errors"]][:10],
        "decisions_committed": committed,
        "entries_added": added,
        **checks,
        "invariants": found,
        "wall_seconds": round(wall, 1),
        "attempts_per_second": round(sum(outcomes.values()) / wall, 1),
        "seed": args.seed,
        "ok": ok,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ansvar-concurrency-") as tmp:
        vendor, _, teardown = common.start(args.database_url, Path(tmp))
        try:
            result = run(args, vendor)
        finally:
            from django.db import connections

            connections.close_all()
            teardown()
    path = common.write_result("concurrency", result, args.results_dir)
    o = result["outcomes"]
    print(
        f"concurrency [{vendor}]: {args.processes} processes x {args.operations} attempts: "
        f"{o.get('Done', 0)} done, {o.get('PolicyRefused', 0)} refused, "
        f"{o.get('InvalidInput', 0)} invalid input, {o.get('Conflict', 0)} conflicts, "
        f"{result['errors']} errors; {result['invariants']['problem_count']} broken "
        f"invariants; chain of {result['entries']} entries contiguous="
        f"{result['seq_contiguous']} verify={result['verify_ok']} "
        f"({result['wall_seconds']:.0f} s)"
    )
    for sample in result["error_samples"][:3]:
        print("  error:", sample.splitlines()[0])
    for problem in result["invariants"]["problems"][:5]:
        print("  broken:", problem)
    print(f"  -> {path}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
