"""The clause ids in Ansvar's own words (policy.clauses) agree with the rules and CLAUSES.md."""

from ansvar.policy.clauses import CLAUSES, RIGHT_CLAUSES
from ansvar.policy.rules import RULES
from tests.scenarios.test_clause_coverage import right_clauses


def test_every_clause_a_rule_cites_is_a_known_clause():
    cited = {c for rule in RULES.values() for c in rule.clauses}
    assert cited, "no rule cites a clause"
    assert sorted(cited - set(CLAUSES)) == []


def test_the_right_clauses_are_those_of_the_specification():
    assert sorted(RIGHT_CLAUSES) == sorted(right_clauses())
