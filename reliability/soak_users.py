"""The soak's simulated users, for locust (``reliability/soak.py`` starts it headless).

Each user takes one person of the plan (``SOAK_PLAN``: a JSON file soak.py wrote), logs in
through the log-in form, then browses that person's pages and posts that person's decisions
through the web's action door: some the policy allows them, some it refuses. When locust
stops, the counts go to ``SOAK_SUMMARY`` (JSON).

What counts as failed (locust's failure, and the soak's ``failed`` figure):

- no answer: a connection error or no answer within ``TIMEOUT`` seconds (``--timeout``,
  10 by default);
- any 5xx;
- any other status than the one expected: 200 for a page (a redirect to the log-in page is
  a failure); 302 for the log-in post (not back to the log-in page) and for an action post
  (to ``next``, whose page is then 200);
- an action post whose answer is not the expected one: an allowed decision must be answered
  "loggat som nr N" (it is written), a refused one "Nekat (clauses)" (nothing is written).

A refusal the plan expects is an answer, not a failure.
"""

import json
import os
import random
import re
import threading
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser

TIMEOUT = float(os.environ.get("SOAK_TIMEOUT", "10"))
PLAN: dict[str, Any] = json.loads(Path(os.environ["SOAK_PLAN"]).read_text())
_lock = threading.Lock()
_taken = 0
COUNTS: dict[str, Any] = {
    "logins": 0,
    "pages": 0,
    "writes_ok": 0,
    "refused_as_expected": 0,
    "failed": 0,
    "failures": {},
    "seqs": [],
}
WRITTEN = re.compile(r"loggat som nr (\d+)")
REFUSED = '<li class="error">Nekat ('


def _fail(kind: str) -> None:
    with _lock:
        COUNTS["failed"] += 1
        COUNTS["failures"][kind] = COUNTS["failures"].get(kind, 0) + 1


class Person(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        global _taken
        with _lock:
            self.me = PLAN["users"][_taken % len(PLAN["users"])]
            _taken += 1
        self.client.get("/logga-in/", name="GET /logga-in/", timeout=TIMEOUT)
        self._loopback()
        with self.client.post(
            "/logga-in/",
            {
                "username": self.me["email"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="POST /logga-in/",
            allow_redirects=False,
            catch_response=True,
            timeout=TIMEOUT,
        ) as r:
            if r.status_code != 302 or r.headers.get("Location", "").startswith("/logga-in"):
                r.failure(f"log-in: {r.status_code} {r.headers.get('Location')}")
                _fail(f"log-in {r.status_code}")
                raise StopUser()  # not logged in: its pages would only say so
            else:
                r.success()
                with _lock:
                    COUNTS["logins"] += 1
        self._loopback()

    def _loopback(self) -> None:
        """The server's cookies are Secure (production settings); on the loopback, which
        stands in for the TLS proxy, they go over plain HTTP as the proxy would send them.
        (requests would not send them to an http address, hence also no automatic
        redirects: each answer's cookies are taken before the next request.)"""
        for cookie in self.client.cookies:
            cookie.secure = False

    @task(4)
    def browse(self) -> None:
        self._loopback()
        path = random.choice(self.me["pages"])
        name = f"GET {self.me['role']}: {path.split('?')[0]}"
        with self.client.get(
            path, name=name, catch_response=True, timeout=TIMEOUT, allow_redirects=False
        ) as r:
            if r.status_code != 200:
                r.failure(f"{path}: {r.status_code}")
                _fail(f"page {r.status_code}")
            else:
                r.success()
                with _lock:
                    COUNTS["pages"] += 1

    @task(1)
    def decide(self) -> None:
        self._loopback()
        post = random.choice(self.me["posts"])
        fields = {
            "target": post["target"],
            **post["args"],
            "next": self.me["next"],
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
        }
        allowed = post["allowed"]
        name = f"POST {post['action']} ({'allowed' if allowed else 'refused'})"
        with self.client.post(
            f"/handling/{post['action']}/",
            fields,
            name=name,
            catch_response=True,
            timeout=TIMEOUT,
            allow_redirects=False,
        ) as r:
            back = r.headers.get("Location", "")
            if r.status_code != 302 or back != self.me["next"]:
                title = re.search(r"<title>(.*?)</title>", r.text or "")
                r.failure(
                    f"{post['action']}: {r.status_code} {title.group(1) if title else back!r}"
                )
                _fail(f"post {r.status_code}")
                return
            r.success()
        self._loopback()
        with self.client.get(
            back,
            name=f"GET {back} (answer to {name})",
            catch_response=True,
            timeout=TIMEOUT,
            allow_redirects=False,
        ) as r:
            body = r.text if r.status_code == 200 else ""
            written = WRITTEN.search(body)
            if r.status_code != 200:
                r.failure(f"answer to {post['action']}: {r.status_code}")
                _fail(f"answer {r.status_code}")
            elif allowed and written:
                r.success()
                with _lock:
                    COUNTS["writes_ok"] += 1
                    COUNTS["seqs"].append(int(written.group(1)))
            elif not allowed and REFUSED in body and not written:
                r.success()
                with _lock:
                    COUNTS["refused_as_expected"] += 1
            else:
                said = "written" if written else "refused" if REFUSED in body else "other"
                r.failure(f"{post['action']} expected {'written' if allowed else 'refused'}")
                _fail(f"{post['action']}: expected {'written' if allowed else 'refused'}, {said}")


@events.quitting.add_listener
def _summary(environment: Any, **_: Any) -> None:
    total = environment.stats.total
    out = {
        **COUNTS,
        "requests": total.num_requests,
        "locust_failures": total.num_failures,
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "max_ms": round(total.max_response_time, 1),
        "rps": round(total.total_rps, 1),
        "by_name": {
            name: {
                "requests": s.num_requests,
                "failures": s.num_failures,
                "p50_ms": s.get_response_time_percentile(0.5),
                "p95_ms": s.get_response_time_percentile(0.95),
            }
            for (name, _method), s in sorted(environment.stats.entries.items())
        },
        "errors": {str(e.error)[:300]: e.occurrences for e in environment.stats.errors.values()},
    }
    with open(os.environ["SOAK_SUMMARY"], "w") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
