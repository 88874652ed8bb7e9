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
        print(
            "TRASIG / BROKEN: första felaktiga post / first broken entry: "
            f"seq {result.first_bad_seq} — {result.problem}",
            file=sys.stderr,
        )
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
                f"{found.problem}",
                file=sys.stderr,
            )
            return 1
        print(
            f"OK: {result.size} poster / entries verified; the log extends the checkpoint of "
            f"{data['size']} entries ({data['created_at']})"
        )
        return 0
    print(f"OK: {result.size} poster / entries verified, head {result.head_hash}")
    return 0


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
        print(
            "TRASIG / BROKEN: första felaktiga post / first broken entry: "
            f"seq {result.first_bad_seq} — {result.problem} "
            f"(från kontrollpunkten / from the checkpoint {used})",
            file=sys.stderr,
        )
        return 1
    checked = result.size - result.checked_from + 1
    print(
        f"OK: {checked} poster / entries verified (seq {result.checked_from}–{result.size}), "
        f"head {result.head_hash}, from the checkpoint {used}; the entries before it were "
        "not re-hashed"
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
