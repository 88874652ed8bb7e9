"""ansvar log: verify, checkpoint, export and erase personal data in the decision log."""

import argparse
import sys
from pathlib import Path
from typing import Any

from ansvar.cli.main import CommandError, organisation, parse_at


def register(sub: Any) -> None:
    p = sub.add_parser("log", help="the decision log: verify, checkpoint, export, erase")
    log_sub = p.add_subparsers(dest="log_command", required=True, metavar="LOG_COMMAND")

    v = log_sub.add_parser("verify", help="re-hash every entry and check every link")
    point = v.add_mutually_exclusive_group()
    point.add_argument("--checkpoint", help="also prove that the log extends this checkpoint file")
    point.add_argument(
        "--from-checkpoint",
        action="append",
        metavar="FILE",
        help="trust the latest of these checkpoint files (repeatable) whose signature "
        "verifies, and re-hash only the entries from it on",
    )
    v.set_defaults(func=cmd_verify)

    c = log_sub.add_parser("checkpoint", help="write a signed checkpoint (size, head hash)")
    c.add_argument("--out", required=True, help="file to write the checkpoint to")
    c.set_defaults(func=cmd_checkpoint)

    e = log_sub.add_parser("export", help="the log as JSON Lines, as a reader may read it")
    e.add_argument("--out", help="file to write to (default: standard output)")
    e.add_argument(
        "--as",
        dest="reader",
        metavar="EMAIL",
        help="read as this person (their circle's HR decisions in full; the reads are "
        "logged); without it, as an employee outside every circle",
    )
    e.set_defaults(func=cmd_export)

    g = log_sub.add_parser(
        "erase-personal", help="GDPR: erase what is held about a person (docs/reliability.md)"
    )
    g.add_argument("--person", required=True, help="the person's e-mail address")
    g.add_argument("--at", help="date of the erasure (YYYY-MM-DD), default today")
    g.set_defaults(func=cmd_erase_personal)


def cmd_verify(args: argparse.Namespace) -> int:
    from ansvar.decisions import checkpoint, log

    org = organisation(args)
    if args.from_checkpoint:
        return _verify_from(org, args.from_checkpoint)
    data = None
    if args.checkpoint:
        try:
            data = checkpoint.read_checkpoint(Path(args.checkpoint))
        except checkpoint.CheckpointError as exc:
            raise CommandError(str(exc)) from None
    result = log.verify(org)
    if not result.ok:
        _broken(result)
        if data is not None:
            print(_against(result, data), file=sys.stderr)
        return 1
    if result.entries == 0:
        print(
            "TOM / EMPTY: loggen har inga poster / the log holds no entries (head is the "
            f"genesis hash {result.head_hash}); an organisation's founding is its first "
            "entry, so an empty log was emptied: verify it against a checkpoint "
            "(--checkpoint FILE) and restore from a backup",
            file=sys.stderr,
        )
        if data is None:
            return 1
    if data is not None:
        try:
            found = checkpoint.check(org, data, result)
        except checkpoint.CheckpointError as exc:
            raise CommandError(str(exc)) from None
        if not found.ok:
            where = f"seq {found.first_bad_seq}: " if found.first_bad_seq else ""
            print(
                f"TRASIG / BROKEN mot kontrollpunkten / against the checkpoint: {where}"
                f"{found.problem} (the log: {_size(result)}; the checkpoint: "
                f"{data['size']} entries, head {data['head_hash']}, {data['created_at']})",
                file=sys.stderr,
            )
            return 1
        print(
            f"OK: {_size(result)}; the log extends the checkpoint of {data['size']} entries "
            f"({data['created_at']}) by {result.size - data['size']}; {_records(result)}"
        )
        return 0
    print(f"OK: {_size(result)}; {_records(result)}")
    return 0


def _size(result: Any) -> str:
    """What the log holds: entries, last seq and head hash."""
    return (
        f"{result.size} poster / entries verified (last seq {result.last_seq}), "
        f"head {result.head_hash}"
    )


