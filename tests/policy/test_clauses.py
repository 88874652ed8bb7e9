"""The policy catalogue (policy.clauses): every clause of the policy, by id, with its kinds,
reading and consequence in Ansvar's own words, and agreeing with the rules."""

from ansvar.policy.clauses import CLAUSES, KIND_MEANING, LEVELS, RIGHT_CLAUSES, Kind
from ansvar.policy.rules import RULES

# The policy has seven principles, seven clauses for the client lead, five for the area
# manager and five for the CEO.
IDS = (
    [f"P{i}" for i in range(1, 8)]
    + [f"KA{i}" for i in range(1, 8)]
    + [f"AO{i}" for i in range(1, 6)]
    + [f"VD{i}" for i in range(1, 6)]
)


def test_every_clause_of_the_policy_is_in_the_catalogue_in_order():
    assert list(CLAUSES) == IDS
    assert {c.level for c in CLAUSES.values()} == set(LEVELS)


def test_every_clause_a_rule_cites_is_a_known_clause():
    cited = {c for rule in RULES.values() for c in rule.clauses}
    assert cited, "no rule cites a clause"
    assert sorted(cited - set(CLAUSES)) == []


def test_the_right_clauses_are_the_decisions_the_policy_gives_one_holder():
    # P3 (the first client grants the lead's mandate), P6 and P7 (the lead's responsibility
    # is the lead's alone), the lead's own decisions, the area manager's people decisions
    # and every CEO clause.
    expected = {"P3", "P6", "P7", "KA1", "KA2", "KA3", "KA5", "AO3"} | {
        f"VD{i}" for i in range(1, 6)
    }
    assert set(RIGHT_CLAUSES) == expected


def test_kinds_of_the_clauses_that_are_not_rights():
    kinds = {c.id: set(c.kinds) for c in CLAUSES.values()}
    assert kinds["P4"] == {Kind.INVARIANT}  # exactly one decision maker, always
    assert kinds["KA7"] == {Kind.DUTY}  # tell the CEO about criticism
    assert kinds["AO4"] == {Kind.DUTY}  # monthly follow-ups during probation
    assert {Kind.RIGHT, Kind.DUTY} <= kinds["AO3"] and {Kind.RIGHT, Kind.DUTY} <= kinds["VD3"]
    assert {c for c, k in kinds.items() if Kind.SIGNAL in k} == {"P1", "P2", "KA4", "KA5", "AO1"}


def test_every_clause_has_a_reading_and_a_consequence_in_both_languages():
    for clause in CLAUSES.values():
        texts = (clause.sv, clause.en, clause.consequence_sv, clause.consequence_en)
        assert all(t.strip() for t in texts), clause.id
        assert clause.consequence_en != clause.en and clause.consequence_sv != clause.sv
    assert set(KIND_MEANING) == set(Kind)
