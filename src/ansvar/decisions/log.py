"""Append to and verify the hash-chained decision log. There is no update path.

``append`` has one caller, ``engine.registry.perform``, for people's decisions and the
system's own steps alike (a test keeps it so); ``lock`` is how ``perform`` serialises the
decisions of one organisation.

Canonical byte encoding of an entry (version 1), hashed with SHA-256:

    JSON, keys sorted, no insignificant white space, UTF-8, of
    {"v": 1, "organisation": <id>, "seq": <n>, "recorded_at": "<UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ>",
     "effective_on": "<YYYY-MM-DD>", "actor": <person id or null>, "role": <str>,
     "action": <str>, "target": <str>, "clauses": [<str>...], "public": {...},
     "personal_digest": <hex>, "prev_hash": <hex>}

The first entry's prev_hash is sha256("ansvar:genesis:<organisation id>"). The personal
digest is sha256(salt || canonical JSON of the payload), or sha256(salt) for no payload.
"""

import hashlib
import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansvar.decisions.models import Entry, PersonalPayload
from ansvar.org.models import Organisation

ENCODING_VERSION = 1

# How the log names the system as an actor: its entries have no actor id and role "system".
SYSTEM_ROLE = "system"
SYSTEM_LABEL = "Systemet / the system"


def canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def genesis_hash(organisation_id: int) -> str:
    return hashlib.sha256(f"ansvar:genesis:{organisation_id}".encode()).hexdigest()


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def payload_digest(salt: str, data: Any) -> str:
    body = b"" if data is None else canonical(data)
    return hashlib.sha256(bytes.fromhex(salt) + body).hexdigest()


def _chained_fields(entry: Entry) -> dict[str, Any]:
    """The entry's fields the hash covers, as JSON values (what the log export shows too)."""
    return {
        "seq": entry.seq,
        "recorded_at": utc_text(entry.recorded_at),
        "effective_on": entry.effective_on.isoformat(),
        "actor": entry.actor_id_ref,
        "role": entry.actor_role,
        "action": entry.action,
        "target": entry.target,
        "clauses": entry.clauses.split(",") if entry.clauses else [],
        "public": entry.public,
        "personal_digest": entry.personal_digest,
        "prev_hash": entry.prev_hash,
    }


def entry_bytes(entry: Entry) -> bytes:
    return canonical(
        {"v": ENCODING_VERSION, "organisation": entry.organisation_id, **_chained_fields(entry)}
    )


def entry_hash(entry: Entry) -> str:
    return hashlib.sha256(entry_bytes(entry)).hexdigest()


def jsonable(value: Any) -> Any:
    """Arguments as JSON values: dates as ISO text, model rows as their id, no floats."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def lock(organisation: Organisation) -> None:
    """Serialise decisions per organisation, inside the caller's transaction: the row lock on
    PostgreSQL; on SQLite the IMMEDIATE transaction already holds the database's write lock
    (``SELECT ... FOR UPDATE`` is a no-op there)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the organisation lock belongs inside the decision's transaction")
    Organisation.objects.select_for_update().only("id").get(pk=organisation.pk)


