"""The client-work scenario files pass through the scenario runner, every case."""

from pathlib import Path

import pytest

from ansvar.scenarios.loader import load
from ansvar.scenarios.runner import run

FILES = sorted((Path(__file__).parent.parent / "scenarios").glob("clients_*.yaml"))


def test_there_are_client_scenarios():
    assert len(FILES) >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_scenario_file_passes(path):
    result = run(load(path))
    assert result.failures() == []
    assert result.passed == len(result.results) > 5
    assert result.rule_only_notes() == []
