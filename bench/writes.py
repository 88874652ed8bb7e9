"""The decision write path and log verification: run with ``.venv/bin/python bench/writes.py``.

Two measurements, each against its floor on the same database and machine:

- ``measure_action_path``: decisions a second through ``engine.registry.perform`` (parse,
  facts, rule, effect, log entry, one transaction each), a mix of client leads adding a
  person to their client's work group and removing them again, against a bare hash-chained
  insert: one transaction per row, SHA-256 over the previous hash and a canonical JSON body
  of an entry's size, the same ``synchronous=FULL`` on SQLite.
- ``measure_verify``: entries a second of ``log.verify`` over a log of ``entries`` entries
  (appended as ``perform`` appends them), against hashing the same bytes in memory: the
  canonical bytes of every entry and the salted payload of every digest, already encoded,
  hashed and compared with the stored hash and digest. Where ``log.verify`` takes a start
  (``log.Start``: from a signed checkpoint), also verifying only the last ``tail`` entries.

Database as ``bench/run.py``: a temporary SQLite file, or with ``--database-url`` a throwaway
PostgreSQL database dropped afterwards. Prints the figures and writes them as JSON to
``bench/results/`` (``--no-write`` to skip). ``make test`` does not run it.
"""

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import RESULTS, setup


def _organisation(org: Any, people: int, seed: int) -> Any:
    if org is not None:
        return org
    from ansvar import demo

    return demo.load(people=people, seed=seed)


def _work_group_cases(org: Any, at: date, count: int) -> list[tuple[Any, str, Any]]:
    """(lead, client slug, person) for ``count`` clients with a lead on ``at``, each with an
    active person from another client's work group who is not in this one."""
    from ansvar.org.models import Client, WorkGroupMembership
    from ansvar.org.selectors import active_people, client_leads_on

    clients = list(Client.objects.filter(organisation=org, status="active").order_by("pk")[:count])
    leads = client_leads_on(org, at, clients=[c.pk for c in clients])
    people = list(active_people(org, at).order_by("pk")[: 2 * count + 10])
    members: dict[int, set[int]] = {}
    for client_id, person_id in WorkGroupMembership.objects.filter(
        client__in=clients, valid_to__isnull=True
    ).values_list("client_id", "person_id"):
        members.setdefault(client_id, set()).add(person_id)
    cases = []
    for i, client in enumerate(clients):
        lead = leads.get(client.pk)
        if lead is None:
            continue
        taken = members.get(client.pk, set()) | {lead.person_id}
        person = next(p for p in people[i % len(people) :] + people if p.pk not in taken)
        cases.append((lead.person, client.slug, person))
    return cases