def append(
    organisation: Organisation,
    *,
    action: str,
    target: str,
    clauses: tuple[str, ...] | list[str],
    actor_id: int | None,
    role: str,
    effective_on: date,
    public: Mapping[str, Any] | None = None,
    personal: Mapping[str, Any] | None = None,
) -> Entry:
    """Append one entry; must run inside the transaction that makes the decision's effect.

    ``perform`` holds the organisation lock already; taking it again here is free and keeps
    concurrent appends queuing whoever appends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("decision-log appends belong inside the decision's transaction")
    lock(organisation)
    last = (
        Entry.objects.filter(organisation=organisation)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    seq, prev = (last[0] + 1, last[1]) if last else (1, genesis_hash(organisation.pk))
    salt = secrets.token_hex(16)
    personal_data = jsonable(dict(personal)) if personal is not None else None
    entry = Entry(
        organisation=organisation,
        seq=seq,
        recorded_at=timezone.now(),
        effective_on=effective_on,
        actor_id_ref=actor_id,
        actor_role=role,
        action=action,
        target=target,
        clauses=",".join(clauses),
        public=jsonable(dict(public or {})),
        personal_digest=payload_digest(salt, personal_data),
        prev_hash=prev,
    )
    entry.hash = entry_hash(entry)
    entry.save(force_insert=True)
    PersonalPayload.objects.create(entry=entry, salt=salt, data=personal_data)
    return entry


@dataclass(frozen=True)
class Verification:
    ok: bool
    size: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""


def _entries(organisation: Organisation) -> Iterator[Entry]:
    return (
        Entry.objects.filter(organisation=organisation)
        .select_related("payload")
        .order_by("seq")
        .iterator(chunk_size=2000)
    )


def verify(organisation: Organisation) -> Verification:
    """Re-hash every entry and check every link, the sequence and the personal digests."""
    expected_seq = 1
    prev = genesis_hash(organisation.pk)
    for entry in _entries(organisation):
        fault = _fault(entry, expected_seq, prev)
        if fault:
            return Verification(False, expected_seq - 1, prev, fault[0], fault[1])
        prev = entry.hash
        expected_seq += 1
    return Verification(True, expected_seq - 1, prev)


def _fault(entry: Entry, expected_seq: int, prev: str) -> tuple[int, str] | None:
    if entry.seq != expected_seq:
        return expected_seq, f"entry {expected_seq} is missing (next stored is {entry.seq})"
    if entry.prev_hash != prev:
        return entry.seq, f"entry {entry.seq} does not link to entry {entry.seq - 1}"
    if entry_hash(entry) != entry.hash:
        return entry.seq, f"entry {entry.seq} was altered: its hash does not match its content"
    payload = getattr(entry, "payload", None)
    if payload is None:
        return entry.seq, f"entry {entry.seq} has lost its personal payload record"
    if payload.erased_at is not None:
        if payload.data is not None:
            return entry.seq, f"entry {entry.seq}'s payload is marked erased but holds data"
    elif payload_digest(payload.salt, payload.data) != entry.personal_digest:
        return entry.seq, f"entry {entry.seq}'s personal payload was altered"
    return None


def erase_payloads(organisation: Organisation, entry_ids: list[int]) -> int:
    """Erase personal payloads (GDPR); the chain keeps verifying, the erasure is visible."""
    return PersonalPayload.objects.filter(
        entry__organisation=organisation, entry_id__in=entry_ids, erased_at__isnull=True
    ).update(data=None, erased_at=timezone.now())


def _mentions(value: Any, email: str) -> bool:
    if isinstance(value, str):
        text = value.strip().lower()
        return text == email or text.endswith(f":{email}")
    if isinstance(value, Mapping):
        return any(_mentions(v, email) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, email) for v in value)
    return False


def entries_about(organisation: Organisation, person_id: int, email: str) -> list[int]:
    """Ids of the entries taken by a person, targeting them, or naming them in the payload."""
    email = email.strip().lower()
    found = []
    rows = (
        PersonalPayload.objects.filter(entry__organisation=organisation, erased_at__isnull=True)
        .values_list("entry_id", "entry__actor_id_ref", "entry__target", "data")
        .iterator(chunk_size=2000)
    )
    for entry_id, actor, target, data in rows:
        if actor == person_id or target == f"person:{person_id}" or _mentions(data, email):
            found.append(entry_id)
    return found


def is_system(entry: Entry) -> bool:
    return entry.actor_id_ref is None and entry.actor_role == SYSTEM_ROLE


def actor_name(entry: Entry, data: Any) -> str | None:
    """Who acted, for people to read: the system by its name, a person by the name their
    payload keeps (None once it is erased)."""
    if is_system(entry):
        return SYSTEM_LABEL
    name = data.get("actor_name") if isinstance(data, Mapping) else None
    return name if isinstance(name, str) else None


def entry_fields(entry: Entry) -> dict[str, Any]:
    """An entry's chained fields and its hash, as JSON values: one line of an export before
    its personal payload is added (or withheld) for the reader."""
    return {**_chained_fields(entry), "hash": entry.hash}


def export_lines(organisation: Organisation) -> Iterator[str]:
    """Every entry with its payload unless erased, for the database's own checks and tests.
    No door shows this: ``ansvar log export`` writes the log as a reader may read it
    (``people.selectors.export_lines``).

    ``actor_name`` (not chained) says who acted in words: "Systemet / the system" for the
    system's own entries, whose ``actor`` is null and ``role`` "system"."""
    for entry in _entries(organisation):
        payload = getattr(entry, "payload", None)
        data = payload.data if payload else None
        yield json.dumps(
            {
                **entry_fields(entry),
                "actor_name": actor_name(entry, data),
                "personal": data,
                "personal_erased": bool(payload and payload.erased_at),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
