"""The refusals and the access records, chained per organisation like the decision log.

Each refusal and each access record has a sequence number (1, 2, 3, ... per organisation,
no gaps) and the hash of its canonical bytes, which include the previous record's hash;
the first links to sha256("ansvar:<kind>:genesis:<organisation id>"). Canonical bytes are
``log.canonical`` (JSON, keys sorted, no insignificant white space, UTF-8) of

    refusal: {"v": 1, "kind": "refusal", "organisation": <id>, "seq": <n>,
              "recorded_at": "<UTC>", "effective_on": "<YYYY-MM-DD>", "actor": <id or null>,
              "action": <str>, "target": <str>, "clauses": <str>, "decider": <str>,
              "reason": <str>, "args": {...}, "prev_hash": <hex>}
    access:  {"v": 1, "kind": "access", "organisation": <id>, "seq": <n>,
              "recorded_at": "<UTC>", "viewer": <id or null>, "subject": <id or null>,
              "what": <str>, "purpose": <str>, "prev_hash": <hex>}

so ``log.verify`` finds a record deleted (a gap in the numbers, or a link to a hash that is
no longer there) or edited (its hash). The writers of one organisation queue on the
organisation lock (``log.lock``, the one decisions take), inside their own transaction:
a head read by the unique (organisation, seq) index and one insert.

The database refuses UPDATE, DELETE and TRUNCATE on both tables (migration 0005).
"""

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, models, transaction

from ansvar.decisions import log
from ansvar.decisions.models import AccessRecord, Refusal
from ansvar.org.models import Organisation

RECORD_VERSION = 1
REFUSAL = "refusal"
ACCESS = "access"


def genesis(kind: str, organisation_id: int) -> str:
    return hashlib.sha256(f"ansvar:{kind}:genesis:{organisation_id}".encode()).hexdigest()


def refusal_bytes(
    organisation_id: int,
    seq: int,
    recorded_at: datetime,
    effective_on: date,
    actor_id: int | None,
    action: str,
    target: str,
    clauses: str,
    decider: str,
    reason: str,
    args: Any,
    prev_hash: str,
) -> bytes:
    return log.canonical(
        {
            "v": RECORD_VERSION,
            "kind": REFUSAL,
            "organisation": organisation_id,
            "seq": seq,
            "recorded_at": log.utc_text(recorded_at),
            "effective_on": effective_on.isoformat(),
            "actor": actor_id,
            "action": action,
            "target": target,
            "clauses": clauses,
            "decider": decider,
            "reason": reason,
            "args": args,
            "prev_hash": prev_hash,
        }
    )


