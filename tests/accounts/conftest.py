"""Fixtures for accounts: the example organisation with a technical administrator who is a
plain consultant (Erik, on probation, leads nothing), and a real SMTP server."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from ansvar.accounts.actions import found_first_administrator
from tests.smtp import Inbox, mailers, smtp_server


@pytest.fixture
def admin(org: Any, people: dict[str, Any]) -> Any:
    found_first_administrator(org, people["erik"], timezone.localdate())
    return people["erik"]


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    """Mail goes through Django's SMTP backend to a real server on the loopback."""
    with smtp_server() as (inbox, port):
        settings.MAILERS = mailers(port)
        yield inbox
