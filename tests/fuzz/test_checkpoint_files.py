"""Checkpoint files (``ansvar log verify --checkpoint FILE``, ``--from-checkpoints``, a
backup's verify) on random and damaged content: every file is read and judged (trusted, or
untrusted with why) or refused as ``CheckpointError`` naming the file, never another
exception."""

import json
import tempfile
from pathlib import Path

from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from ansvar.decisions import checkpoint
from ansvar.decisions.checkpoint import CheckpointError, read_checkpoint
from ansvar.org.models import Organisation
from tests.fuzz import strategies as fs
from tests.fuzz.budget import FUZZ

WORK = Path(tempfile.mkdtemp(prefix="ansvar-fuzz-"))
KEY = WORK / "checkpoint.key"
PATH = WORK / "checkpoint.json"
ORGANISATION = Organisation(pk=1, slug="exempel", name="Exempelbyrån")  # only its id is read

with override_settings(CHECKPOINT_KEY_FILE=KEY):
    _key = checkpoint.load_key(create=True)
    SIGNED = {
        "v": 1,
        "organisation": {"id": 1, "slug": "exempel"},
        "size": 12,
        "head_hash": "ab" * 32,
        "created_at": "2026-01-01T00:00:00.000000Z",
        "public_key": checkpoint.public_hex(_key.public_key()),
    }
    SIGNED["signature"] = (
        __import__("base64").b64encode(_key.sign(checkpoint._signed_part(SIGNED))).decode()
    )
TEXT = json.dumps(SIGNED, indent=2, sort_keys=True)
TEXT_SORTED = json.dumps(SIGNED, sort_keys=True)


def read_and_judge(data: bytes) -> None:
    PATH.write_bytes(data)
    with override_settings(CHECKPOINT_KEY_FILE=KEY):
        try:
            point = read_checkpoint(PATH)
        except CheckpointError as exc:
            assert str(exc).startswith(str(PATH)), exc
            return
        problem = checkpoint._trust_problem(ORGANISATION, point)
    assert isinstance(problem, str)
    # Trusted exactly when it is the signed checkpoint, value for value (true is not 1).
    assert (problem == "") == (json.dumps(point, sort_keys=True) == TEXT_SORTED)


def test_the_unchanged_checkpoint_is_trusted():
    read_and_judge(TEXT.encode())
    with override_settings(CHECKPOINT_KEY_FILE=KEY):
        assert checkpoint._trust_problem(ORGANISATION, read_checkpoint(PATH)) == ""


@FUZZ
@given(fs.encoded(fs.mutated_text(TEXT)))
def test_damaged_checkpoint_files(data):
    read_and_judge(data)


@FUZZ
@given(fs.mutated_value(SIGNED))
def test_checkpoints_with_a_field_replaced(point):
    read_and_judge(json.dumps(point, default=str).encode("utf-8", "surrogatepass"))


@FUZZ
@given(fs.encoded(st.text(alphabet=fs.SYNTAX, max_size=200)) | st.binary(max_size=200))
def test_random_text_and_bytes(data):
    read_and_judge(data)
