"""The repository's own documentation stays true to the code, and needs nothing beside it.

docs/policy.md and docs/vocabulary.md are generated (``ansvar docs``); docs/scenarios.md is
written by hand and checked here against the scenario loader and checks, and its example is
run.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ansvar.cli.core import action_rows
from ansvar.cli.docs import pages
from ansvar.cli.main import main
from ansvar.policy.clauses import CLAUSES
from ansvar.scenarios import loader
from ansvar.scenarios.checks import CHECKS
from ansvar.scenarios.runner import run

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


@pytest.mark.parametrize("name", sorted(pages()))
def test_generated_page_is_what_the_code_says(name):
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == pages()[name](), (
        f"docs/{name} is out of date: run 'ansvar docs' (or "
        "'python -m ansvar.cli.main docs') and commit the result"
    )


def test_ansvar_docs_writes_and_checks(tmp_path, capsys):
    assert main(["docs", "--check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "policy.md" in err and "vocabulary.md" in err and "run 'ansvar docs'" in err
    assert main(["docs", "--dir", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["policy.md", "vocabulary.md"]
    assert main(["docs", "--check", "--dir", str(tmp_path)]) == 0
    (tmp_path / "policy.md").write_text("# edited by hand\n", encoding="utf-8")
    assert main(["docs", "--check", "--dir", str(tmp_path)]) == 1
    assert "policy.md" in capsys.readouterr().err


def test_vocabulary_lists_every_action_as_ansvar_actions_does():
    text = (DOCS / "vocabulary.md").read_text(encoding="utf-8")
    documented = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `(\w+)` \| .* \| ([A-Z0-9, ]+) \|$", text, re.MULTILINE)
    }
    rows = action_rows()
    assert set(documented) == {r["action"] for r in rows}
    for row in rows:
        assert documented[row["action"]] == ", ".join(row["clauses"]), row["action"]


def test_policy_page_explains_every_clause():
    text = (DOCS / "policy.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (\w+) · ", text, re.MULTILINE)
    assert headings == list(CLAUSES)
    for clause in CLAUSES.values():
        assert clause.consequence_en in text and clause.consequence_sv in text, clause.id


def test_scenarios_page_describes_every_field_expectation_and_check():
    text = (DOCS / "scenarios.md").read_text(encoding="utf-8")
    for field in (*loader.ORGANISATION_FIELDS, *loader.ORGANISATION_OPTIONAL):
        assert f"| `{field}` |" in text, field
    for field in (*loader.CASE_FIELDS, *loader.CASE_OPTIONAL):
        assert f"| `{field}` |" in text, field
    for expectation in loader.EXPECTATIONS:
        assert f"- `{expectation}`: " in text, expectation
    for name in CHECKS:
        assert f"- `{name}`: " in text, name


def test_the_example_on_the_scenarios_page_passes(db):
    text = (DOCS / "scenarios.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    scenario = loader.parse(example.group(1), "docs/scenarios.md")
    assert {c.expect for c in scenario.cases} == set(loader.EXPECTATIONS)
    result = run(scenario)
    assert result.failures() == []
    assert result.passed == len(scenario.cases)


def _tracked_text_files() -> list[Path]:
    git = shutil.which("git")
    if git and (ROOT / ".git").exists():
        out = subprocess.run(
            [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        files = [ROOT / name for name in out.decode().split("\0") if name]
    else:
        skip = {".git", ".venv", "var", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
        files = [
            p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)
        ]
    return [p for p in files if p.suffix not in {".mo", ".png", ".ico"} and p.exists()]


def test_nothing_reads_or_points_outside_the_repository():
    """A clone with nothing beside it is complete: no file refers to a sibling folder."""
    outside = re.compile(r"\.\./" + "shared|" + "shared/" + "policy")
    found = []
    for path in _tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [
            f"{path.relative_to(ROOT)}:{n}"
            for n, line in enumerate(text.splitlines(), 1)
            if outside.search(line)
        ]
    assert found == []


def test_readme_points_at_the_project_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in ("docs/policy.md", "docs/vocabulary.md", "docs/scenarios.md"):
        assert f"]({page})" in readme, page
        assert (ROOT / page).exists(), page


def test_make_test_stops_at_once_without_chromium():
    make = shutil.which("make")
    assert make, "the Makefile is how the suite is run; make is missing"
    # Run as a make of its own, also when this suite runs under make test.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    missing = "ANSVAR_CHROMIUM=/nonexistent/chromium"

    def make_(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [make, "--no-print-directory", *args, missing],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = make_("-s", "chromium")
    assert done.returncode != 0
    assert "Chromium is missing: apt-get install -y chromium" in done.stderr
    first = make_("-n", "test").stdout.splitlines()[0]
    assert 'test -f "/nonexistent/chromium"' in first, "make test checks Chromium first"


def test_every_asvs_requirement_listed_as_met_names_evidence_that_exists():
    """docs/security/asvs.md: a row marked met names a test (path::name), a test file, a
    setting or a file of the product, and every test it names exists with that name."""
    text = (DOCS / "security" / "asvs.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    met = [r for r in rows if r.split("|")[3].strip() == "met"]
    assert len(met) >= 40, "the ASVS table lost its rows"
    for row in met:
        evidence = row.split("|")[4]
        assert "`" in evidence, f"a requirement listed as met names no evidence: {row}"
    for match in re.finditer(r"`(tests/[\w/]+\.py)::(\w+)`((?:, `::\w+`)*)", text):
        source = (ROOT / match.group(1)).read_text(encoding="utf-8")
        for name in [match.group(2), *re.findall(r"`::(\w+)`", match.group(3))]:
            assert re.search(rf"^def {name}\(", source, re.M), f"{match.group(1)}::{name}"
    for path in re.findall(r"`(tests/[\w/.]+)`", text):
        assert (ROOT / path).exists(), path
