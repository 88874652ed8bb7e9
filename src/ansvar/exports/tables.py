"""One table out, as CSV, XLSX or JSON Lines, without holding its rows.

A ``Table`` is its columns (a key and a Swedish and an English header) and an iterator of
rows, read from the database in chunks by whoever made it. The writers here consume that
iterator once, row by row: CSV and JSON Lines as chunks of text for a streamed response
(``csv_chunks``, ``jsonl_chunks``) or into a file, XLSX through openpyxl's write-only mode
into a file (``write_xlsx``: the workbook grows on disk, never as cells in memory). The
duties, area figures and refusals exports (``exports.lists``) use them from the pages and
``ansvar export``.

CSV is what Swedish Excel opens as it is: UTF-8 with a byte-order mark, semicolons.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

# Rows per piece of a streamed CSV or JSON Lines answer.
ROWS_PER_CHUNK = 500

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/jsonl; charset=utf-8",
}


@dataclass(frozen=True)
class Column:
    key: str  # the JSON Lines key
    sv: str
    en: str


@dataclass
class Table:
    """``name``: the sheet's title per language; ``rows``: one sequence per row, in the
    columns' order, consumed once."""

    name_sv: str
    name_en: str
    columns: tuple[Column, ...]
    rows: Iterable[Sequence[Any]]
    count: int = 0  # rows written so far, counted as they pass

    def headers(self, lang: str) -> list[str]:
        return [c.en if lang == "en" else c.sv for c in self.columns]

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_sv

    def __iter__(self) -> Iterator[Sequence[Any]]:
        for row in self.rows:
            self.count += 1
            yield row


# A text cell a spreadsheet program would run as a formula (what people typed, such as a
# refusal's details, must stay text): CSV gets an apostrophe before it, XLSX a text cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def text(value: Any) -> str:
    """A cell as text: ISO dates, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _csv_cell(value: Any) -> str:
    cell = text(value)
    return "'" + cell if isinstance(value, str) and cell.startswith(FORMULA_START) else cell


def _cell(sheet: Any, value: Any) -> Any:
    """A cell for XLSX: numbers stay numbers, everything else is text, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    cell = text(value)
    if not cell.startswith("="):
        return cell
    written = WriteOnlyCell(sheet, value=cell)
    written.data_type = "s"
    return written


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def csv_chunks(table: Table, lang: str) -> Iterator[str]:
    """The table as CSV text, a few hundred rows at a time, the header first (with the
    byte-order mark: encode each piece as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow(table.headers(lang))
    pending = 0
    for row in table:
        writer.writerow([_csv_cell(v) for v in row])
        pending += 1
        if pending >= ROWS_PER_CHUNK:
            yield _drain(buffer)
            pending = 0
    yield _drain(buffer)


def jsonl_chunks(table: Table) -> Iterator[str]:
    """The table as JSON Lines, one object per row keyed by the columns' keys."""
    keys = [c.key for c in table.columns]
    lines: list[str] = []
    for row in table:
        lines.append(
            json.dumps({k: _json(v) for k, v in zip(keys, row, strict=True)}, ensure_ascii=False)
        )
        if len(lines) >= ROWS_PER_CHUNK:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def _drain(buffer: io.StringIO) -> str:
    piece = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return piece


def write_xlsx(table: Table, lang: str, target: Path | IO[bytes]) -> None:
    """The table as a one-sheet workbook, written row by row (openpyxl's write-only mode)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    title = SHEET_TITLE_FORBIDDEN.sub(" ", table.name(lang))[:31].strip() or "1"
    sheet = book.create_sheet(title)
    sheet.append(table.headers(lang))
    for row in table:
        sheet.append([_cell(sheet, v) for v in row])
    book.save(target)


WRITERS: dict[str, Callable[[Table, str], Iterator[str]]] = {
    "csv": csv_chunks,
    "jsonl": lambda table, _lang: jsonl_chunks(table),
}


def write_file(table: Table, lang: str, fmt: str, path: Path) -> int:
    """Write the table to ``path`` in ``fmt`` (csv, xlsx or jsonl); the rows written.
    A file that cannot be written raises ``OSError``."""
    if fmt == "xlsx":
        write_xlsx(table, lang, path)
        return table.count
    with path.open("w", encoding="utf-8", newline="") as handle:
        for piece in WRITERS[fmt](table, lang):
            handle.write(piece)
    return table.count
