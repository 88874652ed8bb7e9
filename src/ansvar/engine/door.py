"""The door a decision came through, recorded in its log entry (and covered by its hash).

``web`` for a page's form, ``api`` for ``/api/v1/`` (``web.middleware.DoorMiddleware`` tells
them apart by path), ``cli:<user>`` for a command, naming the operating-system user who ran
it (``cli.main``: ``ansvar do`` is an operator's tool, so its entries say whose), and
``system`` for everything else: the worker, and code that calls ``perform`` directly.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

WEB = "web"
API = "api"
SYSTEM = "system"
CLI_PREFIX = "cli:"
MAX_LENGTH = 60

_current: ContextVar[str] = ContextVar("ansvar_door", default=SYSTEM)


def cli(user: str) -> str:
    """The command line's door, naming the operating-system user (cut to the column)."""
    return (CLI_PREFIX + (user or "?"))[:MAX_LENGTH]


def current() -> str:
    return _current.get()


@contextmanager
def entered(door: str) -> Iterator[None]:
    """Decisions made inside come through ``door``."""
    token = _current.set(door[:MAX_LENGTH])
    try:
        yield
    finally:
        _current.reset(token)
