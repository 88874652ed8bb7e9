"""ansvar webhook: the endpoints other systems are told of decisions at (technical
administration, P7). ``add``, ``remove`` and ``rotate`` are the acting administrator's
actions through ``perform``, as on the web page; ``add`` and ``rotate`` print the secret
once, alone on the last line. ``list`` and ``deliveries`` read, on the server."""

import argparse
from typing import Any

from ansvar.cli.main import CommandError, organisation, parse_at, print_json


def register(sub: Any) -> None:
    p = sub.add_parser("webhook", help="webhook endpoints and their deliveries")
    hook_sub = p.add_subparsers(dest="webhook_command", required=True, metavar="WEBHOOK_COMMAND")

    a = hook_sub.add_parser("add", help="register an endpoint, as the administrator EMAIL")
    a.add_argument("email", help="e-mail of the technical administrator who registers it")
    a.add_argument("url", help="https:// address (plain http only to 127.0.0.1, ::1, localhost)")
    a.add_argument(
        "--event",
        action="append",
        choices=["decision", "duty_overdue"],
        help="what it is sent (repeat for both; default: decision)",
    )
    a.add_argument(
        "--action",
        action="append",
        default=[],
        metavar="NAME",
        help="only decisions of this action (repeat; default: every action)",
    )
    a.add_argument("--reads-as", help="e-mail of the person whose read rights it carries")
    a.add_argument("--at", help="date (YYYY-MM-DD), default today")
    a.set_defaults(func=cmd_add)

    ls = hook_sub.add_parser("list", help="the endpoints, without their secrets")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    d = hook_sub.add_parser("deliveries", help="the deliveries, newest first")
    d.add_argument("--endpoint", type=int, metavar="ID", help="of this endpoint only")
    d.add_argument("--limit", type=int, default=50, help="at most this many (50)")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_deliveries)

    for name, func, help_ in (
        ("remove", cmd_remove, "remove an endpoint, as the administrator EMAIL"),
        ("rotate", cmd_rotate, "give an endpoint a new secret, as the administrator EMAIL"),
    ):
        r = hook_sub.add_parser(name, help=help_)
        r.add_argument("email", help="e-mail of the acting technical administrator")
        r.add_argument("endpoint", type=int, metavar="ID", help="the endpoint's number")
        r.add_argument("--at", help="date (YYYY-MM-DD), default today")
        r.set_defaults(func=func)


def _actor(org: Any, email: str) -> Any:
    from ansvar.engine.registry import find_person

    return find_person(org, email, "email")


def cmd_add(args: argparse.Namespace) -> int:
    from ansvar.engine.registry import perform

    org = organisation(args)
    fields = {
        "url": args.url,
        "events": ",".join(args.event or ["decision"]),
        "actions": ",".join(args.action),
        "reads_as": args.reads_as,
    }
    done = perform(
        org, _actor(org, args.email), "register_webhook", "org", fields, at=parse_at(args.at)
    )
    endpoint = done.result.endpoint
    print(
        f"Mottagare {endpoint.pk} registrerad (loggat som nr {done.entry.seq}); hemligheten "
        "visas bara nu. / Endpoint "
        f"{endpoint.pk} registered (logged as no. {done.entry.seq}); the secret is shown only now."
    )
    print(done.result.secret)
    return 0


def cmd_rotate(args: argparse.Namespace) -> int:
    from ansvar.engine.registry import perform

    org = organisation(args)
    done = perform(
        org,
        _actor(org, args.email),
        "rotate_webhook_secret",
        "org",
        {"endpoint": args.endpoint},
        at=parse_at(args.at),
    )
    print(
        f"Mottagare {args.endpoint} har en ny hemlighet (loggat som nr {done.entry.seq}); den "
        "gamla gäller inte längre. / Endpoint "
        f"{args.endpoint} has a new secret (logged as no. {done.entry.seq}); the old one no "
        "longer signs."
    )
    print(done.result.secret)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from ansvar.engine.registry import perform

    org = organisation(args)
    done = perform(
        org,
        _actor(org, args.email),
        "remove_webhook",
        "org",
        {"endpoint": args.endpoint},
        at=parse_at(args.at),
    )
    cancelled = done.entry.public.get("cancelled", 0)
    print(
        f"Mottagare {args.endpoint} borttagen, {cancelled} leveranser skickas inte "
        f"(loggat som nr {done.entry.seq}). / Endpoint {args.endpoint} removed, {cancelled} "
        f"deliveries will not be sent (logged as no. {done.entry.seq})."
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ansvar.webhooks.selectors import endpoint_row, endpoints

    rows = [endpoint_row(e) for e in endpoints(organisation(args))]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("Inga mottagare. / No endpoints.")
    for r in rows:
        state = "på / on" if r["active"] else "av / off"
        only = f" ({', '.join(r['actions'])})" if r["actions"] else ""
        reads = f", läser som / reads as {r['reads_as']}" if r["reads_as"] else ""
        counts = r["deliveries"]
        print(
            f"{r['id']}: {r['url']} [{state}] {', '.join(r['events'])}{only}{reads}; "
            f"{counts['delivered']} levererade / delivered, {counts['pending']} väntar / "
            f"pending, {counts['failed']} misslyckade / failed"
        )
    return 0


def cmd_deliveries(args: argparse.Namespace) -> int:
    from ansvar.webhooks.selectors import deliveries, delivery_row, endpoint

    org = organisation(args)
    if args.endpoint is not None and endpoint(org, args.endpoint) is None:
        raise CommandError(
            f"--endpoint: there is no webhook endpoint {args.endpoint} in {org.name}"
        )
    if args.limit < 1:
        raise CommandError("--limit: at least 1")
    rows = [delivery_row(d) for d in deliveries(org, args.endpoint)[: args.limit]]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("Inga leveranser. / No deliveries.")
    for r in rows:
        what = f"nr / no. {r['entry']}" if r["entry"] is not None else r["duty"]["kind"]
        code = f" HTTP {r['response_code']}" if r["response_code"] else ""
        error = f" — {r['last_error']}" if r["last_error"] and r["status"] != "delivered" else ""
        print(
            f"{r['id']} → {r['endpoint']}: {r['event']} {what}: {r['status']}, "
            f"{r['attempts']} försök / tries{code}{error}"
        )
    return 0
