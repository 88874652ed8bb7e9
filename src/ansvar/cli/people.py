"""People commands: rotation propose, area-figures, salary, probation, coaching, the order
of selection (LAS 22 §) and rights of re-employment (LAS 25 §)."""

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

    p = sub.add_parser(
        "selection-order", help="an area's order of selection by employment time (LAS 22 §)"
    )
    p.add_argument("area", help="area:SLUG")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_selection_order)

    p = sub.add_parser("reemployment-rights", help="rights of re-employment in force (LAS 25 §)")
    p.add_argument("area", nargs="?", help="area:SLUG (default: every area)")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reemployment_rights)


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
                    "amount": None if r.amount is None else str(r.amount),
                    "effective_from": r.effective_from.isoformat(),
                    "decided_on": r.decided_on.isoformat(),
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        amount = "raderad / erased" if r.amount is None else r.amount
        print(f"{r.effective_from}: {amount} (beslut {r.decided_on})")
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


def _area(org: Any, text: str) -> Any:
    from ansvar.engine.errors import InvalidInput
    from ansvar.engine.registry import find_area
    from ansvar.engine.targets import parse_target

    target = parse_target(text)
    if target.kind != "area":
        raise InvalidInput(f"{text!r} is not an area; write area:SLUG", "area")
    return find_area(org, target.key, "area")


def cmd_selection_order(args: argparse.Namespace) -> int:
    from ansvar.people.selectors import selection_order

    org = organisation(args)
    at = parse_at(args.at)
    area = _area(org, args.area)
    rows = selection_order(area, at)
    exemptions = org.policy_int("selection_exemptions")
    if args.json:
        print_json(
            {
                "at": at.isoformat(),
                "area": area.slug,
                "exemptions_allowed": exemptions,
                "order": [
                    {
                        "rank": r.rank,
                        "email": r.person.email,
                        "name": r.person.name,
                        "first_day": r.first_day.isoformat(),
                        "employment_days": r.days,
                        "years": r.years,
                        "months": r.months,
                        "tied": r.tied,
                        "ends_on": r.ends_on.isoformat() if r.ends_on else None,
                    }
                    for r in rows
                ],
            }
        )
        return 0
    print(f"Turordning (LAS 22 §) i {area.name} den {at} — längst anställningstid först:")
    print(f"Order of selection (LAS 22 §) in {area.name} on {at} — longest employment first:")
    if not rows:
        print("  Ingen omfattas. / Nobody is covered.")
    for r in rows:
        notes = []
        if r.tied:
            notes.append("lika tid: äldst går före / equal time: the older first")
        if r.ends_on:
            notes.append(f"slutar / leaves {r.ends_on}")
        extra = f"  [{'; '.join(notes)}]" if notes else ""
        print(
            f"  {r.rank:>3}. {r.person.email}: {r.years} år/years {r.months} mån/months "
            f"({r.days} dagar/days, sedan/since {r.first_day}){extra}"
        )
    print(
        f"Arbetsgivaren får undanta högst {exemptions} personer. / The employer may exempt "
        f"at most {exemptions} people."
    )
    return 0


def cmd_reemployment_rights(args: argparse.Namespace) -> int:
    from ansvar.people.selectors import reemployment_rights

    org = organisation(args)
    at = parse_at(args.at)
    area = _area(org, args.area) if args.area else None
    rows = reemployment_rights(org, at, area=area)
    if args.json:
        print_json(
            [
                {
                    "email": r.person.email,
                    "name": r.person.name,
                    "area": r.area.slug,
                    "notice_on": r.valid_from.isoformat(),
                    "last_day": r.separation.last_day.isoformat(),
                    "valid_until": r.valid_until.isoformat(),
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        print("Ingen företrädesrätt gäller. / No right of re-employment is in force.")
    for r in rows:
        print(
            f"{r.area.slug}: {r.person.email}, uppsagd/notice {r.valid_from}, sista dag/last "
            f"day {r.separation.last_day}, företrädesrätt till/right until {r.valid_until} "
            "(LAS 25 §)"
        )
    return 0
