"""Pages under ``ansvar serve`` (gunicorn, its default two workers, production settings),
loaded by wrk from a second process on the loopback with 50 concurrent connections for a
bounded time each; and the workers' resident memory after many requests.

Every figure is also given as a ratio to the same server's floor, the log-in page
(``/logga-in/``: no session, no query). Logged-in requests carry a session made for a demo
user beforehand (``Client.force_login``, written to the database the server reads); the
action post carries a CSRF cookie and header. The API read rotates personal tokens of 50
people, so the API's per-token throttle does not answer in their place.

wrk (Debian's package) must be installed: without it this measure fails, naming the fix.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

BIN = Path(sys.executable).parent
FLOOR = "floor: GET /logga-in/"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    headers: list[dict[str, str]]  # one set per request, in turn
    method: str = "GET"
    body: str = ""


def require_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit(
            "wrk is missing: apt-get install -y wrk (the HTTP measure loads `ansvar serve` "
            "with it from a second process)"
        )
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _lua(target: Target) -> str:
    def table(d: dict[str, str]) -> str:
        return "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in d.items()) + "}"

    sets = ", ".join(table(h) for h in target.headers) or "{}"
    body = json.dumps(target.body) if target.body else "nil"
    return f"""
local sets = {{{sets}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format({json.dumps(target.method)}, {json.dumps(target.path)},
                    sets[(i % #sets) + 1], {body})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


class Server:
    """``ansvar serve`` in a child process on a free loopback port."""

    def __init__(self, workdir: Path, database_url: str, workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.env = {
            **os.environ,
            "ANSVAR_DEBUG": "false",
            "ANSVAR_SSL_REDIRECT": "false",
            "ANSVAR_HSTS_SECONDS": "0",
            "ANSVAR_BASE_URL": self.base,
            "ANSVAR_DATABASE_URL": database_url,
            "ANSVAR_STATIC_ROOT": str(workdir / "static"),
            "ANSVAR_VAR_DIR": str(workdir),
        }
        self.log = workdir / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    def collectstatic(self) -> float:
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "python"), "-m", "django", "collectstatic", "--noinput", "-v0"],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "ansvar.config.settings"},
            check=True,
        )
        return time.perf_counter() - started

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "ansvar"),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ansvar serve stopped at start; see {self.log}")
            if self.answers(timeout=2):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"ansvar serve did not answer within 60 s; see {self.log}")

    def answers(self, timeout: float) -> bool:
        """Whether the floor page answers within ``timeout``: after a load, that it has
        worked through the requests wrk left queued."""
        try:
            with urllib.request.urlopen(f"{self.base}/logga-in/", timeout=timeout) as r:
                return bool(r.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # gunicorn: stop now, not gracefully
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def worker_rss_mib(self) -> list[float]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        rss = []
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss.append(round(int(line.split()[1]) / 1024, 1))
        return sorted(rss)


def wrk(wrk_bin: str, base: str, target: Target, seconds: float, workdir: Path) -> dict[str, Any]:
    script = workdir / "wrk.lua"
    script.write_text(_lua(target))
    duration = f"-d{max(1, round(seconds))}s"
    run = subprocess.run(
        [wrk_bin, "-t2", "-c50", duration, "--timeout", "30s", "-s", str(script), base],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=False,
    )
    line = next((x for x in run.stdout.splitlines() if x.startswith("RESULT ")), None)
    if run.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({run.returncode}): {run.stderr.strip() or run.stdout}")
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    seconds_run = result["duration_us"] / 1e6
    return {
        "requests": result["requests"],
        "rps": round(result["requests"] / seconds_run, 1) if seconds_run else 0.0,
        "p50_ms": round(result["p50_us"] / 1e3, 2),
        "p99_ms": round(result["p99_us"] / 1e3, 2),
        "errors": errors,
        "non_2xx_3xx": result["status"],
        "timeouts": result["timeout"],
    }


def targets(organisation: Any, who: dict[str, Any]) -> list[Target]:
    """The floor, eight pages and reads as their viewers, and an action post."""
    from django.conf import settings
    from django.test import Client
    from django.utils.crypto import get_random_string

    from ansvar.api import tokens
    from ansvar.org.models import Person

    csrf = get_random_string(32)

    def cookie(person: Any) -> dict[str, str]:
        browser = Client()
        browser.force_login(person.user)
        session = browser.cookies[settings.SESSION_COOKIE_NAME].value
        return {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}"
        }

    users = Person.objects.filter(organisation=organisation, user__isnull=False).order_by("pk")
    api = [{"Authorization": f"Bearer {tokens.issue(p, 'benchmark').token}"} for p in users[:50]]
    lead = who["client_lead"]
    post = urlencode(
        {"target": f"client:{who['client'].slug}", "assignee": lead.email, "title": "Mätning"}
    )
    email = quote(who["consultant"].email)
    return [
        Target(FLOOR, "/logga-in/", [{}]),
        Target("GET / (area manager)", "/", [cookie(who["area_manager"])]),
        Target(
            "GET client page (its lead)",
            f"/kunder/{who['client'].slug}/",
            [cookie(who["client_lead"])],
        ),
        Target(
            "GET area page (manager)",
            f"/omraden/{who['area'].slug}/",
            [cookie(who["area_manager"])],
        ),
        Target("GET person page (manager)", f"/personer/{email}/", [cookie(who["area_manager"])]),
        Target("GET /vd/ (CEO)", "/vd/", [cookie(who["ceo"])]),
        Target("GET /ansvarskarta/ (consultant)", "/ansvarskarta/", [cookie(who["consultant"])]),
        Target("GET /beslutslogg/ (consultant)", "/beslutslogg/", [cookie(who["consultant"])]),
        Target("GET /api/v1/clients (50 tokens)", "/api/v1/clients", api),
        Target(
            "POST assign_work_item (lead)",
            "/handling/assign_work_item/",
            [
                {
                    **cookie(lead),
                    "X-CSRFToken": csrf,
                    "Content-Type": "application/x-www-form-urlencoded",
                }
            ],
            method="POST",
            body=post,
        ),
    ]


