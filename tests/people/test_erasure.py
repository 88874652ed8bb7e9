"""GDPR erasure (art. 17) that erases: besides the log's payloads, the person's rows in the
domain tables are emptied or deleted as ``ERASURE`` decides for every model the exports'
classification finds about a person; what the law needs kept stays as a decision without
its words; the person keeps a stable pseudonym; afterwards no copy of an erased value is
left in the SQLite file and its -wal file, nor in a pg_dump of the PostgreSQL database, and
the chain verifies."""

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection

from ansvar.clients.models import Skill
from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.org.models import Employment, Person
from ansvar.people.actions.erasure import (
    ERASURE,
    PERSON,
    Treatment,
    erase_person,
    registered_erasers,
)
from ansvar.people.models import (
    CoachingRequest,
    ProbationDecision,
    SalaryDecision,
    Separation,
    Talk,
)
from ansvar.people.subjects import SUBJECT
from tests.fixtures import give_account, log_in
from tests.people import erasure_markers as markers

ROOT = Path(__file__).resolve().parents[2]


def undecided(model, subject_field: str, treatment: Treatment) -> list[str]:
    """The fields of ``model`` the treatment says nothing about (a deleted row's go with it)."""
    if treatment.delete:
        return []
    decided = set(treatment.empty) | set(treatment.keep) | {subject_field}
    return sorted(
        f"{model._meta.label}.{f.name}"
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in decided
    )


def test_every_model_about_a_person_has_an_erasure_decision_for_every_field():
    """A new model, or a new field, that holds something about a person must say what the
    erasure does with it."""
    from django.apps import apps

    assert set(ERASURE) == set(SUBJECT)
    missing = []
    for label, subject_field in SUBJECT.items():
        model = apps.get_model(label)
        treatment = ERASURE[label]
        missing += undecided(model, subject_field, treatment)
        assert not set(treatment.empty) & set(treatment.keep), label
        assert treatment.why, label
        if treatment.by:
            assert treatment.by in registered_erasers(), label
    missing += undecided(Person, "", PERSON)
    assert missing == []


def test_the_erasure_page_names_every_model_the_erasure_decides_on():
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    section = text[text.index("## Erasure") :]
    assert [label for label in ERASURE if f"`{label}`" not in section] == []


def test_the_check_finds_a_field_without_a_decision():
    treatment = ERASURE["people.Talk"]
    assert undecided(Talk, "person", treatment) == []
    without_notes = replace(treatment, empty={})
    assert undecided(Talk, "person", without_notes) == ["people.Talk.notes"]


def test_the_erasure_empties_the_domain_rows_and_keeps_the_decisions(org, people, client):
    erik = markers.plant(org, people)
    give_account(erik)
    separation = Separation.objects.get(person=erik)
    last_day = Employment.objects.get(person=erik).last_day

    erased, entry = erase_person(org, erik, effective_on=markers.AT)

    assert erased > 0 and entry.action == "erase_personal_data"
    assert list(Talk.objects.filter(person=erik).values_list("notes", flat=True)) == ["", ""]
    assert Talk.objects.filter(person=erik, held_on=markers.AT).count() == 2
    salary = SalaryDecision.objects.get(person=erik)
    assert salary.amount is None and salary.decided_by == people["anna"]
    request = CoachingRequest.objects.get(requester=erik)
    assert (request.topic, request.answer) == ("", "")
    assert request.answered_on == markers.AT
    assert not Skill.objects.filter(person=erik).exists()
    # The decision that the probation was ended stays, without its reason (LAS 6 §, 31 §).
    kept = Separation.objects.get(pk=separation.pk)
    assert (kept.kind, kept.reason, kept.last_day) == ("probation_end", "", last_day)
    assert ProbationDecision.objects.get(person=erik).decision == "end"
    assert Employment.objects.get(person=erik).last_day == last_day
    # A stable pseudonym; the log-in account is gone.
    erik.refresh_from_db()
    assert erik.name.startswith("Person ") and len(erik.name) == len("Person 4f2a")
    assert erik.email == f"person-{erik.name.split()[1]}@erased.invalid"
    assert erik.user_id is None and not User.objects.filter(username="erik@example.se").exists()
    assert entry.public["rows_emptied"] == 5  # two talks, a salary, a request, a separation
    assert entry.public["rows_deleted"] >= 2  # the skill and the account
    assert entry.public["pseudonymised"] == 1
    assert log.verify(org).ok

    # Erasing again changes nothing: the same pseudonym, nothing left to empty.
    name = erik.name
    _, again = erase_person(org, erik, effective_on=markers.AT)
    erik.refresh_from_db()
    assert erik.name == name
    assert again.public["rows_emptied"] == again.public["rows_deleted"] == 0
    assert again.public["pseudonymised"] == 0

    # The person page and the log show the pseudonym and none of the erased values.
    log_in(client, people["vera"])
    page = client.get(f"/personer/{erik.email}/").content.decode()
    assert name in page and "Raderad (GDPR)" in page
    log_page = client.get("/beslutslogg/").content.decode()
    assert name in log_page
    for text in (page, log_page):
        assert "Erik Ny" not in text and "erik@example.se" not in text
        assert markers.TAG not in text and "987" not in text.replace(name, "")


