"""A real SMTP server on the loopback address (aiosmtpd), started by the test that asks for it,
and Django's default mailer pointed at it.

``smtp.refuse(n)`` makes the server answer the next ``n`` messages with a temporary error
(451), as a server does that is overloaded; ``smtp.stop()`` and ``smtp.start()`` take it away
and bring it back on the same port.
"""

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

AT = date(2026, 11, 27)


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def body(self) -> str:
        part = self.message.get_body(("plain",))
        assert part is not None
        return str(part.get_content())


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refusals: int = 0
    refused: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusals > 0:
            self.refusals -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SMTPServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.handler = Handler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def refuse(self, n: int) -> None:
        self.handler.refusals = n

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def to(self, email: str) -> list[Received]:
        return [r for r in self.received if email in r.recipients]


@pytest.fixture
def smtp(settings: Any) -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "ansvar@exempel.example"
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def small(db):
    """Dated from today: an area manager whose only consultant started two months ago, so that
    she has no duty of her own until someone gives her one."""
    from django.utils import timezone

    from ansvar.org.founding import AreaSpec, OrganisationSpec, PersonSpec, found_organisation

    today = timezone.localdate()
    org = found_organisation(
        OrganisationSpec(
            name="Lillbyrån",
            slug="lill",
            ceo="vera@lill.example",
            founded_on=date(2020, 1, 1),
            people=[
                PersonSpec("vera@lill.example", "Vera Vd", "ledning", date(2015, 1, 1)),
                PersonSpec("anna@lill.example", "Anna Ao", "opinion", date(2018, 3, 1)),
                PersonSpec("kim@lill.example", "Kim Ny", "opinion", today - timedelta(days=60)),
            ],
            areas=[
                AreaSpec("ledning", "Ledning", "vera@lill.example"),
                AreaSpec("opinion", "Opinion", "anna@lill.example"),
            ],
        )
    )
    return org, {p.email.split("@")[0]: p for p in org.people.all()}, today


@pytest.fixture
def mail_admin(org, people):
    """Olof administers Ansvar technically (and so its mail); the CEO does not."""
    from django.utils import timezone

    from ansvar.accounts.actions import found_first_administrator

    found_first_administrator(org, people["olof"], timezone.localdate())
    return people["olof"]
