"""Append to and verify the hash-chained decision log. There is no update path.

``append`` has one caller, ``engine.registry.perform``, for people's decisions and the
system's own steps alike (a test keeps it so); ``lock`` is how ``perform`` serialises the
decisions of one organisation.

Canonical byte encoding of an entry, hashed with SHA-256:

    JSON, keys sorted, no insignificant white space, UTF-8, of
    {"v": 2, "organisation": <id>, "seq": <n>, "recorded_at": "<UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ>",
     "effective_on": "<YYYY-MM-DD>", "actor": <person id or null>, "role": <str>,
     "action": <str>, "target": <str>, "clauses": [<str>...], "public": {...},
     "personal_digest": <hex>, "prev_hash": <hex>, "door": <str>}

``door`` is how the decision came in (``engine.door``: web, api, cli:<user>, system).
Entries written before doors were recorded have none and keep version 1, the same object
without ``door`` and with ``"v": 1``; blanking a recorded door changes the bytes (the
version with them), so it breaks the hash like any other edit.

The first entry's prev_hash is sha256("ansvar:genesis:<organisation id>"). The personal
digest is sha256(salt || canonical JSON of the payload), or sha256(salt) for no payload.
"""

import hashlib
import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from ansvar.decisions.models import Entry, EntryName, PersonalPayload
from ansvar.org.models import Organisation

