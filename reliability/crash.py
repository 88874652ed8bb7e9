"""Crash durability: ``.venv/bin/python reliability/crash.py [--rounds 100 --decisions 10000]``.

A writer process takes decisions in a loop through the real action layer
(``engine.registry.perform``, the path every door uses): client leads adding a consultant to
their work group and removing them again, and recording collaboration decisions. After each
decision has committed it reports its seq and hash to this process on a pipe, flushed before
the next decision starts. This process kills the writer with SIGKILL at a random moment, then
checks, on a connection of its own: every acknowledged decision is in the log with the hash
it was acknowledged with, seq runs contiguous from 1, ``log.verify`` passes and, on SQLite,
``PRAGMA integrity_check`` says ok. Then a new writer starts on what the last one left: the
next round. Rounds go on until both ``--rounds`` and ``--decisions`` are reached.

The database as ``bench/run.py`` makes it: a temporary SQLite file opened with the product's
settings (WAL, ``synchronous=FULL``), or with ``--database-url`` a throwaway PostgreSQL
database next to the one named, dropped afterwards. Prints a summary and writes the figures as
JSON to ``reliability/results/`` (``--results-dir`` elsewhere); exits non-zero when anything
acknowledged was lost or a check failed.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common


def writer(database_url: str, org_id: int, seed: int) -> int:
    """The child: decide until killed, acknowledging each committed decision on stdout."""
    common.child_setup(database_url)
    from django.utils import timezone

    from ansvar.engine.registry import perform
    from ansvar.org.models import Client, Organisation, Person, WorkGroupMembership

    org = Organisation.objects.get(pk=org_id)
    at = timezone.localdate()
    clients = list(Client.objects.filter(organisation=org).order_by("pk"))
    people = {p.email: p for p in Person.objects.filter(organisation=org)}
    cases = []
    for c, client in enumerate(clients):
        lead = people[common.email(f"lead-{c}")]
        area = "strategi" if c % 2 == 0 else "analys"
        cases.append((client, lead, people[common.email(f"{area}-{(c + 1) % 8}")]))
    rng = random.Random(seed)
    out = sys.stdout
    n = 0
    while True:
        client, lead, person = cases[rng.randrange(len(cases))]
        target = f"client:{client.slug}"
        if n % 3 == 2:
            done = perform(
                org, lead, "record_collaboration_decision", target, {"summary": f"Beslut {n}"}
            )
        else:
            member = WorkGroupMembership.objects.filter(
                client=client, person=person, valid_to__isnull=True
            ).exists()
            action = "remove_work_group_member" if member else "add_work_group_member"
            done = perform(org, lead, action, target, {"person": person.email}, at=at)
        out.write(f"{done.entry.seq} {done.entry.hash}\n")
        out.flush()
        n += 1


def _round(
    database_url: str, org_id: int, seed: int, window: float, rng: random.Random
) -> tuple[list[tuple[int, str]], float, bool, str]:
    """One writer's life: (its acknowledgements, seconds it ran after its first, whether the
    kill ended it, its stderr)."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--writer", database_url, str(org_id), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None and child.stderr is not None
    acks: list[tuple[int, str]] = []
    first = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            seq, digest = line.split()
            acks.append((int(seq), digest))
            first.set()
        first.set()

    reader = threading.Thread(target=read)
    reader.start()
    first.wait(timeout=120)
    started = time.perf_counter()
    time.sleep(rng.uniform(0, window))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    reader.join()
    ran = time.perf_counter() - started
    return acks, ran, child.returncode == -signal.SIGKILL, child.stderr.read()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help="at least this many kills")
    parser.add_argument(
        "--decisions", type=int, default=10_000, help="and at least this many acknowledged"
    )
    parser.add_argument(
        "--window", type=float, default=2.0, help="kill within this many seconds (default 2)"
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        help="stop after the round that passes this (the result says it stopped short)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:5432/name: run in a throwaway database next to NAME",
    )
    parser.add_argument("--results-dir", type=Path, help="default reliability/results/")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--writer":
        return writer(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    args = parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="ansvar-crash-") as tmp:
        vendor, url, teardown = common.start(args.database_url, Path(tmp))
        try:
            result = run(args, vendor, url, rng)
        finally:
            from django.db import connections

            connections.close_all()
            teardown()
    path = common.write_result("crash", result, args.results_dir)
    print(
        f"crash [{vendor}]: {result['rounds']} rounds killed, {result['acknowledged']} "
        f"decisions acknowledged, {result['lost']} lost, {result['hash_mismatches']} with "
        f"another hash, {result['failed_checks']} rounds failing a check "
        f"({result['wall_seconds']:.0f} s"
        + (", stopped short by --max-minutes)" if result["stopped_short_by_max_minutes"] else ")")
    )
    print(f"  -> {path}")
    return 0 if result["ok"] else 1