def _sqlite_files(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


PLANT = """
import django
django.setup()
from ansvar.org.founding import found_organisation
from tests.fixtures import example_spec, give_account
from tests.people.erasure_markers import plant
org = found_organisation(example_spec())
erik = plant(org, {p.email.split("@")[0]: p for p in org.people.all()})
give_account(erik)
"""


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.mark.skipif(
    os.environ.get("ANSVAR_DATABASE_URL", "sqlite").startswith("postgres"),
    reason="the SQLite run of the suite searches the SQLite files",
)
def test_no_copy_is_left_in_the_sqlite_file_or_its_wal(transactional_db, tmp_path):
    database = tmp_path / "ansvar.sqlite3"
    # The test database's migrated schema, copied to a file (outside a transaction, which
    # ``transactional_db`` leaves it): the processes below found, plant and erase in it
    # without migrating again.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(database)])
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSVAR_")}
    env |= {
        "ANSVAR_DATABASE_URL": f"sqlite:///{database}",
        "ANSVAR_VAR_DIR": str(tmp_path),
        "ANSVAR_SECRET_KEY": "erasure-test",
        "DJANGO_SETTINGS_MODULE": "ansvar.config.settings",
        "PYTHONPATH": str(ROOT),
    }
    _run(env, "-c", PLANT)
    before = markers.copies(_sqlite_files(database))
    assert all(before.values()), f"the search finds what was planted: {before}"

    # ansvar log erase-personal, then ansvar log verify (one process, to start Django once).
    cli = (
        "import sys; from ansvar.cli.main import main; "
        "sys.exit(main(['log', 'erase-personal', '--person', 'erik@example.se']) "
        "or main(['log', 'verify']))"
    )
    done = _run(env, "-c", cli)
    assert "erasure is entry" in done.stdout and "the person is now Person " in done.stdout

    after = markers.copies(_sqlite_files(database))
    assert after == dict.fromkeys(after, 0)
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated


def _pg_dump() -> bytes:
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    command = ["pg_dump", "--no-owner", "-h", settings["HOST"] or "127.0.0.1"]
    command += ["-p", str(settings["PORT"] or 5432), "-U", settings["USER"], settings["NAME"]]
    return subprocess.run(command, env=env, capture_output=True, check=True, timeout=120).stdout


@pytest.mark.skipif(
    not os.environ.get("ANSVAR_DATABASE_URL", "").startswith("postgres"),
    reason="pg_dump of the PostgreSQL test database",
)
def test_no_copy_is_left_in_a_pg_dump_and_the_tables_were_vacuumed(log_flush_allowed):
    from ansvar.org.founding import found_organisation
    from tests.fixtures import example_spec

    org = found_organisation(example_spec())
    people = {p.email.split("@")[0]: p for p in org.people.all()}
    erik = markers.plant(org, people)
    give_account(erik)
    before = markers.copies(_pg_dump())
    assert all(v for k, v in before.items() if k != "salary_real"), before

    erase_person(org, erik, effective_on=markers.AT)  # commits; VACUUM runs on commit

    after = markers.copies(_pg_dump())
    assert after == dict.fromkeys(after, 0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL "
            "AND relname IN ('people_talk', 'people_salarydecision', 'org_person')"
        )
        assert {r for (r,) in cursor.fetchall()} == {
            "people_talk",
            "people_salarydecision",
            "org_person",
        }
    assert log.verify(org).ok
    assert Entry.objects.filter(organisation=org, action="erase_personal_data").count() == 1
