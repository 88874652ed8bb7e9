"""Signals (P1, P2, AO1, KA5), the CEO's duties (VD5, KA7) and staffing suggestions (KA6)."""

import json
import statistics
from datetime import date

from ansvar import demo
from ansvar.cli.main import main
from ansvar.clients.models import WorkItem
from ansvar.clients.selectors import signals, staffing_suggestions
from ansvar.duties.registry import duties
from ansvar.engine.registry import perform
from ansvar.org.models import Assignment, Client, Employment, Holding, Person, WorkGroupMembership
from ansvar.org.selectors import ceo_on

AT = date(2026, 11, 27)


def test_signals_on_the_example_organisation(org, people):
    perform(
        org, people["cecilia"], "set_deputy", "client:alfa", {"person": "erik@example.se"}, at=AT
    )
    for title, who in [("a", "cecilia"), ("b", "cecilia"), ("c", "erik")]:
        perform(
            org,
            people["cecilia"],
            "assign_work_item",
            "client:alfa",
            {"assignee": f"{who}@example.se", "title": title, "purpose": "quality"},
            at=AT,
        )
    perform(
        org,
        people["petra"],
        "assign_work_item",
        "client:beta",
        {"assignee": "petra@example.se", "title": "d", "purpose": "quality"},
        at=AT,
    )
    perform(
        org,
        people["petra"],
        "assign_work_item",
        "client:beta",
        {"assignee": "olof@example.se", "title": "e", "purpose": "participation"},
        at=AT,
    )
    found = signals(org, AT)
    p1 = found["P1"]
    assert (p1["active"], p1["holding"], p1["share"]) == (6, 2, round(2 / 6, 4))
    assert [r["email"] for r in p1["without"]] == [
        "anna@example.se",
        "erik@example.se",
        "olof@example.se",
        "vera@example.se",
    ]
    p2 = {r["email"]: r for r in found["P2"]["people"]}
    assert p2["cecilia@example.se"]["days"] == 0  # led Alfa from her first day
    assert p2["petra@example.se"]["days"] == (date(2020, 1, 1) - date(2019, 2, 1)).days
    assert p2["erik@example.se"]["days"] is None
    assert p2["erik@example.se"]["days_so_far"] == (AT - date(2026, 9, 1)).days
    assert found["P2"]["median"] == 167.0 and found["P2"]["p90"] == 334.0
    assert [r["email"] for r in found["AO1"]["without_client"]] == [
        "olof@example.se",
        "vera@example.se",
        "anna@example.se",
    ]  # by area name: Analys, Ledning, Opinion
    ka5 = found["KA5"]
    assert [r["client"] for r in ka5["no_deputy"]] == ["beta"]
    # Cecilia holds 2 of Alfa's 3 open items; Petra 1 of Beta's 2 is not "most".
    assert [(r["client"], r["lead_open"], r["open"]) for r in ka5["lead_holds_most"]] == [
        ("alfa", 2, 3)
    ]
    WorkItem.objects.filter(title="a").update(done_on=date(2026, 11, 30))
    later = signals(org, date(2026, 11, 30))["KA5"]["lead_holds_most"]
    assert later == []  # 1 of 2: no longer most
    assert signals(org, AT)["KA5"]["lead_holds_most"][0]["lead_open"] == 2  # history as of AT


