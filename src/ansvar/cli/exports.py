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


# What ``ansvar export`` writes besides the organisation, and the formats each takes.
LISTS = {
    "duties": ("csv", "xlsx"),
    "area-figures": ("csv", "xlsx"),
    "refusals": ("csv", "xlsx", "jsonl"),
}


def register_export(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="data out: the organisation in the import's columns (.xlsx, .zip of CSV, a "
        "folder), a person's duties, an area's figures or the refused attempts",
    )
    p.add_argument(
        "what",
        nargs="?",
        default="organisation",
        choices=["organisation", *LISTS],
        help="what to export (default: the organisation)",
    )
    p.add_argument(
        "--out",
        help="FILE.xlsx, FILE.zip or a folder for CSV files; with --person "
        "a JSON file (default: standard output); duties and area-figures: FILE.csv or "
        "FILE.xlsx; refusals: FILE.csv, FILE.xlsx or FILE.jsonl",
    )
    p.add_argument(
        "--person", metavar="EMAIL", help="everything held about one person (GDPR Art. 15), as JSON"
    )
    p.add_argument(
        "--as",
        dest="reader",
        metavar="EMAIL",
        help="read as this person, under the page's read rule: whose duties, who reads the "
        "refusals (both required) or the area's figures (the read is logged)",
    )
    p.add_argument("--area", metavar="SLUG", help="the area of area-figures")
    p.add_argument(
        "--months", type=int, default=6, help="area-figures: months back (default 6, as the page)"
    )
    p.add_argument(
        "--lang", choices=["sv", "en"], default="sv", help="headers and texts (default sv)"
    )
    p.add_argument("--at", help="as of this date (YYYY-MM-DD), default today")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from ansvar.exports import organisation as export

    org = organisation(args)
    if args.what != "organisation":
        return _export_list(org, args)
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


def _export_list(org: Any, args: argparse.Namespace) -> int:
    """``ansvar export duties|area-figures|refusals --out FILE``: what the page shows."""
    from django.db import transaction

    from ansvar.engine.registry import find_person

    if args.person:
        raise CommandError(f"--person: belongs to the organisation's export, not {args.what}")
    if not args.out:
        raise CommandError(f"--out is required (FILE.{' or FILE.'.join(LISTS[args.what])})")
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in LISTS[args.what]:
        raise CommandError(
            f"--out: {args.what} is written as {', '.join('.' + f for f in LISTS[args.what])}, "
            f"not {out.suffix or 'a file without a suffix'}"
        )
    if not out.parent.is_dir():
        raise CommandError(f"--out: the folder {out.parent} does not exist")
    at = parse_at(args.at)
    reader = find_person(org, args.reader, "--as") if args.reader else None
    # The read is recorded as the table is made; a file that cannot be written records
    # nothing, as for the organisation's export.
    with transaction.atomic():
        count = _write_list(org, args, reader, at, fmt, out)
    print(f"{args.what}: {count} rader / rows written to {args.out}")
    return 0


def _write_list(
    org: Any, args: argparse.Namespace, reader: Any, at: Any, fmt: str, out: Path
) -> int:
    from ansvar.engine.registry import find_area
    from ansvar.exports import lists
    from ansvar.exports.tables import write_file

    if args.what == "duties":
        if reader is None:
            raise CommandError("--as is required: whose duties (an e-mail address)")
        from ansvar.web.links import absolute_duty_urls

        table = lists.duty_table(reader, at, args.lang, absolute_duty_urls, via=_door())
    elif args.what == "area-figures":
        if not args.area:
            raise CommandError("--area is required: the area's slug")
        area = find_area(org, args.area.removeprefix("area:"), "--area")
        table = lists.area_figures_table(reader, area, at, max(1, args.months))
    else:
        if reader is None:
            raise CommandError("--as is required: who reads the refusals (the CEO, VD1)")
        if args.at:
            raise CommandError("--at: the refusals are exported whole, as of no date")
        table = lists.refusals_table(reader, org, via=_door())
    try:
        return write_file(table, args.lang, fmt, out)
    except OSError as exc:
        raise CommandError(f"--out: {args.out} cannot be written: {exc.strerror}") from None


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
