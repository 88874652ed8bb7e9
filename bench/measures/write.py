"""Writes: the full action path against a bare hash-chained insert into the same database,
and the log's verification against hashing the same bytes in memory.

The two entry points are small on purpose, so another implementation can stand in for
either: ``measure_action_path(organisation, count=...)`` and
``measure_verify(organisation)``, each returning a dictionary of figures.
"""

import hashlib
import statistics
import time
from typing import Any

from measures.base import CountQueries, percentile

FLOOR_TABLE = "bench_bare_chain"


def _lead_and_client(organisation: Any) -> tuple[Any, Any]:
    """A client lead who is employed today and one of their clients."""
    from django.utils import timezone

    from ansvar.org.models import Employment, Holding
    from ansvar.org.selectors import employed_on, valid_on

    at = timezone.localdate()
    employed = Employment.objects.filter(employed_on(at)).values("person_id")
    holding = (
        Holding.objects.filter(
            valid_on(at),
            organisation=organisation,
            kind=Holding.Kind.CLIENT_LEAD,
            person_id__in=employed,
        )
        .select_related("person", "client")
        .order_by("pk")
        .first()
    )
    assert holding is not None, "the demo has no employed client lead"
    return holding.person, holding.client


def _ms(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(values, 50) * 1e3, 3),
        "p99_ms": round(percentile(values, 99) * 1e3, 3),
    }


def measure_action_path(organisation: Any, *, count: int) -> dict[str, Any]:
    """``count`` times ``perform(assign_work_item)`` by a client lead (rule, handler, log
    entry, notifications, one transaction each), then ``count`` bare inserts of a
    hash-chained row into a table of the same database, one transaction each: read the
    previous hash, SHA-256 over it and the entry's bytes, insert."""
    from django.db import connection, transaction

    from ansvar.decisions import log
    from ansvar.engine.registry import perform

    lead, client = _lead_and_client(organisation)
    clock = time.perf_counter
    full: list[float] = []
    queries: list[int] = []
    last = None
    for i in range(count):
        with CountQueries() as captured:
            started = clock()
            last = perform(
                organisation,
                lead,
                "assign_work_item",
                f"client:{client.slug}",
                {"assignee": lead.email, "title": f"Mätning {i}"},
            )
            full.append(clock() - started)
        queries.append(len(captured))
    assert last is not None
    body = log.entry_bytes(last.entry)

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        cursor.execute(
            f"CREATE TABLE {FLOOR_TABLE} (seq INTEGER PRIMARY KEY, prev_hash VARCHAR(64) NOT "
            "NULL UNIQUE, hash VARCHAR(64) NOT NULL, body TEXT NOT NULL)"
        )
    bare: list[float] = []
    try:
        for _ in range(count):
            started = clock()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT seq, hash FROM {FLOOR_TABLE} ORDER BY seq DESC LIMIT 1")
                row = cursor.fetchone()
                seq, prev = (row[0] + 1, row[1]) if row else (1, "0" * 64)
                digest = hashlib.sha256(prev.encode() + body).hexdigest()
                cursor.execute(
                    f"INSERT INTO {FLOOR_TABLE} (seq, prev_hash, hash, body) "
                    "VALUES (%s, %s, %s, %s)",
                    [seq, prev, digest, body.decode()],
                )
            bare.append(clock() - started)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {FLOOR_TABLE}")
    full_ms, bare_ms = _ms(full), _ms(bare)
    return {
        "n": count,
        "action": "assign_work_item",
        "action_path": {**full_ms, "queries_p50": percentile(queries, 50)},
        "bare_insert": {**bare_ms, "queries_p50": 2},
        "ratio_p50": round(full_ms["p50_ms"] / bare_ms["p50_ms"], 2) if bare_ms["p50_ms"] else None,
    }


def measure_verify(organisation: Any, *, repeat: int = 3) -> dict[str, Any]:
    """``log.verify`` of the organisation's whole chain (median of ``repeat``), against
    SHA-256 of the same bytes in memory: every entry's canonical bytes and every personal
    payload's salt and body, read and encoded beforehand."""
    from ansvar.decisions import log
    from ansvar.decisions.models import Entry

    clock = time.perf_counter
    walls = []
    result = None
    for _ in range(repeat):
        started = clock()
        result = log.verify(organisation)
        walls.append(clock() - started)
    assert result is not None and result.ok, result
    blobs: list[bytes] = []
    for entry in Entry.objects.filter(organisation=organisation).select_related("payload"):
        blobs.append(log.entry_bytes(entry))
        payload = entry.payload
        if payload.data is not None:
            blobs.append(bytes.fromhex(payload.salt) + log.canonical(payload.data))
    memory = []
    for _ in range(repeat):
        started = clock()
        for blob in blobs:
            hashlib.sha256(blob).hexdigest()
        memory.append(clock() - started)
    verify_s, memory_s = statistics.median(walls), statistics.median(memory)
    return {
        "entries": result.size,
        "bytes": sum(len(b) for b in blobs),
        "verify_ms": round(verify_s * 1e3, 2),
        "hash_in_memory_ms": round(memory_s * 1e3, 3),
        "ratio": round(verify_s / memory_s, 1) if memory_s else None,
    }