def _against(result: Any, data: dict[str, Any]) -> str:
    """Where the log stands against a checkpoint, whether or not the chain verified."""
    size = data["size"]
    cut = (
        f"{size - result.last_seq} entries were removed from its end"
        if result.last_seq < size
        else f"the log has {result.last_seq - size} entries more"
    )
    return (
        f"mot kontrollpunkten / against the checkpoint: the checkpoint saw {size} entries "
        f"(head {data['head_hash']}, {data['created_at']}); the database holds "
        f"{result.entries} entries, last seq {result.last_seq}: {cut}"
    )


def _records(result: Any) -> str:
    return f"{result.refusals} refusals and {result.accesses} access records verified"


def _broken(result: Any, suffix: str = "") -> None:
    where = (
        f"första felaktiga post / first broken entry: seq {result.first_bad_seq} — "
        if result.first_bad_seq is not None
        else ""
    )
    print(
        f"TRASIG / BROKEN: {where}{result.problem}{suffix} (the database holds "
        f"{result.entries} entries, last seq {result.last_seq}; verified up to seq "
        f"{result.size}, head {result.head_hash})",
        file=sys.stderr,
    )


def _verify_from(org: Any, files: list[str]) -> int:
    from ansvar.decisions import checkpoint

    try:
        points = [(name, checkpoint.read_checkpoint(Path(name))) for name in files]
        found = checkpoint.verify_from(org, points)
    except checkpoint.CheckpointError as exc:
        raise CommandError(str(exc)) from None
    for name, problem in found.untrusted:
        print(
            f"inte betrodd / not trusted: {name}: {problem}",
            file=sys.stderr,
        )
    result, data = found.verification, found.data
    if result is None or data is None:
        print(
            "TRASIG / BROKEN: ingen kontrollpunkt att lita på / no checkpoint to trust",
            file=sys.stderr,
        )
        return 1
    used = f"{found.path} ({data['size']} entries, {data['created_at']})"
    if not result.ok:
        _broken(result, f" (från kontrollpunkten / from the checkpoint {used})")
        return 1
    checked = result.size - result.checked_from + 1
    print(
        f"OK: {checked} poster / entries verified (seq {result.checked_from}–{result.size}), "
        f"head {result.head_hash}, from the checkpoint {used}; the entries before it were "
        f"not re-hashed; {_records(result)}"
    )
    return 0


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from ansvar.decisions import checkpoint

    org = organisation(args)
    try:
        data = checkpoint.write_checkpoint(org, Path(args.out))
    except (checkpoint.CheckpointError, OSError) as exc:
        raise CommandError(str(exc)) from None
    print(
        f"Kontrollpunkt / checkpoint: {data['size']} entries, head {data['head_hash']}, "
        f"written to {args.out}"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from ansvar.engine.errors import PolicyRefused
    from ansvar.engine.reads import may_read
    from ansvar.engine.registry import find_person
    from ansvar.people.selectors import export_lines

    org = organisation(args)
    at = timezone.localdate()  # the reader's rights today: a former employee reads nothing
    reader = find_person(org, args.reader, "--as") if args.reader else None
    if reader is not None:
        decision = may_read(org, reader, "view_log", at=at)
        if not decision.allowed:
            raise PolicyRefused(decision)
    lines = export_lines(org, reader, at)
    if args.out:
        count = 0
        try:
            with open(args.out, "w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(line + "\n")
                    count += 1
        except OSError as exc:
            raise CommandError(f"--out: {exc}") from None
        print(f"{count} entries written to {args.out}")
        return 0
    for line in lines:
        sys.stdout.write(line + "\n")
    return 0


def cmd_erase_personal(args: argparse.Namespace) -> int:
    from ansvar.engine.registry import find_person
    from ansvar.people.actions.erasure import erase_person

    org = organisation(args)
    person = find_person(org, args.person, "person")
    erased, entry = erase_person(org, person, effective_on=parse_at(args.at))
    print(
        f"Raderade personuppgifter i {erased} poster / erased the personal payload of {erased} "
        f"entries; the erasure is entry {entry.seq}; the person is now {person.name} "
        f"<{person.email}>"
    )
    return 0