ENCODING_VERSION = 2
# Entries without a door (written before doors were recorded) are encoded as version 1.
DOORLESS_VERSION = 1

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
    fields = {
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
    if entry.door:
        fields["door"] = entry.door
    return fields


def entry_bytes(entry: Entry) -> bytes:
    version = ENCODING_VERSION if entry.door else DOORLESS_VERSION
    return canonical(
        {"v": version, "organisation": entry.organisation_id, **_chained_fields(entry)}
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


# How many times one decision's BEGIN is tried on SQLite before 'database is locked' goes up.
BEGIN_TRIES = 4


class DecisionTransaction:
    """``transaction.atomic()`` for one decision (``engine.registry.perform``).

    On SQLite the outermost block's ``BEGIN IMMEDIATE`` waits for the database's write lock
    up to the connection's timeout. SQLite's waiting is no queue but polling, so among many
    writers one can be passed over until its timeout ends in 'database is locked' while the
    others go ahead (``reliability/concurrency.py``: 8 processes on one file). Nothing has
    been read or written then, and the connection is as before the BEGIN, so the BEGIN is
    tried again, ``BEGIN_TRIES`` times in all, before the error goes up. Elsewhere (PostgreSQL,
    or inside an outer block) it is ``transaction.atomic()`` as it is."""

    def __init__(self) -> None:
        self._atomic = transaction.atomic()

    def __enter__(self) -> None:
        conn = transaction.get_connection()
        tries = BEGIN_TRIES if conn.vendor == "sqlite" and not conn.in_atomic_block else 1
        for left in range(tries - 1, -1, -1):
            try:
                self._atomic.__enter__()
                return
            except OperationalError as exc:
                if left == 0 or "locked" not in str(exc):
                    raise

    def __exit__(self, *exc: Any) -> None:
        self._atomic.__exit__(*exc)


def lock(organisation: Organisation) -> None:
    """Serialise decisions per organisation, inside the caller's transaction: the row lock on
    PostgreSQL (one ``SELECT ... FOR UPDATE``); on SQLite the IMMEDIATE transaction already
    holds the database's write lock, so no statement is run there."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the organisation lock belongs inside the decision's transaction")
    if connection.features.has_select_for_update:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {connection.ops.quote_name(Organisation._meta.db_table)}"
                " WHERE id = %s FOR UPDATE",
                [organisation.pk],
            )


class _CanonicalEncoder(json.JSONEncoder):
    """How ``append`` writes the JSON columns: as ``canonical`` encodes them. SQLite keeps
    the text as written, so ``verify`` hashes it without decoding and encoding it again;
    PostgreSQL's jsonb keeps its own layout either way. Reads through the model decode the
    same values."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _insert(table: str, columns: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({marks}) RETURNING {quote('id')}"


_ENTRY_COLUMNS = (
    "organisation_id",
    "seq",
    "recorded_at",
    "effective_on",
    "actor_id_ref",
    "actor_role",
    "action",
    "target",
    "clauses",
    "public",
    "personal_digest",
    "prev_hash",
    "hash",
    "door",
)
_PAYLOAD_COLUMNS = ("entry_id", "salt", "data")
_NAME_COLUMNS = ("entry_id", "organisation_id", "person_id_ref", "email")
_EMAIL_MAX = 254


def _addresses(value: Any, found: set[str]) -> None:
    """Every text of a payload that can be an e-mail address, as ``entries_about`` matches
    one: the whole text (stripped, lower-case) and what follows each ``:`` in it."""
    if isinstance(value, str):
        text = value.strip().lower()
        if "@" not in text:
            return
        for start in [0] + [i + 1 for i, c in enumerate(text) if c == ":"]:
            part = text[start:]
            if "@" in part and len(part) <= _EMAIL_MAX:
                found.add(part)
    elif isinstance(value, Mapping):
        for v in value.values():
            _addresses(v, found)
    elif isinstance(value, list | tuple):
        for v in value:
            _addresses(v, found)


def names_in(actor_id: int | None, target: str, personal: Any) -> list[tuple[int | None, str]]:
    """The ``EntryName`` rows of an entry: (person id, "") for the actor and a target person,
    ("", address) for each address its payload names. The backfill migration uses it too."""
    ids: set[int] = set()
    if actor_id is not None:
        ids.add(int(actor_id))
    kind, _, ref = target.partition(":")
    if kind == "person" and ref.isdigit():
        ids.add(int(ref))
    emails: set[str] = set()
    if personal is not None:
        _addresses(personal, emails)
    return [(pk, "") for pk in sorted(ids)] + [(None, e) for e in sorted(emails)]


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
    door: str = "system",
    locked: bool = False,
) -> Entry:
    """Append one entry; must run inside the transaction that makes the decision's effect.

    It takes the organisation lock (see ``lock``) unless the caller says it holds it already
    (``locked``: ``perform`` has taken it before reading anything); concurrent appends then
    queue, and were two ever to race, the unique (organisation, seq) and (organisation,
    prev_hash) refuse the second. Three statements: the head of the chain (by the unique
    index on organisation and seq), the entry and its payload, and a fourth, one insert of
    every row, for the people it names (``EntryName``, see ``names_in``)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("decision-log appends belong inside the decision's transaction")
    if not locked:
        lock(organisation)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seq, hash FROM {connection.ops.quote_name(Entry._meta.db_table)} "
            "WHERE organisation_id = %s ORDER BY seq DESC LIMIT 1",
            [organisation.pk],
        )
        last = cursor.fetchone()
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
            door=door,
        )
        entry.hash = entry_hash(entry)
        ops = connection.ops
        values = [
            organisation.pk,
            seq,
            ops.adapt_datetimefield_value(entry.recorded_at),
            ops.adapt_datefield_value(entry.effective_on),
            actor_id,
            role,
            action,
            target,
            entry.clauses,
            ops.adapt_json_value(entry.public, _CanonicalEncoder),
            entry.personal_digest,
            prev,
            entry.hash,
            door,
        ]
        cursor.execute(_insert(Entry._meta.db_table, _ENTRY_COLUMNS), values)
        entry.pk = cursor.fetchone()[0]
        data = None
        if personal_data is not None:
            data = ops.adapt_json_value(personal_data, _CanonicalEncoder)
        cursor.execute(
            _insert(PersonalPayload._meta.db_table, _PAYLOAD_COLUMNS), [entry.pk, salt, data]
        )
        payload = PersonalPayload(entry=entry, salt=salt, data=personal_data)
        payload.pk = cursor.fetchone()[0]
        names = names_in(actor_id, target, personal_data)
        if names:
            quote = ops.quote_name
            marks = ", ".join(["(%s, %s, %s, %s)"] * len(names))
            cursor.execute(
                f"INSERT INTO {quote(EntryName._meta.db_table)} "
                f"({', '.join(quote(c) for c in _NAME_COLUMNS)}) VALUES {marks}",
                [v for pk, email in names for v in (entry.pk, organisation.pk, pk, email)],
            )
    for row in (entry, payload):
        row._state.adding = False
        row._state.db = connection.alias
    entry.payload = payload
    return entry


@dataclass(frozen=True)
class Verification:
    ok: bool
    size: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""
    # The first entry re-hashed: 1 for the whole log; after a checkpoint of n entries, n
    # (the checkpoint's own entry is re-hashed against it, see ``verify``'s ``start``).
    checked_from: int = 1
    # What the database holds, whatever verified: how many entries and the last seq (the
    # same two numbers for an intact log; 0 and 0 for an empty one), and the lengths of the
    # refusals' and the access records' chains (``decisions.records``) found intact.
    entries: int = 0
    last_seq: int = 0
    refusals: int = 0
    accesses: int = 0


def _entries(organisation: Organisation) -> Iterator[Entry]:
    return (
        Entry.objects.filter(organisation=organisation)
        .select_related("payload")
        .order_by("seq")
        .iterator(chunk_size=2000)
    )


# --- verification -------------------------------------------------------------------------
#
# ``verify`` reads rows in pages of ``_PAGE`` by seq (one indexed query each, the same on
# every database, constant memory) with a plain cursor, and encodes each entry's canonical
# bytes once, from the row's values, in the order ``canonical`` sorts the keys. Every string
# goes through the same escaping as ``canonical`` (``json.encoder.encode_basestring``, what
# ``json.dumps(ensure_ascii=False)`` uses), so the bytes are ``entry_bytes`` of the same entry
# (tests/decisions/test_fast_verify.py holds the two to each other). A hash or digest that
# does not match is confirmed with the model's reading of the row before it is reported, so
# a difference in reading a value could only cost time, never report an entry intact that
# ``_fault`` would call broken, or the reverse.

_PAGE = 5000
_quote = json.encoder.encode_basestring
_encoder = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def _stored_json(text: str) -> str:
    """A JSON column's text as canonical JSON. ``append`` stores canonical text, which SQLite
    keeps as written: such text is used as it is (were it not canonical after all, its hash
    would not match and the entry is read again through the model). Anything else (jsonb's
    own layout on PostgreSQL, older rows) is decoded and encoded."""
    if ", " not in text and '": ' not in text:
        return text
    return _encoder.encode(json.loads(text))


def _moment_text(value: datetime | str) -> str:
    """``utc_text`` of a stored ``recorded_at``. SQLite's text, as Django writes it (naive UTC,
    ``YYYY-MM-DD HH:MM:SS[.ffffff]``), is rearranged without parsing: the digits are kept as
    they are, so the result is the hashed text only if the stored text is what was written.
    Any other text is parsed; PostgreSQL gives an aware datetime."""
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}Z"
        if len(value) == 19 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}.000000Z"
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elif value.utcoffset():
        value = value.astimezone(UTC)
    if value.year < 1000:  # isoformat pads the year, strftime does not
        return utc_text(value)
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _row_bytes(organisation_id: int, row: tuple[Any, ...]) -> bytes:
    """``entry_bytes`` from a row of ``_ROWS_SQL`` (its first twelve columns and the door,
    its last)."""
    seq, recorded, effective, actor, role, action, target, clauses, public = row[:9]
    digest, prev, door = row[9], row[10], row[-1]
    # The clauses as a JSON list: quoting escapes no comma and makes none, so the quoted
    # text with every comma a '","' is the list of the quoted parts.
    listed = _quote(clauses).replace(",", '","') if clauses else ""
    public_text = _stored_json(public) if isinstance(public, str) else _encoder.encode(public)
    day = effective if isinstance(effective, str) else effective.isoformat()
    door_text = f'"door":{_quote(door)},' if door else ""
    version = ENCODING_VERSION if door else DOORLESS_VERSION
    return (
        f'{{"action":{_quote(action)},"actor":{"null" if actor is None else int(actor)},'
        f'"clauses":[{listed}],{door_text}"effective_on":{_quote(day)},'
        f'"organisation":{int(organisation_id)},"personal_digest":{_quote(digest)},'
        f'"prev_hash":{_quote(prev)},"public":{public_text},'
        f'"recorded_at":{_quote(_moment_text(recorded))},"role":{_quote(role)},'
        f'"seq":{int(seq)},"target":{_quote(target)},"v":{version}}}'
    ).encode()


def _rows_sql() -> str:
    entry, payload = Entry._meta.db_table, PersonalPayload._meta.db_table
    # On SQLite the dates as stored text: a cast has no declared type, so the cursor does not
    # parse them (``_moment_text`` and ``_row_bytes`` read the text).
    if connection.vendor == "sqlite":
        moments = "CAST(e.recorded_at AS TEXT), CAST(e.effective_on AS TEXT)"
    else:
        moments = "e.recorded_at, e.effective_on"
    return (
        f"SELECT e.seq, {moments}, e.actor_id_ref, e.actor_role, e.action, "
        "e.target, e.clauses, e.public, e.personal_digest, e.prev_hash, e.hash, "
        "p.id, p.salt, p.data, p.erased_at, p.erased_by, e.door "
        f"FROM {entry} e LEFT JOIN {payload} p ON p.entry_id = e.id "
        "WHERE e.organisation_id = %s AND e.seq > %s ORDER BY e.seq LIMIT %s"
    )


def _rows(organisation_id: int, after: int) -> Iterator[tuple[Any, ...]]:
    """The entries after seq ``after`` with their payloads, in seq order, a page at a time."""
    sql = _rows_sql()
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [organisation_id, after, _PAGE])
            rows = cursor.fetchall()
        yield from rows
        if len(rows) < _PAGE:
            return
        after = rows[-1][0]


@dataclass(frozen=True)
class Start:
    """Where ``verify`` starts instead of the genesis: entry ``seq`` is trusted to have the
    hash ``head_hash`` (a signed checkpoint's size and head)."""

    seq: int
    head_hash: str


def verify(organisation: Organisation, start: Start | None = None) -> Verification:
    """Re-hash every entry and check every link, the sequence and the personal digests;
    then the erasures (every erased payload counted by the erasure entry it names) and the
    chains of refusals and access records. The answer names what the database holds
    (``entries``, ``last_seq``) besides what verified, so an empty or cut log is visible.

    With ``start``, only from a trusted point on: entry ``start.seq`` must still have the
    trusted hash, and it and every later entry are checked as usual (its own link to the
    entry before is what the trusted hash covers); the entries before it are not read (the
    erasures and the records are checked whole: a few indexed reads)."""
    found = _found(organisation.pk)
    chain = _verify_chain(organisation, start)
    chain = replace(chain, entries=found[0], last_seq=found[1])
    if not chain.ok:
        return chain
    fault = _erasure_fault(organisation.pk)
    if fault:
        return replace(chain, ok=False, first_bad_seq=fault[0], problem=fault[1])
    from ansvar.decisions import records

    refusals = records.check_refusals(organisation.pk)
    accesses = records.check_accesses(organisation.pk)
    chain = replace(chain, refusals=refusals.size, accesses=accesses.size)
    for check in (refusals, accesses):
        if check.problem:
            return replace(chain, ok=False, first_bad_seq=None, problem=check.problem)
    return chain


def _found(organisation_id: int) -> tuple[int, int]:
    """How many entries the organisation's log holds, and its last seq."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM "
            f"{connection.ops.quote_name(Entry._meta.db_table)} WHERE organisation_id = %s",
            [organisation_id],
        )
        count, last = cursor.fetchone()
    return int(count), int(last)


def _erasure_fault(organisation_id: int) -> tuple[int | None, str] | None:
    """Every erased payload names the entry that erased it (``erased_by``): that entry must
    be an erasure (``ERASURE_ACTIONS``) whose ``payloads_erased`` is the number of payloads
    naming it. Two grouped reads, whatever the log's length."""
    quote = connection.ops.quote_name
    entry, payload = quote(Entry._meta.db_table), quote(PersonalPayload._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.erased_by, COUNT(*), MIN(e.seq) FROM {payload} p "
            f"JOIN {entry} e ON e.id = p.entry_id "
            "WHERE e.organisation_id = %s AND p.erased_at IS NOT NULL GROUP BY p.erased_by",
            [organisation_id],
        )
        marked = {by: (count, first) for by, count, first in cursor.fetchall()}
        names = sorted(ERASURE_ACTIONS)
        cursor.execute(
            f"SELECT seq, public FROM {entry} "
            f"WHERE organisation_id = %s AND action IN ({', '.join(['%s'] * len(names))})",
            [organisation_id, *names],
        )
        erasures = cursor.fetchall()
    claimed: dict[int, int] = {}
    for seq, public in erasures:
        data = json.loads(public) if isinstance(public, str) else public
        count = data.get("payloads_erased") if isinstance(data, dict) else None
        claimed[int(seq)] = count if isinstance(count, int) else 0
    for by, (_count, first) in sorted(marked.items(), key=lambda item: item[1][1]):
        if by is None or int(by) not in claimed:
            return int(first), (
                f"entry {first}'s payload is marked erased without an erasure entry in the log"
            )
    for seq, count in sorted(claimed.items()):
        held = marked.get(seq, (0, None))[0]
        if held != count:
            return seq, (
                f"erasure entry {seq} erased {count} payloads, but {held} are marked erased by it"
            )
    return None


def _verify_chain(organisation: Organisation, start: Start | None) -> Verification:
    """``verify``'s walk along the entries."""
    pk = organisation.pk
    if start is None or start.seq == 0:
        expected, prev = 1, genesis_hash(pk)
        if start is not None and start.head_hash != prev:
            return Verification(False, 0, prev, 0, _differs(0))
        anchor = None
    else:
        anchor = start
        expected, prev = start.seq, start.head_hash
    checked_from = expected
    sha256 = hashlib.sha256
    for row in _rows(pk, expected - 1):
        seq = row[0]
        if anchor is not None:
            if seq != anchor.seq:
                problem = f"entry {anchor.seq} is missing (next stored is {seq})"
                return Verification(False, anchor.seq - 1, prev, anchor.seq, problem, checked_from)
            if row[11] != anchor.head_hash:
                return Verification(False, seq - 1, prev, seq, _differs(seq), checked_from)
            prev, anchor = row[10], None
        if seq != expected or row[10] != prev or not _row_holds(pk, row, sha256):
            fault = _confirmed_fault(organisation, seq, expected, prev)
            if fault:
                return Verification(False, expected - 1, prev, fault[0], fault[1], checked_from)
        prev = row[11]
        expected += 1
    if anchor is not None:
        size = (
            Entry.objects.filter(organisation=organisation)
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        ) or 0
        problem = (
            f"the log has {size} entries but the checkpoint saw {anchor.seq}: "
            "entries were removed from its end"
        )
        return Verification(False, size, prev, size + 1, problem, checked_from)
    return Verification(True, expected - 1, prev, checked_from=checked_from)


def _differs(seq: int) -> str:
    return (
        f"entry {seq} differs from the checkpoint: the log up to it was rewritten "
        "(the chain was recomputed)"
    )


def _row_holds(organisation_id: int, row: tuple[Any, ...], sha256: Any) -> bool:
    """The hash and the payload checks of ``_fault``, from the row. A value the row's
    reading does not expect (a changed column type on SQLite) counts as not holding, for
    ``_fault`` to judge."""
    try:
        return sha256(_row_bytes(organisation_id, row)).hexdigest() == row[11] and (
            _payload_holds(row)
        )
    except (TypeError, ValueError, AttributeError):
        return False


def _payload_holds(row: tuple[Any, ...]) -> bool:
    """The checks of ``_fault`` on the payload, from the row: present, empty once erased
    (by a later entry), else matching the entry's digest."""
    payload_id, salt, data, erased_at, erased_by = row[12:17]
    if payload_id is None:
        return False
    if erased_at is not None:
        return (data is None or data == "null") and erased_by is not None and erased_by > row[0]
    if data is None or data == "null":
        body = b""
    elif isinstance(data, str):
        body = _stored_json(data).encode("utf-8")
    else:
        body = canonical(data)
    return hashlib.sha256(bytes.fromhex(salt) + body).hexdigest() == row[9]


def _confirmed_fault(
    organisation: Organisation, seq: int, expected_seq: int, prev: str
) -> tuple[int, str] | None:
    """What ``_fault`` finds with the model's own reading of the row the fast check
    stopped at; None when it finds the entry intact."""
    try:
        entry = (
            Entry.objects.select_related("payload").filter(organisation=organisation, seq=seq).get()
        )
    except ValueError:  # a JSON column that no longer decodes: its content was changed
        return seq, f"entry {seq} was altered: its hash does not match its content"
    return _fault(entry, expected_seq, prev)


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
        if payload.erased_by is None or payload.erased_by <= entry.seq:
            return entry.seq, (
                f"entry {entry.seq}'s payload is marked erased without an erasure entry "
                "after it in the log"
            )
    elif not _digest_matches(payload, entry.personal_digest):
        return entry.seq, f"entry {entry.seq}'s personal payload was altered"
    return None


def _digest_matches(payload: PersonalPayload, digest: str) -> bool:
    try:
        return payload_digest(payload.salt, payload.data) == digest
    except ValueError:  # a salt that is no longer hex
        return False


# The actions that erase payloads (``erase_payloads``); each entry's public part says how
# many as ``payloads_erased``, which ``verify`` holds to the payloads naming it.
ERASURE_ACTIONS = frozenset(
    {"erase_personal_data", "erase_talk_notes", "erase_coaching_texts", "erase_candidate_data"}
)


def erase_payloads(organisation: Organisation, entry_ids: list[int]) -> int:
    """Erase personal payloads (GDPR); the chain keeps verifying, the erasure is visible.

    Only inside the erasure's own decision (``perform``, which holds the organisation lock):
    each payload names as ``erased_by`` the seq the erasure's entry is about to take, the
    one change the database's trigger lets through, and the count returned belongs in that
    entry's ``payloads_erased``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("payloads are erased inside the erasure's decision")
    head = (
        Entry.objects.filter(organisation=organisation)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    ) or 0
    return PersonalPayload.objects.filter(
        entry__organisation=organisation, entry_id__in=entry_ids, erased_at__isnull=True
    ).update(data=None, erased_at=timezone.now(), erased_by=head + 1)


def entries_about(organisation: Organisation, person_id: int, email: str) -> list[int]:
    """Ids of the entries whose payload is not yet erased and that were taken by a person,
    target them, or name them in the payload: read from ``EntryName`` (no payload is read)."""
    email = email.strip().lower()
    return sorted(
        set(
            EntryName.objects.filter(
                Q(person_id_ref=person_id) | Q(email=email),
                organisation=organisation,
                entry__payload__erased_at__isnull=True,
            ).values_list("entry_id", flat=True)
        )
    )


def forget_address(organisation: Organisation, email: str) -> int:
    """Delete the index rows that keep an erased address (GDPR: once its payloads are erased,
    the address is no longer held about those entries): the address itself and a text that
    ends with it after a ``:`` (``person:<e-mail>``), which ``_addresses`` keeps as well."""
    address = email.strip().lower()
    deleted, _ = EntryName.objects.filter(
        Q(email=address) | Q(email__endswith=f":{address}"), organisation=organisation
    ).delete()
    return deleted


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
