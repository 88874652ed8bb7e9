"""Soak: simulated users of every role against ``ansvar serve`` for a while, then the log.

``python reliability/soak.py --minutes 10 --users 20`` builds a demo organisation in a fresh
database (the bench's ``run.setup``: a temporary SQLite file, or with ``--database-url`` a
throwaway PostgreSQL database next to the one named), starts ``ansvar serve`` as the bench
does (``bench/measures/http.py``: gunicorn, its two workers, production settings, after
collectstatic, on a free loopback port) and runs locust headless from a second process with
``--users`` users (``reliability/soak_users.py``: consultants, client leads, area managers,
the CEO and a technical administrator), each logging in, browsing their pages and posting
decisions the policy allows them and some it refuses.

It passes when: no request failed (``soak_users.py`` says what counts), the 95th percentile
of all answers is at most ``--p95-ms`` (300), the workers' resident memory grew by at most
20 % from the end of the warm-up (every user arrived and logged in, and at least the first
tenth of the run; the memory right after the start is reported too) to the end, and
afterwards the log holds exactly the decisions the users counted as written (the same
numbers) and its chain verifies
(``decisions.log.verify``). The figures go to a JSON file (``--out``); the exit status is 0
only when every check passed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "bench"))

# The roles of the simulated users, in turn: mostly consultants, as in the firm.
ROLES = (
    "consultant",
    "client_lead",
    "consultant",
    "area_manager",
    "consultant",
    "client_lead",
    "ceo",
    "technical_admin",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--people", type=int, default=200, help="demo size (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:5432/name: run in a throwaway database next to NAME",
    )
    parser.add_argument("--p95-ms", type=float, default=300.0)
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds before a request has failed"
    )
    parser.add_argument("--max-growth", type=float, default=0.20, help="of worker RSS")
    parser.add_argument("--out", type=Path, help="the JSON (default reliability/results/)")
    args = parser.parse_args(argv)
    if args.users < len(set(ROLES)):
        parser.error(f"--users: at least {len(set(ROLES))}, one of each role")
    if args.minutes <= 0:
        parser.error("--minutes: more than 0")
    return args


def _people(org: Any, at: Any) -> dict[str, list[Any]]:
    """Who plays each role: people with a log-in who hold that role today (a consultant
    holds nothing), each list in a fixed order."""
    from ansvar.accounts.actions import found_first_administrator
    from ansvar.accounts.models import TechnicalAdministrator
    from ansvar.org.models import Holding, Person
    from ansvar.org.selectors import valid_on

    held = Holding.objects.filter(valid_on(at), organisation=org).select_related(
        "person", "area", "client"
    )
    employed = Person.objects.filter(
        organisation=org, user__isnull=False, user__is_active=True
    ).order_by("pk")
    ceo = held.get(kind=Holding.Kind.CEO).person
    managers = [h for h in held.filter(kind=Holding.Kind.AREA_MANAGER) if h.person != ceo]
    manager_ids = {h.person_id for h in managers} | {ceo.pk}
    leads = [
        h for h in held.filter(kind=Holding.Kind.CLIENT_LEAD) if h.person_id not in manager_ids
    ]
    holding = set(held.values_list("person_id", flat=True))
    current = TechnicalAdministrator.objects.filter(organisation=org, valid_to__isnull=True)
    if not current.exists():
        # The demo names none: the first is named on the server, as `ansvar admin` does.
        first = next(p for p in employed if p.pk not in holding)
        found_first_administrator(org, first, at)
    admins = [t.person for t in current.select_related("person").order_by("pk")]
    holders = holding | {p.pk for p in admins}
    return {
        "ceo": [ceo],
        "area_manager": sorted(managers, key=lambda h: h.pk),
        "client_lead": sorted(leads, key=lambda h: h.pk),
        "consultant": [p for p in employed if p.pk not in holders],
        "technical_admin": admins,
    }


def plan(org: Any, users: int) -> dict[str, Any]:
    """Each simulated user: a person, their pages and their posts (allowed and refused),
    every post checked with ``can`` first, so the plan expects what the rules answer."""
    from django.utils import timezone

    from ansvar.demo import DEMO_PASSWORD
    from ansvar.engine.registry import can
    from ansvar.org.models import AreaMembership
    from ansvar.org.selectors import valid_on

    at = timezone.localdate()
    cast = _people(org, at)
    taken: dict[str, int] = {}
    clients = list(org.clients.order_by("pk"))
    out = []
    for i in range(users):
        role = ROLES[i % len(ROLES)]
        pool = cast[role]
        if not pool:
            raise SystemExit(f"the demo has nobody in the role {role}; take more --people")
        n = taken.get(role, 0)
        taken[role] = n + 1
        held = pool[n % len(pool)]
        person = held if role in ("ceo", "consultant", "technical_admin") else held.person
        area = (
            AreaMembership.objects.filter(valid_on(at), person=person)
            .select_related("area")
            .first()
        )
        assert area is not None, person.email
        own_area = area.area
        colleague = (
            AreaMembership.objects.filter(valid_on(at), area=own_area)
            .exclude(person=person)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        other_member = (
            AreaMembership.objects.filter(valid_on(at), area__organisation=org)
            .exclude(area=own_area)
            .exclude(person=person)
            .exclude(person__in=[h.person_id for h in cast["area_manager"]])
            .select_related("person")
            .order_by("pk")
            .first()
        )
        assert colleague is not None and other_member is not None
        me = f"person:{person.email}"
        pages = ["/", f"/personer/{person.email}/", "/ataganden/", "/kunder/", "/ansvarskarta/",
                 "/beslutslogg/", "/aviseringar/", "/kalender/", "/coachning/",
                 f"/omraden/{own_area.slug}/", f"/personer/{colleague.person.email}/",
                 f"/kunder/{clients[i % len(clients)].slug}/"]  # fmt: skip
        posts: list[tuple[str, str, dict[str, str], bool]] = [
            # Nobody but the line manager sets a salary (AO3): a colleague's is refused.
            ("set_salary", f"person:{other_member.person.email}", {"amount": "45000"}, False),
        ]
        if role == "consultant":
            posts += [("set_skill", me, {"name": f"Soak {i}", "level": "3"}, True)]
        elif role == "client_lead":
            client = held.client
            pages.append(f"/kunder/{client.slug}/")
            other = next(c for c in clients if c.pk != client.pk)
            work = {"assignee": person.email, "title": f"Soak {i}"}
            posts += [
                ("assign_work_item", f"client:{client.slug}", work, True),
                ("report_criticism", f"client:{client.slug}", {"summary": f"Soak {i}"}, True),
                # Only the client's lead directs its work (KA1).
                ("assign_work_item", f"client:{other.slug}", work, False),
            ]
        elif role == "area_manager":
            own_area = held.area
            pages.append(f"/omraden/{own_area.slug}/")
            member = (
                AreaMembership.objects.filter(valid_on(at), area=own_area)
                .exclude(person=person)
                .select_related("person")
                .order_by("pk")
                .first()
            )
            assert member is not None
            pages.append(f"/personer/{member.person.email}/")
            posts += [
                ("set_salary", f"person:{member.person.email}", {"amount": "47000"}, True),
                ("open_position", f"area:{own_area.slug}", {"title": f"Soak {i}"}, True),
            ]
        elif role == "ceo":
            pages += ["/vd/", "/vd/siffror/", "/vd/signaler/", "/beslutslogg/nekade/"]
            posts += [
                # The CEO is the area managers' line manager (AO3).
                ("set_salary", f"person:{cast['area_manager'][0].person.email}",
                 {"amount": "60000"}, True),
                # The CEO does not direct a client's work (P7).
                ("assign_work_item", f"client:{clients[0].slug}",
                 {"assignee": person.email, "title": "Soak"}, False),
            ]  # fmt: skip
        else:
            pages += ["/admin-konton/", "/utskick/", "/webhooks/"]
            posts += [
                ("set_skill", me, {"name": f"Soak {i}", "level": "2"}, True),
                # The technical administrator manages log-ins, not work (P7).
                ("assign_work_item", f"client:{clients[0].slug}",
                 {"assignee": person.email, "title": "Soak"}, False),
            ]  # fmt: skip
        for action, target, args, allowed in posts:
            answer = can(org, person, action, target, args)
            if answer.allowed != allowed:
                raise SystemExit(
                    f"the plan expects {action} on {target} by {person.email} ({role}) to be "
                    f"{'allowed' if allowed else 'refused'}; the rules answer "
                    f"{answer.allowed} ({', '.join(answer.clauses)})"
                )
        out.append(
            {
                "role": role,
                "email": person.email,
                "pages": pages,
                "next": "/aviseringar/",
                "posts": [
                    {"action": a, "target": t, "args": g, "allowed": ok} for a, t, g, ok in posts
                ],
            }
        )
    return {"password": DEMO_PASSWORD, "users": out}


def _sample(server: Any) -> dict[str, float]:
    """The workers' resident memory, by process id."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    rss = {}
    for pid in children.read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss[pid] = round(int(line.split()[1]) / 1024, 1)
    return rss


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from compare import database_url
    from measures.http import Server
    from run import setup

    phases: dict[str, float] = {}
    clock = time.monotonic()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        phases[name] = round(now - clock, 1)
        clock = now

    vendor, teardown = setup(args, workdir)
    phase("migrate")
    try:
        from django.utils import timezone

        from ansvar import demo
        from ansvar.decisions.log import verify
        from ansvar.decisions.models import Entry

        org = demo.load(people=args.people, seed=args.seed)
        phase("demo")
        the_plan = plan(org, args.users)
        plan_file = workdir / "plan.json"
        plan_file.write_text(json.dumps(the_plan, ensure_ascii=False))
        summary_file = workdir / "summary.json"
        seq_before = Entry.objects.filter(organisation=org).order_by("-seq").first()
        start_seq = seq_before.seq if seq_before else 0

        server = Server(workdir, database_url(vendor))
        server.collectstatic()
        phase("collectstatic")
        server.start()
        phase("server_start")
        seconds = round(args.minutes * 60)
        # Every user has arrived (one a second) and logged in (Argon2: a worker's memory
        # rises by its 100 MiB while it hashes) before the memory's baseline.
        warm_up = max(args.users + 10, seconds // 10)
        samples: list[tuple[float, dict[str, float]]] = []
        try:
            rss_started = _sample(server)
            locust = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "locust"),
                    "-f",
                    str(HERE / "soak_users.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    # One user a second arrives, as people do (twenty log-ins at once queue
                    # behind the Argon2 hashing of two workers).
                    "--spawn-rate",
                    "1",
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    server.base,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--stop-timeout",
                    "15",
                ],
                env={
                    **os.environ,
                    "SOAK_PLAN": str(plan_file),
                    "SOAK_SUMMARY": str(summary_file),
                    "SOAK_TIMEOUT": str(args.timeout),
                },
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            began = time.monotonic()
            while locust.poll() is None:
                time.sleep(1)
                elapsed = time.monotonic() - began
                if not samples or elapsed - samples[-1][0] >= 5:
                    samples.append((elapsed, _sample(server)))
                if elapsed > seconds + 120:
                    locust.kill()
            output = locust.stdout.read() if locust.stdout else ""
            rss_end = _sample(server)
            phase("locust")
        finally:
            server.stop()
        if not summary_file.exists():
            raise SystemExit(f"locust wrote no summary ({locust.returncode}):\n{output[-3000:]}")
        users = json.loads(summary_file.read_text())
        after_warm_up = next((rss for t, rss in samples if t >= warm_up), rss_started)

        allowed = {p["action"] for u in the_plan["users"] for p in u["posts"] if p["allowed"]}
        new = Entry.objects.filter(organisation=org, seq__gt=start_seq)
        logged = sorted(new.filter(action__in=allowed).values_list("seq", flat=True))
        by_action = {a: new.filter(action=a).count() for a in sorted(allowed)}
        chain = verify(org)
        phase("stop_and_verify")

        def growth(start: dict[str, float]) -> float | None:
            if set(start) != set(rss_end) or not start:
                return None  # a worker was replaced: no like-for-like figure
            return round(max(rss_end[p] / start[p] - 1 for p in start), 3)

        worst = growth(after_warm_up)
        checks = {
            "no_failed_requests": users["failed"] == 0 and users["locust_failures"] == 0,
            "p95_within": users["p95_ms"] <= args.p95_ms,
            "memory_growth_within": worst is not None and worst <= args.max_growth,
            "log_equals_counted_writes": logged == sorted(users["seqs"])
            and len(logged) == users["writes_ok"],
            "chain_verifies": chain.ok,
            "every_user_logged_in": users["logins"] == args.users,
        }
        return {
            "benchmark": "soak",
            "database": vendor,
            "people": args.people,
            "users": args.users,
            "roles": {r: sum(u["role"] == r for u in the_plan["users"]) for r in set(ROLES)},
            "minutes": args.minutes,
            "workers": server.workers,
            "requests": users["requests"],
            "rps": users["rps"],
            "failed": users["failed"],
            "failures": users["failures"],
            "errors": users["errors"],
            "p50_ms": users["p50_ms"],
            "p95_ms": users["p95_ms"],
            "p99_ms": users["p99_ms"],
            "max_ms": users["max_ms"],
            "logins": users["logins"],
            "pages": users["pages"],
            "writes_ok": users["writes_ok"],
            "refused_as_expected": users["refused_as_expected"],
            "log_entries_written": len(logged),
            "log_entries_by_action": by_action,
            "log_entries_after_start": new.count(),
            "chain": {"ok": chain.ok, "size": chain.size, "problem": chain.problem},
            "memory": {
                "rss_mib_at_start": rss_started,
                "rss_mib_after_warm_up": after_warm_up,
                "warm_up_seconds": warm_up,
                "rss_mib_end": rss_end,
                "growth_after_warm_up": worst,
                "growth_from_start": growth(rss_started),
                "max_growth": args.max_growth,
            },
            "p95_ms_max": args.p95_ms,
            "timeout_seconds": args.timeout,
            "by_name": users["by_name"],
            "phases_seconds": phases,
            "checks": checks,
            "passed": all(checks.values()),
            "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "day": timezone.localdate().isoformat(),
            "machine": f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at the end",
        }
    finally:
        teardown()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ansvar-soak-") as tmp:
        result = run(args, Path(tmp))
    out = args.out or HERE / "results" / (
        f"soak-{result['database']}-{args.users}u-{args.minutes:g}m-"
        f"{result['when'].replace('-', '').replace(':', '')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"soak [{result['database']}] {args.users} users, {args.minutes:g} min: "
        f"{result['requests']} requests, {result['failed']} failed, p95 "
        f"{result['p95_ms']} ms, worker RSS growth {result['memory']['growth_after_warm_up']}, "
        f"{result['log_entries_written']} decisions logged = {result['writes_ok']} counted, "
        f"chain {'verifies' if result['chain']['ok'] else 'BROKEN'}: "
        f"{'passed' if result['passed'] else 'FAILED ' + str(result['checks'])}"
    )
    print(f"  -> {out}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