def measure(
    organisation: Any,
    who: dict[str, Any],
    workdir: Path,
    database_url: str,
    *,
    seconds: float,
    rss_requests: int,
    rss_seconds: float,
) -> dict[str, Any]:
    """Each target for ``seconds`` on one server (restarted when a slow page left it more
    queued work than it clears in 20 s), then a fresh server's worker memory before and after
    ``rss_requests`` requests of the floor and the pages in turn (or as many as
    ``rss_seconds`` allow)."""
    from ansvar.decisions.models import Entry

    wrk_bin = require_wrk()
    server = Server(workdir, database_url)
    static_seconds = server.collectstatic()
    plan = targets(organisation, who)
    rows: dict[str, dict[str, Any]] = {}
    restarts = 0
    server.start()
    try:
        for target in plan:
            before = Entry.objects.filter(organisation=organisation).count()
            rows[target.name] = wrk(wrk_bin, server.base, target, seconds, workdir)
            if target.method == "POST":
                rows[target.name]["entries_appended"] = (
                    Entry.objects.filter(organisation=organisation).count() - before
                )
            if not server.answers(timeout=20):
                server.stop()
                server.start()
                restarts += 1
    finally:
        server.stop()
    floor = rows[FLOOR]
    for row in rows.values():
        row["ratio_p50"] = round(row["p50_ms"] / floor["p50_ms"], 1) if floor["p50_ms"] else None
        row["ratio_rps"] = round(floor["rps"] / row["rps"], 1) if row["rps"] else None

    # Memory: a fresh server, the floor and the pages the workers served at five a second
    # or more (a slower one would leave them a queue, not requests), in turn, until
    # rss_requests were served. Under 50 connections every latency is mostly queueing, so
    # the rate, not the latency, says what a page costs the workers.
    mixed = [t for t in plan if t.name == FLOOR or (t.method == "GET" and rows[t.name]["rps"] >= 5)]
    server.start()
    try:
        rss_start = server.worker_rss_mib()
        served = 0
        runs = 0
        deadline = time.monotonic() + rss_seconds
        while served < rss_requests and time.monotonic() < deadline:
            for t in mixed:
                served += wrk(wrk_bin, server.base, t, max(1.0, seconds / 5), workdir)["requests"]
                runs += 1
                if served >= rss_requests:
                    break
        rss_end = server.worker_rss_mib()
    finally:
        server.stop()
    return {
        "connections": 50,
        "seconds_each": seconds,
        "workers": server.workers,
        "collectstatic_seconds": round(static_seconds, 1),
        "restarts": restarts,
        "targets": rows,
        "memory": {
            "requests": served,
            "requests_wanted": rss_requests,
            "pages": [t.name for t in mixed],
            "chosen_by": "the floor and 5 requests/s or more in section 5",
            "wrk_runs": runs,
            "rss_mib_start": rss_start,
            "rss_mib_end": rss_end,
        },
    }