def access_bytes(
    organisation_id: int,
    seq: int,
    recorded_at: datetime,
    viewer_id: int | None,
    subject_id: int | None,
    what: str,
    purpose: str,
    prev_hash: str,
) -> bytes:
    return log.canonical(
        {
            "v": RECORD_VERSION,
            "kind": ACCESS,
            "organisation": organisation_id,
            "seq": seq,
            "recorded_at": log.utc_text(recorded_at),
            "viewer": viewer_id,
            "subject": subject_id,
            "what": what,
            "purpose": purpose,
            "prev_hash": prev_hash,
        }
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _head(model: type[models.Model], kind: str, organisation_id: int) -> tuple[int, str]:
    """The last record's seq and hash (0 and the genesis hash for none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seq, hash FROM {connection.ops.quote_name(model._meta.db_table)} "
            "WHERE organisation_id = %s ORDER BY seq DESC LIMIT 1",
            [organisation_id],
        )
        last = cursor.fetchone()
    return (int(last[0]), str(last[1])) if last else (0, genesis(kind, organisation_id))


def add_refusal(
    organisation: Organisation,
    *,
    recorded_at: datetime,
    effective_on: date,
    actor_id: int | None,
    action: str,
    target: str,
    clauses: str,
    decider: str,
    reason: str,
    args: dict[str, Any],
) -> Refusal:
    """Append one refusal to the organisation's chain of refusals."""
    with transaction.atomic():
        log.lock(organisation)
        seq, prev = _head(Refusal, REFUSAL, organisation.pk)
        seq += 1
        digest = _sha(
            refusal_bytes(
                organisation.pk,
                seq,
                recorded_at,
                effective_on,
                actor_id,
                action,
                target,
                clauses,
                decider,
                reason,
                args,
                prev,
            )
        )
        return Refusal.objects.create(
            organisation=organisation,
            seq=seq,
            recorded_at=recorded_at,
            effective_on=effective_on,
            actor_id=actor_id,
            action=action,
            target=target,
            clauses=clauses,
            decider=decider,
            reason=reason,
            args=args,
            prev_hash=prev,
            hash=digest,
        )


def add_accesses(
    organisation: Organisation,
    recorded_at: datetime,
    reads: Sequence[tuple[int | None, int | None, str, str]],
) -> list[AccessRecord]:
    """Append access records (viewer id, subject id, what, purpose) in one insert."""
    with transaction.atomic():
        log.lock(organisation)
        seq, prev = _head(AccessRecord, ACCESS, organisation.pk)
        rows = []
        for viewer_id, subject_id, what, purpose in reads:
            seq += 1
            digest = _sha(
                access_bytes(
                    organisation.pk, seq, recorded_at, viewer_id, subject_id, what, purpose, prev
                )
            )
            rows.append(
                AccessRecord(
                    organisation=organisation,
                    seq=seq,
                    recorded_at=recorded_at,
                    viewer_id=viewer_id,
                    subject_id=subject_id,
                    what=what,
                    purpose=purpose,
                    prev_hash=prev,
                    hash=digest,
                )
            )
            prev = digest
        return AccessRecord.objects.bulk_create(rows)


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    """One chain of records: how many, the head, and the first fault (empty when none)."""

    kind: str
    size: int
    head_hash: str
    problem: str = ""


_REFUSAL_FIELDS = (
    "seq",
    "recorded_at",
    "effective_on",
    "actor_id",
    "action",
    "target",
    "clauses",
    "decider",
    "reason",
    "args",
    "prev_hash",
    "hash",
)
_ACCESS_FIELDS = (
    "seq",
    "recorded_at",
    "viewer_id",
    "subject_id",
    "what",
    "purpose",
    "prev_hash",
    "hash",
)
_WORDS = {REFUSAL: "refusal", ACCESS: "access record"}


def _walk(kind: str, organisation_id: int, rows: Iterator[tuple[Any, ...]]) -> ChainCheck:
    encode = refusal_bytes if kind == REFUSAL else access_bytes
    word = _WORDS[kind]
    expected, prev = 1, genesis(kind, organisation_id)
    for row in rows:
        seq, stored_prev, stored_hash = row[0], row[-2], row[-1]
        if seq != expected:
            return ChainCheck(
                kind,
                expected - 1,
                prev,
                f"{word} {expected} is missing (next stored is {seq}): it was deleted",
            )
        if stored_prev != prev:
            return ChainCheck(
                kind, expected - 1, prev, f"{word} {seq} does not link to {word} {seq - 1}"
            )
        try:
            actual = _sha(encode(organisation_id, *row[:-1]))
        except (TypeError, ValueError, AttributeError):
            actual = ""
        if actual != stored_hash:
            return ChainCheck(
                kind,
                expected - 1,
                prev,
                f"{word} {seq} was altered: its hash does not match its content",
            )
        prev = stored_hash
        expected += 1
    return ChainCheck(kind, expected - 1, prev)


def check_refusals(organisation_id: int) -> ChainCheck:
    rows = (
        Refusal.objects.filter(organisation_id=organisation_id)
        .order_by("seq")
        .values_list(*_REFUSAL_FIELDS)
        .iterator(chunk_size=2000)
    )
    return _walk(REFUSAL, organisation_id, rows)


def check_accesses(organisation_id: int) -> ChainCheck:
    rows = (
        AccessRecord.objects.filter(organisation_id=organisation_id)
        .order_by("seq")
        .values_list(*_ACCESS_FIELDS)
        .iterator(chunk_size=2000)
    )
    return _walk(ACCESS, organisation_id, rows)