def measure_action_path(
    org: Any = None, *, count: int = 400, people: int = 2000, seed: int = 1
) -> dict[str, Any]:
    """Decisions a second of the full action path, and of a bare hash-chained insert.

    ``org``: an organisation to act in (the demo of ``people`` people is built when None).
    ``count`` decisions: half add a person to a client's work group, half remove them
    again, each by the client's lead."""
    from django.db import connection, transaction
    from django.utils import timezone

    from ansvar.engine.registry import perform

    org = _organisation(org, people, seed)
    at = timezone.localdate()
    cases = _work_group_cases(org, at, max(1, (count + 1) // 2))
    plan = []
    for lead, slug, person in cases:
        plan.append((lead, "add_work_group_member", slug, {"person": person.email}))
        plan.append((lead, "remove_work_group_member", slug, {"person": person.email}))
    plan = plan[:count]
    started = time.perf_counter()
    for actor, action, slug, args in plan:
        perform(org, actor, action, f"client:{slug}", args, at=at)
    action_seconds = time.perf_counter() - started

    body = {
        "action": "add_work_group_member",
        "actor": 1234,
        "clauses": ["KA3", "KA6"],
        "effective_on": at.isoformat(),
        "public": {"membership": 98765, "role": "member"},
        "recorded_at": "2026-12-01T12:00:00.000000Z",
        "role": "client_lead",
        "target": "client:kund-1234",
    }
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_chain")
        cursor.execute(
            "CREATE TABLE bench_chain (seq bigint PRIMARY KEY, body text NOT NULL, "
            "prev_hash varchar(64) NOT NULL, hash varchar(64) NOT NULL)"
        )
    prev = hashlib.sha256(b"bench:genesis").hexdigest()
    started = time.perf_counter()
    for seq in range(1, len(plan) + 1):
        text = json.dumps(
            {**body, "seq": seq, "prev_hash": prev},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_chain (seq, body, prev_hash, hash) VALUES (%s, %s, %s, %s)",
                [seq, text, prev, digest],
            )
        prev = digest
    bare_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_chain")
    action_rate = len(plan) / action_seconds
    bare_rate = len(plan) / bare_seconds
    return {
        "decisions": len(plan),
        "action_seconds": round(action_seconds, 3),
        "decisions_per_second": round(action_rate, 1),
        "bare_inserts_per_second": round(bare_rate, 1),
        "share_of_bare": round(action_rate / bare_rate, 4),
    }


def _fill_log(org: Any, entries: int) -> None:
    """Append entries until the log holds ``entries``, shaped as ``perform`` appends a client
    lead's work-group decisions (names and e-mail addresses in the personal payload)."""
    from django.db import transaction

    from ansvar.decisions import log
    from ansvar.decisions.models import Entry

    have = Entry.objects.filter(organisation=org).count()
    people = list(org.people.order_by("pk")[:500])
    day = date(2026, 1, 1)
    batch = 1000
    for start in range(have, entries, batch):
        with transaction.atomic():
            for i in range(start, min(entries, start + batch)):
                actor, person = people[i % len(people)], people[(i * 7 + 3) % len(people)]
                log.append(
                    org,
                    action="add_work_group_member",
                    target=f"client:kund-{i % 1500}",
                    clauses=("KA3", "KA6"),
                    actor_id=actor.pk,
                    role="client_lead",
                    effective_on=day,
                    public={"membership": 100_000 + i, "role": "member"},
                    personal={
                        "actor": actor.email,
                        "actor_name": actor.name,
                        "target": f"client:kund-{i % 1500}",
                        "args": {"person": person.email, "role": "member"},
                    },
                )


def _in_memory(org: Any) -> list[tuple[bytes, str, bytes, str]]:
    """Every entry's canonical bytes and hash, its payload's salted bytes and digest."""
    from ansvar.decisions import log

    rows = []
    for entry in log._entries(org):
        payload = entry.payload
        body = b"" if payload.data is None else log.canonical(payload.data)
        rows.append(
            (
                log.entry_bytes(entry),
                entry.hash,
                bytes.fromhex(payload.salt) + body,
                entry.personal_digest,
            )
        )
    return rows


def measure_verify(
    org: Any = None,
    *,
    entries: int = 50_000,
    tail: int = 1000,
    repeat: int = 3,
    people: int = 2000,
    seed: int = 1,
) -> dict[str, Any]:
    """Entries a second of ``log.verify`` (best of ``repeat``) over a log of ``entries``
    entries, against hashing the same bytes in memory; and, where ``log.verify`` can start
    from a checkpoint, the time to verify only the last ``tail`` entries."""
    from ansvar.decisions import log

    org = _organisation(org, people, seed)
    _fill_log(org, entries)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = log.verify(org)
        times.append(time.perf_counter() - started)
    assert result.ok, result.problem
    size = result.size
    verify_seconds = min(times)

    # Reading the rows alone, as the fast verification reads them (where it does): the floor
    # of any verification that reads the database.
    rows_reader = getattr(log, "_rows", None)
    read_seconds = None
    if rows_reader is not None:
        started = time.perf_counter()
        for _row in rows_reader(org.pk, 0):
            pass
        read_seconds = time.perf_counter() - started

    rows = _in_memory(org)
    sha256 = hashlib.sha256
    hash_times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for entry_bytes, entry_hash, payload_bytes, digest in rows:
            if sha256(entry_bytes).hexdigest() != entry_hash:
                raise AssertionError("entry hash")
            if sha256(payload_bytes).hexdigest() != digest:
                raise AssertionError("payload digest")
        hash_times.append(time.perf_counter() - started)
    hash_seconds = min(hash_times)
    figures: dict[str, Any] = {
        "entries": size,
        "bytes": sum(len(r[0]) + len(r[2]) for r in rows),
        "verify_seconds": round(verify_seconds, 4),
        "verify_entries_per_second": round(size / verify_seconds),
        "hash_entries_per_second": round(size / hash_seconds),
        "share_of_hashing": round(hash_seconds / verify_seconds, 4),
    }
    if read_seconds is not None:
        figures["read_rows_entries_per_second"] = round(size / read_seconds)
    start_type = getattr(log, "Start", None)
    if start_type is not None and size > tail:
        from ansvar.decisions.models import Entry

        seq = size - tail
        head = Entry.objects.get(organisation=org, seq=seq).hash
        started = time.perf_counter()
        partial = log.verify(org, start_type(seq, head))
        figures["from_checkpoint_seconds"] = round(time.perf_counter() - started, 4)
        figures["from_checkpoint_entries"] = partial.size - partial.checked_from + 1
        assert partial.ok, partial.problem
    return figures


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000, help="demo size (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--decisions", type=int, default=400, help="decisions performed")
    parser.add_argument("--entries", type=int, default=50_000, help="log size to verify")
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:5432/name: run in a throwaway database next to NAME",
    )
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ansvar-bench-") as tmp:
        vendor, teardown = setup(args, Path(tmp))
        try:
            from ansvar import demo

            org = demo.load(people=args.people, seed=args.seed)
            action = measure_action_path(org, count=args.decisions)
            verify = measure_verify(org, entries=args.entries)
        finally:
            teardown()
    load = os.getloadavg()
    result = {
        "benchmark": "writes",
        "people": args.people,
        "seed": args.seed,
        "database": vendor,
        "action_path": action,
        "verify": verify,
        "load_average": [round(x, 2) for x in load],
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
    }
    print(
        f"writes [{vendor}] people={args.people}: "
        f"{action['decisions_per_second']:.0f} decisions/s through perform, "
        f"{action['bare_inserts_per_second']:.0f}/s bare chained insert "
        f"({100 * action['share_of_bare']:.1f} %)"
    )
    print(
        f"  verify {verify['entries']} entries: {verify['verify_entries_per_second']}/s, "
        f"hashing the same bytes {verify['hash_entries_per_second']}/s "
        f"({100 * verify['share_of_hashing']:.1f} %)"
        + (
            f"; from a checkpoint {verify['from_checkpoint_entries']} entries in "
            f"{verify['from_checkpoint_seconds'] * 1000:.0f} ms"
            if "from_checkpoint_seconds" in verify
            else ""
        )
    )
    print(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        stamp = result["when"].replace("-", "").replace(":", "")
        path = RESULTS / f"writes-{vendor}-{args.people}-{stamp}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"  -> {path.relative_to(RESULTS.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
