"""The import template: a workbook with every sheet's columns, example rows that import as
they are (a firm of two), and a sheet that explains each column in Swedish and English."""

import io
from pathlib import Path
from typing import IO

from ansvar.intake.columns import SHEETS

EXAMPLES: dict[str, list[list[str]]] = {
    "organisation": [["Exempelbyrån AB", "exempel", "vera@exempel.se", "2020-01-01"]],
    "people": [
        ["vera@exempel.se", "Vera Vd", "seniorkonsult", "ledning", "2015-01-01", "", "", "sv"],
        [
            "cecilia@exempel.se",
            "Cecilia Ek",
            "konsult",
            "ledning",
            "2026-09-01",
            "2027-03-01",
            "",
            "en",
        ],
    ],
    "areas": [["ledning", "Ledning", "vera@exempel.se"]],
    "clients": [["alfa", "Alfa AB", "cecilia@exempel.se", "2026-10-01"]],
    "work_groups": [["alfa", "vera@exempel.se", "biträdande"]],
    "skills": [["cecilia@exempel.se", "opinionsanalys", "4"]],
}


def template_bytes() -> bytes:
    """The template as the upload page offers it for download."""
    buffer = io.BytesIO()
    write_template(buffer)
    return buffer.getvalue()


def write_template(path: Path | IO[bytes]) -> None:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.sv)
        ws.append([c.sv for c in sheet.columns])
        for cell in ws[1]:
            cell.font = bold
        for row in EXAMPLES[sheet.key]:
            ws.append(row)
        for i, column in enumerate(sheet.columns):
            ws.column_dimensions[chr(ord("A") + i)].width = max(14, len(column.sv) + 4)
    ws = book.create_sheet("förklaring")
    ws.append(["blad / sheet", "kolumn / column", "krävs / required", "svenska", "English"])
    for cell in ws[1]:
        cell.font = bold
    for sheet in SHEETS:
        ws.append([f"{sheet.sv} ({sheet.key})", "", "", sheet.help_sv, sheet.help_en])
        for column in sheet.columns:
            ws.append(
                [
                    "",
                    f"{column.sv} ({column.key})",
                    "ja / yes" if column.required else "nej / no",
                    column.help_sv,
                    column.help_en,
                ]
            )
    ws.append([])
    ws.append(
        [
            "",
            "",
            "",
            "Ersätt exempelraderna med era egna. Datum skrivs ÅÅÅÅ-MM-DD. Blad och kolumner "
            "får heta på svenska eller engelska.",
            "Replace the example rows with your own. Dates are written YYYY-MM-DD. Sheets and "
            "columns may be named in Swedish or English.",
        ]
    )
    for letter, width in zip("ABCDE", (26, 30, 14, 70, 70), strict=True):
        ws.column_dimensions[letter].width = width
    book.save(path)
