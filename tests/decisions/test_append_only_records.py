"""Refusals, access records and personal payloads are append-only like the entries (issue 14):
the database refuses to change or delete them (the erasure of a payload excepted, narrowly),
and ``log.verify`` reports what was changed behind its triggers."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ansvar.cli.main import main
from ansvar.decisions import checkpoint, log, records
from ansvar.decisions.access import record_access
from ansvar.decisions.models import AccessRecord, Entry, PersonalPayload, Refusal
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.registry import perform
from ansvar.people.actions.erasure import erase_person
from tests.decisions.conftest import erase, fill, raw_update, triggers_off

AT = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def checkpoint_key(settings, tmp_path):
    settings.CHECKPOINT_KEY_FILE = tmp_path / "keys" / "checkpoint.pem"
    return settings.CHECKPOINT_KEY_FILE


def _refuse(org, people, n: int) -> None:
    """``n`` refused attempts by Erik, a member: each a refusal row written by ``perform``."""
    for _ in range(n):
        with pytest.raises(PolicyRefused):
            perform(
                org, people["erik"], "appoint_client_lead", "client:alfa",
                {"person": "erik@example.se"}, at=AT,
            )  # fmt: skip


def _read(org, people, n: int) -> None:
    for i in range(n):
        record_access(org, people["vera"], people["anna"], "salary", f"läsning {i}")


@pytest.fixture
def kept(org, people):
    """A log with entries, five refusals, five access records and one erasure."""
    fill(org, 10)
    _refuse(org, people, 5)
    _read(org, people, 5)
    erase(org, [3, 7])
    return org


def _refused(sql: str, params: list) -> str:
    """Run ``sql`` in a savepoint; the database's refusal, as text (fails if it ran)."""
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        raw_update(sql, params)
    return str(refused.value)


def test_an_untouched_log_with_refusals_accesses_and_an_erasure_verifies(kept):
    result = log.verify(kept)
    assert result.ok, result.problem
    assert (result.refusals, result.accesses) == (5, 5)
    assert result.entries == result.last_seq == result.size == Entry.objects.count()
    assert list(Refusal.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    erased = PersonalPayload.objects.filter(erased_at__isnull=False)
    assert erased.count() == 2 and set(erased.values_list("erased_by", flat=True)) == {
        result.last_seq
    }


def test_the_gdpr_erasure_and_its_verification_go_together(org, people):
    fill(org, 6)
    erased, entry = erase_person(org, people["anna"], effective_on=AT)
    assert erased > 0 and entry.public["payloads_erased"] == erased
    assert set(
        PersonalPayload.objects.filter(erased_at__isnull=False).values_list("erased_by", flat=True)
    ) == {entry.seq}
    assert log.verify(org).ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE decisions_refusal SET reason = 'annat' WHERE seq = 2",
        "DELETE FROM decisions_refusal WHERE seq = 2",
        "UPDATE decisions_accessrecord SET purpose = 'annat' WHERE seq = 2",
        "DELETE FROM decisions_accessrecord WHERE seq = 2",
        "DELETE FROM decisions_personalpayload",
        # A payload's data, salt, or erasure naming no next entry, or an erasure undone:
        "UPDATE decisions_personalpayload SET data = NULL",
        "UPDATE decisions_personalpayload SET salt = 'ab' WHERE erased_at IS NULL",
        "UPDATE decisions_personalpayload SET data = NULL, erased_at = '2026-01-01', "
        "erased_by = 1 WHERE erased_at IS NULL",
        "UPDATE decisions_personalpayload SET erased_at = NULL WHERE erased_at IS NOT NULL",
    ],
)
def test_the_database_refuses_changes_to_the_records(kept, sql):
    message = _refused(sql, [])
    assert "refused" in message


def test_postgresql_refuses_truncating_the_records(kept):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    raw_update("SET CONSTRAINTS ALL IMMEDIATE", [])  # no deferred checks pending
    for table in ("decisions_refusal", "decisions_accessrecord", "decisions_personalpayload"):
        assert "TRUNCATE refused" in _refused(f"TRUNCATE {table} CASCADE", [])
    assert Refusal.objects.count() == AccessRecord.objects.count() == 5


def test_a_deleted_access_record_is_caught(kept):
    with triggers_off():
        raw_update("DELETE FROM decisions_accessrecord WHERE seq = 3", [])
    result = log.verify(kept)
    assert not result.ok and result.first_bad_seq is None
    assert result.problem == "access record 3 is missing (next stored is 4): it was deleted"


def test_an_edited_refusal_is_caught(kept):
    with triggers_off():
        raw_update("UPDATE decisions_refusal SET reason = 'något annat' WHERE seq = 4", [])
    result = log.verify(kept)
    assert not result.ok
    assert result.problem == "refusal 4 was altered: its hash does not match its content"


def test_an_edited_access_record_is_caught(kept, people):
    with triggers_off():
        raw_update(
            "UPDATE decisions_accessrecord SET subject_id = %s WHERE seq = 2",
            [people["erik"].pk],
        )
    assert log.verify(kept).problem == (
        "access record 2 was altered: its hash does not match its content"
    )


def test_a_refusal_chain_recomputed_after_a_deletion_still_breaks_at_the_link(kept):
    """Deleting refusal 2 and renumbering the rest leaves refusal 3's link to the deleted one."""
    with triggers_off():
        raw_update("DELETE FROM decisions_refusal WHERE seq = 2", [])
        for seq in (3, 4, 5):
            raw_update("UPDATE decisions_refusal SET seq = %s WHERE seq = %s", [seq - 1, seq])
    assert log.verify(kept).problem == "refusal 2 does not link to refusal 1"


