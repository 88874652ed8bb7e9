"""The log is append-only in the database, and verification catches what slips past it."""

import json
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from ansvar.decisions import checkpoint, log
from ansvar.decisions.models import Entry, PersonalPayload
from ansvar.org.founding import found_organisation
from tests.decisions.conftest import fill, json_param, raw_update, triggers_off
from tests.fixtures import example_spec


@pytest.fixture(autouse=True)
def checkpoint_key(settings, tmp_path):
    settings.CHECKPOINT_KEY_FILE = tmp_path / "keys" / "checkpoint.pem"
    return settings.CHECKPOINT_KEY_FILE


def test_update_of_an_entry_is_refused_by_the_database(filled):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_update("UPDATE decisions_entry SET action = %s WHERE seq = %s", ["hacked", 3])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(organisation=filled).update(actor_role="ceo")
    assert not Entry.objects.filter(action="hacked").exists()


def test_delete_of_an_entry_is_refused_by_the_database(filled):
    before = Entry.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_update("DELETE FROM decisions_entry WHERE seq = %s", [21])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_update("DELETE FROM decisions_entry", [])
    assert Entry.objects.count() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused_on_postgresql(filled):
    raw_update("SET CONSTRAINTS ALL IMMEDIATE", [])  # no deferred checks pending
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw_update("TRUNCATE decisions_entry CASCADE", [])
    assert Entry.objects.count() == 21


def test_an_untouched_log_of_hundreds_of_entries_verifies(org):
    fill(org, 400)
    result = log.verify(org)
    assert result.ok and result.size == 401 and result.first_bad_seq is None
    data = checkpoint.make_checkpoint(org)
    fill(org, 5)
    assert checkpoint.check(org, data).ok
    assert log.verify(org).size == 406


def _flip(text: str) -> str:
    """Change one character: the smallest possible edit."""
    ch = text[-1]
    return text[:-1] + ("1" if ch != "1" else "2")


def _alter(field: str, entry: Entry) -> None:
    t = "decisions_entry"
    if field in {
        "actor_role",
        "action",
        "target",
        "clauses",
        "personal_digest",
        "prev_hash",
        "hash",
    }:
        value = _flip(getattr(entry, field))
        raw_update(f"UPDATE {t} SET {field} = %s WHERE id = %s", [value, entry.pk])
    elif field == "recorded_at":
        moment = entry.recorded_at + timedelta(microseconds=1)
        raw_update(f"UPDATE {t} SET recorded_at = %s WHERE id = %s", [moment, entry.pk])
    elif field == "effective_on":
        day = entry.effective_on + timedelta(days=1)
        raw_update(f"UPDATE {t} SET effective_on = %s WHERE id = %s", [day, entry.pk])
    elif field == "actor_id_ref":
        raw_update(
            f"UPDATE {t} SET actor_id_ref = %s WHERE id = %s", [entry.actor_id_ref + 1, entry.pk]
        )
    elif field == "public":
        value = json.dumps({**entry.public, "n": entry.public["n"] + 1})
        raw_update(f"UPDATE {t} SET public = {json_param()} WHERE id = %s", [value, entry.pk])
    elif field == "seq":
        raw_update(f"UPDATE {t} SET seq = %s WHERE id = %s", [entry.seq + 1000, entry.pk])
    elif field == "organisation_id":
        spec = example_spec()
        spec.slug = "annan"
        other = found_organisation(spec)
        raw_update(f"UPDATE {t} SET organisation_id = %s WHERE id = %s", [other.pk, entry.pk])
    else:
        raise AssertionError(field)


ENTRY_FIELDS = [
    "organisation_id",
    "seq",
    "recorded_at",
    "effective_on",
    "actor_id_ref",
    "actor_role",
    "action",
    "target",
    "clauses",
    "public",
    "personal_digest",
    "prev_hash",
    "hash",
]


@pytest.mark.parametrize("field", ENTRY_FIELDS)
def test_verify_names_the_entry_whose_field_was_altered(filled, field):
    entry = Entry.objects.get(organisation=filled, seq=7)
    assert log.verify(filled).ok
    with triggers_off():
        _alter(field, entry)
    result = log.verify(filled)
    assert not result.ok
    assert result.first_bad_seq == 7, result.problem


