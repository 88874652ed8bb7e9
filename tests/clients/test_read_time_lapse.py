"""One answer whatever the door: once a new client's veto window has closed without a veto,
its proposer leads it (VD5, VD2) in the rules, ``who_decides`` (function and CLI), the
responsibility map, the client pages and lists, the signals and the duties, before
``ansvar tick`` has written the holding; tick then changes no answer. While the window is
open the client is only proposed: nobody leads it and the CEO decides.

Olof manages Analys and leads no client (AO1, P1) until the client he proposed 30 days ago
lapses; Anna, who also leads none, proposes one today, still in its window. The web pages
answer for today, so the dates are counted back from today.
"""

import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as WebClient
from django.utils import timezone

from ansvar.cli.main import main
from ansvar.clients.selectors import (
    ao1_without_client,
    ka5_lead_holds_most,
    ka5_without_deputy,
    p1_without_client,
    signal_summary,
    signals,
)
from ansvar.duties.registry import duties
from ansvar.engine.errors import InvalidInput
from ansvar.engine.facts import people_facts
from ansvar.engine.registry import can, perform
from ansvar.engine.targets import parse_target
from ansvar.org.founding import PersonSpec, found_organisation
from ansvar.org.models import Assignment, Client, Employment, Holding
from ansvar.org.responsibility import MapRows, responsibility_map, unowned, who_decides
from ansvar.org.selectors import client_status_on, leads_on
from ansvar.policy.workdays import window_closes_on
from ansvar.web.labels import ACTION_TOPICS
from tests.fixtures import example_spec, log_in

TODAY = timezone.localdate()
PROPOSED = TODAY - timedelta(days=30)
CLOSES = window_closes_on(PROPOSED, 3)  # the first day no longer open to a veto
LAST_DAY = CLOSES - timedelta(days=1)
TARGETS = ("client:gamma", "client:delta", "client:epsilon")


@pytest.fixture
def world(db):
    spec = example_spec()
    spec.people.append(PersonSpec("kim@example.se", "Kim Kort", "opinion", date(2022, 1, 1)))
    spec.people.append(PersonSpec("lea@example.se", "Lea Lind", "analys", date(2022, 1, 1)))
    org = found_organisation(spec)
    p = {x.email.split("@")[0]: x for x in org.people.all()}
    gamma = perform(
        org, p["olof"], "propose_client", "org", {"name": "Gamma AB", "slug": "gamma"}, at=PROPOSED
    ).result
    # Kim proposes too, and leaves before the window closes: his client closes instead (P4).
    epsilon = {"name": "Epsilon AB", "slug": "epsilon"}
    perform(org, p["kim"], "propose_client", "org", epsilon, at=PROPOSED)
    Employment.objects.filter(person=p["kim"]).update(last_day=PROPOSED + timedelta(days=1))
    delta = perform(
        org, p["anna"], "propose_client", "org", {"name": "Delta AB", "slug": "delta"}, at=TODAY
    ).result
    assert gamma.window_closes_on == CLOSES and delta.window_closes_on > TODAY
    p["delta"] = delta
    return org, p, gamma


def _decision(org, actor, action, target, args, at) -> tuple[Any, ...]:
    d = can(org, actor, action, target, args, at=at)
    return (d.allowed, d.clauses, d.decider.email if d.decider else None, d.reason_en)


def _who_decides(org, target: str, at: date) -> Any:
    try:
        return [r.as_dict() for r in who_decides(org, parse_target(target), at)]
    except InvalidInput as exc:  # Delta was not a client before today
        return exc.message


def _cli_who_decides(capsys, target: str, at: date) -> Any:
    code = main(["--org", "exempel", "who-decides", target, "--at", at.isoformat(), "--json"])
    out, err = capsys.readouterr()
    return json.loads(out)["deciders"] if code == 0 else err.strip()


