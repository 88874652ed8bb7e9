"""Every RIGHT clause of the policy catalogue (policy.clauses) has a rule and at least two
scenario cases citing it."""

from pathlib import Path

from ansvar.policy.clauses import CLAUSES, RIGHT_CLAUSES, Kind
from ansvar.policy.rules import RULES
from ansvar.scenarios.loader import load

HERE = Path(__file__).resolve().parent


def right_clauses() -> list[str]:
    return list(RIGHT_CLAUSES)


def test_the_catalogue_lists_right_clauses():
    ids = right_clauses()
    assert {"P6", "P7", "KA1", "VD2"} <= set(ids), ids
    assert all(Kind.RIGHT in CLAUSES[c].kinds for c in ids)


def test_every_right_clause_has_a_rule():
    cited = {c for rule in RULES.values() for c in rule.clauses}
    missing = [c for c in right_clauses() if c not in cited]
    assert not missing, f"RIGHT clauses that no rule cites: {', '.join(missing)}"


def test_every_right_clause_has_two_scenario_cases():
    counts: dict[str, int] = {}
    for path in sorted(HERE.glob("*.yaml")):
        for case in load(path).cases:
            for clause in set(case.clauses):
                counts[clause] = counts.get(clause, 0) + 1
    thin = {c: counts.get(c, 0) for c in right_clauses() if counts.get(c, 0) < 2}
    assert not thin, f"RIGHT clauses cited by fewer than two scenario cases: {thin}"


def test_my_clauses_have_allowed_and_refused_cases():
    """P3, P6, P7, KA1-KA3, KA5, VD1, VD2 are covered by the org_* files alone."""
    seen: dict[str, set[str]] = {}
    for path in sorted(HERE.glob("org_*.yaml")):
        for case in load(path).cases:
            for clause in case.clauses:
                seen.setdefault(clause, set()).add(case.expect)
    for clause in ("KA1", "KA2", "KA3", "KA5", "VD1", "VD2"):
        assert seen.get(clause) == {"allowed", "refused"}, clause
    for clause in ("P3", "P6"):
        assert "allowed" in seen.get(clause, set()), clause
    assert "refused" in seen.get("P7", set())


def test_p7_refuses_ceo_and_area_manager_for_every_client_lead_right():
    rights = {
        "assign_work_item",
        "record_collaboration_decision",
        "add_work_group_member",
        "remove_work_group_member",
        "set_deputy",
        "propose_assignment",
        "report_criticism",
    }
    refused: dict[str, set[str]] = {}
    for case in load(HERE / "org_client_lead_rights.yaml").cases:
        if case.expect == "refused" and "P7" in case.clauses:
            refused.setdefault(case.actor, set()).add(case.action)
    assert refused.get("vera@example.se") == rights  # the CEO
    assert refused.get("anna@example.se", set()) >= rights  # cecilia's own area manager
