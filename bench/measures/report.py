"""``docs/benchmarks.md`` from the latest ``compare-<database>-*.json`` of each database, and
the scale curves as an SVG drawn here (lines and text, no script, no library)."""

import json
import math
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

WAYS = {
    "ansvar_rule": "Ansvar: the rule on prebuilt Facts",
    "ansvar_facts": "Ansvar: Facts assembled from a primed cache, then the rule",
    "django_rules": "django-rules 3.5",
    "casbin": "pycasbin 2.8 (RBAC with domains)",
}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def latest(results: Path) -> list[dict[str, Any]]:
    """The newest full (not smoke) run of each database; the newest smoke run of a database
    that has no full one (the smoke writes to a directory of its own)."""
    full: dict[str, dict[str, Any]] = {}
    smoke: dict[str, dict[str, Any]] = {}
    for path in sorted(results.glob("compare-*.json")):
        run = json.loads(path.read_text())
        (smoke if run.get("smoke") else full)[run["database"]] = run
    runs = {**smoke, **full}
    return [runs[k] for k in ("sqlite", "postgresql") if k in runs]


def _n(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def _people(n: int) -> str:
    return f"{n:,}"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return [*lines, ""]


def machine_section(runs: list[dict[str, Any]]) -> list[str]:
    rows = []
    for run in runs:
        m = run["machine"]
        loads = [
            f"{s['people']:,}: {', '.join(map(str, s['machine']['load_average_start']))} → "
            f"{', '.join(map(str, s['machine'].get('load_average_end', [])))}"
            for s in run["sizes"]
        ]
        rows.append(
            [
                NAMES[run["database"]],
                run["when"],
                m["system"],
                str(m["cpus"]),
                f"{_n(m['memory_mib'], 0)} MiB",
                m["python"],
                m["sqlite"],
                m["postgresql"] or "–",
                "; ".join(loads),
            ]
        )
    return [
        "## Machine",
        "",
        *_table(
            [
                "run",
                "when (UTC)",
                "system",
                "CPUs",
                "memory",
                "Python",
                "SQLite",
                "PostgreSQL",
                "load average (1, 5, 15 min) at start → end, by size",
            ],
            rows,
        ),
        "The machine is shared: other processes ran beside these runs when the load average "
        "is above 1 (it has two cores), and the figures are then upper bounds. The ratios, "
        "taken in the same run, move much less than the times.",
        "",
        "Commands:",
        "",
        "```sh",
        *[run["command"].replace("python bench/", ".venv/bin/python bench/") for run in runs],
        "```",
        "",
    ]


def rule_section(runs: list[dict[str, Any]]) -> list[str]:
    out = ["## 1. The rule check in process, against django-rules and pycasbin", ""]
    out += [
        "The same organisation and the same mixed queries — which person may "
        "`add_work_group_member`, `appoint_client_lead`, `set_salary` or `veto_assignment` on "
        "which target — answered four ways; every answer of the peers equals Ansvar's (the "
        "run fails otherwise). The peers implement KA3/KA6, VD2/P4, AO3 and VD5 as "
        "`src/ansvar/policy/rules/` states them, over the same snapshot of the organisation "
        "as plain dictionaries; casbin holds who has the right as roles in per-target "
        "domains and the case conditions (the person added is employed and not in the group "
        "yet, a veto has an open window and a reason) as a matcher function. Time per query, "
        "the ratio is to the p50 of Ansvar's rule alone.",
        "",
    ]
    for run in runs:
        for size in run["sizes"]:
            rc = size.get("rulecheck")
            if rc is None:
                continue
            out.append(
                f"**{NAMES[run['database']]}, {_people(size['people'])} people**: "
                f"{rc['queries']:,} queries, {rc['allowed']:,} allowed, answers equal: "
                f"{'yes' if rc['answers_equal'] else 'NO'}."
            )
            out.append("")
            rows = [
                [
                    WAYS[k],
                    _n(v["p50_us"], 2),
                    _n(v["p99_us"], 2),
                    f"{v['ratio_to_ansvar_rule']:.2f}×",
                    str(v["queries"]),
                ]
                for k, v in rc["ways"].items()
            ]
            out += _table(["way", "p50 µs", "p99 µs", "p50 ratio", "database queries"], rows)
    return out


def can_section(runs: list[dict[str, Any]]) -> list[str]:
    rows = []
    for run in runs:
        for size in run["sizes"]:
            c = size.get("can")
            if c is None:
                continue
            rule = size.get("rulecheck", {}).get("ways", {}).get("ansvar_rule", {})
            ratio = c["p50_ms"] * 1000 / rule["p50_us"] if rule.get("p50_us") else None
            rows.append(
                [
                    NAMES[run["database"]],
                    _people(size["people"]),
                    str(c["n"]),
                    _n(c["p50_ms"], 2),
                    _n(c["p99_ms"], 2),
                    f"{c['queries_p50']} (max {c['queries_max']})",
                    f"{_n(ratio, 0)}×",
                ]
            )
    return [
        "## 2. `can` with facts read from the database",
        "",
        "`engine.registry.can` without a cache, as the API's `check` and a form's answer call "
        "it, over the first queries of the rule check (its answers must equal the rule's on "
        "the prebuilt facts). The ratio is to the rule alone (section 1).",
        "",
        *_table(
            ["database", "people", "calls", "p50 ms", "p99 ms", "queries per call", "vs rule"],
            rows,
        ),
    ]


def write_section(runs: list[dict[str, Any]]) -> list[str]:
    rows, verify = [], []
    for run in runs:
        for size in run["sizes"]:
            w = size.get("write")
            if w is None:
                continue
            a = w["action_path"]
            rows.append(
                [
                    NAMES[run["database"]],
                    _people(size["people"]),
                    str(a["n"]),
                    f"{_n(a['action_path']['p50_ms'], 2)} / {_n(a['action_path']['p99_ms'], 2)}",
                    str(a["action_path"]["queries_p50"]),
                    f"{_n(a['bare_insert']['p50_ms'], 3)} / {_n(a['bare_insert']['p99_ms'], 3)}",
                    f"{_n(a['ratio_p50'])}×",
                ]
            )
            v = w["verify"]
            verify.append(
                [
                    NAMES[run["database"]],
                    _people(size["people"]),
                    f"{v['entries']:,}",
                    f"{v['bytes'] / 1024:,.0f} KiB",
                    _n(v["verify_ms"], 1),
                    _n(v["hash_in_memory_ms"], 2),
                    f"{_n(v['ratio'])}×",
                ]
            )
    return [
        "## 3. The action path against a bare hash-chained insert",
        "",
        "`perform(assign_work_item)` by a client lead — lock, facts, rule, handler, log "
        "entry and personal payload, notifications, one transaction — against a bare insert "
        "into a table of the same database: read the previous hash, SHA-256 over it and the "
        "entry's bytes, insert, commit.",
        "",
        *_table(
            [
                "database",
                "people",
                "actions",
                "action p50 / p99 ms",
                "queries",
                "bare insert p50 / p99 ms",
                "p50 ratio",
            ],
            rows,
        ),
        "`log.verify` of the whole chain (the demo's entries and the actions above) against "
        "SHA-256 of the same bytes in memory (every entry's canonical bytes and payload, "
        "read and encoded beforehand); median of three.",
        "",
        *_table(
            ["database", "people", "entries", "bytes", "verify ms", "in memory ms", "ratio"],
            verify,
        ),
    ]


def pages_section(runs: list[dict[str, Any]]) -> list[str]:
    out = [
        "## 4. Pages: server time and queries",
        "",
        "`bench/pages.py`'s measures through Django's test client as the demo users "
        "(median after the first request); at 10,000 people each page is held to 300 ms and "
        "200 KB, and a miss is marked.",
        "",
    ]
    for run in runs:
        sizes = [s for s in run["sizes"] if "pages" in s]
        if not sizes:
            continue
        head = ["what", *[f"{_people(s['people'])}: ms / queries" for s in sizes]]
        names = list(sizes[-1]["pages"])
        rows = []
        for name in names:
            cells = [name]
            for s in sizes:
                r = s["pages"].get(name)
                if r is None:
                    cells.append("–")
                    continue
                mark = f" ({', '.join(r['misses'])} missed)" if r.get("misses") else ""
                cells.append(f"{_n(r['median_seconds'] * 1000, 0)} / {r['queries']}{mark}")
            rows.append(cells)
        out += [f"**{NAMES[run['database']]}**", "", *_table(head, rows)]
    return out


def http_section(runs: list[dict[str, Any]]) -> list[str]:
    out = [
        "## 5. Pages under `ansvar serve`, 50 concurrent clients",
        "",
        "gunicorn as `ansvar serve` starts it (two sync workers, production settings, access "
        "log on), loaded by wrk from a second process on the loopback: 50 connections, two "
        "threads, a bounded time per target. The ratios are to the same server's floor, the "
        "log-in page: p50 latency over the floor's, and the floor's requests per second over "
        "the target's. With 50 connections on two workers a latency is mostly time in the "
        "queue, so the request rate is the plainer figure. A page that keeps every worker "
        "busy longer than wrk's time shows few or no requests (–). Errors are non-2xx/3xx "
        "answers and timeouts (30 s).",
        "",
    ]
    memory = []
    for run in runs:
        for size in run["sizes"]:
            h = size.get("http")
            if h is None:
                continue
            rows = []
            for name, r in h["targets"].items():
                none = r["requests"] == 0  # the workers finished none within wrk's time
                rows.append(
                    [
                        name,
                        f"{r['requests']:,}",
                        _n(r["rps"]),
                        "–" if none else _n(r["p50_ms"]),
                        "–" if none else _n(r["p99_ms"]),
                        "–" if none else f"{_n(r['ratio_p50'])}×",
                        "–" if none else f"{_n(r['ratio_rps'])}×",
                        str(r["errors"]),
                    ]
                )
            post = next((r for n, r in h["targets"].items() if n.startswith("POST")), None)
            note = (
                f" The post appended {post['entries_appended']:,} log entries."
                if post and "entries_appended" in post
                else ""
            )
            out += [
                f"**{NAMES[run['database']]}, {_people(size['people'])} people**, "
                f"{h['seconds_each']:g} s each.{note}",
                "",
                *_table(
                    [
                        "target",
                        "requests",
                        "req/s",
                        "p50 ms",
                        "p99 ms",
                        "p50 ratio",
                        "req/s ratio",
                        "errors",
                    ],
                    rows,
                ),
            ]
            m = h["memory"]
            memory.append(
                [
                    NAMES[run["database"]],
                    _people(size["people"]),
                    f"{m['requests']:,}",
                    ", ".join(f"`{p.split(': ', 1)[-1]}`" for p in m.get("pages", [])) or "–",
                    ", ".join(f"{x:.0f}" for x in m["rss_mib_start"]),
                    ", ".join(f"{x:.0f}" for x in m["rss_mib_end"]),
                    m.get("chosen_by", "–"),
                ]
            )
    out += [
        "## 6. Worker memory",
        "",
        "Resident memory of each gunicorn worker of a fresh server, at start and after the "
        "pages named were requested in turn (wrk, 50 connections): `bench/compare.py` takes "
        "the floor and the pages the workers served at five a second or more in section 5, "
        "as a slower page would leave a queue, not requests (the last column says how a "
        "run chose).",
        "",
        *_table(
            [
                "database",
                "people",
                "requests",
                "of",
                "RSS at start, MiB",
                "RSS after, MiB",
                "pages chosen by",
            ],
            memory,
        ),
    ]
    return out


def build_section(runs: list[dict[str, Any]]) -> list[str]:
    rows = []
    for run in runs:
        for size in run["sizes"]:
            b = size["demo_build"]
            rows.append(
                [
                    NAMES[run["database"]],
                    _people(size["people"]),
                    _n(b["wall_seconds"]),
                    _n(b["peak_rss_mib"], 0),
                    f"{b['people_rows']:,} people, {b['areas']:,} areas, {b['clients']:,} clients",
                ]
            )
    return [
        "## The demo build",
        "",
        "`ansvar.demo.load` in one transaction (as `bench/run.py`'s `demo_build`).",
        "",
        *_table(["database", "people", "wall s", "peak RSS MiB", "rows"], rows),
    ]


def curves(runs: list[dict[str, Any]]) -> list[tuple[str, list[tuple[int, float]]]]:
    """The series of the chart: milliseconds by people."""
    series: list[tuple[str, list[tuple[int, float]]]] = []
    picks = [
        ("rule", lambda s: s["rulecheck"]["ways"]["ansvar_rule"]["p50_us"] / 1000),
        ("can", lambda s: s["can"]["p50_ms"]),
        ("action", lambda s: s["write"]["action_path"]["action_path"]["p50_ms"]),
        ("home", lambda s: s["pages"]["GET / (area manager)"]["median_seconds"] * 1000),
        (
            "client page",
            lambda s: s["pages"]["GET client page (its lead)"]["median_seconds"] * 1000,
        ),
        ("area page", lambda s: s["pages"]["GET area page (manager)"]["median_seconds"] * 1000),
        ("/vd/", lambda s: s["pages"]["GET /vd/ (CEO)"]["median_seconds"] * 1000),
    ]
    for run in runs:
        for label, pick in picks:
            points = []
            for s in run["sizes"]:
                try:
                    points.append((s["people"], float(pick(s))))
                except KeyError:
                    continue
            if points:
                series.append((f"{label} ({NAMES[run['database']]})", points))
    return series


COLOURS = ["#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#b8860b", "#2c3e50"]


def svg(series: list[tuple[str, list[tuple[int, float]]]]) -> str:
    """A log-log line chart: people across, milliseconds (p50 / median) up."""
    width, height, left, right, top, bottom = 760, 420, 70, 250, 30, 50
    xs = [x for _, pts in series for x, _ in pts]
    ys = [max(y, 1e-4) for _, pts in series for _, y in pts]
    if not xs:
        return ""
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    pw, ph = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return left + (math.log10(x) - x0) / (x1 - x0) * pw

    def py(y: float) -> float:
        return top + ph - (math.log10(max(y, 1e-4)) - y0) / (y1 - y0) * ph

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        "<title>Scale curves: milliseconds by the number of people</title>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    for e in range(y0, y1 + 1):
        y = py(10**e)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        label = f"{10**e:g}"
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for e in range(x0, x1 + 1):
        x = px(10**e)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle">{10**e:,.0f}</text>'
        )
    parts.append(
        f'<text x="{left + pw / 2:.0f}" y="{height - 10}" text-anchor="middle">'
        "people in the demo organisation (log scale)</text>"
    )
    parts.append(
        f'<text x="16" y="{top + ph / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {top + ph / 2:.0f})">ms, p50 or median (log scale)</text>'
    )
    measures: list[str] = []
    for i, (label, pts) in enumerate(series):
        base = label.rsplit(" (", 1)[0]  # one colour per measure, dashed on PostgreSQL
        if base not in measures:
            measures.append(base)
        colour = COLOURS[measures.index(base) % len(COLOURS)]
        dash = ' stroke-dasharray="6 3"' if "PostgreSQL" in label else ""
        coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        for x, y in pts:
            parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>')
        ly = top + 14 + i * 18
        lx = left + pw + 16
        parts.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 22}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
        )
        parts.append(f'<text x="{lx + 28}" y="{ly}">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write(runs: list[dict[str, Any]], output: Path) -> None:
    if not runs:
        raise SystemExit("no compare-*.json results to write a report from")
    chart = output.with_name(output.stem + "-scale.svg")
    drawn = svg(curves(runs))
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/compare.py`) from its latest run on each database; "
        "do not edit by hand. `bench/README.md` says how each measure is taken; no test "
        "asserts a speed (`make bench-smoke`, which the test suite runs, checks only that "
        "every measure produces figures and that the rule checks agree).",
        "",
        *machine_section(runs),
    ]
    if drawn:
        chart.write_text(drawn)
        lines += [
            "## Scale curves",
            "",
            f"![Milliseconds by the number of people, log-log]({chart.name})",
            "",
            "p50 (rule, `can`, action) or median (pages, test client) by organisation size; "
            "dashed lines are PostgreSQL.",
            "",
        ]
    lines += [
        *rule_section(runs),
        *can_section(runs),
        *write_section(runs),
        *pages_section(runs),
        *http_section(runs),
        *build_section(runs),
    ]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines).rstrip() + "\n")
