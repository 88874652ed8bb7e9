"""The core ``ansvar`` commands in-process: who-decides from the holdings history, demo."""

import json
from datetime import date, timedelta

import pytest

from ansvar.cli.main import main
from ansvar.engine.registry import perform
from ansvar.org.models import Holding, Organisation

HANDOVER = date(2026, 10, 1)


@pytest.fixture
def handed_over(org, people):
    """Alfa passes from Cecilia to Petra on HANDOVER, by the CEO's appointment (VD2)."""
    perform(
        org,
        people["vera"],
        "appoint_client_lead",
        "client:alfa",
        {"person": "petra@example.se"},
        at=HANDOVER,
    )
    return org


def run_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_who_decides_client_answers_today_and_in_the_past(handed_over, capsys):
    now = run_json(capsys, "--org", "exempel", "who-decides", "client:alfa", "--at", "2026-11-27")
    assert now["target"] == "client:alfa"
    [decider] = now["deciders"]
    assert decider["decider"]["email"] == "petra@example.se"
    assert (decider["role"], decider["clause"], decider["since"]) == (
        "client_lead",
        "KA2",
        "2026-10-01",
    )

    before = run_json(capsys, "who-decides", "client:alfa", "--at", "2026-09-30")
    assert before["at"] == "2026-09-30"
    assert before["deciders"][0]["decider"]["email"] == "cecilia@example.se"


def test_who_decides_default_date_is_today(handed_over, capsys):
    answer = run_json(capsys, "who-decides", "client:alfa")
    assert answer["at"] >= HANDOVER.isoformat()
    assert answer["deciders"][0]["decider"]["email"] == "petra@example.se"


def test_who_decides_text_output_names_the_decider(handed_over, capsys):
    assert main(["who-decides", "client:alfa", "--at", "2026-09-30"]) == 0
    out = capsys.readouterr().out
    assert "Cecilia Ka <cecilia@example.se>" in out
    assert "KA2" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["who-decides", "kund:alfa"], "is not a target"),
        (["who-decides", "client:nonesuch"], "there is no client:nonesuch"),
        (["who-decides", "client:alfa", "--at", "2026-02-30"], "--at"),
        (["who-decides", "client:alfa", "--at", "2019-01-01"], "was not a client"),
        (["--org", "nonesuch", "who-decides", "org"], "no organisation 'nonesuch'"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(org, capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.startswith("ansvar: ")
    assert "Traceback" not in captured.err


@pytest.mark.django_db
def test_who_decides_on_the_demo_answers_from_its_history(capsys):
    assert main(["demo", "--seed", "5"]) == 0
    assert "ansvar-demo" in capsys.readouterr().out
    org = Organisation.objects.get(slug="demo")
    past = (
        Holding.objects.filter(organisation=org, kind="client_lead", valid_to__isnull=False)
        .select_related("client", "person")
        .order_by("client__slug")
        .first()
    )
    assert past is not None and past.valid_to is not None
    current = Holding.objects.get(client=past.client, valid_to__isnull=True)
    target = f"client:{past.client.slug}"
    before = run_json(
        capsys, "who-decides", target, "--at", (past.valid_to - timedelta(days=1)).isoformat()
    )
    assert before["deciders"][0]["decider"]["email"] == past.person.email
    after = run_json(capsys, "who-decides", target, "--at", past.valid_to.isoformat())
    assert after["deciders"][0]["decider"]["email"] == current.person.email
    assert after["deciders"][0]["since"] == past.valid_to.isoformat()


@pytest.mark.django_db
def test_demo_refuses_to_overwrite_and_force_adds_another(capsys):
    assert main(["demo", "--people", "20"]) == 0
    capsys.readouterr()
    assert main(["demo", "--people", "20"]) == 2
    assert "--force" in capsys.readouterr().err
    assert Organisation.objects.count() == 1

    assert main(["demo", "--people", "20", "--if-empty"]) == 0
    assert "exists already" in capsys.readouterr().out
    assert Organisation.objects.count() == 1

    assert main(["demo", "--people", "20", "--force"]) == 0
    out = capsys.readouterr().out
    assert "demo-2" in out
    assert list(Organisation.objects.order_by("slug").values_list("slug", flat=True)) == [
        "demo",
        "demo-2",
    ]


@pytest.mark.django_db
def test_demo_needs_five_people(capsys):
    assert main(["demo", "--people", "3"]) == 2
    assert "at least 5" in capsys.readouterr().err
    assert not Organisation.objects.exists()


def test_a_person_named_by_a_non_ascii_digit_is_bad_input_not_a_traceback(org, people, capsys):
    # "²".isdigit() is true, but it is no id: the lookup falls back to the e-mail.
    assert main(["can", "²", "view_salary", "person:anna@example.se"]) == 2
    assert "there is no person '²'" in capsys.readouterr().err
    assert main(["who-decides", "person:²"]) == 2
    assert "there is no person:²" in capsys.readouterr().err
    # An id beyond the database's integer range is no person either, on any backend.
    assert main(["who-decides", "person:99999999999999999999"]) == 2
    assert "there is no person:99999999999999999999" in capsys.readouterr().err


def test_probation_json_is_json_with_and_without_a_probation(org, people, capsys):
    erik = run_json(capsys, "probation", "erik@example.se", "--at", "2026-11-27")
    assert erik["last_day_to_inform"] <= erik["permanent_from"]
    assert main(["probation", "vera@example.se", "--at", "2026-11-27", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) is None


def test_a_database_never_set_up_is_named_with_the_command_that_sets_it_up(tmp_path):
    """Against an empty database file (no `ansvar init`) the command says so, no traceback."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ANSVAR_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, "-m", "ansvar.cli.main", "who-decides", "org"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert "ansvar init" in run.stderr
    assert "Traceback" not in run.stderr
