"""The scenario loader (``ansvar policy test FILE``) on random and damaged files: every input
is a loaded scenario or a ``ScenarioError`` naming the file, never another exception."""

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from ansvar.scenarios.loader import ScenarioError, load
from tests.fuzz import strategies as fs
from tests.fuzz.budget import FUZZ

FILES = sorted((Path(__file__).parent.parent / "scenarios").glob("*.yaml"))
TEXTS = [p.read_text(encoding="utf-8") for p in FILES]


def _plain(text: str) -> object:
    try:
        return yaml.safe_load(text)
    except ValueError:  # a file whose deliberately impossible date PyYAML cannot build
        return None


DOCUMENTS = [d for d in map(_plain, TEXTS) if d is not None]
WORK = Path(tempfile.mkdtemp(prefix="ansvar-fuzz-"))
PATH = WORK / "fuzz.yaml"


def load_bytes(data: bytes) -> None:
    PATH.write_bytes(data)
    try:
        load(PATH)
    except ScenarioError as exc:
        assert str(exc).startswith(str(PATH)), exc


@FUZZ
@given(fs.encoded(st.sampled_from(TEXTS).flatmap(fs.mutated_text)))
def test_damaged_scenario_files(data):
    load_bytes(data)


@FUZZ
@given(st.sampled_from(DOCUMENTS).flatmap(fs.mutated_value))
def test_scenario_files_with_a_part_replaced(document):
    load_bytes(yaml.safe_dump(document, allow_unicode=True).encode("utf-8", "surrogatepass"))


@FUZZ
@given(fs.encoded(st.text(alphabet=fs.SYNTAX, max_size=300)) | st.binary(max_size=300))
def test_random_text_and_bytes(data):
    load_bytes(data)
