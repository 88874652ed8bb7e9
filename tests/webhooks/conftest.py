"""A real HTTP server on the loopback address (``http.server`` in a thread) that receives
webhook deliveries, and an organisation with technical administrators to register them.

``receiver.fail(n, status)`` makes it answer the next ``n`` requests with ``status``."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from ansvar.accounts.actions import found_first_administrator
from ansvar.engine.registry import perform


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def fail(self, n: int, status: int = 500) -> None:
        with self.lock:
            self.failures.extend([status] * n)

    def answer(self) -> int:
        with self.lock:
            return self.failures.pop(0) if self.failures else 204


def _handler(receiver_ref: list[Receiver]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver = receiver_ref[0]
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            status = receiver.answer()
            if status < 300:
                with receiver.lock:
                    receiver.received.append(Received(self.path, dict(self.headers), body))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    ref: list[Receiver] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(ref))
    ref.append(Receiver(server))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ref[0]
    server.shutdown()
    server.server_close()


@pytest.fixture
def admins(org, people):
    """Petra administers the organisation; Anna and Vera (the CEO) are administrators too,
    so that an endpoint can read as either of them."""
    today = timezone.localdate()
    found_first_administrator(org, people["petra"], today)
    for name in ("anna", "vera"):
        perform(org, people["petra"], "add_technical_admin", f"person:{name}@example.se")
    return people


def register(org, person, url: str, **args: Any):
    """The endpoint and its secret, registered by ``person``."""
    done = perform(org, person, "register_webhook", "org", {"url": url, **args})
    return done.result.endpoint, done.result.secret
