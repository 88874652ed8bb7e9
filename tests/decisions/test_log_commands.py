"""ansvar log verify / checkpoint / export / erase-personal, and GDPR erasure."""

import json
from datetime import date

import pytest

from ansvar.cli.main import main
from ansvar.decisions import log
from ansvar.decisions.models import Entry, PersonalPayload
from ansvar.engine.registry import perform
from ansvar.people.actions.erasure import erase_person
from tests.decisions.conftest import raw_update, triggers_off

AT = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def checkpoint_key(settings, tmp_path):
    settings.CHECKPOINT_KEY_FILE = tmp_path / "checkpoint.pem"
    return settings.CHECKPOINT_KEY_FILE


def test_verify_passes_and_fails_naming_the_first_broken_seq(filled, capsys):
    assert main(["log", "verify"]) == 0
    assert "21 poster / entries verified" in capsys.readouterr().out
    with triggers_off():
        raw_update("UPDATE decisions_entry SET target = %s WHERE seq = %s", ["client:beta", 6])
        raw_update("UPDATE decisions_entry SET target = %s WHERE seq = %s", ["client:beta", 9])
    assert main(["log", "verify"]) == 1
    err = capsys.readouterr().err
    assert "seq 6" in err and "seq 9" not in err


def test_checkpoint_command_and_verify_against_it(filled, tmp_path, capsys, checkpoint_key):
    out = tmp_path / "cp.json"
    assert not checkpoint_key.exists()
    assert main(["log", "checkpoint", "--out", str(out)]) == 0
    assert checkpoint_key.stat().st_mode & 0o777 == 0o600
    data = json.loads(out.read_text())
    assert data["size"] == 21 and data["organisation"]["id"] == filled.pk
    assert set(data) >= {"head_hash", "created_at", "signature"}
    assert main(["log", "verify", "--checkpoint", str(out)]) == 0
    assert "extends the checkpoint" in capsys.readouterr().out
    ids = Entry.objects.filter(seq__gte=20).values_list("id", flat=True)
    with triggers_off():
        for entry_id in ids:
            raw_update("DELETE FROM decisions_personalpayload WHERE entry_id = %s", [entry_id])
            raw_update("DELETE FROM decisions_entry WHERE id = %s", [entry_id])
    assert main(["log", "verify"]) == 0
    assert main(["log", "verify", "--checkpoint", str(out)]) == 1
    assert "seq 20" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{not json")
    assert main(["log", "verify", "--checkpoint", str(tmp_path / "bad.json")]) == 2
    assert "line 1" in capsys.readouterr().err


def test_export_writes_json_lines(filled, tmp_path, capsys):
    out = tmp_path / "log.jsonl"
    assert main(["log", "export", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 21
    rows = [json.loads(line) for line in lines]
    assert [r["seq"] for r in rows] == list(range(1, 22))
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    assert rows[3]["personal"]["note"] == "beslut 2"
    capsys.readouterr()
    assert main(["log", "export"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 21


def test_an_exported_log_verifies_against_a_checkpoint_without_the_database(
    filled, people, tmp_path, capsys
):
    """What a board member holding a checkpoint can do with the export alone: re-hash each
    line from its own fields, follow the chain from the genesis hash, and find the signed
    size and head hash at its end (computed here with hashlib and cryptography, not with
    the log's own code)."""
    import base64
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    cp_path, out = tmp_path / "cp.json", tmp_path / "log.jsonl"
    assert main(["log", "checkpoint", "--out", str(cp_path)]) == 0
    assert main(["log", "export", "--as", "vera@example.se", "--out", str(out)]) == 0
    checkpoint = json.loads(cp_path.read_text("utf-8"))
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]

    def canonical(value) -> bytes:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
            "utf-8"
        )

    signed = {k: v for k, v in checkpoint.items() if k != "signature"}
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint["public_key"])).verify(
        base64.b64decode(checkpoint["signature"]), canonical(signed)
    )
    chained = [
        "seq",
        "recorded_at",
        "effective_on",
        "actor",
        "role",
        "action",
        "target",
        "clauses",
        "public",
        "personal_digest",
        "prev_hash",
    ]

    def hashed(line) -> str:
        # Version 2 has the door the decision came through; an entry without one is version 1.
        door = {"door": line["door"]} if line.get("door") else {}
        version = 2 if door else 1
        body = {"v": version, "organisation": filled.pk, **{k: line[k] for k in chained}, **door}
        return hashlib.sha256(canonical(body)).hexdigest()

    prev = hashlib.sha256(f"ansvar:genesis:{filled.pk}".encode()).hexdigest()
    for line in lines:
        assert line["prev_hash"] == prev, line["seq"]
        if not line.get("withheld"):
            assert hashed(line) == line["hash"], line["seq"]
        prev = line["hash"]
    assert [line["seq"] for line in lines] == list(range(1, checkpoint["size"] + 1))
    assert lines[-1]["hash"] == checkpoint["head_hash"]
    # A line changed after the export no longer re-hashes.
    forged = {**lines[3], "action": "set_salary"}
    assert hashed(forged) != forged["hash"]
    assert lines[3]["door"] == "system"  # written by code calling the log itself


def test_erasing_a_person_keeps_the_chain_verifying(org, people, capsys):
    perform(
        org,
        people["cecilia"],
        "add_work_group_member",
        "client:alfa",
        {"person": "petra@example.se"},
        at=AT,
    )
    perform(
        org, people["cecilia"], "set_deputy", "client:alfa", {"person": "erik@example.se"}, at=AT
    )
    perform(
        org,
        people["vera"],
        "appoint_area_manager",
        "area:analys",
        {"person": "petra@example.se"},
        at=AT,
    )
    size = log.verify(org).size
    assert main(["log", "erase-personal", "--person", "erik@example.se", "--at", "2026-12-01"]) == 0
    assert "erasure is entry" in capsys.readouterr().out
    erased = PersonalPayload.objects.filter(entry__organisation=org, erased_at__isnull=False)
    # The founding entry does not name erik; the deputy entry does.
    assert list(erased.values_list("entry__action", flat=True)) == ["set_deputy"]
    assert erased.get().data is None
    for payload in PersonalPayload.objects.filter(erased_at__isnull=True, data__isnull=False):
        assert "erik@example.se" not in json.dumps(payload.data)
    last = Entry.objects.filter(organisation=org).order_by("-seq").first()
    assert last.action == "erase_personal_data" and last.seq == size + 1
    assert last.public == {
        "person": people["erik"].pk,
        "payloads_erased": 1,
        "notifications_emptied": 1,  # cecilia's deputy message to erik
        "mails_emptied": 1,
        # His employment and area membership stay (LAS 6 g §, 22 §); he has no other rows.
        "rows_emptied": 0,
        "rows_deleted": 0,
        "pseudonymised": 1,
    }
    assert "erik" not in json.dumps(last.payload.data)
    result = log.verify(org)
    assert result.ok and result.size == size + 1
    exported = [json.loads(line) for line in log.export_lines(org)]
    deputy = next(r for r in exported if r["action"] == "set_deputy")
    assert deputy["personal"] is None and deputy["personal_erased"] is True


def test_erasing_by_actor_covers_their_own_decisions(org, people):
    perform(
        org, people["cecilia"], "set_deputy", "client:alfa", {"person": "erik@example.se"}, at=AT
    )
    erased, entry = erase_person(org, people["cecilia"], effective_on=AT)
    assert erased == 1 and entry.actor_id_ref is None and entry.actor_role == "system"
    assert log.verify(org).ok


def test_log_commands_reject_unknown_person_and_missing_org(org, capsys):
    assert main(["log", "erase-personal", "--person", "nobody@example.se"]) == 2
    assert "nobody@example.se" in capsys.readouterr().err
    assert main(["--org", "nope", "log", "verify"]) == 2


def test_export_to_a_path_that_cannot_be_written_is_a_message_not_a_traceback(
    filled, tmp_path, capsys
):
    out = tmp_path / "no-such-folder" / "log.jsonl"
    assert main(["log", "export", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ansvar: --out:") and "No such file or directory" in err
    assert not out.exists()


def test_a_checkpoint_with_a_changed_field_or_another_key_is_not_trusted(
    filled, tmp_path, capsys, checkpoint_key, settings
):
    """A checkpoint says where the log stood only under our signature: a changed size, or
    a checkpoint signed by another key, is refused (exit 1, the reason named)."""
    out = tmp_path / "cp.json"
    assert main(["log", "checkpoint", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps({**data, "size": data["size"] - 1}))
    capsys.readouterr()
    assert main(["log", "verify", "--checkpoint", str(changed)]) == 1
    assert "signature is not valid" in capsys.readouterr().err
    settings.CHECKPOINT_KEY_FILE = tmp_path / "other" / "checkpoint.pem"
    assert main(["log", "checkpoint", "--out", str(tmp_path / "other.json")]) == 0  # a new key
    capsys.readouterr()
    assert main(["log", "verify", "--checkpoint", str(out)]) == 1
    assert "signature is not valid" in capsys.readouterr().err
