"""Concurrency at CI size (reliability/concurrency.py): processes racing through ``perform``
with rival appointments, one work-group member added and removed, rival deputies, vetoes
against lapses, a rotation against an appointment and unrelated decisions. Every outcome is
a decision, a refusal, input that no longer fits or a conflict, never a server error, and
the policy's invariants and the log's chain hold afterwards."""

from pathlib import Path

from tests.reliability.conftest import database_args, run_harness

KINDS = {
    "appoint_lead",
    "appoint_manager",
    "work_group",
    "deputy",
    "veto",
    "tick",
    "rotation",
    "unrelated",
}


def test_racing_processes_never_break_the_policy_or_the_chain(tmp_path: Path) -> None:
    result, summary = run_harness(
        "concurrency.py",
        ["--processes", "4", "--operations", "12", "--proposals", "8", *database_args("conc")],
        tmp_path,
    )
    assert result["attempts"] == 4 * 12
    assert set(result["outcomes"]) <= {"Done", "PolicyRefused", "InvalidInput", "Conflict"}
    assert result["errors"] == 0 and result["outcomes"]["Done"] > 0
    assert set(result["by_kind"]) == KINDS
    assert sum(sum(v.values()) for v in result["by_kind"].values()) == result["attempts"]
    found = result["invariants"]
    assert found["problem_count"] == 0, found["problems"]
    assert found["without_decision_maker"] == 0 and found["areas_of_responsibility"] == 1 + 3 + 8
    # Every decision a process saw committed is in the log, and nothing else was added.
    assert result["decisions_committed"] == result["entries_added"] > 0
    assert result["seq_contiguous"] and result["verify_ok"]
    assert result["verify_size"] == result["entries"]
    assert result["ok"] is True and "0 errors" in summary
