"""People commands: rotation propose, area-figures, salary, probation, coaching."""

import argparse
from typing import Any

from ansvar.cli.main import organisation, parse_at, print_json


def register(sub: Any) -> None:
    p = sub.add_parser("rotation", help="unit rotation (VD3)")
    rot = p.add_subparsers(dest="rotation_command", required=True, metavar="COMMAND")
    r = rot.add_parser("propose", help="propose moves that balance areas and spread competence")
    r.add_argument("--at", help="date (YYYY-MM-DD), default today")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_rotation_propose)

    p = sub.add_parser("area-figures", help="people, clients, assignments, revenue per area")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--months", type=int, default=6, help="months back (default 6)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_area_figures)

    p = sub.add_parser("salary", help="a person's salary history, for those who may see it")
    p.add_argument("viewer", help="e-mail of the person looking")
    p.add_argument("person", help="e-mail of the person whose salary")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_salary)

    p = sub.add_parser("probation", help="a probation's end and the last day to inform")
    p.add_argument("person", help="e-mail")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_probation)

    p = sub.add_parser("coaching-times", help="coaching response times per manager (AO5)")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.set_defaults(func=cmd_coaching_times)


def cmd_rotation_propose(args: argparse.Namespace) -> int:
    from ansvar.people.rotation import moves_arg, propose

    org = organisation(args)
    at = parse_at(args.at)
    proposals = propose(org, at)
    reminder = bool(org.policy.get("collective_agreement"))
    if args.json:
        print_json(
            {
                "at": at.isoformat(),
                "moves": [m.as_dict() for m in proposals],
                "mbl_11_reminder": reminder,
            }
        )
        return 0
    if reminder:
        print("MBL 11 §: kollektivavtal gäller — förhandla innan rotationen beslutas.")
        print("MBL 11 §: a collective agreement applies — negotiate before deciding.")
    if not proposals:
        print("Inga flyttar föreslås. / No moves proposed.")
        return 0
    for m in proposals:
        print(f"{m.person.email}: {m.from_area.slug} -> {m.to_area.slug}")
        print(f"    {m.reason_sv}")
        print(f"    {m.reason_en}")
    print()
    print("Vd beslutar (VD3) / the CEO decides:")
    print(f"  ansvar do CEO decide_rotation org --arg moves={moves_arg(proposals)}")
    return 0


def cmd_area_figures(args: argparse.Namespace) -> int:
    from ansvar.people.selectors import area_figures

    org = organisation(args)
    at = parse_at(args.at)
    rows = area_figures(org, at, months=max(1, args.months))
    if args.json:
        print_json({"at": at.isoformat(), "areas": rows})
        return 0
    for area in rows:
        own = ", ".join(area["manager_clients"]) or "INGA / NONE (AO1)"
        print(f"{area['name']} ({area['area']}) — chef {area['manager']}; egna kunder: {own}")
        for m in area["months"]:
            print(
                f"  {m['month']}: {m['people']} personer, {len(m['clients_led'])} kunder, "
                f"{m['active_assignments']} aktiva uppdrag, intäkt {m['revenue']}, "
                f"marginal {m['margin']}"
            )
    return 0


def cmd_salary(args: argparse.Namespace) -> int:
    from ansvar.engine.registry import find_person
    from ansvar.people.selectors import salary_history

    org = organisation(args)
    at = parse_at(args.at)
    viewer = find_person(org, args.viewer, "viewer")
    person = find_person(org, args.person, "person")
    rows = salary_history(viewer, person, at, purpose="cli")
    if args.json:
        print_json(
            [
                {
                    "amount": str(r.amount),
                    "effective_from": r.effective_from.isoformat(),
                    "decided_on": r.decided_on.isoformat(),
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        print(f"{r.effective_from}: {r.amount} (beslut {r.decided_on})")
    if not rows:
        print("Inga lönebeslut. / No salary decisions.")
    return 0


def cmd_probation(args: argparse.Namespace) -> int:
    from ansvar.engine.registry import find_person
    from ansvar.people.selectors import probation_status

    org = organisation(args)
    at = parse_at(args.at)
    status = probation_status(find_person(org, args.person, "person"), at)
    if args.json:
        print_json(status)  # null: no probation
        return 0
    if status is None:
        print("Ingen provanställning. / No probation.")
        return 0
    print(f"Tillsvidare från / permanent from: {status['permanent_from']}")
    print(f"Sista dag att besluta / last day to decide: {status['last_day_to_decide']}")
    print(f"Sista dag för underrättelse (LAS 31 §): {status['last_day_to_inform']}")
    return 0


def cmd_coaching_times(args: argparse.Namespace) -> int:
    from ansvar.people.selectors import coaching_response_times

    org = organisation(args)
    print_json(coaching_response_times(org, parse_at(args.at)))
    return 0
