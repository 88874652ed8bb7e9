"""Signed checkpoints of the decision log: proof that a later log extends an earlier one.

A hash chain alone cannot reveal a cut tail or a chain recomputed from some entry onwards.
A checkpoint pins the log's size and head hash at one moment, signed with Ed25519; the key
lives in a file outside the database (``settings.CHECKPOINT_KEY_FILE``), so someone who can
rewrite the database cannot forge a checkpoint.

Checkpoint file (JSON, version 1)::

    {"v": 1, "organisation": {"id": <id>, "slug": <slug>}, "size": <n>,
     "head_hash": <hex>, "created_at": "<UTC>", "public_key": <hex>, "signature": <base64>}

The signature covers the canonical JSON (see ``log.canonical``) of every field except
``signature`` itself.
"""

import base64
import binascii
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.utils import timezone

from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.org.models import Organisation

CHECKPOINT_VERSION = 1


class CheckpointError(Exception):
    """A checkpoint file that cannot be read, or a key that cannot be used."""


def key_path() -> Path:
    return Path(settings.CHECKPOINT_KEY_FILE)


def load_key(*, create: bool = False) -> Ed25519PrivateKey:
    """Our signing key; with ``create``, made on first use in a file only we may read."""
    path = key_path()
    if not path.exists():
        if not create:
            raise CheckpointError(
                f"there is no checkpoint key at {path}; write a checkpoint first "
                "(ansvar log checkpoint --out FILE)"
            )
        return _create_key(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"the checkpoint key {path} cannot be read: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"the checkpoint key {path} is not an Ed25519 key")
    return key


def _create_key(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes creating the key at once cannot overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_key()
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key


def public_hex(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def _signed_part(data: dict[str, Any]) -> bytes:
    return log.canonical({k: v for k, v in data.items() if k != "signature"})


def make_checkpoint(organisation: Organisation) -> dict[str, Any]:
    """Sign the log's current size and head hash. Refuses a log that does not verify."""
    verification = log.verify(organisation)
    if not verification.ok:
        raise CheckpointError(
            f"the log does not verify (first broken entry: {verification.first_bad_seq}); "
            "no checkpoint is written over a broken log"
        )
    key = load_key(create=True)
    data: dict[str, Any] = {
        "v": CHECKPOINT_VERSION,
        "organisation": {"id": organisation.pk, "slug": organisation.slug},
        "size": verification.size,
        "head_hash": verification.head_hash,
        "created_at": log.utc_text(timezone.now()),
        "public_key": public_hex(key.public_key()),
    }
    data["signature"] = base64.b64encode(key.sign(_signed_part(data))).decode("ascii")
    return data


def write_checkpoint(organisation: Organisation, path: Path) -> dict[str, Any]:
    data = make_checkpoint(organisation)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return data


# A checkpoint is well under 1 kB; a larger file is refused unread.
MAX_BYTES = 64 * 1024


def read_checkpoint(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CheckpointError(f"{path}: cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise CheckpointError(f"{path}: larger than {MAX_BYTES // 1024} kB: not a checkpoint")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CheckpointError(f"{path}: not UTF-8 (byte {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        raise CheckpointError(f"{path}: line {exc.lineno}: not JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # a number of 5000 digits; [[[[... nested
        raise CheckpointError(f"{path}: not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise CheckpointError(f"{path}: a checkpoint is a JSON object")
    for name, kind in (
        ("v", int),
        ("organisation", dict),
        ("size", int),
        ("head_hash", str),
        ("created_at", str),
        ("signature", str),
    ):
        if not isinstance(data.get(name), kind):
            raise CheckpointError(f"{path}: field {name!r} is missing or of the wrong type")
    if data["v"] != CHECKPOINT_VERSION:
        raise CheckpointError(f"{path}: unknown checkpoint version {data['v']!r}")
    return data


@dataclass(frozen=True)
class CheckpointCheck:
    ok: bool
    problem: str = ""
    first_bad_seq: int | None = None


def _trust_problem(organisation: Organisation, data: dict[str, Any]) -> str:
    """Why a checkpoint cannot be trusted for this organisation ("" when it can): our
    signature over it, and the organisation it names."""
    key = load_key()
    try:
        signature = base64.b64decode(data["signature"], validate=True)
        key.public_key().verify(signature, _signed_part(data))
    except (InvalidSignature, binascii.Error, ValueError):
        return "the checkpoint's signature is not valid for our key"
    if data["organisation"].get("id") != organisation.pk:
        return "the checkpoint belongs to another organisation"
    return ""


def check(
    organisation: Organisation,
    data: dict[str, Any],
    verification: log.Verification | None = None,
) -> CheckpointCheck:
    """Prove that the current log extends the checkpoint: our signature, the same
    organisation, at least as many entries, the same entry at the checkpoint's size, and a
    chain that verifies (``verification``: the caller's own fresh ``log.verify``, so the
    whole log is not re-hashed twice)."""
    problem = _trust_problem(organisation, data)
    if problem:
        return CheckpointCheck(False, problem)
    verification = verification or log.verify(organisation)
    if not verification.ok:
        return CheckpointCheck(False, verification.problem, verification.first_bad_seq)
    size = data["size"]
    if verification.size < size:
        return CheckpointCheck(
            False,
            f"the log has {verification.size} entries but the checkpoint saw {size}: "
            "entries were removed from its end",
            verification.size + 1,
        )
    if size == 0:
        stored = log.genesis_hash(organisation.pk)
    else:
        stored = (
            Entry.objects.filter(organisation=organisation, seq=size)
            .values_list("hash", flat=True)
            .first()
        ) or ""
    if stored != data["head_hash"]:
        return CheckpointCheck(
            False,
            f"entry {size} differs from the checkpoint: the log up to it was rewritten "
            "(the chain was recomputed)",
            size,
        )
    return CheckpointCheck(True)


@dataclass(frozen=True)
class FromCheckpoint:
    """``verify_from``'s answer: the checkpoint it started from (None when none could be
    trusted), the verification from there, and the files it did not trust, with why."""

    path: str | None
    data: dict[str, Any] | None
    verification: log.Verification | None
    untrusted: list[tuple[str, str]]


def verify_from(
    organisation: Organisation, points: list[tuple[str, dict[str, Any]]]
) -> FromCheckpoint:
    """Verify the log from the latest checkpoint we can trust instead of from its start.

    Of ``points`` (file name, checkpoint), those our key signed for this organisation are
    trusted; of them the one of the most entries is used: entry ``size`` must still have
    the signed head hash, and it and every entry after it are re-hashed and checked as
    ``log.verify`` checks them. The entries before it are not read: the signature vouches
    for them as they were when it was written (checks of their personal payloads too), so
    a full ``log.verify`` now and then still belongs with this."""
    trusted: list[tuple[str, dict[str, Any]]] = []
    untrusted: list[tuple[str, str]] = []
    for path, data in points:
        problem = _trust_problem(organisation, data)
        if problem:
            untrusted.append((path, problem))
        else:
            trusted.append((path, data))
    if not trusted:
        return FromCheckpoint(None, None, None, untrusted)
    path, data = max(trusted, key=lambda point: (point[1]["size"], point[1]["created_at"]))
    verification = log.verify(organisation, log.Start(data["size"], data["head_hash"]))
    return FromCheckpoint(path, data, verification, untrusted)
