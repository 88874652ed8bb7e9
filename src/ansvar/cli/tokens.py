"""``ansvar token``: personal API tokens, acting with exactly their owner's rights."""

import argparse
from typing import Any

from ansvar.cli.main import CommandError, organisation


def register(sub: Any) -> None:
    p = sub.add_parser("token", help="personal API tokens: create, list, revoke")
    token_sub = p.add_subparsers(dest="token_command", required=True, metavar="COMMAND")
    c = token_sub.add_parser("create", help="a new token; printed once, alone on the last line")
    c.add_argument("email")
    c.add_argument("--name", default="", help="what it is for, e.g. the script's name")
    c.add_argument("--expires", type=int, metavar="DAYS", help="valid this many days")
    c.set_defaults(func=cmd_create)
    ls = token_sub.add_parser("list", help="a person's tokens with their last use")
    ls.add_argument("email")
    ls.set_defaults(func=cmd_list)
    r = token_sub.add_parser("revoke", help="end a token")
    r.add_argument("email")
    r.add_argument("id", type=int)
    r.set_defaults(func=cmd_revoke)


def _person(args: argparse.Namespace) -> Any:
    from ansvar.engine.targets import person_query
    from ansvar.org.models import Person

    org = organisation(args)
    person = Person.objects.filter(organisation=org, **person_query(args.email)).first()
    if person is None:
        raise CommandError(f"there is no person {args.email!r} in {org.name}")
    return person


def cmd_create(args: argparse.Namespace) -> int:
    from ansvar.api import tokens

    if args.expires is not None and args.expires < 1:
        raise CommandError("--expires: at least one day")
    person = _person(args)
    new = tokens.issue(person, args.name, args.expires)
    print(
        f"API-nyckel {new.row.pk} för / API token {new.row.pk} of {person.email} "
        "(visas en gång / shown once):"
    )
    print(new.token)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ansvar.api import tokens

    for t in tokens.of(_person(args)):
        state = "återkallad / revoked" if t.revoked_at else "aktiv / active"
        used = t.last_used_at.isoformat(timespec="minutes") if t.last_used_at else "-"
        expires = t.expires_at.date().isoformat() if t.expires_at else "-"
        print(f"{t.pk}\t{t.prefix}…\t{t.name}\t{state}\tlast used {used}\texpires {expires}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from ansvar.api import tokens

    if not tokens.revoke(_person(args), args.id):
        raise CommandError(f"{args.email} has no active token {args.id}")
    print(f"nyckel {args.id} återkallad / token {args.id} revoked")
    return 0
