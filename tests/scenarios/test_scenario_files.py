"""Every shipped scenario file runs through the same runner as ``ansvar policy test``."""

from pathlib import Path

import pytest

from ansvar.scenarios.loader import load
from ansvar.scenarios.runner import run

HERE = Path(__file__).resolve().parent
FILES = sorted(HERE.glob("*.yaml"))


def test_scenario_files_are_shipped():
    names = {f.name for f in FILES}
    assert {
        "org_client_lead_rights.yaml",
        "org_appointments.yaml",
        "org_refused_elsewhere.yaml",
    } <= names


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_scenario_file(db, path):
    result = run(load(path))
    assert result.results, f"{path.name} has no cases"
    assert result.failed == 0, "\n".join(result.failures())
    assert result.passed == len(result.results)