def _mark_erased(seq: int, erased_by: int | None) -> None:
    payload = PersonalPayload.objects.get(entry__seq=seq)
    with triggers_off():
        raw_update(
            "UPDATE decisions_personalpayload SET data = NULL, erased_at = %s, erased_by = %s "
            "WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(payload.entry.recorded_at), erased_by,
             payload.pk],
        )  # fmt: skip


def test_a_payload_marked_erased_without_an_erasure_entry_is_caught(kept):
    _mark_erased(5, None)
    result = log.verify(kept)
    assert not result.ok and result.first_bad_seq == 5
    assert "marked erased without an erasure entry" in result.problem


def test_a_payload_marked_erased_by_an_entry_that_is_no_erasure_is_caught(kept):
    _mark_erased(2, 9)
    result = log.verify(kept)
    assert not result.ok and result.first_bad_seq == 2
    assert result.problem == (
        "entry 2's payload is marked erased without an erasure entry in the log"
    )


def test_a_payload_added_to_an_erasure_it_was_not_counted_in_is_caught(kept):
    erasure = log.verify(kept).last_seq
    _mark_erased(5, erasure)
    result = log.verify(kept)
    assert not result.ok and result.first_bad_seq == erasure
    assert result.problem == (
        f"erasure entry {erasure} erased 2 payloads, but 3 are marked erased by it"
    )


def test_the_checks_run_from_a_checkpoint_too(kept):
    point = ("cp.json", checkpoint.make_checkpoint(kept))
    fill(kept, 2)
    with triggers_off():
        raw_update("DELETE FROM decisions_refusal WHERE seq = 1", [])
    result = checkpoint.verify_from(kept, [point]).verification
    assert result is not None and not result.ok
    assert result.problem.startswith("refusal 1 is missing")


def test_verify_reports_what_the_log_holds(kept, capsys):
    assert main(["log", "verify"]) == 0
    out = capsys.readouterr().out
    last = Entry.objects.order_by("-seq").first()
    assert f"{last.seq} poster / entries verified (last seq {last.seq}), head {last.hash}" in out
    assert "5 refusals and 5 access records verified" in out


def test_an_emptied_log_does_not_verify_silently(kept, capsys):
    with triggers_off():
        for table in ("decisions_entryname", "decisions_personalpayload", "decisions_entry"):
            raw_update(f"DELETE FROM {table}", [])
    assert main(["log", "verify"]) == 1
    err = capsys.readouterr().err
    assert "TOM / EMPTY" in err and log.genesis_hash(kept.pk) in err


def _cut(org, count: int) -> None:
    """Delete the last ``count`` entries behind the triggers."""
    last = Entry.objects.filter(organisation=org).order_by("-seq")[:count]
    with triggers_off():
        for entry in list(last):
            raw_update("DELETE FROM decisions_entryname WHERE entry_id = %s", [entry.pk])
            raw_update("DELETE FROM decisions_personalpayload WHERE entry_id = %s", [entry.pk])
            raw_update("DELETE FROM decisions_entry WHERE id = %s", [entry.pk])


def test_a_cut_log_names_the_cut_against_the_checkpoint(kept, tmp_path, capsys):
    fill(kept, 2)
    out = tmp_path / "cp.json"
    checkpoint.write_checkpoint(kept, out)
    size = Entry.objects.filter(organisation=kept).count()
    _cut(kept, 1)
    capsys.readouterr()
    assert main(["log", "verify", "--checkpoint", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"the log has {size - 1} entries but the checkpoint saw {size}" in err
    assert f"(last seq {size - 1})" in err and f"the checkpoint: {size} entries" in err


def test_a_log_cut_back_past_an_erasure_names_both_faults(kept, tmp_path, capsys):
    """The cut takes the erasure's entry: its payloads name an entry no longer there, and
    the checkpoint says how many entries went."""
    out = tmp_path / "cp.json"
    checkpoint.write_checkpoint(kept, out)
    size = Entry.objects.filter(organisation=kept).count()
    _cut(kept, 1)
    capsys.readouterr()
    assert main(["log", "verify", "--checkpoint", str(out)]) == 1
    err = capsys.readouterr().err
    assert "entry 3's payload is marked erased without an erasure entry in the log" in err
    assert f"the checkpoint saw {size} entries" in err
    assert f"last seq {size - 1}: 1 entries were removed from its end" in err


def test_every_erasure_action_is_named_by_the_log():
    """``verify`` counts the erasures by these action names: each must be an action."""
    from ansvar.policy.actions import ActionName

    names = {a.value for a in ActionName}
    assert names.issuperset(log.ERASURE_ACTIONS)


def test_records_hash_the_fields_they_keep(org, people):
    """The canonical bytes name every field: one changed value is a different hash."""
    (row,) = records.add_accesses(org, timezone.now(), [(people["vera"].pk, None, "salary", "x")])
    assert AccessRecord.objects.get(pk=row.pk).hash == row.hash
    fields = (org.pk, 1, row.recorded_at, row.viewer_id, None, "salary", "x", row.prev_hash)
    assert records._sha(records.access_bytes(*fields)) == row.hash
    for i, other in ((3, None), (5, "talk"), (6, "y"), (7, "0" * 64)):
        changed = list(fields)
        changed[i] = other
        assert records._sha(records.access_bytes(*changed)) != row.hash
