"""How a delivery is signed, and how a receiver checks it.

Each POST carries ``Ansvar-Webhook-Id`` (the delivery's key, the same on every try),
``Ansvar-Webhook-Timestamp`` (Unix seconds when this try was sent) and
``Ansvar-Webhook-Signature: v1=<hex>``, the HMAC-SHA256 with the endpoint's secret of
``f"{timestamp}.{body}"``. A receiver computes the same over the raw body, compares in
constant time, and rejects a timestamp more than five minutes from its own clock, so a
recorded request cannot be replayed later. ``verify_signature`` does exactly that.
"""

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime

TOLERANCE_SECONDS = 300
ID = "Ansvar-Webhook-Id"
TIMESTAMP = "Ansvar-Webhook-Timestamp"
SIGNATURE = "Ansvar-Webhook-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers(secret: str, delivery_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        ID: delivery_id,
        TIMESTAMP: str(timestamp),
        SIGNATURE: signature(secret, timestamp, body),
    }


def _header(received: Mapping[str, str], name: str) -> str:
    for key, value in received.items():
        if key.lower() == name.lower():
            return value
    return ""


def verify_signature(
    secret: str,
    received: Mapping[str, str],
    body: bytes,
    now: datetime,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """True when ``body`` was signed with ``secret`` at a time within ``tolerance`` seconds
    of ``now``. ``received``: the request's headers, in any case."""
    stamp = _header(received, TIMESTAMP).strip()
    given = _header(received, SIGNATURE).strip()
    if not stamp.isascii() or not stamp.isdigit() or not given.startswith("v1="):
        return False
    if abs(now.timestamp() - int(stamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, int(stamp), body), given)