def answers(org, p, gamma: Assignment, at: date, capsys) -> dict[str, Any]:
    """Every door's answer to who leads which client on ``at``, as plain data."""
    work = {"assignee": "olof@example.se", "title": "Förstudie", "purpose": "quality"}
    anna_work = {**work, "assignee": "anna@example.se"}
    targets = (*TARGETS, f"assignment:{gamma.pk}")
    found = signals(org, at)
    _summary_agrees(org, at, found)
    return {
        "can": {
            "olof assigns in gamma": _decision(
                org, p["olof"], "assign_work_item", "client:gamma", work, at
            ),
            "vera assigns in gamma": _decision(
                org, p["vera"], "assign_work_item", "client:gamma", work, at
            ),
            "anna assigns in gamma": _decision(
                org, p["anna"], "assign_work_item", "client:gamma", work, at
            ),
            "anna assigns in delta": _decision(
                org, p["anna"], "assign_work_item", "client:delta", anna_work, at
            ),
            "olof proposes for gamma": _decision(
                org, p["olof"], "propose_assignment", "client:gamma", {"title": "Steg 2"}, at
            ),
        },
        "who_decides": {t: _who_decides(org, t, at) for t in targets},
        "cli": {t: _cli_who_decides(capsys, t, at) for t in TARGETS},
        "map": [r.as_dict() for r in responsibility_map(org, at)],
        "unowned": [r.target for r in unowned(org, at)],
        "status": {
            slug: client_status_on(Client.objects.get(slug=slug), at)
            for slug in ("gamma", "delta", "epsilon")
        },
        "leads": {
            p[n].email: sorted(f.leads)
            for n, f in (
                (n, people_facts(org, [p[n]], at)[p[n].pk]) for n in ("olof", "anna", "kim")
            )
        },
        "signals": {k: v for k, v in found.items() if k != "at"},
        "duties": sorted(
            (d.kind, d.clause, d.owner.email if d.owner else None, d.subject)
            for d in duties(org, at)
        ),
    }


def _summary_agrees(org, at: date, found: dict[str, Any]) -> None:
    """The CEO page's counts and lists (SQL) say what the full signals and map say."""
    summary = signal_summary(org, at)
    leads = leads_on(org, at)
    assert summary["P1"]["holding"] == found["P1"]["holding"]
    assert [p.email for p in p1_without_client(org, at, leads)] == [
        r["email"] for r in found["P1"]["without"]
    ]
    for key in ("with_client", "without_client", "median", "p90"):
        assert summary["P2"][key] == found["P2"][key]
    assert sorted(h.person.email for h in ao1_without_client(org, at, leads)) == sorted(
        r["email"] for r in found["AO1"]["without_client"]
    )
    assert summary["KA5"]["clients"] == found["KA5"]["clients"]
    for key, rows in (
        ("no_deputy", ka5_without_deputy(org, at, leads)),
        ("lead_holds_most", ka5_lead_holds_most(org, at, leads)),
    ):
        assert summary["KA5"][key] == len(found["KA5"][key])
        assert sorted(c.slug for c in rows) == sorted(r["client"] for r in found["KA5"][key])
    full = sorted((r.as_dict() for r in responsibility_map(org, at)), key=lambda r: r["target"])
    paged = sorted((r.as_dict() for r in MapRows(org, at)), key=lambda r: r["target"])
    assert paged == full


def _fragment(page: str, tag: str, marker: str) -> str:
    match = re.search(rf"<{tag}[^>]*{re.escape(marker)}[^>]*>.*?</{tag}>", page, re.S)
    return match.group(0) if match else ""


def _panel(page: str, action: str) -> tuple[bool, str]:
    """(offered as a form, the reason shown when not) of one action: its panel, or, when
    someone else decides it, the line naming that decider with the reasons behind it."""
    section = _fragment(page, "section", f'data-action="{action}"')
    if section:
        why = _fragment(section, "p", 'class="why"')
        return "<form" in section, re.sub(r"\s+", " ", why)
    label = ACTION_TOPICS[action][0]
    lines = _fragment(page, "ul", 'class="deciders"')
    line = next((li for li in lines.split("<li><a ")[1:] if label in li), "")
    assert line, action
    return False, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", line))


