"""The soak's one-minute version (``reliability/soak.py --minutes 1``): 20 users of every
role against ``ansvar serve`` on the loopback. It checks what does not depend on the
machine's speed: no request failed, every user logged in, the log holds exactly the
decisions the users counted as written and its chain verifies. Its p95 and memory growth
are figures of the JSON (docs/reliability.md), not asserted here: the suite times nothing,
and a request fails here only without an answer within 60 s (the full soak's limit is 10 s).

On the SQLite pass only: the PostgreSQL pass beside it would spend another two minutes of
CI's budget on the same users and pages (the full soak takes ``--database-url``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("ANSVAR_DATABASE_URL", "").startswith("postgres"),
    reason="the soak's CI run is on the SQLite pass (CI time)",
)


def test_a_minute_of_twenty_users_fails_nothing_and_the_log_is_what_they_wrote(tmp_path):
    out = tmp_path / "soak.json"
    env = {k: v for k, v in os.environ.items() if k != "ANSVAR_DATABASE_URL"}
    run = subprocess.run(
        [sys.executable, str(ROOT / "reliability" / "soak.py"), "--minutes", "1",
         "--users", "20", "--people", "100", "--timeout", "60", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert out.exists(), f"the soak wrote nothing:\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}"
    result = json.loads(out.read_text())
    assert result["failed"] == 0, (result["failures"], result["errors"])
    checks = result["checks"]
    assert checks["no_failed_requests"] and checks["every_user_logged_in"], checks
    assert checks["log_equals_counted_writes"] and checks["chain_verifies"], checks
    assert result["writes_ok"] > 0 and result["refused_as_expected"] > 0
    assert result["log_entries_written"] == result["writes_ok"]
    assert set(result["roles"]) == {
        "consultant", "client_lead", "area_manager", "ceo", "technical_admin"
    }  # fmt: skip
    assert result["p95_ms"] > 0 and len(result["memory"]["rss_mib_end"]) == 2