@pytest.mark.parametrize("field", ["data", "salt"])
def test_verify_catches_an_altered_personal_payload(filled, field):
    payload = PersonalPayload.objects.get(entry__organisation=filled, entry__seq=12)
    with triggers_off():
        if field == "data":
            value = json.dumps({**payload.data, "note": payload.data["note"] + "!"})
            raw_update(
                f"UPDATE decisions_personalpayload SET data = {json_param()} WHERE id = %s",
                [value, payload.pk],
            )
        else:
            raw_update(
                "UPDATE decisions_personalpayload SET salt = %s WHERE id = %s",
                [_flip(payload.salt), payload.pk],
            )
    result = log.verify(filled)
    assert not result.ok and result.first_bad_seq == 12
    assert "personal payload" in result.problem


def test_a_payload_marked_erased_that_still_holds_data_is_caught(filled):
    with triggers_off():
        PersonalPayload.objects.filter(entry__seq=4).update(erased_at=filled.created_at)
    result = log.verify(filled)
    assert not result.ok and result.first_bad_seq == 4


def test_a_row_removed_behind_the_triggers_back_is_caught(filled):
    entry = Entry.objects.get(organisation=filled, seq=9)
    with triggers_off():
        raw_update("DELETE FROM decisions_personalpayload WHERE entry_id = %s", [entry.pk])
        raw_update("DELETE FROM decisions_entry WHERE id = %s", [entry.pk])
    result = log.verify(filled)
    assert not result.ok and result.first_bad_seq == 9
    assert "missing" in result.problem


def _cut_tail(organisation, keep: int) -> None:
    ids = list(
        Entry.objects.filter(organisation=organisation, seq__gt=keep).values_list("id", flat=True)
    )
    with triggers_off():
        for entry_id in ids:
            raw_update("DELETE FROM decisions_personalpayload WHERE entry_id = %s", [entry_id])
            raw_update("DELETE FROM decisions_entry WHERE id = %s", [entry_id])


def test_checkpoint_catches_a_truncated_tail(filled):
    data = checkpoint.make_checkpoint(filled)
    assert data["size"] == 21
    _cut_tail(filled, 18)
    assert log.verify(filled).ok  # a chain alone cannot see a cut tail
    found = checkpoint.check(filled, data)
    assert not found.ok and found.first_bad_seq == 19
    assert "removed" in found.problem


def _recompute_from(organisation, seq: int) -> None:
    """Alter entry ``seq`` and recompute every hash after it: a chain that verifies again."""
    with triggers_off():
        raw_update(
            f"UPDATE decisions_entry SET public = {json_param()} "
            "WHERE organisation_id = %s AND seq = %s",
            [json.dumps({"n": -1, "status": "rewritten"}), organisation.pk, seq],
        )
        prev = Entry.objects.get(organisation=organisation, seq=seq - 1).hash
        for entry in Entry.objects.filter(organisation=organisation, seq__gte=seq).order_by("seq"):
            entry.prev_hash = prev
            new_hash = log.entry_hash(entry)
            raw_update(
                "UPDATE decisions_entry SET prev_hash = %s, hash = %s WHERE id = %s",
                [prev, new_hash, entry.pk],
            )
            prev = new_hash


def test_checkpoint_catches_a_fully_recomputed_chain(filled):
    data = checkpoint.make_checkpoint(filled)
    fill(filled, 3)
    _recompute_from(filled, 5)
    assert log.verify(filled).ok  # the rewrite is internally consistent
    found = checkpoint.check(filled, data)
    assert not found.ok and found.first_bad_seq == 21
    assert "rewritten" in found.problem


def test_checkpoint_signature_is_checked_against_our_key(
    filled, checkpoint_key, settings, tmp_path
):
    data = checkpoint.make_checkpoint(filled)
    assert checkpoint_key.stat().st_mode & 0o777 == 0o600
    assert "BEGIN PRIVATE KEY" in checkpoint_key.read_text()
    assert checkpoint.check(filled, data).ok
    forged = {**data, "size": 5, "head_hash": Entry.objects.get(seq=5, organisation=filled).hash}
    assert not checkpoint.check(filled, forged).ok
    settings.CHECKPOINT_KEY_FILE = tmp_path / "other.pem"
    checkpoint.load_key(create=True)
    found = checkpoint.check(filled, data)
    assert not found.ok and "signature" in found.problem


def test_checkpoint_refuses_to_sign_a_broken_log(filled):
    with triggers_off():
        raw_update("UPDATE decisions_entry SET action = %s WHERE seq = %s", ["x", 2])
    with pytest.raises(checkpoint.CheckpointError, match="does not verify"):
        checkpoint.make_checkpoint(filled)
