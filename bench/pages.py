"""Duties and pages at scale: run with ``.venv/bin/python bench/pages.py [--people N]``.

Builds the demo organisation of ``--people`` people (default 10,000) once, in a fresh
database as ``bench/run.py`` does (a temporary SQLite file, or with ``--database-url`` a
throwaway PostgreSQL database dropped afterwards), then measures, each with its wall time
and number of queries:

- ``duties(org, at)`` for the whole organisation, and ``duties(org, at, person=...)`` for the
  CEO, one area manager and one consultant;
- GET of the main pages (home, the people and areas indexes, a person field's suggestions,
  my clients, a client page, a person page, an area page, /vd/, the responsibility map and
  the decision log) through Django's test client, logged in as a demo user (the first
  request of each page, then the median of ``--repeat`` more), with the size of the HTML.

Each page is held to the targets at 10,000 people: at most 300 ms server time (the median)
and at most 200 KB of HTML; the table marks a page that misses one, and ``--check`` makes
the command fail when any does. It prints a table and writes the figures as JSON to
``bench/results/`` (``--no-write`` to skip). ``make test`` does not run it.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import RESULTS, peak_rss_mib, setup


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="demo size (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the first")
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:5432/name: run in a throwaway database next to NAME",
    )
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    parser.add_argument("--check", action="store_true", help="exit 1 when a page misses a target")
    return parser.parse_args(argv)


# What every page is held to at 10,000 people.
TARGET_SECONDS = 0.300
TARGET_BYTES = 200 * 1024


def measure(fn: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Run ``fn`` once cold and ``repeat`` times more; wall seconds and queries of each."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    runs = []
    result: Any = None
    for _ in range(1 + repeat):
        # The context counts nothing once the connection's log is full (9,000 queries).
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = fn()
            wall = time.perf_counter() - started
        runs.append((wall, len(queries)))
    warm = [w for w, _ in runs[1:]] or [runs[0][0]]
    return {
        "first_seconds": round(runs[0][0], 4),
        "median_seconds": round(statistics.median(warm), 4),
        "queries": runs[-1][1],
        "result_size": len(result) if isinstance(result, list) else None,
        "html_bytes": result if isinstance(result, int) else None,
    }


def misses(row: dict[str, Any]) -> list[str]:
    """The targets a page's row misses (none for a row that is no page)."""
    if row["html_bytes"] is None:
        return []
    missed = []
    if row["median_seconds"] > TARGET_SECONDS:
        missed.append("time")
    if row["html_bytes"] > TARGET_BYTES:
        missed.append("size")
    return missed


def subjects(org: Any, at: Any) -> dict[str, Any]:
    """Whom to ask about: the CEO, the area manager (not the CEO) with most members, a
    consultant there who manages nobody, the client with the largest work group and its lead."""
    from django.db.models import Count

    from ansvar.org.models import AreaMembership, Holding, Person, WorkGroupMembership
    from ansvar.org.selectors import valid_on

    held = Holding.objects.filter(valid_on(at), organisation=org)
    ceo = held.get(kind=Holding.Kind.CEO).person
    ceo_areas = held.filter(kind=Holding.Kind.AREA_MANAGER, person=ceo).values("area_id")
    biggest_area = (
        AreaMembership.objects.filter(valid_on(at), area__organisation=org)
        .exclude(area_id__in=ceo_areas)
        .values("area_id")
        .annotate(n=Count("id"))
        .order_by("-n", "area_id")
        .first()
    )
    assert biggest_area is not None
    manager_holding = held.get(kind=Holding.Kind.AREA_MANAGER, area_id=biggest_area["area_id"])
    manager = manager_holding.person
    in_area = Person.objects.filter(
        organisation=org,
        user__isnull=False,
        pk__in=AreaMembership.objects.filter(valid_on(at), area_id=biggest_area["area_id"]).values(
            "person_id"
        ),
    ).order_by("pk")
    # Preferably one who holds nothing; else one who leads clients but manages nobody.
    consultant = (
        in_area.exclude(pk__in=held.values("person_id")).first()
        or in_area.exclude(
            pk__in=held.exclude(kind=Holding.Kind.CLIENT_LEAD).values("person_id")
        ).first()
    )
    assert consultant is not None
    biggest_group = (
        WorkGroupMembership.objects.filter(valid_on(at), client__organisation=org)
        .values("client_id")
        .annotate(n=Count("id"))
        .order_by("-n", "client_id")
        .first()
    )
    assert biggest_group is not None
    lead_holding = held.select_related("client", "person").get(
        kind=Holding.Kind.CLIENT_LEAD, client_id=biggest_group["client_id"]
    )
    return {
        "ceo": ceo,
        "area_manager": manager,
        "area": manager_holding.area,
        "consultant": consultant,
        "client": lead_holding.client,
        "client_lead": lead_holding.person,
        "work_group_size": biggest_group["n"],
        "area_size": biggest_area["n"],
    }


