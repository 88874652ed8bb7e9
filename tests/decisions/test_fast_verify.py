"""``log.verify`` reads rows, not models: the same bytes, the same faults, and verification
from a signed checkpoint."""

import json
from datetime import date

import pytest
from django.db import connection, transaction

from ansvar.cli.main import main
from ansvar.decisions import checkpoint, log
from ansvar.decisions.models import Entry, PersonalPayload
from tests.decisions.conftest import erase, fill, json_param, raw_update, triggers_off

TRICKY = [
    "Åsa Öberg",
    'citat "inom" citat',
    "back\\slash",
    "rad\nny rad\ttab\r",
    "\u0001\u001f\u007f",
    "emoji 🎉 och \u2028",
    "komma, mellanslag",
    '": ',
]


@pytest.fixture(autouse=True)
def checkpoint_key(settings, tmp_path):
    settings.CHECKPOINT_KEY_FILE = tmp_path / "keys" / "checkpoint.pem"
    return settings.CHECKPOINT_KEY_FILE


@pytest.fixture
def no_fallback(monkeypatch):
    """Fail if verification leaves the row path for the model's reading."""

    def refuse(*args, **kwargs):
        raise AssertionError("verify fell back to reading a model instance")

    monkeypatch.setattr(log, "_confirmed_fault", refuse)


def _append_tricky(org) -> None:
    person = org.people.order_by("pk").first()
    with transaction.atomic():
        for i, text in enumerate(TRICKY):
            log.append(
                org,
                action="record_collaboration_decision",
                target=f"client:{text}",
                clauses=() if i % 2 else ("KA2", text),
                actor_id=None if i % 3 == 0 else person.pk,
                role=text,
                effective_on=date(2026, 3, 1 + i),
                public={"text": text, "nested": {"b": [1, text, None], "a": True}, text: i},
                personal=None if i == 4 else {"note": text, "list": [text, {"z": 1, "y": 2}]},
                door=f"cli:{text}",  # an operating-system user's name, escaped as any text
            )


def _old_style_entry(org) -> None:
    """An entry written as the model writes JSON (Django's own encoding, unsorted keys,
    ASCII escapes), as older logs hold them."""
    last = Entry.objects.filter(organisation=org).order_by("-seq").first()
    entry = Entry(
        organisation=org,
        seq=last.seq + 1,
        recorded_at=last.recorded_at,
        effective_on=date(2026, 4, 1),
        actor_id_ref=None,
        actor_role="system",
        action="import_history",
        target="org",
        clauses="",
        public={"z": "Öst", "a": [2, 1]},
        personal_digest="",
        prev_hash=last.hash,
    )
    salt = "00" * 16
    data = {"b": "Åke", "a": 1}
    entry.personal_digest = log.payload_digest(salt, data)
    entry.hash = log.entry_hash(entry)
    entry.save(force_insert=True)
    PersonalPayload.objects.create(entry=entry, salt=salt, data=data)


def test_row_bytes_are_the_entry_bytes_for_every_kind_of_value(org):
    _append_tricky(org)
    _old_style_entry(org)
    rows = {row[0]: row for row in log._rows(org.pk, 0)}
    entries = list(Entry.objects.filter(organisation=org).order_by("seq"))
    assert len(entries) == len(TRICKY) + 2
    for entry in entries:
        assert log._row_bytes(org.pk, rows[entry.seq]) == log.entry_bytes(entry), entry.seq


def test_an_intact_log_verifies_on_the_row_path_alone(org, no_fallback):
    _append_tricky(org)
    _old_style_entry(org)
    fill(org, 30)
    erase(org, [3, 20])
    result = log.verify(org)
    assert result.ok and result.size == 1 + len(TRICKY) + 1 + 30 + 1
    assert result.checked_from == 1


def test_verify_reads_a_page_a_query_whatever_the_log_size(
    org, monkeypatch, django_assert_num_queries
):
    fill(org, 40)
    monkeypatch.setattr(log, "_PAGE", 10)
    # 41 entries: pages of 10, 10, 10, 10 and 1; and five reads whatever the size: the
    # count and last seq, the erased payloads and the erasures, the refusals, the accesses.
    with django_assert_num_queries(10):
        assert log.verify(org).ok


