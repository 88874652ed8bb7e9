"""``ansvar backup`` and ``ansvar restore``: copies of the database that can be trusted."""

import argparse
import sys
from pathlib import Path
from typing import Any

from ansvar.cli.main import CommandError, print_json


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="a consistent copy of the database, safe while it runs")
    p.add_argument("file", help="where to write it (SQLite file, or pg_dump -Fc archive)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", help="restore a backup into an empty database, if every chain verifies"
    )
    p.add_argument("file", help="the backup file")
    p.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        metavar="FILE",
        help="a checkpoint file to match the backup against (repeatable)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from ansvar.decisions import backup

    try:
        backup.backup(Path(args.file))
    except backup.BackupError as exc:
        raise CommandError(str(exc)) from None
    print(f"säkerhetskopia skriven / backup written: {args.file}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ansvar.decisions import backup, checkpoint

    try:
        report = backup.restore(Path(args.file), [Path(p) for p in args.checkpoint])
    except (backup.BackupError, checkpoint.CheckpointError) as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print_json({"ok": report.ok, "organisations": [vars(o) for o in report.organisations]})
    else:
        for o in report.organisations:
            state = "OK" if o.ok else f"BRUTEN / BROKEN: {o.problem}"
            print(f"{o.slug}: {o.size} poster / entries, head {o.head_hash[:16]}… {state}")
            for path in o.checkpoints:
                print(f"  stämmer med kontrollpunkten / matches the checkpoint {path}")
            if o.ok and args.checkpoint and not o.checkpoints:
                print("  stämmer med ingen av kontrollpunkterna / matches none of the checkpoints")
    if not report.ok:
        print(
            "ansvar: säkerhetskopian verifieras inte; inget har återställts. / The backup does "
            "not verify; nothing was restored.",
            file=sys.stderr,
        )
        return 1
    if not args.json:
        print("återställd / restored")
    return 0