def page_list(who: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """The pages GET'd, each as (name, viewer, url)."""
    return [
        ("GET / (area manager)", who["area_manager"], "/"),
        ("GET / (CEO)", who["ceo"], "/"),
        ("GET / (consultant)", who["consultant"], "/"),
        ("GET client page (its lead)", who["client_lead"], f"/kunder/{who['client'].slug}/"),
        (
            "GET person page (manager)",
            who["area_manager"],
            f"/personer/{who['consultant'].email}/",
        ),
        ("GET area page (manager)", who["area_manager"], f"/omraden/{who['area'].slug}/"),
        ("GET /vd/ (CEO)", who["ceo"], "/vd/"),
        ("GET /vd/siffror/ (CEO)", who["ceo"], "/vd/siffror/"),
        ("GET /personer/ (consultant)", who["consultant"], "/personer/"),
        ("GET /personer/?q=an (consultant)", who["consultant"], "/personer/?q=an"),
        ("GET /personer/sok/?q=an (lead)", who["client_lead"], "/personer/sok/?q=an"),
        ("GET /omraden/ (consultant)", who["consultant"], "/omraden/"),
        ("GET /kunder/ (consultant)", who["consultant"], "/kunder/"),
        ("GET client page (consultant)", who["consultant"], f"/kunder/{who['client'].slug}/"),
        ("GET /ansvarskarta/ (consultant)", who["consultant"], "/ansvarskarta/"),
        ("GET /beslutslogg/ (consultant)", who["consultant"], "/beslutslogg/"),
        ("GET /ataganden/ (CEO)", who["ceo"], "/ataganden/"),
        ("GET /vd/signaler/p1/ (CEO)", who["ceo"], "/vd/signaler/p1/"),
        ("GET /vd/signaler/ka5-ersattare/ (CEO)", who["ceo"], "/vd/signaler/ka5-ersattare/"),
        ("GET /vd/signaler/ka5-uppgifter/ (CEO)", who["ceo"], "/vd/signaler/ka5-uppgifter/"),
        ("GET /ansvarskarta/?q=an (consultant)", who["consultant"], "/ansvarskarta/?q=an"),
    ]


def analyze() -> None:
    """A live database has statistics (autovacuum); a bulk-loaded one has none yet, and the
    planner then picks nested loops over tens of thousands of rows."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure_duties_and_pages(
    org: Any, at: Any, repeat: int, who: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Duties for the whole organisation and three people, then every page of
    ``page_list`` as its viewer: a row of figures (``measure``) each, by name."""
    from django.test import Client

    from ansvar.duties.registry import duties

    who = who or subjects(org, at)
    rows: dict[str, dict[str, Any]] = {}
    rows["duties: whole organisation"] = measure(lambda: duties(org, at), repeat)
    for key in ("ceo", "area_manager", "consultant"):
        person = who[key]
        rows[f"duties: {key.replace('_', ' ')}"] = measure(
            lambda p=person: duties(org, at, person=p), repeat
        )

    def page(viewer: Any, url: str) -> Callable[[], Any]:
        browser = Client(SERVER_NAME="127.0.0.1")
        browser.force_login(viewer.user)

        def get() -> int:
            response = browser.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return len(response.content)

        return get

    for name, viewer, url in page_list(who):
        rows[name] = measure(page(viewer, url), repeat)
    return rows


def bench_duties_and_pages(args: argparse.Namespace) -> dict[str, Any]:
    from django.utils import timezone

    from ansvar import demo

    started = time.perf_counter()
    org = demo.load(people=args.people, seed=args.seed, progress=sys.stderr)
    build_seconds = time.perf_counter() - started
    analyze()
    at = timezone.localdate()
    who = subjects(org, at)
    rows = measure_duties_and_pages(org, at, args.repeat, who)
    return {
        "build_seconds": round(build_seconds, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "subjects": {
            "work_group_size": who["work_group_size"],
            "area_size": who["area_size"],
        },
        "measurements": rows,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ansvar-bench-") as tmp:
        vendor, teardown = setup(args, Path(tmp))
        try:
            result = {
                "benchmark": "duties_and_pages",
                "people": args.people,
                "seed": args.seed,
                "database": vendor,
                **bench_duties_and_pages(args),
                "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "python": platform.python_version(),
                "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            }
        finally:
            teardown()
    sizes = result["subjects"]
    print(
        f"duties_and_pages [{vendor}] people={args.people}: demo built in "
        f"{result['build_seconds']:.1f} s; largest work group {sizes['work_group_size']}, "
        f"largest area {sizes['area_size']}"
    )
    print(f"{'what':<36} {'first':>9} {'median':>9} {'queries':>8} {'rows':>6} {'HTML':>8}")
    missed = {}
    for name, row in result["measurements"].items():
        size = "" if row["result_size"] is None else str(row["result_size"])
        html = "" if row["html_bytes"] is None else f"{row['html_bytes'] / 1024:.0f} KB"
        first, median = row["first_seconds"] * 1000, row["median_seconds"] * 1000
        mark = ", ".join(misses(row))
        if mark:
            missed[name] = mark
        print(
            f"{name:<36} {first:>7.0f}ms {median:>7.0f}ms {row['queries']:>8} {size:>6} "
            f"{html:>8}{'  misses: ' + mark if mark else ''}"
        )
    print(
        f"targets: {TARGET_SECONDS * 1000:.0f} ms, {TARGET_BYTES // 1024} KB; "
        f"{len(missed)} page(s) miss one"
    )
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        stamp = str(result["when"]).replace("-", "").replace(":", "")
        path = RESULTS / f"duties_and_pages-{vendor}-{args.people}-{stamp}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"  -> {path.relative_to(RESULTS.parent.parent)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
