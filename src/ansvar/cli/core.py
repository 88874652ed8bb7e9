"""Core commands: init, demo, serve, who-decides, can, do, actions."""

import argparse
import sys
from typing import Any

from ansvar.cli.main import CommandError, organisation, parse_at, print_json


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create or migrate the database")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="load the demo organisation")
    p.add_argument("--people", type=int, default=45, help="number of people (default 45)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument(
        "--entries",
        type=int,
        help="decisions of work history in the log (default 10 a person)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing demo organisation")
    p.add_argument("--if-empty", action="store_true", help="do nothing if any organisation exists")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="serve the web application (gunicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("who-decides", help="who decides for a target, as of a date")
    p.add_argument("target", help="org, area:<slug>, client:<slug>, person:<email>, ...")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_who_decides)

    for name, func, help_ in (
        ("can", cmd_can, "may PERSON take ACTION on TARGET? (no effect)"),
        ("do", cmd_do, "PERSON takes ACTION on TARGET"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("person", help="e-mail of the person acting")
        p.add_argument("action")
        p.add_argument("target")
        p.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE")
        p.add_argument("--at", help="date (YYYY-MM-DD), default today")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("actions", help="list the actions with their clauses")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_actions)


def cmd_init(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from ansvar import demo
    from ansvar.org.models import Organisation
    from ansvar.org.selectors import active_people

    if args.people < 5:
        raise CommandError("--people: the demo needs at least 5 people")
    if args.entries is not None and args.entries < 0:
        raise CommandError("--entries: the work history cannot have fewer than 0 entries")
    if args.if_empty and Organisation.objects.exists():
        print(
            "Det finns redan en organisation; demon laddas inte. / An organisation exists "
            "already; the demo is not loaded."
        )
        return 0
    existed = Organisation.objects.filter(slug=demo.DEMO_SLUG).exists()
    org = demo.load(
        people=args.people,
        seed=args.seed,
        entries=args.entries,
        force=args.force,
        progress=sys.stderr if args.people >= 1000 else None,
    )
    if existed:
        print(
            f"Demon finns redan och beslutsloggen raderas aldrig: den nya heter {org.slug!r}. / "
            f"The demo existed and the decision log is never deleted: the new one is "
            f"{org.slug!r}; name it with --org {org.slug}."
        )
    employed = active_people(org, timezone.localdate()).count()
    former = org.people.count() - employed
    print(
        f"Laddade / loaded {org.name}: {employed} anställda / employed, {former} tidigare / "
        f"former, {org.areas.count()} affärsområden / areas, {org.clients.count()} kunder / "
        f"clients."
    )
    print(demo.login_help(org))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "ansvar.config.wsgi:application",
    ]
    print(f"Ansvar serves on http://{args.host}:{args.port}/", flush=True)
    run()
    return 0


def cmd_who_decides(args: argparse.Namespace) -> int:
    from ansvar.engine.targets import parse_target
    from ansvar.org.responsibility import who_decides

    org = organisation(args)
    at = parse_at(args.at)
    answers = who_decides(org, parse_target(args.target), at)
    if args.json:
        print_json(
            {
                "target": args.target,
                "at": at.isoformat(),
                "deciders": [r.as_dict() for r in answers],
            }
        )
        return 0
    for r in answers:
        if r.holder is not None:
            holder = f"{r.holder.name} <{r.holder.email}>"
        elif r.kind == "board":  # the CEO's own manager, outside Ansvar
            holder = "styrelsen, utanför Ansvar / the board, outside Ansvar"
        else:
            holder = "INGEN / NOBODY (P4)"
        since = f" sedan {r.since}" if r.since else ""
        print(f"{r.target} ({r.name}): {holder}, {r.kind}{since} [{r.clause}]")
    return 0


def _key_values(pairs: list[str]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CommandError(f"--arg: {pair!r} is not NAME=VALUE")
        result[key.strip()] = value
    return result


def _attempt(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """The organisation, the acting person and the date of a ``can`` or ``do``."""
    from ansvar.engine.registry import find_person

    org = organisation(args)
    return org, find_person(org, args.person, "person"), parse_at(args.at)


def cmd_can(args: argparse.Namespace) -> int:
    from ansvar.engine.registry import can

    org, actor, at = _attempt(args)
    decision = can(org, actor, args.action, args.target, _key_values(args.arg), at=at)
    if args.json:
        print_json(decision.as_dict())
    else:
        verdict = "JA / ALLOWED" if decision.allowed else "NEJ / REFUSED"
        decider = decision.decider.email if decision.decider else "-"
        print(f"{verdict} [{', '.join(decision.clauses)}] beslutsfattare/decider: {decider}")
        print(f"  sv: {decision.reason_sv}")
        print(f"  en: {decision.reason_en}")
    return 0 if decision.allowed else 1


def cmd_do(args: argparse.Namespace) -> int:
    from ansvar.engine.registry import perform

    org, actor, at = _attempt(args)
    done = perform(org, actor, args.action, args.target, _key_values(args.arg), at=at)
    if args.json:
        print_json({**done.decision.as_dict(), "log_seq": done.entry.seq})
    else:
        print(
            f"OK [{', '.join(done.decision.clauses)}] loggat som nr {done.entry.seq}: "
            f"{done.decision.reason_sv}"
        )
    return 0


def action_rows() -> list[dict[str, Any]]:
    """Every action with its target, arguments, clauses and who may: what ``ansvar actions``
    prints, and what ``ansvar docs`` writes into docs/vocabulary.md."""
    from ansvar.engine.registry import ACTIONS
    from ansvar.policy.rules import RULES

    rows: list[dict[str, Any]] = []
    for name, rule in sorted(RULES.items()):
        spec = ACTIONS.get(name)
        rows.append(
            {
                "action": name,
                "target": rule.target,
                "args": [a.name for a in spec.args] if spec else [],
                "clauses": list(rule.clauses),
                "who": {"sv": rule.holder_sv, "en": rule.holder_en},
                "available": spec is not None,
                "read_rule": rule.reads,
            }
        )
    return rows


def cmd_actions(args: argparse.Namespace) -> int:
    rows = action_rows()
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        flag = "" if row["available"] else "  (rule only; not yet an action)"
        flag = "  (read rule: who may see; not an action)" if row["read_rule"] else flag
        print(
            f"{row['action']:32} {row['target']:11} {','.join(row['clauses']):22} "
            f"{row['who']['sv']}{flag}"
        )
    return 0
