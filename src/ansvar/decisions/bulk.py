"""Appending many decided entries at once: the rows ``log.append`` writes one at a time.

One caller: the demo's work history (``demo.history``), a million decisions over years that
``perform`` would take hours to make one by one. Each ``Decided`` is a decision its rule
allowed, with what ``perform`` would log for it; this writes the same ``Entry``,
``PersonalPayload`` and ``EntryName`` rows, chained after the organisation's head with the
encoding ``log.append`` uses (``log.canonical``, ``log.payload_digest``, ``log.names_in``),
computed in one pass in Python and inserted a batch at a time (``common.bulk``).
``tests/demo/test_history.py`` holds the rows to those of ``perform`` for the same
decisions, and ``log.verify`` accepts them.
"""

import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ansvar.common import bulk
from ansvar.decisions import log
from ansvar.decisions.models import Entry, EntryName, PersonalPayload
from ansvar.org.models import Organisation

BATCH = 20_000
_STEP = timedelta(microseconds=1)


@dataclass(frozen=True)
class Decided:
    """One allowed decision as ``perform`` logs it (``engine.registry._apply``): ``public``
    and ``personal`` as JSON values already (what ``log.jsonable`` gives), and ``names``,
    when given, what ``log.names_in`` gives for it (the caller knows where its payloads
    name people; ``tests/demo/test_history.py`` compares)."""

    action: str
    target: str
    clauses: tuple[str, ...]
    actor_id: int | None
    role: str
    effective_on: date
    public: dict[str, Any]
    personal: dict[str, Any] | None
    names: tuple[tuple[int | None, str], ...] | None = None


def _batches(items: Iterable[Decided]) -> Iterator[list[Decided]]:
    it = iter(items)
    while batch := list(islice(it, BATCH)):
        yield batch


def append_many(organisation: Organisation, decided: Iterable[Decided], *, door: str) -> int:
    """Append ``decided`` in order after the log's head, inside the caller's transaction;
    returns how many. Takes the organisation lock as ``append`` does. Each entry's
    ``recorded_at`` is now, a microsecond after the one before (as one-by-one appends would
    be, only faster)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("decision-log appends belong inside the decision's transaction")
    log.lock(organisation)
    org_id = organisation.pk
    head = Entry.objects.filter(organisation=organisation).order_by("-seq").first()
    seq, prev = (head.seq, head.hash) if head else (0, log.genesis_hash(org_id))
    moment = timezone.now().astimezone(UTC).replace(tzinfo=None)  # naive UTC from here on
    if head is not None:
        moment = max(moment, head.recorded_at.astimezone(UTC).replace(tzinfo=None) + _STEP)
    sqlite = connection.vendor == "sqlite"
    encode = log._CanonicalEncoder().encode
    quote = json.encoder.encode_basestring
    sha256, token = hashlib.sha256, secrets.token_bytes
    version = log.ENCODING_VERSION if door else log.DOORLESS_VERSION
    total = 0
    for batch in _batches(decided):
        ids = bulk.reserve_ids(Entry._meta.db_table, len(batch))
        payload_ids = bulk.reserve_ids(PersonalPayload._meta.db_table, len(batch))
        entries: list[tuple[Any, ...]] = []
        payloads: list[tuple[Any, ...]] = []
        names: list[tuple[Any, ...]] = []
        for pk, payload_pk, d in zip(ids, payload_ids, batch, strict=True):
            seq += 1
            salt = token(16)
            # ``log.payload_digest``: sha256(salt || canonical JSON), or of the salt alone.
            personal = None if d.personal is None else encode(d.personal)
            digest = sha256(salt + (personal or "").encode()).hexdigest()
            day = d.effective_on.isoformat()
            text = moment.isoformat(timespec="microseconds")  # ``log.utc_text``, without Z
            public = encode(d.public)
            # ``log.entry_bytes``: the canonical JSON of the entry, its keys in sorted order
            # and every text escaped as ``log.canonical`` escapes it.
            door_text = f'"door":{quote(door)},' if door else ""
            listed = ",".join(quote(c) for c in d.clauses)
            actor = "null" if d.actor_id is None else int(d.actor_id)
            entry_text = (
                f'{{"action":{quote(d.action)},"actor":{actor},"clauses":[{listed}],'
                f'{door_text}"effective_on":"{day}","organisation":{org_id},'
                f'"personal_digest":"{digest}","prev_hash":"{prev}","public":{public},'
                f'"recorded_at":"{text}Z","role":{quote(d.role)},"seq":{seq},'
                f'"target":{quote(d.target)},"v":{version}}}'
            )
            entry_hash = sha256(entry_text.encode()).hexdigest()
            entries.append(
                (
                    pk,
                    org_id,
                    seq,
                    str(moment) if sqlite else moment.replace(tzinfo=UTC),
                    day,
                    d.actor_id,
                    d.role,
                    d.action,
                    d.target,
                    ",".join(d.clauses),
                    public,
                    digest,
                    prev,
                    entry_hash,
                    door,
                )
            )
            payloads.append((payload_pk, pk, salt.hex(), personal))
            found = d.names
            if found is None:
                found = tuple(log.names_in(d.actor_id, d.target, d.personal))
            names += [(pk, org_id, person, email) for person, email in found]
            prev = entry_hash
            moment += _STEP
        bulk.insert(Entry._meta.db_table, ("id", *log._ENTRY_COLUMNS), entries)
        bulk.insert(PersonalPayload._meta.db_table, ("id", *log._PAYLOAD_COLUMNS), payloads)
        bulk.insert(EntryName._meta.db_table, log._NAME_COLUMNS, names)
        total += len(batch)
    return total