def test_append_stores_canonical_json_on_sqlite(org):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's jsonb keeps its own layout")
    fill(org, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.public, p.data FROM decisions_entry e JOIN decisions_personalpayload p "
            "ON p.entry_id = e.id WHERE e.seq = 2"
        )
        public, data = cursor.fetchone()
    assert public == log.canonical(json.loads(public)).decode()
    assert data == log.canonical(json.loads(data)).decode()


def _entry(org, seq):
    return Entry.objects.get(organisation=org, seq=seq)


@pytest.fixture
def long_log(org, monkeypatch):
    """A log of 61 entries read in pages of 8, so faults fall inside and across pages."""
    fill(org, 60)
    monkeypatch.setattr(log, "_PAGE", 8)
    assert log.verify(org).ok
    return org


def test_the_row_path_names_an_altered_field(long_log):
    entry = _entry(long_log, 33)
    with triggers_off():
        value = json.dumps({**entry.public, "status": "ändrad"})
        raw_update(
            f"UPDATE decisions_entry SET public = {json_param()} WHERE id = %s", [value, entry.pk]
        )
    result = log.verify(long_log)
    assert (result.ok, result.first_bad_seq, result.size) == (False, 33, 32)
    assert result.problem == "entry 33 was altered: its hash does not match its content"


def test_the_row_path_names_a_missing_entry_at_a_page_boundary(long_log):
    entry = _entry(long_log, 17)  # the first of the third page
    with triggers_off():
        raw_update("DELETE FROM decisions_personalpayload WHERE entry_id = %s", [entry.pk])
        raw_update("DELETE FROM decisions_entry WHERE id = %s", [entry.pk])
    result = log.verify(long_log)
    assert not result.ok and result.first_bad_seq == 17
    assert result.problem == "entry 17 is missing (next stored is 18)"


def test_the_row_path_names_a_broken_link(long_log):
    entry = _entry(long_log, 40)
    with triggers_off():
        raw_update("UPDATE decisions_entry SET prev_hash = %s WHERE id = %s", ["0" * 64, entry.pk])
    result = log.verify(long_log)
    assert not result.ok and result.first_bad_seq == 40
    assert result.problem == "entry 40 does not link to entry 39"


def test_the_row_path_names_a_lost_payload(long_log):
    entry = _entry(long_log, 52)
    with triggers_off():
        raw_update("DELETE FROM decisions_personalpayload WHERE entry_id = %s", [entry.pk])
    result = log.verify(long_log)
    assert not result.ok and result.first_bad_seq == 52
    assert result.problem == "entry 52 has lost its personal payload record"


def test_the_row_path_names_a_payload_that_no_longer_matches_its_digest(long_log):
    payload = PersonalPayload.objects.get(entry__organisation=long_log, entry__seq=9)
    value = json.dumps({**payload.data, "note": "något annat"})
    with triggers_off():
        raw_update(
            f"UPDATE decisions_personalpayload SET data = {json_param()} WHERE id = %s",
            [value, payload.pk],
        )
    result = log.verify(long_log)
    assert not result.ok and result.first_bad_seq == 9
    assert result.problem == "entry 9's personal payload was altered"


def test_the_row_path_names_an_erased_payload_that_holds_data(long_log):
    with triggers_off():
        PersonalPayload.objects.filter(entry__seq=26).update(erased_at=long_log.created_at)
    result = log.verify(long_log)
    assert not result.ok and result.first_bad_seq == 26
    assert result.problem == "entry 26's payload is marked erased but holds data"


def test_a_salt_that_is_no_longer_hex_is_an_altered_payload_not_a_crash(long_log):
    payload = PersonalPayload.objects.get(entry__organisation=long_log, entry__seq=5)
    with triggers_off():
        raw_update(
            "UPDATE decisions_personalpayload SET salt = %s WHERE id = %s", ["zz", payload.pk]
        )
    result = log.verify(long_log)
    assert not result.ok and result.first_bad_seq == 5
    assert result.problem == "entry 5's personal payload was altered"


# --- from a signed checkpoint ----------------------------------------------------------------


def _point(org, name="cp.json"):
    return (name, checkpoint.make_checkpoint(org))


