"""Founding an organisation from a file: the template, XLSX, CSV (Swedish Excel's semicolons
and BOM), ZIP and YAML; every error named by sheet, row and column; nothing written on error."""

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps

from ansvar import intake
from ansvar.cli.main import main
from ansvar.clients.models import Skill
from ansvar.decisions import log
from ansvar.engine.targets import parse_target
from ansvar.org.models import Organisation, Person, WorkGroupMembership
from ansvar.org.responsibility import who_decides

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def table_counts() -> dict[str, int]:
    """Rows in every table of the project's apps: what 'nothing written' is checked against."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in {"org", "clients", "people", "decisions", "auth"}
    }


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def small_firm() -> dict[str, list[list[object]]]:
    """A firm of five, with Swedish sheet and column names, as a user fills the template."""
    return {
        "organisation": [
            ["namn", "kortnamn", "vd", "grundad"],
            ["Byrån AB", "byran", "vera@byran.se", "2020-01-01"],
        ],
        "personer": [
            ["e-post", "namn", "titel", "område", "anställd från", "provanställd till", "språk"],
            ["vera@byran.se", "Vera Vd", "seniorkonsult", "ledning", date(2015, 1, 1), None, "sv"],
            ["anna@byran.se", "Anna Ao", "konsult", "opinion", "2018-03-01", None, "sv"],
            ["cecilia@byran.se", "Cecilia Ka", "konsult", "opinion", "2021-08-15", None, "en"],
            ["erik@byran.se", "Erik Ny", "konsult", "opinion", "2026-09-01", "2027-03-01", ""],
            ["olof@byran.se", "Olof Ao", "konsult", "analys", "2017-05-01", None, None],
        ],
        "områden": [
            ["kortnamn", "namn", "chef"],
            ["ledning", "Ledning", "vera@byran.se"],
            ["opinion", "Opinion", "anna@byran.se"],
            ["analys", "Analys", "olof@byran.se"],
        ],
        "kunder": [
            ["kortnamn", "namn", "kundansvarig", "kundansvarig sedan"],
            ["alfa", "Alfa AB", "cecilia@byran.se", "2024-02-01"],
            ["beta", "Beta AB", "olof@byran.se", None],
        ],
        "arbetsgrupper": [
            ["kund", "person", "roll"],
            ["alfa", "anna@byran.se", "biträdande"],
            ["alfa", "erik@byran.se", "ersättare"],
        ],
        "kompetenser": [["person", "kompetens", "nivå"], ["cecilia@byran.se", "Opinionsanalys", 4]],
    }


def test_template_filled_in_founds_the_firm(db, tmp_path, capsys):
    template = tmp_path / "t.xlsx"
    assert main(["import", "--template", str(template)]) == 0
    book = openpyxl.load_workbook(template)
    assert {"organisation", "personer", "områden", "kunder", "arbetsgrupper", "förklaring"} <= set(
        book.sheetnames
    )
    assert [c.value for c in book["personer"][1]][:2] == ["e-post", "namn"]
    path = workbook(tmp_path / "firm.xlsx", small_firm())
    assert main(["import", str(path)]) == 0
    org = Organisation.objects.get(slug="byran")
    lead = who_decides(org, parse_target("client:alfa"), date(2026, 12, 1))
    assert [r.holder.email for r in lead if r.holder] == ["cecilia@byran.se"]
    manager = who_decides(org, parse_target("area:opinion"), date(2026, 12, 1))
    assert [r.holder.email for r in manager if r.holder] == ["anna@byran.se"]
    roles = dict(
        WorkGroupMembership.objects.filter(client__slug="alfa").values_list("person__email", "role")
    )
    assert roles == {"anna@byran.se": "assistant", "erik@byran.se": "deputy"}
    assert Skill.objects.get(person__email="cecilia@byran.se").name == "opinionsanalys"
    assert Person.objects.get(email="vera@byran.se").title == "senior"
    languages = dict(Person.objects.filter(organisation=org).values_list("email", "language"))
    assert languages["cecilia@byran.se"] == "en"  # the e-mail she gets is in English
    assert {languages[e] for e in languages if e != "cecilia@byran.se"} == {"sv"}
    assert log.verify(org).ok
    assert main(["--org", "byran", "log", "verify"]) == 0
    assert main(["--org", "byran", "who-decides", "client:beta", "--json"]) == 0
    out = capsys.readouterr().out
    assert "olof@byran.se" in out


def test_the_untouched_template_imports_as_it_is(db, tmp_path):
    path = tmp_path / "t.xlsx"
    intake.write_template(path)
    plan, problems = intake.plan(intake.read(path))
    assert problems == [] and plan is not None
    assert plan.counts() == {"people": 2, "areas": 1, "clients": 1, "work_groups": 1, "skills": 1}


def test_one_bad_row_writes_nothing_and_names_the_row(db, tmp_path, capsys):
    sheets = small_firm()
    sheets["personer"][4][0] = "anna@byran.se"  # row 5 repeats row 3's address
    path = workbook(tmp_path / "bad.xlsx", sheets)
    before = table_counts()
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "personer, rad 5, kolumn e-post: anna@byran.se finns redan på rad 3" in err
    assert "inget har skrivits" in err
    assert table_counts() == before


def test_english_messages_name_the_sheet_row_and_column(db, tmp_path, capsys):
    sheets = small_firm()
    sheets["personer"][2][3] = "okänd"
    path = workbook(tmp_path / "bad.xlsx", sheets)
    assert main(["import", str(path), "--language", "en", "--json"]) == 2
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert problems == [
        {
            "sheet": "people",
            "row": 3,
            "column": "area",
            "sv": "personer, rad 3, kolumn område: okänt område 'okänd'.",
            "en": "people, row 3, column area: unknown area 'okänd'.",
        }
    ]


def problems_of(sheets: dict[str, list[list[object]]], tmp_path: Path) -> list[str]:
    path = workbook(tmp_path / "f.xlsx", sheets)
    plan, problems = intake.plan(intake.read(path))
    assert plan is None
    return [p.message("sv") for p in problems]


def test_row_level_errors(db, tmp_path):
    sheets = small_firm()
    sheets["personer"].append(["ny@byran.se", "Ny Person", "konsult", "opinion", "2021-13-45"])
    sheets["personer"][4][5] = "2027-03-02"  # erik: a day past six months of probation
    sheets["personer"][0].append("sista dag")
    sheets["personer"].append(
        ["kim@byran.se", "Kim Slutat", "konsult", "opinion", "2019-01-01", None, None, "2025-06-30"]
    )
    sheets["kunder"].append(["gamma", "Gamma AB", "kim@byran.se", None])  # a lead who has left
    sheets["områden"].append(["tom", "Tomt", None])  # an area without a manager
    sheets["arbetsgrupper"].append(["delta", "anna@byran.se", "medlem"])  # unknown client
    sheets["arbetsgrupper"].append(["alfa", "olof@byran.se", "ersättare"])  # a second deputy
    sheets["kompetenser"].append(["anna@byran.se", "Analys", 9])
    found = problems_of(sheets, tmp_path)
    expected = [
        "personer, rad 7, kolumn anställd från: '2021-13-45' är inget datum (ÅÅÅÅ-MM-DD).",
        "personer, rad 5, kolumn provanställd till: en provanställning får vara högst 6 "
        "månader (LAS 6 §, P4), till och med 2027-03-01.",
        "områden, rad 5, kolumn chef: ett värde krävs.",
        "kunder, rad 4, kolumn kundansvarig: kim@byran.se har slutat (2025-06-30) och kan inte "
        "vara kundansvarig; varje kund har en anställd kundansvarig (P4).",
        "arbetsgrupper, rad 4, kolumn kund: okänd kund 'delta'.",
        "arbetsgrupper, rad 5, kolumn roll: alfa har redan en ersättare (rad 3); högst en per "
        "kund (KA5).",
        "kompetenser, rad 3, kolumn nivå: '9': nivån är ett heltal 1–5.",
    ]
    for message in expected:
        assert message in found, (message, found)


def test_wrong_columns_and_an_empty_sheet(db, tmp_path):
    sheets = small_firm()
    sheets["områden"] = [["kortnamn", "namn", "chef"]]
    sheets["kunder"][0][2] = "ansvarig"
    found = problems_of(sheets, tmp_path)
    assert "områden: bladet områden saknas eller är tomt." in found
    assert (
        "kunder, rad 1: okänd kolumn 'ansvarig'; kända: kortnamn, namn, kundansvarig, "
        "kundansvarig sedan." in found
    )
    assert "kunder, rad 1, kolumn kundansvarig: kolumnen saknas." in found


def csv_text(rows: list[list[object]]) -> str:
    return "\r\n".join(";".join("" if c is None else str(c) for c in row) for row in rows) + "\r\n"


def test_csv_folder_as_swedish_excel_writes_it(db, tmp_path):
    folder = tmp_path / "firma"
    folder.mkdir()
    for name, rows in small_firm().items():
        # Swedish Excel's "CSV UTF-8": a byte-order mark and semicolons.
        (folder / f"{name}.csv").write_bytes(b"\xef\xbb\xbf" + csv_text(rows).encode())
    org = intake.found(_plan(intake.read(folder)))
    assert org.people.count() == 5
    assert log.verify(org).ok


def test_zip_of_csv_files_with_commas(db, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in small_firm().items():
            text = "\n".join(",".join("" if c is None else str(c) for c in r) for r in rows)
            archive.writestr(f"firma/{name}.csv", text)
    path = tmp_path / "firma.zip"
    path.write_bytes(buffer.getvalue())
    assert intake.found(_plan(intake.read(path))).clients.count() == 2


def test_yaml_organisation_block_of_a_scenario_file(db):
    path = SCENARIOS / "org_client_lead_rights.yaml"
    org = intake.found(_plan(intake.read(path)))
    assert org.people.filter(email="cecilia@example.se").exists()
    assert log.verify(org).ok


def _plan(tables):
    plan, problems = intake.plan(tables)
    assert problems == [], [p.message() for p in problems]
    return plan


def broken_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<inte xml")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("skrap.xlsx", broken_xlsx(), "går inte att läsa som Excel-arbetsbok"),
        ("skrap.bin", bytes(range(256)) * 40_000, "varken en Excel-arbetsbok"),
        ("personer.csv", "e-post;namn\n".encode("utf-16"), "inte UTF-8"),
        ("tom.yaml", b"cases: []\n", "saknar ett organisation:-block"),
        ("okänd.csv", b"a;b\n1;2\n", "Okänt blad 'okänd'"),
    ],
)
def test_garbage_is_refused_with_a_message(db, tmp_path, capsys, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    before = table_counts()
    assert main(["import", str(path)]) == 2
    assert message in capsys.readouterr().err
    assert table_counts() == before


def test_an_existing_slug_writes_nothing(db, tmp_path, capsys):
    path = workbook(tmp_path / "firm.xlsx", small_firm())
    assert main(["import", str(path)]) == 0
    before = table_counts()
    assert main(["import", str(path)]) == 2
    assert "byran" in capsys.readouterr().err
    assert table_counts() == before


def test_a_slug_taken_by_a_concurrent_import_is_invalid_input_not_a_crash(
    db, tmp_path, monkeypatch
):
    """Two confirmations at once both see the slug free; the database's unique index stops
    the second, which is told so like any taken slug (nothing written)."""
    from django.db.models import QuerySet

    from ansvar.engine.errors import InvalidInput

    path = workbook(tmp_path / "firm.xlsx", small_firm())
    plan = _plan(intake.read(path))
    intake.found(plan)
    before = table_counts()
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # the check saw it free
    with pytest.raises(InvalidInput, match="'byran' exists already"):
        intake.found(_plan(intake.read(path)))
    monkeypatch.undo()
    assert table_counts() == before


def test_dry_run_writes_nothing(db, tmp_path, capsys):
    path = workbook(tmp_path / "firm.xlsx", small_firm())
    before = table_counts()
    assert main(["import", str(path), "--dry-run", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["people"] == 5 and summary["work_groups"] == 2 and summary["dry_run"]
    assert table_counts() == before
