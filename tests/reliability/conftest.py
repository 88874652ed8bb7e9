"""The reliability harnesses (reliability/) at CI size, on the database the suite runs on."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def database_args(suffix: str) -> list[str]:
    """On PostgreSQL a harness makes its own throwaway database (``test_<suite's>_<suffix>``,
    so each pass and each harness has its own), never the suite's."""
    url = os.environ.get("ANSVAR_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return []
    base, _, name = url.rpartition("/")
    return ["--database-url", f"{base}/{name.split('?')[0]}_{suffix}"]


def run_harness(script: str, args: list[str], out: Path) -> tuple[dict[str, Any], str]:
    """Run ``reliability/<script>`` with ``args``; its JSON result and its printed summary."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ANSVAR_DATABASE_URL", "ANSVAR_TEST_DATABASE_NAME")
    }
    run = subprocess.run(
        [sys.executable, str(ROOT / "reliability" / script), *args, "--results-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, f"{script} failed:\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}"
    (path,) = out.glob("*.json")
    return json.loads(path.read_text()), run.stdout
