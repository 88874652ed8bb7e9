"""ansvar tick, ansvar signals, ansvar staffing: client work from the command line."""

import argparse
from typing import Any

from ansvar.cli.main import CommandError, organisation, parse_at, print_json


def register(sub: Any) -> None:
    p = sub.add_parser(
        "tick",
        help="settle lapsed veto windows, erase expired candidate data and former "
        "employees' talk notes and coaching texts past retention, record the day's "
        "reminders and send the e-mail that is due (idempotent)",
    )
    p.add_argument("--at", help="date (YYYY-MM-DD), default today; a missed day, never one to come")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tick)

    p = sub.add_parser("signals", help="signals P1, P2, AO1 and KA5 as of a date")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_signals)

    p = sub.add_parser("staffing", help="staffing suggestions for a client by skill and load")
    p.add_argument("target", help="client:<slug>")
    p.add_argument("--skill", action="append", required=True, help="a skill asked for")
    p.add_argument("--at", help="date (YYYY-MM-DD), default today")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_staffing)


def cmd_tick(args: argparse.Namespace) -> int:
    """Materialise what time alone decides, for one organisation or (without --org) all."""
    from django.utils import timezone

    from ansvar.clients.actions import lapse_proposals
    from ansvar.notify import delivery
    from ansvar.notify.record import mark_log_position, tell_what_time_decides
    from ansvar.org.models import Organisation
    from ansvar.people.actions import erase_expired_candidates, erase_expired_texts
    from ansvar.webhooks import delivery as webhooks
    from ansvar.webhooks.record import record_overdue

    orgs = [organisation(args)] if args.org else list(Organisation.objects.order_by("id"))
    at = parse_at(args.at)
    today = timezone.localdate()
    if at > today:
        # What time alone decides (a lapse, an erasure) must not be decided ahead of time.
        raise CommandError(
            f"--at: {at.isoformat()} är efter i dag ({today.isoformat()}); tick avgör bara det "
            f"som tiden redan har avgjort / {at.isoformat()} is after today "
            f"({today.isoformat()}); tick settles only what time has already decided"
        )
    report = []
    told = {}
    texts: dict[int, dict[str, int]] = {}
    overdue: dict[int, int] = {}
    for org in orgs:
        mark_log_position(org)  # before the lapses, so that they are told
        done = lapse_proposals(org, at)
        erased = erase_expired_candidates(org, at)
        texts[org.pk] = erase_expired_texts(org, at)
        report.append((org, done, erased))
        told[org.pk] = tell_what_time_decides(org, at)
        overdue[org.pk] = record_overdue(org, at)
    mail = delivery.send_due()
    hooks = webhooks.send_due()
    if args.json:
        print_json(
            {
                "at": at.isoformat(),
                "organisations": [
                    {
                        "organisation": org.slug,
                        "lapsed": [
                            {
                                "assignment": d.assignment,
                                "client": d.client,
                                "new_client": d.new_client,
                                "activated": d.activated,
                                "effective_on": d.effective_on.isoformat(),
                            }
                            for d in done
                        ],
                        "candidates_erased": erased,
                        "talk_notes_erased": texts[org.pk]["talk_notes"],
                        "coaching_texts_erased": texts[org.pk]["coaching_texts"],
                        "told": told[org.pk].as_dict(),
                        "webhooks_overdue": overdue[org.pk],
                    }
                    for org, done, erased in report
                ],
                "mail": mail.as_dict(),
                "webhooks": hooks.as_dict(),
            }
        )
        return 0
    for org, done, erased in report:
        for d in done:
            if not d.activated:
                what = "förslagsställaren har slutat, förslaget stängs"
            elif d.new_client:
                what = "ny kund, kundansvaret börjar"
            else:
                what = "uppdrag aktivt"
            print(
                f"{org.slug} {d.effective_on} assignment:{d.assignment} client:{d.client}: {what}"
            )
        print(
            f"{org.slug}: {len(done)} förslag avgjorda, {erased} kandidaters uppgifter raderade. "
            f"/ {len(done)} proposals settled, {erased} candidates' data erased."
        )
        t_notes, t_coaching = texts[org.pk]["talk_notes"], texts[org.pk]["coaching_texts"]
        print(
            f"{org.slug}: {t_notes} samtalsanteckningar och {t_coaching} coachningstexter från "
            f"tidigare anställda raderade. / {t_notes} talk notes and {t_coaching} coaching "
            "texts of former employees erased."
        )
        t = told[org.pk]
        print(
            f"{org.slug}: {t.messages} nya aviseringar, {t.digests} sammanfattningar. "
            f"/ {t.messages} new notifications, {t.digests} digests."
        )
    print(
        f"Webhooks: {hooks.delivered} levererade, {hooks.retrying} försöks igen, "
        f"{hooks.failed} misslyckade (se /webhooks/). / Webhooks: {hooks.delivered} delivered, "
        f"{hooks.retrying} to be retried, {hooks.failed} failed (see /webhooks/)."
    )
    print(
        f"E-post: {mail.sent} skickade, {mail.retrying} försöks igen, {mail.failed} misslyckade "
        f"(se /utskick/). / E-mail: {mail.sent} sent, {mail.retrying} to be retried, "
        f"{mail.failed} failed (see /utskick/)."
    )
    return 0


def cmd_signals(args: argparse.Namespace) -> int:
    from ansvar.clients.selectors import signals

    org = organisation(args)
    at = parse_at(args.at)
    found = signals(org, at)
    if args.json:
        print_json(found)
        return 0
    p1, p2, ao1, ka5 = found["P1"], found["P2"], found["AO1"], found["KA5"]
    share = f"{p1['share']:.0%}" if p1["share"] is not None else "-"
    print(
        f"[P1] {p1['holding']}/{p1['active']} aktiva konsulter har ett kundansvar ({share}); "
        f"utan: {', '.join(r['email'] for r in p1['without']) or '-'}"
    )
    print(
        f"[P2] dagar från anställning till första kundansvar: median {p2['median']}, "
        f"p90 {p2['p90']} ({p2['with_client']} med, {p2['without_client']} utan)"
    )
    print(
        "[AO1] affärsområdeschefer utan egen kund: "
        + (", ".join(f"{r['email']} ({r['area']})" for r in ao1["without_client"]) or "-")
    )
    print(
        "[KA5] kunder utan ersättare: " + (", ".join(r["client"] for r in ka5["no_deputy"]) or "-")
    )
    print(
        "[KA5] kunder där den kundansvariga har det mesta av arbetet: "
        + (
            ", ".join(
                f"{r['client']} ({r['lead_open']}/{r['open']})" for r in ka5["lead_holds_most"]
            )
            or "-"
        )
    )
    return 0


def cmd_staffing(args: argparse.Namespace) -> int:
    from ansvar.clients.selectors import staffing_suggestions
    from ansvar.engine.targets import parse_target, resolve
    from ansvar.org.models import Client

    org = organisation(args)
    at = parse_at(args.at)
    target = parse_target(args.target)
    if target.kind != "client":
        raise CommandError(f"staffing takes a client:<slug> target, not {target}")
    client = resolve(org, target)
    assert isinstance(client, Client)
    found = staffing_suggestions(org, client, args.skill, at, limit=args.limit)
    if args.json:
        print_json(
            {
                "at": at.isoformat(),
                "client": client.slug,
                "suggestions": [s.as_dict() for s in found],
            }
        )
        return 0
    for s in found:
        print(f"{s.rank:2}. {s.person.email}: {s.reason_sv}")
    if not found:
        print("Ingen med de kompetenserna. / Nobody with those skills.")
    return 0
