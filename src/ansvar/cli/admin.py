"""ansvar admin: technical administrators and accounts (technical administration, P7).

``add`` names the organisation's first technical administrator from the server; later ones
are added by an administrator (``--by``), through the same rule as the web page. ``invite``
sends invitations as an administrator; ``accounts`` lists everyone's log-in status.
"""

import argparse
from typing import Any

from ansvar.cli.main import CommandError, organisation, parse_at, print_json


def register(sub: Any) -> None:
    p = sub.add_parser("admin", help="technical administrators and accounts")
    admin_sub = p.add_subparsers(dest="admin_command", required=True, metavar="ADMIN_COMMAND")

    a = admin_sub.add_parser(
        "add",
        help="make EMAIL a technical administrator (the first one needs no --by)",
    )
    a.add_argument("email", help="the person's e-mail address")
    a.add_argument("--by", help="e-mail of the administrator who adds them (after the first)")
    a.add_argument("--at", help="from this date (YYYY-MM-DD), default today")
    a.set_defaults(func=cmd_add)

    ls = admin_sub.add_parser("list", help="the technical administrators")
    ls.add_argument("--at", help="date (YYYY-MM-DD), default today")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    i = admin_sub.add_parser("invite", help="invite people to an account, as an administrator")
    i.add_argument("emails", nargs="*", metavar="EMAIL", help="the people to invite")
    i.add_argument("--all", action="store_true", help="everyone employed without an account")
    i.add_argument("--by", required=True, help="e-mail of the administrator who invites")
    i.set_defaults(func=cmd_invite)

    s = admin_sub.add_parser("accounts", help="everyone employed now or later, with their log-in")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_accounts)


def _person(org: Any, email: str, field: str) -> Any:
    from ansvar.engine.registry import find_person

    return find_person(org, email, field)


def cmd_add(args: argparse.Namespace) -> int:
    from ansvar.accounts.actions import found_first_administrator
    from ansvar.engine.registry import perform

    org = organisation(args)
    at = parse_at(args.at)
    person = _person(org, args.email, "email")
    if args.by:
        done = perform(
            org, _person(org, args.by, "--by"), "add_technical_admin", f"person:{person.pk}", at=at
        )
        print(f"{done.decision.reason_sv} (loggat som nr / logged as no. {done.entry.seq})")
        return 0
    found_first_administrator(org, person, at)
    print(
        f"{person.name} är {org.name}s första tekniska administratör. / {person.name} is the "
        f"first technical administrator of {org.name}."
    )
    if person.user_id is None:
        # Without a log-in the administrator could not use the accounts page: they invite
        # themselves, as the administrator they now are (a logged action like any other).
        done = perform(org, person, "invite_person", f"person:{person.pk}")
        print(
            f"Inbjudan skickad till {person.email} (loggat som nr {done.entry.seq}). / "
            f"Invitation sent to {person.email} (logged as no. {done.entry.seq})."
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ansvar.accounts.selectors import technical_administrators_on

    org = organisation(args)
    at = parse_at(args.at)
    rows = [
        {"email": a.person.email, "name": a.person.name, "since": a.valid_from}
        for a in technical_administrators_on(org, at)
    ]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(
            f"{org.name} har ingen teknisk administratör; utse den första med "
            "`ansvar admin add EMAIL`. / No technical administrator yet."
        )
    for row in rows:
        print(f"{row['email']:40} {row['name']:30} {row['since']}")
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from ansvar.accounts.actions import invite_everyone
    from ansvar.engine.registry import perform

    if args.all == bool(args.emails):
        raise CommandError("name the people to invite, or give --all (not both)")
    org = organisation(args)
    actor = _person(org, args.by, "--by")
    at = timezone.localdate()
    if args.all:
        done = invite_everyone(org, actor, at)
    else:
        done = [
            perform(org, actor, "invite_person", f"person:{_person(org, e, 'EMAIL').pk}", at=at)
            for e in args.emails
        ]
    for d in done:
        print(f"{d.decision.reason_sv} (loggat som nr / logged as no. {d.entry.seq})")
    print(f"{len(done)} inbjudna / invited.")
    return 0


def cmd_accounts(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from ansvar.accounts.selectors import account_rows

    org = organisation(args)
    rows = [
        {
            "email": r.person.email,
            "name": r.person.name,
            "status": r.status,
            "administrator": r.administrator,
            "invitation_expires": r.invitation.expires_at if r.invitation else None,
        }
        for r in account_rows(org, timezone.localdate(), timezone.now())
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        flag = "  (admin)" if row["administrator"] else ""
        print(f"{row['email']:40} {row['status']:12} {row['name']}{flag}")
    return 0