def test_duties_of_the_ceo_for_veto_and_criticism(org, people):
    a = perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    c = perform(org, people["petra"], "report_criticism", "client:beta", {"summary": "S"}, at=AT)
    mine = duties(org, date(2026, 12, 1), person=people["vera"])
    by_kind = {d.kind: d for d in mine}
    veto = by_kind["veto_decision"]
    assert (veto.clause, veto.due_on, veto.subject) == (
        "VD5",
        date(2026, 12, 2),
        f"assignment:{a.result.pk}",
    )
    assert veto.status(date(2026, 12, 1)) == "open"
    crit = by_kind["unacknowledged_criticism"]
    # Two working days after Friday 27 November: Tuesday 1 December.
    assert (crit.clause, crit.due_on, crit.status(date(2026, 12, 1))) == (
        "KA7",
        date(2026, 12, 1),
        "due",
    )
    assert crit.subject == f"criticism:{c.result.pk}"
    # Once the window has closed there is nothing left to decide.
    assert not [d for d in duties(org, date(2026, 12, 3)) if d.kind == "veto_decision"]
    # Before the proposal, no duty either.
    assert not [d for d in duties(org, date(2026, 11, 26)) if d.kind == "veto_decision"]
    perform(
        org,
        people["vera"],
        "acknowledge_criticism",
        f"criticism:{c.result.pk}",
        at=date(2026, 12, 2),
    )
    assert [
        d.status(date(2026, 12, 1)) for d in duties(org, date(2026, 12, 1)) if d.clause == "KA7"
    ] == ["due"]
    assert not [d for d in duties(org, date(2026, 12, 2)) if d.clause == "KA7"]


def test_staffing_ranks_by_fit_then_load_across_areas(org, people):
    def skill(who, name, level):
        perform(
            org,
            people[who],
            "set_skill",
            f"person:{who}@example.se",
            {"name": name, "level": level},
            at=AT,
        )

    skill("olof", "statistik", 5)
    skill("olof", "python", 3)
    skill("petra", "statistik", 5)
    skill("petra", "python", 3)
    skill("erik", "python", 4)
    skill("cecilia", "python", 5)  # the lead herself is never suggested
    client = Client.objects.get(slug="alfa")
    found = staffing_suggestions(org, client, ["Python", "statistik"], AT)
    assert [s.person.email for s in found] == [
        "olof@example.se",  # fit 8, load 1 (member of Beta)
        "petra@example.se",  # fit 8, load 1 (leads Beta)
        "erik@example.se",  # fit 4
    ]
    assert [s.rank for s in found] == [1, 2, 3]
    assert found[0].area == "Analys" and found[0].fit == 8 and found[0].load == 1
    assert "Passform 8" in found[0].reason_sv and "1 arbetsgrupper" in found[0].reason_sv
    assert "lacks statistik" in found[2].reason_en and found[2].in_group
    assert "already in the work group" in found[2].reason_en


