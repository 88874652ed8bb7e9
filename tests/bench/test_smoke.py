"""The benchmark's smoke run (``make bench-smoke``): every measure of ``bench/compare.py`` at
a tiny size, on the database the suite runs on. It checks that each measure produced
figures and that the rule check's peers answered exactly as Ansvar's rules; it asserts no
speed (the figures of a shared machine are no test)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _database_args() -> list[str]:
    """On PostgreSQL the smoke builds its own throwaway database, never the suite's."""
    url = os.environ.get("ANSVAR_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return []
    base, _, name = url.rpartition("/")
    return ["--database-url", f"{base}/{name.split('?')[0]}_benchsmoke"]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("bench-smoke")
    env = {k: v for k, v in os.environ.items() if k != "ANSVAR_DATABASE_URL"}
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "compare.py"),
            "--smoke",
            "--results-dir",
            str(out),
            "--output",
            str(out / "benchmarks.md"),
            *_database_args(),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, f"the smoke failed:\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}"
    (result,) = out.glob("compare-*.json")
    return json.loads(result.read_text()), out


def test_every_measure_produced_figures(smoke: tuple[dict[str, Any], Path]) -> None:
    result, _ = smoke
    (size,) = result["sizes"]
    assert size["demo_build"]["wall_seconds"] > 0 and size["demo_build"]["people_rows"] >= 25
    assert size["machine"]["cpus"] >= 1 and size["machine"]["load_average_start"]

    can = size["can"]
    assert can["n"] == 40 and can["p50_ms"] > 0 and can["queries_p50"] > 0

    pages = size["pages"]
    assert "GET /vd/ (CEO)" in pages and "duties: whole organisation" in pages
    assert all(row["median_seconds"] > 0 and row["queries"] > 0 for row in pages.values())

    http = size["http"]["targets"]
    assert "floor: GET /logga-in/" in http and "GET /api/v1/clients (50 tokens)" in http
    for name, row in http.items():
        assert row["requests"] > 0 and row["p50_ms"] > 0, name
        assert row["ratio_p50"] is not None, name
    post = http["POST assign_work_item (lead)"]
    assert post["non_2xx_3xx"] == 0 and post["entries_appended"] > 0
    memory = size["http"]["memory"]
    assert memory["requests"] > 0 and len(memory["rss_mib_end"]) == 2
    assert all(mib > 10 for mib in memory["rss_mib_end"])

    write = size["write"]
    action = write["action_path"]
    assert action["n"] == 20 and action["action_path"]["p50_ms"] > 0
    assert action["bare_insert"]["p50_ms"] > 0 and action["ratio_p50"] > 0
    verify = write["verify"]
    assert verify["entries"] >= 20 and verify["verify_ms"] > 0 and verify["hash_in_memory_ms"] > 0


def test_the_rule_check_peers_answered_as_ansvar(smoke: tuple[dict[str, Any], Path]) -> None:
    result, _ = smoke
    check = result["sizes"][0]["rulecheck"]
    assert check["answers_equal"] is True
    assert check["queries"] == 1000
    assert set(check["ways"]) == {"ansvar_rule", "ansvar_facts", "django_rules", "casbin"}
    assert all(way["n"] == 1000 and way["p50_us"] > 0 for way in check["ways"].values())
    # Refused and allowed answers both occur for every action, so equal answers mean something.
    for action, counts in check["by_action"].items():
        assert 0 < counts["allowed"] < counts["queries"], action
    assert result["sizes"][0]["can"]["answers_equal"] is True


def test_the_report_is_written_with_its_chart(smoke: tuple[dict[str, Any], Path]) -> None:
    _, out = smoke
    doc = (out / "benchmarks.md").read_text()
    for heading in ("## Machine", "## 1. ", "## 2. ", "## 3. ", "## 4. ", "## 5. ", "## 6. "):
        assert heading in doc
    assert "answers equal: yes" in doc and "pycasbin" in doc and "django-rules" in doc
    chart = (out / "benchmarks-scale.svg").read_text()
    assert chart.startswith("<svg") and "<polyline" in chart and "<script" not in chart
