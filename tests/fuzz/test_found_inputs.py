"""The inputs that crashed a reader before (a traceback instead of the product's own error),
each as it was found, kept so that the fix stays."""

import io
import tempfile
import zipfile
from pathlib import Path

import pytest

from ansvar.decisions.checkpoint import CheckpointError, read_checkpoint
from ansvar.intake import Unreadable, plan, read_bytes, template_bytes
from ansvar.scenarios.loader import ScenarioError, load, parse

WORK = Path(tempfile.mkdtemp(prefix="ansvar-found-"))
VALID = (Path(__file__).parent.parent / "scenarios" / "clients_work.yaml").read_bytes()


def _file(name: str, data: bytes) -> Path:
    path = WORK / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x80", "not UTF-8 (byte 1)"),  # UnicodeDecodeError
        (b"1" * 5000, "not JSON: Exceeds the limit"),  # ValueError from int()
        (b"[" * 20_000 + b"]" * 20_000, "not JSON: maximum recursion depth"),  # RecursionError
        (b" " * (64 * 1024 + 1), "larger than 64 kB"),
    ],
)
def test_checkpoint_files_that_crashed(data, message):
    path = _file("c.json", data)
    with pytest.raises(CheckpointError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_checkpoint(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("? [1]\n: 2\n", ":1: a key must be plain text"),  # TypeError: unhashable list
        ("? {a: 1}\n: 2\n", ":1: a key must be plain text"),
        ("a: " + "1" * 5000 + "\n", "not valid YAML: Exceeds the limit"),  # ValueError
        ("[" * 2000 + "]" * 2000, "nests deeper than 64 levels"),  # RecursionError
    ],
)
def test_scenario_texts_that_crashed(text, message):
    with pytest.raises(ScenarioError, match=message):
        parse(text, "f.yaml")


def test_a_scenario_file_that_is_not_utf8_is_named():
    with pytest.raises(ScenarioError, match=r"f.yaml: not UTF-8 \(byte 1\)"):
        load(_file("f.yaml", b"\xff" + VALID))


def test_a_scenario_file_saved_with_a_bom_loads():
    assert load(_file("bom.yaml", b"\xef\xbb\xbf" + VALID)).cases


def test_yaml_import_with_an_impossible_date_or_a_huge_number():
    # PyYAML's constructors raise ValueError, not YAMLError, for both.
    for text in ("organisation:\n  founded_on: 2026-02-30\n", "organisation: " + "1" * 5000):
        with pytest.raises(Unreadable, match="Ogiltig YAML"):
            read_bytes("f.yaml", text.encode())


def test_a_workbook_whose_sheet_xml_is_damaged():
    # openpyxl reads a read-only sheet's XML only when its rows are walked: ParseError.
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as archive:
        members = [(n, archive.read(n)) for n in archive.namelist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            if name.startswith("xl/worksheets/"):
                data = data.replace(b"</sheetData>", b"</sheetDat>")  # mismatched tag
            archive.writestr(name, data)
    with pytest.raises(Unreadable, match="cannot be read as an Excel workbook"):
        read_bytes("f.xlsx", buffer.getvalue())


def test_a_skill_level_of_5000_digits_is_a_problem_on_its_row():
    csv = "person;kompetens;nivå\nvera@x.se;PR;" + "1" * 5000 + "\n"
    made, problems = plan(read_bytes("kompetenser.csv", csv.encode()))
    assert made is None
    level = [p for p in problems if p.sheet == "skills" and p.column == "level"]
    assert [p.row for p in level] == [2]
    assert "the level is a whole number 1-5" in level[0].en


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "args", "field"),
    [
        ("client:alfa", {"person": "anna\x00@example.se"}, "person"),
        ("area:opinion", {"person": "\x00"}, "person"),
        ("org", {"moves": "anna@example.se=ana\x00lys"}, "moves[1].to_area"),
        ("client:al\x00fa", {"person": "anna@example.se"}, "target"),
    ],
)
def test_a_nul_character_in_a_name_is_invalid_input(org, people, target, args, field):
    # PostgreSQL refuses a NUL in a query's text with ValueError, before any row is read.
    from ansvar.engine.errors import InvalidInput
    from ansvar.engine.registry import can

    action = {"client": "appoint_client_lead", "area": "appoint_area_manager"}.get(
        target.partition(":")[0], "decide_rotation"
    )
    with pytest.raises(InvalidInput) as raised:
        can(org, people["vera"], action, target, args)
    assert raised.value.field == field


@pytest.mark.django_db
def test_a_nul_character_in_text_is_invalid_input_and_nothing_is_written(org, people):
    # On PostgreSQL the area's name was written and failed with DataError mid-decision.
    from ansvar.decisions.models import Entry
    from ansvar.engine.errors import InvalidInput
    from ansvar.engine.registry import perform

    entries = Entry.objects.filter(organisation=org).count()
    args = {"slug": "ny", "name": "Ny\x00", "manager": "vera@example.se"}
    with pytest.raises(InvalidInput) as raised:
        perform(org, people["vera"], "create_business_area", "org", args)
    assert raised.value.field == "name"
    assert "NUL" in raised.value.message
    assert Entry.objects.filter(organisation=org).count() == entries
    assert not org.areas.filter(slug="ny").exists()
