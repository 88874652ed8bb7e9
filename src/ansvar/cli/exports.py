"""``ansvar export`` and ``ansvar calendar``: data out."""

import argparse
from pathlib import Path
from typing import Any

from ansvar.cli.main import CommandError, organisation, parse_at


def register(sub: Any) -> None:
    register_export(sub)
    p = sub.add_parser("calendar", help="a person's calendar feed address (a new one each time)")
    p.add_argument("email", help="the person's e-mail address")
    p.add_argument("--revoke", action="store_true", help="end the feed instead")
    p.set_defaults(func=cmd_calendar)


def register_export(sub: Any) -> None:
    p = sub.add_parser(
        "export", help="the organisation in the import's columns: .xlsx, .zip of CSV, or a folder"
    )
    p.add_argument(
        "--out",
        help="FILE.xlsx, FILE.zip or a folder for CSV files; with --person "
        "a JSON file (default: standard output)",
    )
    p.add_argument(
        "--person", metavar="EMAIL", help="everything held about one person (GDPR Art. 15), as JSON"
    )
    p.add_argument("--at", help="as of this date (YYYY-MM-DD), default today")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from ansvar.exports import organisation as export

    org = organisation(args)
    if args.person:
        return _export_person(org, args)
    if not args.out:
        raise CommandError("--out is required (FILE.xlsx, FILE.zip or a folder)")
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"--out: the folder {out.parent} does not exist")
    try:
        counts = export.write(org, parse_at(args.at), out, via=_door())
    except OSError as exc:
        raise CommandError(f"--out: {args.out} cannot be written: {exc.strerror}") from None
    listed = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"{org.slug} exporterad / exported to {args.out}: {listed}")
    return 0


def _door() -> str:
    """``ansvar export`` and the operating-system user who ran it, for the access log."""
    import getpass

    try:
        return f"ansvar export by server user {getpass.getuser()}"
    except (KeyError, OSError):
        return "ansvar export"


def cmd_calendar(args: argparse.Namespace) -> int:
    from ansvar.engine.targets import person_query
    from ansvar.exports import calendar
    from ansvar.org.models import Person

    org = organisation(args)
    person = Person.objects.filter(organisation=org, **person_query(args.email)).first()
    if person is None:
        raise CommandError(f"there is no person {args.email!r} in {org.name}")
    if args.revoke:
        ended = calendar.revoke_feed(person)
        print("kalendern är avstängd / the feed is ended" if ended else "ingen kalender / no feed")
        return 0
    print(f"Kalenderadress för / calendar address of {person.name} (visas en gång / shown once):")
    print(calendar.feed_url(calendar.create_feed(person)))
    return 0


def _export_person(org: Any, args: argparse.Namespace) -> int:
    import json

    from ansvar.engine.targets import person_query
    from ansvar.exports.personal import personal_data
    from ansvar.org.models import Person

    person = Person.objects.filter(organisation=org, **person_query(args.person)).first()
    if person is None:
        raise CommandError(f"--person: there is no person {args.person!r} in {org.name}")
    text = json.dumps(personal_data(person), ensure_ascii=False, indent=2)
    if not args.out:
        print(text)
        return 0
    try:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"--out: {args.out} cannot be written: {exc.strerror}") from None
    print(f"{person.email}: personuppgifter / personal data written to {args.out}")
    return 0
