"""Benchmark harness: run by ``make bench`` (``BENCH_ARGS="--people 2000"`` to pass options).

Each benchmark runs against a fresh database: a temporary SQLite file by default, or a
throwaway PostgreSQL database (``test_<name>``, dropped afterwards) with ``--database-url``.
It prints wall time and peak resident memory and writes the figures as JSON to
``bench/results/``.
"""

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def peak_rss_mib() -> float:
    """The process's peak resident set size so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench_demo_build(args: argparse.Namespace) -> dict[str, Any]:
    """Build the demo organisation of ``--people`` people (found + history, one transaction),
    with ``--entries`` decisions of work history; with ``--verify``, then time ``log.verify``
    of the whole log (what ``ansvar log verify`` runs)."""
    from ansvar import demo
    from ansvar.decisions import log
    from ansvar.decisions.models import Entry
    from ansvar.org.models import (
        AreaMembership,
        Holding,
        WorkGroupMembership,
    )

    rss_before = peak_rss_mib()
    started = time.perf_counter()
    org = demo.load(people=args.people, seed=args.seed, entries=args.entries, progress=sys.stderr)
    wall = time.perf_counter() - started
    result: dict[str, Any] = {
        "wall_seconds": round(wall, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "peak_rss_mib_before": round(rss_before, 1),
    }
    if args.verify:
        started = time.perf_counter()
        verified = log.verify(org)
        assert verified.ok, verified.problem
        result["verify_seconds"] = round(time.perf_counter() - started, 3)
        result["peak_rss_mib_after_verify"] = round(peak_rss_mib(), 1)
    return {
        **result,
        "rows": {
            "log_entries": Entry.objects.filter(organisation=org).count(),
            "people": org.people.count(),
            "areas": org.areas.count(),
            "clients": org.clients.count(),
            "holdings": Holding.objects.filter(organisation=org).count(),
            "area_memberships": AreaMembership.objects.filter(person__organisation=org).count(),
            "work_group_memberships": WorkGroupMembership.objects.filter(
                client__organisation=org
            ).count(),
        },
    }


def firm_workbook(path: Path, people: int) -> None:
    """A made-up firm's import workbook: ``people`` people, people/10 areas, 1.5 clients a
    person with a work group of two, two skills a person."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    areas = max(1, people // 10)
    ws = book.create_sheet("organisation")
    ws.append(["name", "slug", "ceo", "founded_on"])
    ws.append(["Storbyrån AB", "storbyran", "p0@storbyran.se", "2010-01-01"])
    ws = book.create_sheet("people")
    ws.append(["email", "name", "area", "employed_from", "probation_until"])
    for i in range(people):
        probation = "2027-03-01" if i % 50 == 49 else None
        start = "2026-09-01" if probation else f"{2010 + i % 15}-0{1 + i % 9}-01"
        ws.append([f"p{i}@storbyran.se", f"Person {i}", f"a{i % areas}", start, probation])
    ws = book.create_sheet("areas")
    ws.append(["slug", "name", "manager"])
    for a in range(areas):
        ws.append([f"a{a}", f"Område {a}", f"p{a}@storbyran.se"])
    ws = book.create_sheet("clients")
    ws.append(["slug", "name", "lead"])
    clients = people * 3 // 2
    for c in range(clients):
        ws.append([f"k{c}", f"Kund {c} AB", f"p{c % people}@storbyran.se"])
    ws = book.create_sheet("work_groups")
    ws.append(["client", "person", "role"])
    for c in range(clients):
        for k, role in ((1, "deputy"), (2, "member")):
            ws.append([f"k{c}", f"p{(c + k * 7) % people}@storbyran.se", role])
    ws = book.create_sheet("skills")
    ws.append(["person", "skill", "level"])
    for i in range(people):
        ws.append([f"p{i}@storbyran.se", f"skill {i % 40}", 1 + i % 5])
        ws.append([f"p{i}@storbyran.se", f"skill {(i + 13) % 40}", 1 + (i + 2) % 5])
    book.save(path)


def bench_import(args: argparse.Namespace) -> dict[str, Any]:
    """``ansvar import`` of a workbook of ``--people`` people: read, check, found."""
    from ansvar import intake

    with tempfile.TemporaryDirectory(prefix="ansvar-import-") as tmp:
        path = Path(tmp) / "firm.xlsx"
        firm_workbook(path, args.people)
        started = time.perf_counter()
        tables = intake.read(path)
        read_seconds = time.perf_counter() - started
        plan, problems = intake.plan(tables)
        assert plan is not None, [p.message("en") for p in problems[:5]]
        plan_seconds = time.perf_counter() - started - read_seconds
        org = intake.found(plan)
        wall = time.perf_counter() - started
    return {
        "wall_seconds": round(wall, 3),
        "read_seconds": round(read_seconds, 3),
        "check_seconds": round(plan_seconds, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "rows": {**plan.counts(), "organisation": org.slug},
    }


BENCHMARKS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "demo_build": bench_demo_build,
    "import": bench_import,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="demo size (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--entries",
        type=int,
        help="the demo's work history in the decision log (default 10 a person)",
    )
    parser.add_argument(
        "--verify", action="store_true", help="then time log.verify of the whole log"
    )
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:5432/name: run in a throwaway database next to NAME",
    )
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    return parser.parse_args(argv)


def setup(args: argparse.Namespace, workdir: Path) -> tuple[str, Callable[[], None]]:
    """Point Django at a fresh database before it starts; returns (vendor, teardown)."""
    os.environ["ANSVAR_VAR_DIR"] = str(workdir)
    os.environ.setdefault("ANSVAR_SECRET_KEY", "benchmark-only-secret-key")
    os.environ["ANSVAR_DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "ansvar.config.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", interactive=False, verbosity=0)
        return connection.vendor, lambda: None
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)

    def teardown() -> None:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    return connection.vendor, teardown


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ansvar-bench-") as tmp:
        started = time.perf_counter()
        vendor, teardown = setup(args, Path(tmp))
        migrate_seconds = time.perf_counter() - started
        try:
            for name in args.only or sorted(BENCHMARKS):
                result = {
                    "benchmark": name,
                    "people": args.people,
                    "entries": args.entries,
                    "seed": args.seed,
                    "database": vendor,
                    "migrate_seconds": round(migrate_seconds, 3),
                    **BENCHMARKS[name](args),
                    "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "python": platform.python_version(),
                    "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
                }
                print(
                    f"{name} [{vendor}] people={args.people}: "
                    f"{result['wall_seconds']:.1f} s wall, "
                    f"peak RSS {result['peak_rss_mib']:.0f} MiB"
                    + (
                        f", log.verify {result['verify_seconds']:.1f} s"
                        if "verify_seconds" in result
                        else ""
                    )
                )
                if not args.no_write:
                    RESULTS.mkdir(exist_ok=True)
                    stamp = result["when"].replace("-", "").replace(":", "")
                    path = RESULTS / f"{name}-{vendor}-{args.people}-{stamp}.json"
                    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
                    print(f"  -> {path.relative_to(RESULTS.parent.parent)}")
        finally:
            teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
