"""What the reliability harnesses share: a fresh database set up as ``bench/run.py`` sets it
up (a temporary SQLite file with the product's settings, or a throwaway PostgreSQL database
next to the one ``--database-url`` names, dropped afterwards), the firm they act in, the
checks of the decision log, and where the results go."""

import json
import os
import platform
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "reliability" / "results"

sys.path.insert(0, str(ROOT / "bench"))

from run import setup as bench_setup  # noqa: E402  (bench/run.py: one way to set Django up)

FOUNDED = date(2020, 1, 1)
DOMAIN = "tillit.se"


def start(database_url: str | None, workdir: Path) -> tuple[str, str, Callable[[], None]]:
    """Django on a fresh, migrated database; (vendor, the database's URL for the child
    processes, teardown)."""
    vendor, teardown = bench_setup(SimpleNamespace(database_url=database_url), workdir)
    from django.db import connection

    if vendor == "sqlite":
        return vendor, os.environ["ANSVAR_DATABASE_URL"], teardown
    assert database_url is not None
    base = database_url.split("?")[0].rpartition("/")[0]
    return vendor, f"{base}/{connection.settings_dict['NAME']}", teardown


def child_setup(database_url: str) -> None:
    """Django in a child process, on the database the parent made (no migration)."""
    os.environ["ANSVAR_DATABASE_URL"] = database_url
    os.environ.setdefault("ANSVAR_SECRET_KEY", "reliability-only-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ansvar.config.settings"
    import django

    django.setup()


def email(name: str) -> str:
    return f"{name}@{DOMAIN}"


def firm(clients: int = 8, spare: int = 8) -> Any:
    """Found a small firm of its own: the CEO, three areas with their managers, ``clients``
    clients each with its own lead and a work group of one, and ``spare`` consultants in
    each area who lead nothing (the candidates of rival appointments)."""
    from ansvar.org.founding import (
        AreaSpec,
        ClientSpec,
        OrganisationSpec,
        PersonSpec,
        found_organisation,
    )

    areas = ["ledning", "strategi", "analys"]
    people = [PersonSpec(email("vd"), "Vera Vd", "ledning", date(2015, 1, 1))]
    people += [PersonSpec(email(f"chef-{a}"), f"Chef {a}", a, date(2016, 1, 1)) for a in areas[1:]]
    for a in areas[1:]:
        people += [
            PersonSpec(email(f"{a}-{i}"), f"Konsult {a} {i}", a, date(2018, 1, 1))
            for i in range(spare)
        ]
    people += [
        PersonSpec(email(f"lead-{c}"), f"Kundansvarig {c}", areas[1 + c % 2], date(2017, 1, 1))
        for c in range(clients)
    ]
    specs = [
        ClientSpec(
            f"kund-{c}",
            f"Kund {c} AB",
            email(f"lead-{c}"),
            [(email(f"{areas[1 + c % 2]}-{c % spare}"), "member")],
        )
        for c in range(clients)
    ]
    return found_organisation(
        OrganisationSpec(
            name="Tillitsbyrån",
            slug="tillit",
            ceo=email("vd"),
            founded_on=FOUNDED,
            people=people,
            areas=[
                AreaSpec("ledning", "Ledning", email("vd")),
                *(AreaSpec(a, a.capitalize(), email(f"chef-{a}")) for a in areas[1:]),
            ],
            clients=specs,
        )
    )


def chain_checks(organisation: Any) -> dict[str, Any]:
    """The log's own checks: seq contiguous from 1 (no fork, no gap), ``log.verify``, and on
    SQLite ``PRAGMA integrity_check`` of the file."""
    from django.db import connection

    from ansvar.decisions import log
    from ansvar.decisions.models import Entry

    seqs = list(
        Entry.objects.filter(organisation=organisation)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    result = log.verify(organisation)
    checks: dict[str, Any] = {
        "entries": len(seqs),
        "seq_contiguous": seqs == list(range(1, len(seqs) + 1)),
        "verify_ok": bool(result.ok),
        "verify_size": result.size,
    }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            checks["integrity_check"] = [row[0] for row in cursor.fetchall()]
    return checks


def chain_ok(checks: dict[str, Any]) -> bool:
    return (
        checks["seq_contiguous"]
        and checks["verify_ok"]
        and checks.get("integrity_check", ["ok"]) == ["ok"]
    )


def sqlite_pragmas() -> dict[str, Any]:
    """The settings the product's connection runs with (SQLite only)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return {}
    out = {}
    with connection.cursor() as cursor:
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"):
            cursor.execute(f"PRAGMA {name}")
            out[name] = cursor.fetchone()[0]
    out["synchronous"] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(
        out["synchronous"], out["synchronous"]
    )
    return out


def write_result(name: str, result: dict[str, Any], results_dir: Path | None) -> Path:
    result = {
        **result,
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
    }
    where = results_dir or RESULTS
    where.mkdir(parents=True, exist_ok=True)
    stamp = result["when"].replace("-", "").replace(":", "")
    path = where / f"{name}-{result['database']}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return path
