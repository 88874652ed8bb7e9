"""The rotation planner (VD3) and the people commands of the ``ansvar`` CLI."""

import json
from datetime import date

import pytest

from ansvar.cli.main import main
from ansvar.clients.models import Skill
from ansvar.engine.registry import perform
from ansvar.org.founding import (
    AreaSpec,
    ClientSpec,
    OrganisationSpec,
    PersonSpec,
    found_organisation,
)
from ansvar.org.models import AreaMembership, Holding
from ansvar.people.rotation import moves_arg, propose
from tests.fixtures import on_day

D = date(2026, 11, 27)


@pytest.fixture
def uneven(db):
    org = found_organisation(
        OrganisationSpec(
            name="Ojämna byrån",
            slug="ojamn",
            ceo="vera@oj.se",
            founded_on=date(2020, 1, 1),
            people=[
                PersonSpec("vera@oj.se", "Vera", "ledning", date(2015, 1, 1)),
                PersonSpec("anna@oj.se", "Anna", "opinion", date(2018, 1, 1)),
                PersonSpec("c1@oj.se", "C1", "opinion", date(2019, 1, 1)),
                PersonSpec("c2@oj.se", "C2", "opinion", date(2019, 1, 1)),
                PersonSpec("c3@oj.se", "C3", "opinion", date(2019, 1, 1)),
                PersonSpec("ny@oj.se", "Ny", "opinion", date(2026, 10, 1), date(2027, 4, 1)),
                PersonSpec("olof@oj.se", "Olof", "analys", date(2017, 1, 1)),
                PersonSpec("petra@oj.se", "Petra", "analys", date(2019, 1, 1)),
            ],
            areas=[
                AreaSpec("ledning", "Ledning", "vera@oj.se"),
                AreaSpec("opinion", "Opinion", "anna@oj.se"),
                AreaSpec("analys", "Analys", "olof@oj.se"),
            ],
            clients=[ClientSpec("alfa", "Alfa AB", "c1@oj.se")],
        )
    )
    people = {p.email.split("@")[0]: p for p in org.people.all()}
    for who, name, level in [
        ("c1", "python", 4),
        ("c2", "python", 3),
        ("c3", "juridik", 5),
        ("petra", "statistik", 4),
    ]:
        Skill.objects.create(person=people[who], name=name, level=level, updated_on=D)
    return org


def test_planner_balances_sizes_and_spreads_competence(uneven):
    proposals = propose(uneven, D)
    # Opinion has five (one on probation), Analys two: one move leaves four and three.
    assert [(m.from_area.slug, m.to_area.slug) for m in proposals] == [("opinion", "analys")]
    moved = [m.person.email for m in proposals]
    assert moved[0] == "c1@oj.se"  # brings python, which Opinion keeps through C2
    assert "anna@oj.se" not in moved and "ny@oj.se" not in moved  # P4; probation
    assert "python" in proposals[0].reason_en and "Analys" in proposals[0].reason_sv
    assert all(m.reason_sv and m.reason_en for m in proposals)


def test_a_proposal_decided_moves_people_and_no_client(uneven):
    holdings = list(Holding.objects.values_list("pk", "person_id", "valid_to"))
    vera = uneven.people.get(email="vera@oj.se")
    arg = moves_arg(propose(uneven, D))
    perform(uneven, vera, "decide_rotation", "org", {"moves": arg}, at=D)
    assert list(Holding.objects.values_list("pk", "person_id", "valid_to")) == holdings
    sizes = {
        slug: AreaMembership.objects.filter(valid_to__isnull=True, area__slug=slug).count()
        for slug in ("opinion", "analys")
    }
    assert sizes == {"opinion": 4, "analys": 3}
    assert propose(uneven, D) == []


def test_cli_rotation_propose(uneven, capsys):
    assert main(["--org", "ojamn", "rotation", "propose", "--at", "2026-11-27", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["moves"]) == 1 and out["mbl_11_reminder"] is False
    assert out["moves"][0]["explanation"]["sv"]


def test_cli_people_tick_area_figures_probation_and_salary(org, people, capsys):
    position = perform(
        org, people["anna"], "open_position", "area:opinion", {"title": "K"}, at=D
    ).result
    candidate = perform(
        org,
        people["anna"],
        "add_candidate",
        "area:opinion",
        {"position": position.pk, "name": "Lo", "email": "lo@example.org"},
        at=D,
    ).result
    perform(
        org,
        people["anna"],
        "move_candidate",
        "area:opinion",
        {"candidate": candidate.pk, "stage": "rejected"},
        at=D,
    )
    with on_day(date(2029, 1, 1)):
        assert main(["--org", "exempel", "tick", "--at", "2029-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["organisations"][0]["candidates_erased"] == 1

    assert main(["--org", "exempel", "area-figures", "--at", "2026-11-27", "--json"]) == 0
    areas = {a["area"]: a for a in json.loads(capsys.readouterr().out)["areas"]}
    assert areas["analys"]["manager"] == "olof@example.se"

    assert main(["--org", "exempel", "probation", "erik@example.se", "--at", "2026-11-27"]) == 0
    assert "2027-02-14" in capsys.readouterr().out

    perform(
        org, people["anna"], "set_salary", "person:cecilia@example.se", {"amount": "48000"}, at=D
    )
    args = ["--org", "exempel", "salary", "erik@example.se", "cecilia@example.se"]
    assert main([*args, "--at", "2026-11-27"]) == 3
    captured = capsys.readouterr()
    assert "48000" not in captured.out + captured.err and "AO3" in captured.err
    args[3] = "anna@example.se"
    assert main([*args, "--at", "2026-11-27"]) == 0
    assert "48000" in capsys.readouterr().out


def test_planner_swaps_to_spread_a_competence_between_equal_areas(db):
    org = found_organisation(
        OrganisationSpec(
            name="Jämna byrån",
            slug="jamn",
            ceo="vera@j.se",
            founded_on=date(2020, 1, 1),
            people=[
                PersonSpec("vera@j.se", "Vera", "ledning", date(2015, 1, 1)),
                PersonSpec("anna@j.se", "Anna", "opinion", date(2018, 1, 1)),
                PersonSpec("c1@j.se", "C1", "opinion", date(2019, 1, 1)),
                PersonSpec("c2@j.se", "C2", "opinion", date(2019, 1, 1)),
                PersonSpec("olof@j.se", "Olof", "analys", date(2017, 1, 1)),
                PersonSpec("q1@j.se", "Q1", "analys", date(2019, 1, 1)),
                PersonSpec("q2@j.se", "Q2", "analys", date(2019, 1, 1)),
            ],
            areas=[
                AreaSpec("ledning", "Ledning", "vera@j.se"),
                AreaSpec("opinion", "Opinion", "anna@j.se"),
                AreaSpec("analys", "Analys", "olof@j.se"),
            ],
        )
    )
    people = {p.email.split("@")[0]: p for p in org.people.all()}
    for who in ("c1", "c2"):
        Skill.objects.create(person=people[who], name="python", level=4, updated_on=D)
    Skill.objects.create(person=people["q2"], name="statistik", level=4, updated_on=D)
    proposals = propose(org, D)
    assert [(m.person.email, m.to_area.slug) for m in proposals] == [
        ("c1@j.se", "analys"),
        ("q1@j.se", "opinion"),  # Q2 stays: Analys's only statistician
    ]
    assert "python" in proposals[0].reason_en and "C1" in proposals[1].reason_sv
