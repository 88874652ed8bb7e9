"""The organisation import (``ansvar import FILE``, the import page) on random and damaged
workbooks, CSV files, ZIPs of them and YAML: every input is read into tables or refused as
``Unreadable``, and the tables' check answers a plan or a list of problems that each name a
sheet (and a row and column where there is one) — never another exception."""

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ansvar.intake import Unreadable, plan, read_bytes, template_bytes
from ansvar.intake.columns import SHEETS
from tests.fuzz import strategies as fs
from tests.fuzz.budget import FUZZ
from tests.intake.test_import import small_firm

SHEET_KEYS = {s.key for s in SHEETS}
SHEET_NAMES = sorted({n for s in SHEETS for n in (s.key, s.sv)} | {"förklaring", "Okänt"})
COLUMN_NAMES = sorted({n for s in SHEETS for c in s.columns for n in (c.key, c.sv)})
# The organisation block of a scenario file, as the import page takes it.
SCENARIO = yaml.safe_dump(
    {
        "organisation": yaml.safe_load(
            (Path(__file__).parent.parent / "scenarios" / "clients_work.yaml").read_text("utf-8")
        )["organisation"]
    },
    allow_unicode=True,
)


def read_and_check(name: str, data: bytes) -> None:
    try:
        tables = read_bytes(name, data)
    except Unreadable as exc:
        assert exc.sv and exc.en
        return
    made, problems = plan(tables)
    assert (made is None) == bool(problems)
    for problem in problems:
        assert problem.sheet in SHEET_KEYS
        assert problem.message("sv") and problem.message("en")


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name[:31])
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FIRM = small_firm()
WORKBOOKS = [template_bytes(), _xlsx(FIRM)]


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(n, archive.read(n)) for n in archive.namelist()]


MEMBERS = [_members(w) for w in WORKBOOKS]


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name.encode("utf-8", "replace").decode("utf-8"), data)
    return buffer.getvalue()


@st.composite
def damaged_workbooks(draw: st.DrawFn) -> bytes:
    """A valid workbook with one XML part edited, dropped or doubled, or its bytes cut."""
    members = list(draw(st.sampled_from(MEMBERS)))
    i = draw(st.integers(0, len(members) - 1))
    name, data = members[i]
    edit = draw(st.sampled_from(["xml", "xml", "xml", "drop", "cut"]))
    if edit == "xml":
        text = draw(fs.mutated_text(data.decode("utf-8")))
        members[i] = (name, text.encode("utf-8", "surrogatepass"))
    elif edit == "drop":
        del members[i]
    else:
        whole = _zip(members)
        return whole[: draw(st.integers(0, len(whole)))]
    return _zip(members)


CELLS = st.one_of(fs.AWKWARD_TEXT, fs.TEXT, st.integers(), st.floats(), st.dates(), st.none())


@st.composite
def tables(draw: st.DrawFn) -> dict[str, list[list[object]]]:
    """The example firm with cells, rows and headers replaced at random, or random sheets."""
    sheets = {k: [list(r) for r in rows] for k, rows in FIRM.items()}
    for _ in range(draw(st.integers(1, 6))):
        sheet = draw(st.sampled_from(sorted(sheets)))
        rows = sheets[sheet]
        edit = draw(st.sampled_from(["cell", "cell", "cell", "header", "row", "rename", "drop"]))
        r = draw(st.integers(0, len(rows) - 1)) if rows else 0
        if edit == "cell" and rows and rows[r]:
            rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(CELLS)
        elif edit == "header" and rows and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(
                st.sampled_from(COLUMN_NAMES) | fs.TEXT
            )
        elif edit == "row":
            rows.append(draw(st.lists(CELLS, max_size=8)))
        elif edit == "rename":
            sheets[draw(st.sampled_from(SHEET_NAMES) | fs.TEXT)] = sheets.pop(sheet)
        else:
            del sheets[sheet]
    return sheets


def _csv(rows: list[list[object]], delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@FUZZ
@given(damaged_workbooks())
def test_damaged_workbooks(data):
    read_and_check("firma.xlsx", data)


@FUZZ
@given(tables(), st.sampled_from([",", ";"]), st.booleans())
def test_csv_files_with_odd_cells(sheets, delimiter, one_file):
    if one_file:
        name, rows = next(iter(sheets.items()), ("personer", []))
        read_and_check(f"{name}.csv", _csv(rows, delimiter))
    else:
        read_and_check(
            "csv.zip", _zip([(f"{n}.csv", _csv(r, delimiter)) for n, r in sheets.items()])
        )


@FUZZ
@given(fs.encoded(fs.mutated_text(_csv(FIRM["personer"], ";").decode("utf-8"))))
def test_damaged_csv_text(data):
    read_and_check("personer.csv", data)


@FUZZ
@given(fs.encoded(fs.mutated_text(SCENARIO)))
def test_damaged_yaml(data):
    read_and_check("firma.yaml", data)


@FUZZ
@given(fs.mutated_value(yaml.safe_load(SCENARIO)))
def test_yaml_with_a_part_replaced(document):
    data = yaml.safe_dump(document, allow_unicode=True).encode("utf-8", "surrogatepass")
    read_and_check("firma.yml", data)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["f.xlsx", "f.csv", "f.yaml", "f.zip", "f"]))
def test_random_bytes(data, name):
    read_and_check(name, data)
