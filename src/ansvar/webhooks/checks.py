"""The shape of an endpoint's arguments (``engine.registry.Arg(check=...)``): bad input named
by its field for ``can`` and ``perform`` alike."""

import ipaddress
from urllib.parse import urlsplit

from ansvar.policy.rules import RULES
from ansvar.webhooks.models import EVENTS

URL_MAX_LENGTH = 500
LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(value: str) -> str | None:
    """HTTPS, or plain HTTP to this machine (tests and local development)."""
    if len(value) > URL_MAX_LENGTH:
        return f"is longer than {URL_MAX_LENGTH} characters"
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError:
        return f"{value!r} is not a web address"
    if parts.scheme not in {"https", "http"} or not host:
        return f"{value!r} is not an https:// address"
    if parts.username or parts.password:
        return "must not carry a user name or password; the signature authenticates"
    if parts.scheme == "http" and not is_loopback(host):
        return (
            f"{value!r} is plain http; use https:// (plain http only to 127.0.0.1, ::1 "
            "or localhost)"
        )
    return None


def logged_url(value: str) -> str:
    """An address as the decision log keeps it: scheme and host only. The path or query may
    hold the receiving system's own credential, which no reader of the log should get; the
    endpoint's page shows the whole address to the administrators."""
    parts = urlsplit(value)
    return (
        f"{parts.scheme}://{parts.netloc}/…"
        if parts.path not in {"", "/"} or parts.query
        else value
    )


def split(value: str) -> list[str]:
    return [part for part in value.replace(",", " ").split() if part]


def check_events(value: str) -> str | None:
    named = split(value)
    if not named:
        return f"name at least one of {', '.join(EVENTS)}"
    unknown = [e for e in named if e not in EVENTS]
    if unknown:
        return f"{unknown[0]!r} is not one of {', '.join(EVENTS)}"
    return None


def check_actions(value: str) -> str | None:
    known = {name for name, r in RULES.items() if not r.reads}
    unknown = [a for a in split(value) if a not in known]
    if unknown:
        return f"{unknown[0]!r} is not the name of an action (see ansvar actions)"
    return None