def web_answers(p) -> dict[str, Any]:
    """The same question through the pages, for today."""
    browsers: dict[str, WebClient] = {}

    def get(viewer: str, url: str) -> str:
        if viewer not in browsers:
            browsers[viewer] = WebClient()
            if p[viewer].user_id is None:
                log_in(browsers[viewer], p[viewer])
            else:
                browsers[viewer].force_login(p[viewer].user)
        response = browsers[viewer].get(url)
        assert response.status_code == 200, (viewer, url, response.status_code)
        return response.content.decode()

    mine = get("olof", "/kunder/")
    gamma_as_olof = get("olof", "/kunder/gamma/")
    gamma_as_vera = get("vera", "/kunder/gamma/")
    delta_as_anna = get("anna", "/kunder/delta/")
    ceo = get("vera", "/vd/")
    return {
        "led": _fragment(mine, "ul", 'id="led"'),
        "all clients": _fragment(mine, "table", 'id="all-clients"'),
        "gamma lead": _fragment(gamma_as_olof, "p", 'id="lead"'),
        "gamma assign, olof": _panel(gamma_as_olof, "assign_work_item"),
        "gamma assign, vera": _panel(gamma_as_vera, "assign_work_item"),
        "gamma lead, vera": _fragment(gamma_as_vera, "p", 'id="lead"'),
        "delta lead": _fragment(delta_as_anna, "p", 'id="lead"'),
        "delta assign, anna": _panel(delta_as_anna, "assign_work_item"),
        "signals": _fragment(ceo, "section", 'id="signals"'),
        "signal lists": {
            code: _fragment(get("vera", f"/vd/signaler/{code}/"), "main", "")
            for code in ("p1", "ao1", "ka5-ersattare")
        },
        "proposals": re.findall(r'<article class="proposal"[^>]*>\s*<p>(.*?)</p>', ceo, re.S),
        "unowned": "all-owned" in ceo,
        "home": _fragment(get("olof", "/"), "ul", 'id="responsibilities"'),
        "person": _fragment(get("vera", "/personer/olof@example.se/"), "ul", 'id="clients"'),
        "map": _fragment(get("vera", "/ansvarskarta/"), "table", ""),
        "area": "(AO1)" in get("vera", "/omraden/analys/"),
    }


def test_a_lapsed_client_is_led_by_its_proposer_everywhere_before_tick(world, capsys):
    org, p, gamma = world
    assert not Holding.objects.filter(client__slug="gamma").exists()
    got = answers(org, p, gamma, TODAY, capsys)

    # The rules: Olof holds the client-lead rights; the CEO and Anna are refused (P7).
    allowed, clauses, _, _ = got["can"]["olof assigns in gamma"]
    assert allowed and "KA1" in clauses
    assert got["can"]["olof proposes for gamma"][0]
    for who in ("vera", "anna"):
        allowed, clauses, decider, _ = got["can"][f"{who} assigns in gamma"]
        assert (allowed, decider) == (False, "olof@example.se") and "P7" in clauses
    assert got["leads"] == {
        "olof@example.se": ["gamma"],
        "anna@example.se": [],
        "kim@example.se": [],
    }

    # who_decides, the function and the CLI alike: Olof since the window closed, by consent.
    [lead] = got["who_decides"]["client:gamma"]
    assert lead["decider"]["email"] == "olof@example.se"
    assert (lead["role"], lead["since"], lead["basis"]) == (
        "client_lead",
        CLOSES.isoformat(),
        "consent",
    )
    assert got["who_decides"][f"assignment:{gamma.pk}"][0] == lead
    for target in TARGETS:
        assert got["cli"][target] == got["who_decides"][target]

    # The map lists Gamma with Olof, and no area is without a decider.
    rows = {r["target"]: r for r in got["map"]}
    assert rows["client:gamma"] == lead
    assert "client:delta" not in rows and "client:epsilon" not in rows
    assert got["unowned"] == []
    assert got["status"] == {"gamma": "active", "delta": "proposed", "epsilon": "ended"}

    # Signals: Olof leads a client (P1, AO1), his first on the day the window closed (P2),
    # and Gamma has no deputy yet (KA5).
    sig = got["signals"]
    assert "olof@example.se" not in {r["email"] for r in sig["P1"]["without"]}
    [olof_p2] = [r for r in sig["P2"]["people"] if r["email"] == "olof@example.se"]
    assert olof_p2["first_client_on"] == CLOSES.isoformat()
    flagged = {r["email"] for r in sig["AO1"]["without_client"]}
    assert "olof@example.se" not in flagged and "anna@example.se" in flagged
    assert {"client": "gamma", "name": "Gamma AB", "lead": "olof@example.se"} in sig["KA5"][
        "no_deputy"
    ]

    # Duties: the CEO still decides about Delta (VD5), nothing about Gamma, no P4.
    assert [d for d in got["duties"] if d[1] in ("VD5", "P4")] == [
        ("veto_decision", "VD5", "vera@example.se", f"assignment:{p['delta'].pk}")
    ]


