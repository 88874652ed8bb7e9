"""ansvar duties: who must do what by when."""

import argparse
from typing import Any

from ansvar.cli.main import organisation, parse_at, print_json


def register(sub: Any) -> None:
    p = sub.add_parser("duties", help="duties (who must do what by when) as of a date")
    p.add_argument("--person", help="only this person's duties (e-mail)")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_duties)


def cmd_duties(args: argparse.Namespace) -> int:
    from ansvar.duties.registry import duties
    from ansvar.engine.registry import find_person

    org = organisation(args)
    at = parse_at(args.at)
    person = find_person(org, args.person, "person") if args.person else None
    found = duties(org, at, person=person)
    if args.json:
        print_json({"at": at.isoformat(), "duties": [d.as_dict(at) for d in found]})
        return 0
    for d in found:
        owner = d.owner.email if d.owner else "INGEN"
        print(f"{d.status(at):8} {d.due_on} [{d.clause}] {owner}: {d.title_sv}")
    if not found:
        print("Inga åtaganden. / No duties.")
    return 0
