"""Crash durability at CI size (reliability/crash.py): a writer deciding through
``perform`` is killed with SIGKILL at random moments; every decision it acknowledged is
still in the log with its hash, and the log and the database check out after each kill."""

from pathlib import Path

from tests.reliability.conftest import database_args, run_harness


def test_nothing_acknowledged_is_lost_when_the_writer_is_killed(tmp_path: Path) -> None:
    result, summary = run_harness(
        "crash.py",
        ["--rounds", "3", "--decisions", "1", "--window", "0.5", *database_args("crash")],
        tmp_path,
    )
    assert result["rounds"] >= 3 and len(result["per_round"]) == result["rounds"]
    assert result["acknowledged"] >= 3
    assert result["lost"] == 0 and result["hash_mismatches"] == 0
    assert result["failed_checks"] == 0 and result["ok"] is True
    for one in result["per_round"]:
        # Each round's writer acknowledged something and was ended by the kill.
        assert one["acknowledged"] >= 1 and one["ok"] is True
        assert one["seq_contiguous"] and one["verify_ok"]
        assert 0 <= one["committed_unacknowledged"] <= 1
    # The log holds the founding entry, every acknowledged decision and at most one a round
    # that committed just before its acknowledgement could be written.
    assert result["acknowledged"] + 1 <= result["entries"]
    assert result["entries"] <= result["acknowledged"] + 1 + result["rounds"]
    if result["database"] == "sqlite":
        # The product's own settings, not the harness's.
        assert result["settings"]["journal_mode"] == "wal"
        assert result["settings"]["synchronous"] == "FULL"
        assert all(one["integrity_check"] == ["ok"] for one in result["per_round"])
    assert "0 lost" in summary
