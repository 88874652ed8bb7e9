"""The comparing benchmark: run by ``make bench`` (``make bench-smoke`` for a tiny run).

For each size in ``--people`` a child process builds the demo organisation in a fresh
database (as ``bench/run.py`` does: a temporary SQLite file, or with ``--database-url`` a
throwaway PostgreSQL database dropped afterwards) and takes every measure of
``bench/measures/`` on it: the demo build itself, the rule check against django-rules and
pycasbin, ``can`` with facts from the database, the action path and log verification against
their floors, pages' server time and queries, and pages under ``ansvar serve`` with wrk.
The figures go to ``bench/results/compare-<database>-<stamp>.json``; then
``docs/benchmarks.md`` is written from the latest such file of each database, with a chart
of the scale curves (``docs/benchmarks-scale.svg``).

``--smoke`` runs every measure at a tiny size in well under a minute and writes nothing
unless told where (``--results-dir``, ``--output``); ``tests/bench`` runs it.
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
sys.path.insert(0, str(HERE))

MEASURES = ("demo_build", "rulecheck", "can", "pages", "http", "write")
DOC = HERE.parent / "docs" / "benchmarks.md"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--people",
        help="demo sizes, comma-separated (default 1000,10000; with --smoke 25)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:5432/name: run in a throwaway database next to NAME",
    )
    parser.add_argument("--smoke", action="store_true", help="every measure, tiny and quick")
    parser.add_argument("--only", choices=MEASURES, action="append", help="measures to take")
    parser.add_argument("--queries", type=int, help="rule-check queries (default 20000)")
    parser.add_argument(
        "--seconds", type=float, help="wrk's time per page, whole seconds (default 10; smoke 1)"
    )
    parser.add_argument(
        "--results-dir", type=Path, help="where the JSON goes (default bench/results/)"
    )
    parser.add_argument("--output", type=Path, help="the Markdown written (default docs/)")
    parser.add_argument("--no-write", action="store_true", help="write no JSON and no doc")
    parser.add_argument("--part", type=Path, help=argparse.SUPPRESS)  # a child's output
    args = parser.parse_args(argv)
    default = "25" if args.smoke else "1000,10000"
    try:
        args.sizes = sorted({int(x) for x in (args.people or default).split(",") if x.strip()})
    except ValueError:
        parser.error(f"--people takes numbers separated by commas, not {args.people!r}")
    if not args.sizes or min(args.sizes) < 5:
        parser.error("--people: the demo needs at least 5 people")
    args.queries = args.queries or (1_000 if args.smoke else 20_000)
    args.seconds = args.seconds or (1.0 if args.smoke else 10.0)
    if args.queries < 4:
        parser.error("--queries: at least 4, one per action")
    if not args.no_write and args.smoke and (args.results_dir is None or args.output is None):
        parser.error("--smoke writes only where --results-dir and --output say (or --no-write)")
    return args


def scale(args: argparse.Namespace) -> dict[str, int]:
    """How much each measure does: the smoke's tiny amounts, or the full run's."""
    if args.smoke:
        return {"can": 40, "writes": 20, "repeat": 1, "rss_requests": 100, "rss_seconds": 8}
    return {"can": 500, "writes": 500, "repeat": 3, "rss_requests": 10_000, "rss_seconds": 240}


def database_url(vendor: str) -> str:
    """The URL of the database this process built, for the server it starts."""
    from django.db import connection

    s = connection.settings_dict
    if vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def one_size(args: argparse.Namespace, people: int) -> dict[str, Any]:
    """Every measure on one freshly built demo of ``people`` people (in this process)."""
    from run import peak_rss_mib, setup

    wanted = args.only or MEASURES
    with tempfile.TemporaryDirectory(prefix="ansvar-compare-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        vendor, teardown = setup(args, workdir)
        migrate_seconds = time.perf_counter() - started
        try:
            import pages
            from django.utils import timezone
            from measures import base, can, http, rulecheck, write

            from ansvar import demo

            out: dict[str, Any] = {"people": people, "database": vendor}
            out["machine"] = base.machine(vendor)
            started = time.perf_counter()
            org = demo.load(people=people, seed=args.seed)
            out["demo_build"] = {
                "wall_seconds": round(time.perf_counter() - started, 3),
                "peak_rss_mib": round(peak_rss_mib(), 1),
                "migrate_seconds": round(migrate_seconds, 3),
                "people_rows": org.people.count(),
                "clients": org.clients.count(),
                "areas": org.areas.count(),
            }
            pages.analyze()
            at = timezone.localdate()
            amounts = scale(args)
            sample: list[Any] = []
            expected: list[bool] = []
            if {"rulecheck", "can"} & set(wanted):
                step(f"rule check, {args.queries} queries")
                checked = rulecheck.measure(org, at, args.queries, args.seed)
                sample = checked.pop("sample")
                out["rulecheck"] = checked
            if "can" in wanted:
                step("can with facts from the database")
                from ansvar.policy.rules import evaluate

                sub = sample[: amounts["can"]]
                build = rulecheck.ansvar_facts(rulecheck.snapshot(org, at))
                expected = [evaluate(build(q)).allowed for q in sub]
                out["can"] = can.measure(org, at, sub, expected)
            who = pages.subjects(org, at)
            if "pages" in wanted:
                step("pages through Django's test client")
                rows = pages.measure_duties_and_pages(org, at, amounts["repeat"], who)
                for row in rows.values():
                    row["misses"] = pages.misses(row) if people >= 10_000 else []
                out["pages"] = rows
            if "http" in wanted:
                step("pages under ansvar serve, with wrk")
                out["http"] = http.measure(
                    org,
                    who,
                    workdir,
                    database_url(vendor),
                    seconds=args.seconds,
                    rss_requests=amounts["rss_requests"],
                    rss_seconds=amounts["rss_seconds"],
                )
            if "write" in wanted:
                step("the action path and log verification")
                out["write"] = {
                    "action_path": write.measure_action_path(org, count=amounts["writes"]),
                    "verify": write.measure_verify(org),
                }
            out["machine"]["load_average_end"] = base.load_average()
        finally:
            teardown()
    return out


_STEP = [time.perf_counter()]


def step(what: str) -> None:
    now = time.perf_counter()
    print(f"  {what} (after {now - _STEP[0]:.1f} s)", file=sys.stderr, flush=True)
    _STEP[0] = now


def run_sizes(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    """One child process per size, each with its fresh database; their figures merged."""
    sizes = []
    with tempfile.TemporaryDirectory(prefix="ansvar-compare-parts-") as tmp:
        for people in args.sizes:
            part = Path(tmp) / f"{people}.json"
            child = _without_value(argv, "--people")
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                *child,
                f"--people={people}",
                f"--part={part}",
            ]
            print(f"== {people} people", file=sys.stderr, flush=True)
            started = time.perf_counter()
            done = subprocess.run(command, check=False)
            if done.returncode != 0:
                raise SystemExit(f"the run at {people} people failed (exit {done.returncode})")
            result = json.loads(part.read_text())
            result["seconds"] = round(time.perf_counter() - started, 1)
            sizes.append(result)
    first = sizes[0]
    return {
        "benchmark": "compare",
        "database": first["database"],
        "smoke": args.smoke,
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": "python bench/compare.py " + " ".join(argv),
        "seed": args.seed,
        "queries": args.queries,
        "seconds_each": args.seconds,
        "machine": first["machine"],
        "sizes": sizes,
    }


def _without_value(argv: list[str], flag: str) -> list[str]:
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == flag:
            skip = True
        elif not a.startswith(flag + "="):
            out.append(a)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.part is not None:
        args.people = args.sizes[0]
        args.part.write_text(json.dumps(one_size(args, args.sizes[0]), default=str))
        return 0
    if "http" in (args.only or MEASURES):
        from measures.http import require_wrk

        require_wrk()  # before anything is built
    result = run_sizes(args, argv)
    summarise(result)
    if args.no_write:
        return 0
    results = args.results_dir or HERE / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = result["when"].replace("-", "").replace(":", "")
    path = results / f"compare-{result['database']}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"-> {path}")
    from measures import report

    output = args.output or DOC
    report.write(report.latest(results), output)
    print(f"-> {output}")
    return 0


def summarise(result: dict[str, Any]) -> None:
    for size in result["sizes"]:
        line = [f"{size['database']} {size['people']} people ({size['seconds']} s):"]
        if "rulecheck" in size:
            ways = size["rulecheck"]["ways"]
            line.append(
                "rule p50 " + ", ".join(f"{k} {v['p50_us']:.1f} µs" for k, v in ways.items())
            )
        if "can" in size:
            line.append(f"can p50 {size['can']['p50_ms']} ms")
        if "write" in size:
            line.append(f"action p50 {size['write']['action_path']['action_path']['p50_ms']} ms")
        if "http" in size:
            line.append(f"HTTP floor {size['http']['targets']['floor: GET /logga-in/']['rps']} rps")
        print("; ".join(line))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
