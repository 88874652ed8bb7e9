"""Retention of former employees' talk notes and coaching texts (GDPR art. 5.1 e): emptied
by the system's steps in ``ansvar tick`` the day after the period ends, never for someone
still employed; the rows and their dates stay, the log records the erasure and verifies."""

import json
from datetime import date, timedelta

import pytest

from ansvar.cli.main import main
from ansvar.decisions import log
from ansvar.decisions.models import Entry, PersonalPayload
from ansvar.engine.actor import SYSTEM
from ansvar.engine.errors import AlreadyDone, PolicyRefused
from ansvar.engine.registry import can, perform
from ansvar.org.models import Employment
from ansvar.people.actions import erase_expired_texts
from ansvar.people.models import CoachingRequest, Talk
from ansvar.policy import law
from tests.fixtures import on_day

AT = date(2026, 11, 27)
NOTES = "RETENTION-MARKER-notes"
TOPIC = "RETENTION-MARKER-topic"
ANSWER = "RETENTION-MARKER-answer"


@pytest.fixture
def texts(org, people):
    """Erik (on probation) and Cecilia each have a talk and an answered coaching request
    with Anna; then Erik's probation is ended and he leaves; Cecilia stays."""
    talks = (("erik", "record_probation_follow_up"), ("cecilia", "record_development_talk"))
    for person, talk in talks:
        manager = "anna"
        perform(
            org,
            people[manager],
            talk,
            f"person:{person}@example.se",
            {"held_on": AT.isoformat(), "notes": f"{NOTES}-{person}"},
            at=AT,
        )
        asked = perform(
            org,
            people[person],
            "request_coaching",
            f"person:{manager}@example.se",
            {"topic": f"{TOPIC}-{person}"},
            at=AT,
        ).result
        perform(
            org,
            people[manager],
            "answer_coaching",
            f"person:{manager}@example.se",
            {"request": asked.pk, "answer": f"{ANSWER}-{person}"},
            at=AT,
        )
    perform(
        org,
        people["vera"],
        "decide_probation",
        "person:erik@example.se",
        {"decision": "end", "informed_on": (AT - timedelta(days=14)).isoformat()},
        at=AT,
    )
    last_day = Employment.objects.get(person=people["erik"]).last_day
    assert last_day is not None and last_day < date(2027, 3, 1)
    return last_day


def _texts_of(person) -> tuple[list[str], list[tuple[str, str]]]:
    notes = list(Talk.objects.filter(person=person).values_list("notes", flat=True))
    coaching = list(CoachingRequest.objects.filter(requester=person).values_list("topic", "answer"))
    return notes, coaching


def test_the_parameters_have_defaults_in_months(org):
    assert org.policy_int("talk_notes_retention_months") == 24
    assert org.policy_int("coaching_retention_months") == 12


