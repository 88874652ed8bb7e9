"""``ansvar admin``: the first administrator from the server, then through the rules."""

import json

import pytest
from django.core import mail

from ansvar.accounts.models import Invitation, TechnicalAdministrator
from ansvar.cli.main import main
from ansvar.decisions.models import Entry


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """``ansvar ARGS``, with the e-mails its commits send (the test's transaction never
    commits, so the callbacks run when the command is done)."""

    def run(*argv: str) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return main(list(argv))

    return run


def test_admin_add_names_the_first_one_and_invites_them(org, people, capsys, run):
    assert run("admin", "add", "erik@example.se") == 0
    out = capsys.readouterr().out
    assert "första tekniska administratör" in out and "Invitation sent to erik@example.se" in out
    assert TechnicalAdministrator.objects.get().person == people["erik"]
    assert [m.to for m in mail.outbox] == [["erik@example.se"]]
    actions = list(Entry.objects.order_by("seq").values_list("action", "actor_role"))
    assert actions[-2:] == [
        ("name_first_technical_admin", "system"),
        ("invite_person", "technical_admin"),
    ]


def test_a_second_one_needs_an_administrator(org, people, capsys, run):
    assert run("admin", "add", "erik@example.se") == 0
    assert run("admin", "add", "petra@example.se") == 3  # refused by the rule (P7)
    assert "en av dem utser fler (P7)" in capsys.readouterr().err
    assert run("admin", "add", "petra@example.se", "--by", "vera@example.se") == 3
    err = capsys.readouterr().err
    assert "nekat / refused (P7)" in err and "Erik Ny" in err
    assert run("admin", "add", "petra@example.se", "--by", "erik@example.se") == 0
    capsys.readouterr()
    assert run("admin", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["email"] for r in rows] == ["erik@example.se", "petra@example.se"]


def test_admin_invite_all_and_the_accounts_list(org, people, capsys, run):
    run("admin", "add", "erik@example.se")
    capsys.readouterr()
    assert run("admin", "invite", "--by", "erik@example.se", "--all") == 0
    assert "5 inbjudna / invited." in capsys.readouterr().out
    assert Invitation.objects.count() == 6  # Erik's own, then the five others
    assert run("admin", "accounts", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in rows} == {"invited"} and len(rows) == 6
    assert run("admin", "invite", "--by", "erik@example.se", "vera@example.se") == 3
    assert "redan inbjuden" in capsys.readouterr().err
    assert run("admin", "invite", "--by", "erik@example.se") == 2


def test_a_missing_production_setting_is_a_message_not_a_traceback(monkeypatch, capsys):
    from django.core.exceptions import ImproperlyConfigured

    import ansvar.cli.main as cli

    def fail() -> None:
        raise ImproperlyConfigured("ANSVAR_SECRET_KEY must be set when ANSVAR_DEBUG is false")

    monkeypatch.setattr(cli, "setup_django", fail)
    assert cli.main(["actions"]) == 2
    assert "ansvar: ANSVAR_SECRET_KEY must be set" in capsys.readouterr().err