def test_the_pages_show_the_proposer_as_the_lead_before_tick(world):
    _org, p, _gamma = world
    web = web_answers(p)
    assert "Gamma AB" in web["led"] and "Delta" not in web["led"]
    assert re.search(r"Gamma AB</a></td>\s*<td>Olof Ao</td>", web["all clients"])
    assert "Delta AB" not in web["all clients"] and "Epsilon AB" not in web["all clients"]
    assert "Olof Ao" in web["gamma lead"] and "inget veto" in web["gamma lead"]
    assert "Det är du" in web["gamma lead"]
    assert web["gamma assign, olof"] == (True, "")
    offered, why = web["gamma assign, vera"]
    assert not offered and "Olof Ao" in why and "P7" in why
    assert "Kunden är föreslagen" in web["delta lead"] and "föreslagen." in web["delta lead"]
    offered, why = web["delta assign, anna"]
    assert not offered and "Vera Vd" in why and "P4" in why
    lists = web["signal lists"]
    assert "Olof Ao" not in lists["p1"] + lists["ao1"] and "Anna Ao" in lists["ao1"]
    assert "Gamma AB" in lists["ka5-ersattare"]
    assert len(web["proposals"]) == 1 and "Delta AB" in web["proposals"][0]
    assert web["unowned"]
    assert "Gamma AB" in web["home"] and "Gamma AB" in web["person"]
    row = r"client:gamma</small></td>\s*<td>Kundansvarig</td>\s*<td><a [^>]*>Olof Ao"
    assert re.search(row, web["map"])
    assert "client:delta" not in web["map"]
    assert not web["area"]  # no AO1 flag on Analys: its manager leads Gamma


def test_tick_changes_no_answer(world, capsys):
    org, p, gamma = world
    dates = (PROPOSED, LAST_DAY, CLOSES, TODAY)
    before = {at: answers(org, p, gamma, at, capsys) for at in dates}
    web_before = web_answers(p)

    assert main(["--org", "exempel", "tick", "--at", TODAY.isoformat()]) == 0
    capsys.readouterr()
    holding = Holding.objects.get(client__slug="gamma")
    assert (holding.person, holding.valid_from, holding.basis) == (p["olof"], CLOSES, "consent")
    assert Client.objects.get(slug="epsilon").status == "ended"
    assert Client.objects.get(slug="delta").status == "proposed"

    for at in dates:
        assert answers(org, p, gamma, at, capsys) == before[at], at
    assert web_answers(p) == web_before