def test_former_employees_texts_are_erased_the_day_after_the_period_and_not_before(
    org, people, texts
):
    last_day = texts
    coaching_ends = law.add_months(last_day, 12)
    notes_end = law.add_months(last_day, 24)
    erik, cecilia = people["erik"], people["cecilia"]
    before = Entry.objects.filter(organisation=org).count()

    # The last day of the coaching period: nothing yet, and no entry.
    assert erase_expired_texts(org, coaching_ends) == {"talk_notes": 0, "coaching_texts": 0}
    assert _texts_of(erik) == ([f"{NOTES}-erik"], [(f"{TOPIC}-erik", f"{ANSWER}-erik")])
    assert Entry.objects.filter(organisation=org).count() == before

    # The day after: the coaching texts go, the talk notes (24 months) stay.
    assert erase_expired_texts(org, coaching_ends + timedelta(days=1)) == {
        "talk_notes": 0,
        "coaching_texts": 1,
    }
    assert _texts_of(erik) == ([f"{NOTES}-erik"], [("", "")])
    request = CoachingRequest.objects.get(requester=erik)
    assert (request.requested_on, request.answered_on) == (AT, AT)  # the dates remain
    entry = Entry.objects.get(organisation=org, action="erase_coaching_texts")
    assert entry.actor_id_ref is None and entry.actor_role == "system"
    assert entry.clauses == "AO5" and entry.public["people"] == [erik.pk]
    assert entry.effective_on == coaching_ends + timedelta(days=1)

    assert erase_expired_texts(org, notes_end) == {"talk_notes": 0, "coaching_texts": 0}
    assert _texts_of(erik)[0] == [f"{NOTES}-erik"]
    assert erase_expired_texts(org, notes_end + timedelta(days=1)) == {
        "talk_notes": 1,
        "coaching_texts": 0,
    }
    talk = Talk.objects.get(person=erik)
    assert (talk.notes, talk.held_on, talk.kind) == ("", AT, "probation_follow_up")
    entry = Entry.objects.get(organisation=org, action="erase_talk_notes")
    assert entry.public["people"] == [erik.pk] and entry.public["talks"] == [talk.pk]
    assert entry.clauses == "AO3,AO4"

    # Cecilia is still employed: her texts stay however late it is.
    assert _texts_of(cecilia) == (
        [f"{NOTES}-cecilia"],
        [(f"{TOPIC}-cecilia", f"{ANSWER}-cecilia")],
    )
    # The log no longer holds Petra's texts either, keeps Cecilia's, and verifies.
    exported = "\n".join(log.export_lines(org))
    assert f"{NOTES}-erik" not in exported and f"{TOPIC}-erik" not in exported
    assert f"{ANSWER}-erik" not in exported
    assert f"{NOTES}-cecilia" in exported and f"{ANSWER}-cecilia" in exported
    assert (
        PersonalPayload.objects.filter(
            entry__action="record_probation_follow_up", entry__public__talk=talk.pk
        )
        .get()
        .erased_at
    )
    assert log.verify(org).ok
    # Idempotent: a second run finds nothing and writes nothing.
    count = Entry.objects.filter(organisation=org).count()
    assert erase_expired_texts(org, date(2035, 1, 1)) == {"talk_notes": 0, "coaching_texts": 0}
    assert Entry.objects.filter(organisation=org).count() == count


def test_a_current_employee_is_never_erased(org, people, texts):
    for at in (date(2030, 1, 1), date(2040, 6, 1)):
        erase_expired_texts(org, at)
        assert _texts_of(people["cecilia"]) == (
            [f"{NOTES}-cecilia"],
            [(f"{TOPIC}-cecilia", f"{ANSWER}-cecilia")],
        )


def test_nothing_due_is_already_done_for_can_and_perform(org, people, texts):
    for name in ("erase_talk_notes", "erase_coaching_texts"):
        with pytest.raises(AlreadyDone):
            can(org, SYSTEM, name, "org", at=AT)
        with pytest.raises(AlreadyDone):
            perform(org, SYSTEM, name, "org", at=AT)


def test_no_person_may_erase_texts(org, people, texts):
    later = law.add_months(texts, 30)
    for name in ("erase_talk_notes", "erase_coaching_texts"):
        with pytest.raises(PolicyRefused) as refused:
            perform(org, people["vera"], name, "org", at=later)
        assert "bara av systemet" in refused.value.decision.reason_sv
    assert _texts_of(people["erik"])[0] == [f"{NOTES}-erik"]


def test_tick_erases_through_the_system_and_reports_it(org, people, texts, capsys):
    later = law.add_months(texts, 24) + timedelta(days=1)
    with on_day(later):
        assert main(["--org", "exempel", "tick", "--at", later.isoformat(), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["organisations"][0]
    assert (report["talk_notes_erased"], report["coaching_texts_erased"]) == (1, 1)
    assert _texts_of(people["erik"]) == ([""], [("", "")])
    assert Entry.objects.filter(organisation=org, action="erase_talk_notes").count() == 1
    assert log.verify(org).ok


def test_each_step_has_the_database_let_go_of_the_old_bytes_once_it_commits(
    org, people, texts, monkeypatch, django_capture_on_commit_callbacks
):
    """After commit, the erased texts' tables are checkpointed (SQLite) or vacuumed
    (PostgreSQL), as after a GDPR erasure (docs/reliability.md, "Erasure")."""
    from ansvar.common import storage

    scrubbed: list[list[str]] = []
    monkeypatch.setattr(storage, "scrub", scrubbed.append)
    with django_capture_on_commit_callbacks(execute=True):
        erase_expired_texts(org, law.add_months(texts, 24) + timedelta(days=1))
    assert scrubbed == [
        ["decisions_personalpayload", "people_talk"],
        ["decisions_personalpayload", "people_coachingrequest"],
    ]