def test_from_a_checkpoint_only_the_entries_from_it_on_are_checked(long_log, no_fallback):
    point = _point(long_log)
    assert point[1]["size"] == 61
    fill(long_log, 10)
    found = checkpoint.verify_from(long_log, [point])
    assert found.path == "cp.json" and found.data == point[1] and not found.untrusted
    result = found.verification
    assert result.ok and result.size == 71 and result.checked_from == 61
    assert result.head_hash == _entry(long_log, 71).hash


def test_from_a_checkpoint_tampering_after_it_is_caught(long_log):
    point = _point(long_log)
    fill(long_log, 10)
    entry = _entry(long_log, 66)
    with triggers_off():
        raw_update("UPDATE decisions_entry SET action = %s WHERE id = %s", ["dismiss", entry.pk])
    result = checkpoint.verify_from(long_log, [point]).verification
    assert not result.ok and result.first_bad_seq == 66
    assert "altered" in result.problem


def test_from_a_checkpoint_its_own_entry_is_rehashed(long_log):
    point = _point(long_log)
    fill(long_log, 3)
    payload = PersonalPayload.objects.get(entry__organisation=long_log, entry__seq=61)
    with triggers_off():
        raw_update(
            f"UPDATE decisions_personalpayload SET data = {json_param()} WHERE id = %s",
            [json.dumps({"note": "ny"}), payload.pk],
        )
    result = checkpoint.verify_from(long_log, [point]).verification
    assert not result.ok and result.first_bad_seq == 61


def test_from_a_checkpoint_a_recomputed_chain_and_a_cut_tail_are_caught(long_log):
    point = _point(long_log)
    entry = _entry(long_log, 61)
    with triggers_off():
        raw_update("UPDATE decisions_entry SET hash = %s WHERE id = %s", ["f" * 64, entry.pk])
    result = checkpoint.verify_from(long_log, [point]).verification
    assert not result.ok and result.first_bad_seq == 61
    assert "differs from the checkpoint" in result.problem
    ids = Entry.objects.filter(organisation=long_log, seq__gt=58).values_list("id", flat=True)
    with triggers_off():
        for entry_id in ids:
            raw_update("DELETE FROM decisions_personalpayload WHERE entry_id = %s", [entry_id])
            raw_update("DELETE FROM decisions_entry WHERE id = %s", [entry_id])
    result = checkpoint.verify_from(long_log, [point]).verification
    assert not result.ok and result.first_bad_seq == 59
    assert "the log has 58 entries but the checkpoint saw 61" in result.problem


def test_from_a_checkpoint_the_latest_trusted_one_is_used(long_log):
    early = _point(long_log, "early.json")
    fill(long_log, 5)
    late = _point(long_log, "late.json")
    forged = ("forged.json", {**late[1], "size": 100})  # the signature no longer covers it
    found = checkpoint.verify_from(long_log, [early, forged, late])
    assert found.path == "late.json" and found.verification.checked_from == 66
    assert found.untrusted == [
        ("forged.json", "the checkpoint's signature is not valid for our key")
    ]
    none = checkpoint.verify_from(long_log, [forged])
    assert none.verification is None and none.path is None


def test_verify_from_checkpoint_on_the_command_line(filled, tmp_path, capsys):
    out = tmp_path / "cp.json"
    assert main(["log", "checkpoint", "--out", str(out)]) == 0
    fill(filled, 4)
    capsys.readouterr()
    assert main(["log", "verify", "--from-checkpoint", str(out)]) == 0
    said = capsys.readouterr().out
    assert "5 poster / entries verified (seq 21–25)" in said
    assert str(out) in said and "21 entries" in said and "not re-hashed" in said
    entry = _entry(filled, 24)
    with triggers_off():
        raw_update("UPDATE decisions_entry SET target = %s WHERE id = %s", ["org", entry.pk])
    assert main(["log", "verify", "--from-checkpoint", str(out)]) == 1
    err = capsys.readouterr().err
    assert "seq 24" in err and str(out) in err
    assert main(["log", "verify", "--from-checkpoint", str(tmp_path / "none.json")]) == 2
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**json.loads(out.read_text()), "size": 3}))
    assert main(["log", "verify", "--from-checkpoint", str(forged)]) == 1
    err = capsys.readouterr().err
    assert "not trusted" in err and "no checkpoint to trust" in err
