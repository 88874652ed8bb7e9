"""Every entry records the door its decision came through (web, API, the command line with
the operating-system user, the system), inside what its hash covers; and ``ansvar tick``
does not decide ahead of time."""

import getpass
import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from ansvar.cli.main import main
from ansvar.decisions import log
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.registry import perform
from tests.api.test_api import bearer
from tests.decisions.conftest import raw_update, triggers_off
from tests.fixtures import log_in

DEPUTY = {"person": "erik@example.se"}


def _last(org) -> Entry:
    return Entry.objects.filter(organisation=org).order_by("-seq").first()


def test_each_door_is_recorded_in_the_entry_and_its_hash(org, people, capsys):
    web = Client()
    log_in(web, people["cecilia"])
    fields = {"target": "client:alfa", "person": "erik@example.se", "next": "/"}
    assert web.post("/handling/set_deputy/", fields).status_code == 302
    assert (_last(org).action, _last(org).door) == ("set_deputy", "web")

    body = json.dumps({"target": "client:alfa", "args": {"person": "anna@example.se"}})
    response = Client().post(
        "/api/v1/actions/set_deputy",
        body,
        content_type="application/json",
        **bearer(people["cecilia"]),
    )
    assert response.status_code == 200 and _last(org).door == "api"

    argv = ["--org", org.slug, "do", "cecilia@example.se", "set_deputy", "client:alfa"]
    assert main([*argv, "--arg", "person=erik@example.se"]) == 0
    assert _last(org).door == f"cli:{getpass.getuser()}"

    perform(org, people["cecilia"], "set_deputy", "client:alfa", {"person": "anna@example.se"})
    assert _last(org).door == "system"  # code calling perform itself: no door of a person's

    doors = list(
        Entry.objects.filter(organisation=org, action="set_deputy")
        .values_list("door", flat=True)
        .order_by("seq")
    )
    assert doors == ["web", "api", f"cli:{getpass.getuser()}", "system"]
    entry = _last(org)
    assert b'"door":"system"' in log.entry_bytes(entry)
    assert log.verify(org).ok
    # The export and the API's log say it too.
    capsys.readouterr()
    assert main(["--org", org.slug, "log", "export", "--as", "vera@example.se"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["door"] for e in exported if e["action"] == "set_deputy"] == doors
    page = Client().get("/api/v1/log?limit=500", **bearer(people["vera"])).json()["items"]
    assert [e["door"] for e in page if e["action"] == "set_deputy"] == doors


def _set_door(entry_id: int, value: str) -> None:
    with triggers_off():
        raw_update("UPDATE decisions_entry SET door = %s WHERE id = %s", [value, entry_id])


def test_a_changed_or_blanked_door_breaks_the_chain_at_its_entry(org, people):
    for person in ("erik@example.se", "anna@example.se", "erik@example.se"):
        perform(org, people["cecilia"], "set_deputy", "client:alfa", {"person": person})
    entry = Entry.objects.get(organisation=org, seq=_last(org).seq - 1)
    for forged in ("web", ""):
        _set_door(entry.pk, forged)
        result = log.verify(org)
        assert not result.ok and result.first_bad_seq == entry.seq, forged
    _set_door(entry.pk, entry.door)
    assert log.verify(org).ok


def test_entries_from_before_doors_keep_verifying(org, people):
    """An entry written without a door (as before doors were recorded) is hashed as version
    1, without the field; the chain through it verifies, and a door added later breaks it."""
    with transaction.atomic():
        log.append(
            org,
            action="set_deputy",
            target="client:alfa",
            clauses=("KA5",),
            actor_id=None,
            role="system",
            effective_on=timezone.localdate(),
            door="",
        )
    perform(org, people["cecilia"], "set_deputy", "client:alfa", DEPUTY)
    old = Entry.objects.get(organisation=org, door="", action="set_deputy")
    assert b'"v":1' in log.entry_bytes(old) and b'"door"' not in log.entry_bytes(old)
    assert log.verify(org).ok
    _set_door(old.pk, "web")
    assert log.verify(org).first_bad_seq == old.seq


def test_tick_refuses_a_day_to_come_and_writes_nothing(org, people, capsys):
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "Analys"})
    before = (Entry.objects.count(), Refusal.objects.count())
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert main(["--org", org.slug, "tick", "--at", tomorrow.isoformat()]) == 2
    error = capsys.readouterr().err
    assert "--at" in error and tomorrow.isoformat() in error and "efter i dag" in error
    assert (Entry.objects.count(), Refusal.objects.count()) == before
    # Today, and a missed day before it, are fine.
    for day in (timezone.localdate(), timezone.localdate() - timedelta(days=3)):
        assert main(["--org", org.slug, "tick", "--at", day.isoformat()]) == 0


@pytest.mark.parametrize("user", ["", "x" * 100])
def test_the_cli_door_fits_its_column(user):
    from ansvar.engine import door

    name = door.cli(user)
    assert name.startswith("cli:") and len(name) <= 60


def test_the_log_page_says_how_each_decision_came_in(org, people):
    perform(org, people["cecilia"], "set_deputy", "client:alfa", DEPUTY)
    web = Client()
    log_in(web, people["cecilia"])
    fields = {"target": "client:alfa", "person": "anna@example.se", "next": "/"}
    web.post("/handling/set_deputy/", fields)
    page = web.get("/beslutslogg/").content.decode()
    assert "via webben" in page and "inifrån Ansvar" in page
