"""Bombs — a YAML 'billion laughs', YAML nested 10,000 deep (PyYAML's composer recurses once
a level), huge scalars, a zip bomb as a workbook, a checkpoint nested 20,000 deep — are
refused with the reader's own clear message, and reading all of them raises the peak memory
of a fresh process by less than ``LIMIT_MIB`` (measured with ``resource.getrusage`` in
``tests/fuzz/bombs.py``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

LIMIT_MIB = 100
ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {
    "scenario: billion laughs": "ScenarioError: ",
    "scenario: 10000 levels deep": "ScenarioError: ",
    "scenario: 3 MB scalar": "ScenarioError: ",
    "scenario: 200 kB scalar": "ScenarioError: ",
    "import: billion laughs": "Unreadable: ",
    "import: 10000 levels deep": "Unreadable: ",
    "import: zip bomb workbook": "Unreadable: ",
    "checkpoint: 20000 levels deep": "CheckpointError: ",
    "checkpoint: 1 MB file": "CheckpointError: ",
}


def test_bombs_are_refused_in_bounded_memory():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ansvar.config.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.bombs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout)
    bombs = report["bombs"]
    assert set(bombs) == set(EXPECTED)
    for name, prefix in EXPECTED.items():
        assert bombs[name]["error"].startswith(prefix), (name, bombs[name]["error"])
    assert "billion" not in bombs["scenario: billion laughs"]["error"]
    assert "200000 values" in bombs["scenario: billion laughs"]["error"]
    assert "64 levels" in bombs["import: 10000 levels deep"]["error"]
    assert "unpacks too large" in bombs["import: zip bomb workbook"]["error"]
    assert "not JSON" in bombs["checkpoint: 20000 levels deep"]["error"]
    rise_mib = (max(b["peak_kib"] for b in bombs.values()) - report["baseline_kib"]) / 1024
    assert rise_mib < LIMIT_MIB, report
