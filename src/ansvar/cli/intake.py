"""``ansvar import``: found an organisation from a workbook, CSV files or YAML."""

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from ansvar.cli.main import CommandError, print_json


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="found an organisation from an XLSX workbook, a folder or ZIP of CSV files, or YAML",
    )
    p.add_argument("file", nargs="?", help="the workbook, ZIP, folder or YAML file")
    p.add_argument("--dry-run", action="store_true", help="check and show, write nothing")
    p.add_argument("--template", metavar="FILE.xlsx", help="write an empty workbook to fill in")
    p.add_argument("--json", action="store_true")
    p.add_argument("--language", choices=("sv", "en"), default="sv", help="language of messages")
    p.add_argument(
        "--admin",
        metavar="EMAIL",
        help="name this person of the file the first technical administrator and invite them "
        "(as `ansvar admin add` does)",
    )
    p.set_defaults(func=cmd_import)


class _Bar:
    """A progress bar on standard error, redrawn in place when it is a terminal."""

    LABELS = {"organisation": "grundar / founding", "skills": "kompetenser / skills"}

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.start = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        width = 30
        filled = width if total == 0 else width * done // total
        line = (
            f"{self.LABELS.get(stage, stage):<24} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done}/{total}  {time.monotonic() - self.start:.1f} s"
        )
        end = "\r" if self.tty and done < total else "\n"
        print(line, end=end, file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from ansvar import intake

    if args.template:
        intake.write_template(Path(args.template))
        print(f"mall skriven / template written: {args.template}")
        return 0
    if not args.file:
        raise CommandError("name the file to import, or --template FILE.xlsx")
    bar = _Bar(quiet=args.json)
    bar("läser / reading", 0, 1)
    try:
        tables = intake.read(Path(args.file))
    except intake.Unreadable as exc:
        raise CommandError(exc.en if args.language == "en" else exc.sv) from None
    bar("läser / reading", 1, 1)
    plan, problems = intake.check(tables)
    if problems:
        if args.json:
            print_json(
                {
                    "ok": False,
                    "problems": [
                        {**p.as_dict(), "sv": p.message("sv"), "en": p.message("en")}
                        for p in problems
                    ],
                }
            )
        else:
            for problem in problems:
                print(problem.message(args.language), file=sys.stderr)
            print(
                f"{len(problems)} fel; inget har skrivits. / {len(problems)} errors; nothing "
                "was written.",
                file=sys.stderr,
            )
        return 2
    assert plan is not None
    counts = plan.counts()
    if args.dry_run:
        summary = {"ok": True, "dry_run": True, "organisation": plan.organisation.name, **counts}
        if args.json:
            print_json(summary)
        else:
            print(_summary(plan.organisation.name, counts, "skulle grundas / would be founded"))
        return 0
    if args.admin:
        return _found_with_administrator(args, plan, bar)
    org = intake.found(plan, progress=bar)
    if args.json:
        print_json({"ok": True, "organisation": org.slug, **counts})
    else:
        print(_summary(f"{org.name} ({org.slug})", counts, "grundad / founded"))
    return 0


def _found_with_administrator(args: argparse.Namespace, plan: Any, bar: _Bar) -> int:
    from django.utils import timezone

    from ansvar import intake

    # A refusal (exit 3) or bad input (exit 2) leaves nothing written: one transaction.
    founded = intake.found_with_administrator(
        plan, args.admin, at=timezone.localdate(), progress=bar
    )
    org, admin = founded.organisation, founded.administrator
    counts = plan.counts()
    if args.json:
        print_json(
            {
                "ok": True,
                "organisation": org.slug,
                **counts,
                "administrator": admin.email,
                "invited": founded.invitation_id is not None,
                "entries": [{"seq": e.seq, "action": e.action} for e in founded.entries],
            }
        )
        return 0
    print(_summary(f"{org.name} ({org.slug})", counts, "grundad / founded"))
    print(
        f"{admin.name} är första tekniska administratör och har bjudits in. / {admin.name} is "
        "the first technical administrator and has been invited."
    )
    return 0


def _summary(name: str, counts: dict[str, int], verb: str) -> str:
    return (
        f"{name} {verb}: {counts['people']} personer / people, {counts['areas']} områden / "
        f"areas, {counts['clients']} kunder / clients, {counts['work_groups']} "
        f"arbetsgruppsplatser / work-group places, {counts['skills']} kompetenser / skills"
    )