def run(args: argparse.Namespace, vendor: str, url: str, rng: random.Random) -> dict[str, Any]:
    from django.db import connection

    from ansvar.decisions.models import Entry

    org = common.firm()
    pragmas = common.sqlite_pragmas()
    connection.close()
    started = time.perf_counter()
    acknowledged: dict[int, str] = {}
    rounds: list[dict[str, Any]] = []
    lost = mismatched = failed = unacknowledged = 0
    stopped_short = False
    while len(rounds) < args.rounds or len(acknowledged) < args.decisions:
        if args.max_minutes and time.perf_counter() - started > 60 * args.max_minutes:
            stopped_short = True
            break
        before = Entry.objects.filter(organisation=org).count()
        acks, ran, killed, stderr = _round(url, org.pk, rng.randrange(1 << 30), args.window, rng)
        connection.close()  # a fresh connection sees what the killed writer left
        for seq, digest in acks:
            acknowledged[seq] = digest
        stored = dict(
            Entry.objects.filter(organisation=org, seq__in=list(acknowledged)).values_list(
                "seq", "hash"
            )
        )
        round_lost = sum(1 for seq in acknowledged if seq not in stored)
        round_mismatched = sum(
            1 for seq, digest in acknowledged.items() if seq in stored and stored[seq] != digest
        )
        checks = common.chain_checks(org)
        # Committed, but killed before its acknowledgement was written: at most one a round.
        extra = checks["entries"] - before - len(acks)
        ok = (
            round_lost == 0
            and round_mismatched == 0
            and common.chain_ok(checks)
            and bool(acks)
            and killed
            and 0 <= extra <= 1
        )
        lost, mismatched = max(lost, round_lost), max(mismatched, round_mismatched)
        failed += not ok
        unacknowledged += max(extra, 0)
        rounds.append(
            {
                "acknowledged": len(acks),
                "ran_seconds": round(ran, 3),
                "committed_unacknowledged": extra,
                **checks,
                "ok": ok,
                **({"writer_stderr": stderr[-2000:]} if not acks or not ok else {}),
            }
        )
        connection.close()
        if len(rounds) % 10 == 0:
            print(
                f"  {len(rounds)} rounds, {len(acknowledged)} acknowledged, {failed} failing",
                file=sys.stderr,
                flush=True,
            )
    return {
        "harness": "crash",
        "database": vendor,
        "settings": pragmas,
        "rounds": len(rounds),
        "acknowledged": len(acknowledged),
        "lost": lost,
        "hash_mismatches": mismatched,
        "failed_checks": failed,
        "committed_unacknowledged": unacknowledged,
        "entries": rounds[-1]["entries"],
        "window_seconds": args.window,
        "asked": {"rounds": args.rounds, "decisions": args.decisions},
        "stopped_short_by_max_minutes": stopped_short,
        "seed": args.seed,
        "wall_seconds": round(time.perf_counter() - started, 1),
        "ok": failed == 0 and lost == 0 and mismatched == 0,
        "per_round": rounds,
    }


if __name__ == "__main__":
    sys.exit(main())
