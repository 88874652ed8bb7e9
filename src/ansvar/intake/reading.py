"""Read an organisation file into tables: an XLSX workbook, a folder or ZIP of CSV files, or a
YAML file with an ``organisation:`` block. Nothing here judges the content; a file that cannot
be read at all raises ``Unreadable`` with a message in Swedish and English."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ansvar.common import yamlbounds
from ansvar.intake.columns import SHEETS, Sheet, normal, sheet_named

MAX_BYTES = 50 * 1024 * 1024  # a firm's file is far smaller; anything larger is refused unread
MAX_UNZIPPED = 200 * 1024 * 1024
EXPLANATION = {normal("förklaring"), normal("explanation"), normal("instruktioner")}


class Unreadable(Exception):
    def __init__(self, sv: str, en: str) -> None:
        super().__init__(f"{sv} / {en}")
        self.sv = sv
        self.en = en


@dataclass
class Table:
    """One sheet as read: its name in the file, its header row and its data rows, each with the
    row number a spreadsheet program shows (the header is row 1)."""

    sheet: Sheet
    name: str
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def read(path: Path) -> dict[str, Table]:
    """The tables of the file or folder at ``path``, keyed by sheet (``people``, ...)."""
    if path.is_dir():
        return _from_csv_files(
            (p.name, p.read_bytes()) for p in sorted(path.iterdir()) if p.suffix.lower() == ".csv"
        )
    if not path.is_file():
        raise Unreadable(f"{path} finns inte.", f"{path} does not exist.")
    if path.stat().st_size > MAX_BYTES:
        raise Unreadable(
            f"Filen är större än {MAX_BYTES // 2**20} MB.",
            f"The file is larger than {MAX_BYTES // 2**20} MB.",
        )
    return read_bytes(path.name, path.read_bytes())


def read_bytes(name: str, data: bytes) -> dict[str, Table]:
    """As ``read``, for an uploaded file's name and content."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise Unreadable(
            f"Filen är större än {MAX_BYTES // 2**20} MB.",
            f"The file is larger than {MAX_BYTES // 2**20} MB.",
        )
    if suffix in {".yaml", ".yml"}:
        return _from_yaml(data)
    if suffix == ".csv":
        return _from_csv_files([(name, data)])
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise Unreadable(
            f"{name} är varken en Excel-arbetsbok (.xlsx), en ZIP med CSV-filer eller YAML.",
            f"{name} is neither an Excel workbook (.xlsx), a ZIP of CSV files nor YAML.",
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        # A workbook is a ZIP too: a zip bomb is refused before either is unpacked.
        if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED:
            raise Unreadable("ZIP-filen packas upp till för mycket.", "The ZIP unpacks too large.")
        if "[Content_Types].xml" in names or suffix in {".xlsx", ".xlsm"}:
            return _from_xlsx(name, data)
        files = [
            (Path(n).name, archive.read(n))
            for n in names
            if n.lower().endswith(".csv") and not Path(n).name.startswith(".")
        ]
    return _from_csv_files(files)


def _table(sheet: Sheet, name: str, rows: list[tuple[int, list[Any]]]) -> Table:
    header_row = rows[0][1] if rows else []
    header = [("" if c is None else str(c)).strip() for c in header_row]
    data = [(n, r) for n, r in rows[1:] if any(_present(c) for c in r)]
    return Table(sheet, name, header, data)


def _present(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _add(tables: dict[str, Table], name: str, rows: list[tuple[int, list[Any]]]) -> None:
    stem = Path(name).stem
    if normal(stem) in EXPLANATION:
        return
    sheet = sheet_named(stem)
    if sheet is None:
        known = ", ".join(f"{s.sv} ({s.key})" for s in SHEETS)
        raise Unreadable(
            f"Okänt blad {stem!r}; kända blad: {known}.",
            f"Unknown sheet {stem!r}; known sheets: {known}.",
        )
    if sheet.key in tables:
        raise Unreadable(
            f"Bladet {sheet.sv} finns två gånger ({tables[sheet.key].name}, {stem}).",
            f"The sheet {sheet.key} appears twice ({tables[sheet.key].name}, {stem}).",
        )
    tables[sheet.key] = _table(sheet, stem, rows)


def _from_xlsx(name: str, data: bytes) -> dict[str, Table]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise Unreadable(
            f"{name} går inte att läsa som Excel-arbetsbok.",
            f"{name} cannot be read as an Excel workbook.",
        ) from None
    try:
        # A read-only workbook reads each sheet's XML only now: damage in it shows here.
        sheets = [
            (
                ws.title,
                [
                    (i, [_cell(c) for c in row])
                    for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
                ],
            )
            for ws in book.worksheets
        ]
    except Exception:  # as above: openpyxl and its XML parser raise many kinds
        raise Unreadable(
            f"{name} går inte att läsa som Excel-arbetsbok.",
            f"{name} cannot be read as an Excel workbook.",
        ) from None
    finally:
        book.close()
    tables: dict[str, Table] = {}
    for title, rows in sheets:
        _add(tables, title, rows)
    return tables


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(
            f"{name} är inte UTF-8; spara som ”CSV UTF-8” i Excel.",
            f"{name} is not UTF-8; save it as “CSV UTF-8” in Excel.",
        ) from None


def _from_csv_files(files: Any) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for name, data in files:
        text = _decode(name, data)
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        if "\x00" in text:
            raise Unreadable(f"{name} är ingen textfil.", f"{name} is not a text file.")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            rows = [(i, list(r)) for i, r in enumerate(reader, start=1)]
        except csv.Error as exc:
            raise Unreadable(
                f"{name} går inte att läsa som CSV: {exc}.", f"{name} is not valid CSV: {exc}."
            ) from None
        _add(tables, name, rows)
    if not tables:
        raise Unreadable("Inga CSV-filer hittades.", "No CSV files were found.")
    return tables


def _from_yaml(data: bytes) -> dict[str, Table]:
    """The ``organisation:`` block of a scenario file, as tables with the same columns."""
    text = _decode("YAML", data)
    try:
        yamlbounds.check(text)
        document = yaml.safe_load(text)
    except yamlbounds.TooLarge as exc:
        raise Unreadable(
            f"YAML-filen lästes inte: den nästlar djupare än {yamlbounds.MAX_DEPTH} nivåer "
            f"eller blir fler än {yamlbounds.MAX_NODES} värden (alias medräknade).",
            f"The YAML was refused unread: it {exc}.",
        ) from None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an int of 5000 digits
        raise Unreadable(f"Ogiltig YAML: {exc}", f"Invalid YAML: {exc}") from None
    block = document.get("organisation") if isinstance(document, dict) else None
    if not isinstance(block, dict):
        raise Unreadable(
            "YAML-filen saknar ett organisation:-block.", "The YAML has no organisation: block."
        )
    tables: dict[str, Table] = {}
    org = {k: v for k, v in block.items() if not isinstance(v, list)}
    _add_records(tables, "organisation", [org])
    work_groups: list[dict[str, Any]] = []
    clients = block.get("clients") or []
    for client in clients if isinstance(clients, list) else []:
        if isinstance(client, dict):
            for member in client.get("work_group") or []:
                if isinstance(member, dict):
                    work_groups.append({"client": client.get("slug"), **member})
    for key in ("people", "areas", "clients", "skills"):
        records = block.get(key) or []
        if not isinstance(records, list):
            raise Unreadable(f"{key} ska vara en lista.", f"{key} must be a list.")
        if key == "clients":
            records = [
                {k: v for k, v in r.items() if k != "work_group"} if isinstance(r, dict) else r
                for r in records
            ]
        if records or key != "skills":
            _add_records(tables, key, records)
    if work_groups:
        _add_records(tables, "work_groups", work_groups)
    return tables


def _add_records(tables: dict[str, Table], key: str, records: list[Any]) -> None:
    header: list[str] = []
    for record in records:
        if not isinstance(record, dict):
            raise Unreadable(
                f"{key}: varje rad ska vara en mappning.", f"{key}: each row must be a mapping."
            )
        header += [str(k) for k in record if str(k) not in header]
    rows: list[tuple[int, list[Any]]] = [(1, list(header))]
    for i, record in enumerate(records, start=2):
        rows.append((i, [_yaml_cell(record.get(h)) for h in header]))
    _add(tables, key, rows)


def _yaml_cell(value: Any) -> Any:
    if isinstance(value, date | str) or value is None:
        return value
    return str(value)