def test_while_the_window_is_open_the_client_is_proposed_and_the_ceo_decides(world, capsys):
    org, p, gamma = world
    got = answers(org, p, gamma, LAST_DAY, capsys)
    allowed, clauses, decider, _ = got["can"]["olof assigns in gamma"]
    assert (allowed, decider) == (False, "vera@example.se") and "P4" in clauses
    [decides] = got["who_decides"]["client:gamma"]
    assert (decides["decider"]["email"], decides["role"], decides["clause"]) == (
        "vera@example.se",
        "ceo",
        "VD5",
    )
    assert got["who_decides"][f"assignment:{gamma.pk}"][0] == decides
    assert got["cli"]["client:gamma"] == got["who_decides"]["client:gamma"]
    assert "client:gamma" not in {r["target"] for r in got["map"]} and got["unowned"] == []
    assert got["status"]["gamma"] == "proposed"
    assert got["leads"]["olof@example.se"] == []
    sig = got["signals"]
    assert "olof@example.se" in {r["email"] for r in sig["P1"]["without"]}
    assert "olof@example.se" in {r["email"] for r in sig["AO1"]["without_client"]}
    assert "gamma" not in {r["client"] for r in sig["KA5"]["no_deputy"]}
    assert ("veto_decision", "VD5", "vera@example.se", f"assignment:{gamma.pk}") in got["duties"]


def test_a_client_whose_proposer_left_before_the_window_closed_is_led_by_nobody(world, capsys):
    org, p, gamma = world
    got = answers(org, p, gamma, TODAY, capsys)
    assert got["status"]["epsilon"] == "ended"
    [decides] = got["who_decides"]["client:epsilon"]
    assert (decides["decider"]["email"], decides["role"], decides["clause"]) == (
        "vera@example.se",
        "ceo",
        "VD2",
    )
    assert "client:epsilon" not in {r["target"] for r in got["map"]}
    assert "P4" not in {d[1] for d in got["duties"]}


def test_an_appointment_inside_the_window_gives_way_to_the_lapse(world, capsys):
    """The CEO names Lea lead of Gamma while it is still proposed. A proposed client has no
    lead, so that gives her nothing during the window; once it closes the proposer's
    responsibility takes effect (VD5), and tick ends her holding that day."""
    org, p, _gamma = world
    appointed = PROPOSED + timedelta(days=1)
    perform(
        org,
        p["vera"],
        "appoint_client_lead",
        "client:gamma",
        {"person": "lea@example.se"},
        at=appointed,
    )
    work = {"assignee": "lea@example.se", "title": "Förstudie"}

    def lea(at: date) -> dict[str, Any]:
        found = signals(org, at)
        return {
            "can": _decision(org, p["lea"], "assign_work_item", "client:gamma", work, at)[:3],
            "who": _who_decides(org, "client:gamma", at)[0]["decider"]["email"],
            "leads": sorted(people_facts(org, [p["lea"]], at)[p["lea"].pk].leads),
            "P1": "lea@example.se" in {r["email"] for r in found["P1"]["without"]},
            "P2": [r["first_client_on"] for r in found["P2"]["people"] if r["name"] == "Lea Lind"],
            "map": [r.holder.email for r in responsibility_map(org, at) if r.name == "Gamma AB"],
        }

    dates = (appointed, LAST_DAY, CLOSES, TODAY)
    before = {at: lea(at) for at in dates}
    for at in (appointed, LAST_DAY):
        allowed, clauses, decider = before[at]["can"]
        assert (allowed, decider) == (False, "vera@example.se") and "P4" in clauses
        assert before[at]["who"] == "vera@example.se" and before[at]["map"] == []
    for at in (CLOSES, TODAY):
        allowed, clauses, decider = before[at]["can"]
        assert (allowed, decider) == (False, "olof@example.se") and "KA1" in clauses
        assert before[at]["who"] == "olof@example.se" and before[at]["map"] == ["olof@example.se"]
    for at in dates:
        assert before[at]["leads"] == [] and before[at]["P1"] and before[at]["P2"] == [None]

    assert main(["--org", "exempel", "tick", "--at", TODAY.isoformat()]) == 0
    capsys.readouterr()
    assert Holding.objects.get(client__slug="gamma", person=p["lea"]).valid_to == CLOSES
    assert {at: lea(at) for at in dates} == before