def test_demo_organisation_duties_and_signals_match_an_independent_count(db, capsys):
    at = date(2026, 11, 27)
    org = demo.load(people=12, seed=7, today=at)
    people = list(Person.objects.filter(organisation=org).order_by("email"))
    ceo = ceo_on(org, at)
    leads = {
        h.client.slug: h.person
        for h in Holding.objects.filter(organisation=org, kind="client_lead")
        if h.valid_from <= at and (h.valid_to is None or h.valid_to > at)
    }
    slug, lead = sorted(leads.items())[0]
    perform(org, lead, "propose_assignment", f"client:{slug}", {"title": "Nytt"}, at=at)
    perform(
        org,
        lead,
        "report_criticism",
        f"client:{slug}",
        {"summary": "Kritik"},
        at=date(2026, 11, 20),
    )
    assert main(["--org", org.slug, "duties", "--at", "2026-11-27", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    mine = {"veto_decision", "unacknowledged_criticism"}
    kinds = sorted(
        (d["kind"], d["status"], d["owner"]["email"]) for d in out["duties"] if d["kind"] in mine
    )
    # Independently: every proposal made this week is still in its window (the demo's on
    # Thursday 26 November, ours on the 27th); the demo's criticism of the 26th is due two
    # working days later (Monday 30), ours of Friday 20 November was due Tuesday 24.
    proposals = Assignment.objects.filter(organisation=org, status="proposed")
    assert {a.proposed_on for a in proposals} == {date(2026, 11, 26), at}
    assert kinds == sorted(
        [
            ("unacknowledged_criticism", "open", ceo.email),
            ("unacknowledged_criticism", "overdue", ceo.email),
        ]
        + [("veto_decision", "open", ceo.email)] * proposals.count()
    )
    assert main(["--org", org.slug, "signals", "--at", "2026-11-27", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    employed = [p for p in people if any(e.covers(at) for e in Employment.objects.filter(person=p))]
    employed_emails = {p.email for p in employed}
    leaders = {p.email for p in leads.values() if p.email in employed_emails}
    assert found["P1"]["active"] == len(employed)
    assert found["P1"]["holding"] == len(leaders)
    assert sorted(r["email"] for r in found["P1"]["without"]) == sorted(
        p.email for p in employed if p.email not in leaders
    )
    days = []
    for p in employed:
        first = (
            Holding.objects.filter(person=p, kind="client_lead", valid_from__lte=at)
            .order_by("valid_from")
            .first()
        )
        if first:
            days.append(
                (
                    first.valid_from
                    - Employment.objects.filter(person=p).earliest("starts_on").starts_on
                ).days
            )
    assert found["P2"]["with_client"] == len(days)
    assert found["P2"]["median"] == float(statistics.median(days))
    managers = [
        h
        for h in Holding.objects.filter(organisation=org, kind="area_manager")
        if h.valid_from <= at and (h.valid_to is None or h.valid_to > at)
    ]
    assert sorted(r["email"] for r in found["AO1"]["without_client"]) == sorted(
        h.person.email for h in managers if h.person.email not in leaders
    )
    deputies = set(
        m.client.slug
        for m in WorkGroupMembership.objects.filter(role="deputy", client__organisation=org)
        if m.valid_from <= at and (m.valid_to is None or m.valid_to > at)
    )
    assert sorted(r["client"] for r in found["KA5"]["no_deputy"]) == sorted(
        s for s in leads if s not in deputies
    )
    assert main(["--org", org.slug, "signals", "--at", "2026-11-27"]) == 0
    assert "[P1]" in capsys.readouterr().out


def test_staffing_command_prints_ranked_reasons(org, people, capsys):
    perform(
        org,
        people["olof"],
        "set_skill",
        "person:olof@example.se",
        {"name": "sql", "level": 3},
        at=AT,
    )
    assert (
        main(["--org", org.slug, "staffing", "client:alfa", "--skill", "SQL", "--at", "2026-11-27"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith(" 1. olof@example.se: Passform 3 (sql 3)")
    assert main(["--org", org.slug, "staffing", "area:opinion", "--skill", "sql"]) == 2


def test_signals_over_time_give_what_the_signals_give_on_each_day(db):
    """The month points of ``signals_over_time`` are computed from the histories at once;
    each must equal P1, P2 and KA5 asked on its own day, over two years of demo history."""
    from datetime import date

    from ansvar import demo
    from ansvar.clients import selectors as sel

    today = date(2026, 11, 2)
    org = demo.load(people=45, seed=1, today=today)
    rows = sel.signals_over_time(org, today, 24)
    assert len(rows) == 24 and rows[-1]["at"] == today
    assert rows[0]["month"] == date(2024, 12, 1) and rows[0]["at"] == date(2024, 12, 31)
    for row in rows:
        p1 = sel.p1_client_responsibility(org, row["at"])
        p2 = sel.p2_days_to_first_client(org, row["at"])
        ka5 = sel.ka5_replaceability(org, row["at"])
        assert (row["active"], row["holding"], row["share"]) == (
            p1["active"],
            p1["holding"],
            p1["share"],
        ), row["at"]
        assert (row["median"], row["p90"]) == (p2["median"], p2["p90"]), row["at"]
        assert (row["clients"], row["no_deputy"]) == (ka5["clients"], len(ka5["no_deputy"]))
    assert len({r["holding"] for r in rows}) > 1, "the history changes over two years"
