"""The duties, an area's figures and the refused attempts as files, from the pages' links
and ``ansvar export``: each file holds what the page shows the same reader (compared with
the page's own rows), CSV parses with ``csv``, XLSX opens with openpyxl, the reads of
personal data are in the access log, and a reader the page's rule refuses gets the rule's
403 and nothing is written."""

import csv
import io
import json
import tracemalloc
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from ansvar.cli.main import main
from ansvar.decisions.models import AccessRecord, Refusal
from ansvar.duties.registry import duties
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.registry import perform
from ansvar.exports import lists
from ansvar.exports.tables import csv_chunks
from ansvar.org.founding import AreaSpec, OrganisationSpec, PersonSpec, found_organisation
from ansvar.org.models import Person
from tests.fixtures import give_account

SV_DUTY_HEADER = ["Slag", "Åtagande", "Ansvarig", "Senast", "Försenat", "Klausul", "Gäller", "Länk"]
EN_DUTY_HEADER = ["Kind", "Duty", "Owner", "Due", "Overdue", "Clause", "Target", "Link"]


def _client(person, lang: str = "sv") -> Client:
    give_account(person)
    client = Client()
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def _xlsx(response, tmp_path) -> list[list]:
    assert response.status_code == 200, response.status_code
    path = tmp_path / "download.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def _accesses(org, what: str) -> list[AccessRecord]:
    return list(AccessRecord.objects.filter(organisation=org, what=what).order_by("pk"))


def _refuse_some(org, people) -> None:
    """Three refused attempts: a consultant appointing a lead, a manager outside their area."""
    attempts = [
        (people["erik"], "appoint_client_lead", "client:alfa", {"person": "erik@example.se"}),
        (people["anna"], "set_salary", "person:petra@example.se", {"amount": "50000"}),
        (people["cecilia"], "give_notice", "person:erik@example.se", {"reason": "Test"}),
    ]
    for actor, action, target, args in attempts:
        with pytest.raises(PolicyRefused):
            perform(org, actor, action, target, args)


# --- duties --------------------------------------------------------------------------------


def test_the_duties_file_is_what_the_duties_page_lists(org, people, tmp_path):
    anna = people["anna"]
    client = _client(anna)
    page = client.get("/ataganden/")
    shown = page.context["duties"]
    assert shown, "Anna follows Erik's probation: she has duties"
    assert 'href="/ataganden/hamta.csv"' in page.content.decode()
    rows = _csv(client.get("/ataganden/hamta.csv"))
    assert rows[0] == SV_DUTY_HEADER
    assert len(rows) - 1 == page.context["page"].paginator.count
    today = timezone.localdate()
    for (duty, status, url), row in zip(shown, rows[1:], strict=True):
        assert row[:7] == [
            duty.kind,
            duty.title_sv,
            "anna@example.se",
            duty.due_on.isoformat(),
            "ja" if status == "overdue" else "nej",
            duty.clause,
            duty.subject,
        ]
        assert row[7] == (settings.ANSVAR_BASE_URL + url if url else "")
    # The people her duties are about were read by Anna: one access row each, none for
    # herself.
    about = {d.subject[7:] for d, _s, _u in shown if d.subject.startswith("person:")}
    assert "erik@example.se" in about
    records = _accesses(org, "duties_export")
    assert all(r.viewer == anna for r in records)
    assert sorted(r.subject.email for r in records) == sorted(about - {anna.email})
    assert "web export" in records[0].purpose and today.isoformat() in records[0].purpose
    # Erik sees on his own page who has read his data.
    own = _client(people["erik"]).get("/mina-uppgifter/").content.decode()
    assert "åtaganden som rör dig, i en fil" in own and "Anna Ao" in own
    assert "hämtning från webben" in own and "duties_export" not in own

    book = _xlsx(client.get("/ataganden/hamta.xlsx"), tmp_path)
    assert [[c if c is not None else "" for c in r] for r in book] == rows


def test_the_duties_file_is_in_english_on_an_english_page(org, people):
    anna = people["anna"]
    client = _client(anna, "en")
    assert "Download the whole list:" in client.get("/ataganden/").content.decode()
    rows = _csv(client.get("/ataganden/hamta.csv"))
    assert rows[0] == EN_DUTY_HEADER
    mine = duties(org, timezone.localdate(), person=anna)
    assert [r[1] for r in rows[1:]] == [d.title_en for d in mine]
    assert {r[4] for r in rows[1:]} <= {"yes", "no"}


def test_a_duties_file_about_no_one_else_records_no_read(org, people):
    petra = people["petra"]
    mine = duties(org, timezone.localdate(), person=petra)
    assert not [d for d in mine if d.subject.startswith("person:")]
    rows = _csv(_client(petra).get("/ataganden/hamta.csv"))
    assert len(rows) - 1 == len(mine)
    assert _accesses(org, "duties_export") == []


def test_an_unknown_file_type_is_not_found(org, people):
    client = _client(people["vera"])
    for url in (
        "/ataganden/hamta.pdf",
        "/omraden/opinion/siffror.jsonl",
        "/beslutslogg/nekade/hamta.x",
    ):
        assert client.get(url).status_code == 404, url
    assert AccessRecord.objects.filter(organisation=org).count() == 0


# --- area figures --------------------------------------------------------------------------


def test_the_area_figures_file_is_the_area_pages_table(org, people, tmp_path):
    today = timezone.localdate()
    perform(
        org,
        people["cecilia"],
        "record_client_figures",
        "client:alfa",
        {"month": today.isoformat()[:7], "revenue": "120000", "margin": "30000.50"},
    )
    client = _client(people["erik"])
    page = client.get("/omraden/opinion/")
    months = page.context["figures"]["months"]
    assert 'href="/omraden/opinion/siffror.csv"' in page.content.decode()
    rows = _csv(client.get("/omraden/opinion/siffror.csv"))
    assert rows[0] == [
        "Månad",
        "Personer",
        "Kunder",
        "Kunder som leds härifrån",
        "Aktiva uppdrag",
        "Intäkt",
        "Marginal",
    ]
    assert rows[1:] == [
        [
            m["month"],
            str(m["people"]),
            str(len(m["clients_led"])),
            ", ".join(m["clients_led"]),
            str(m["active_assignments"]),
            m["revenue"],
            m["margin"],
        ]
        for m in months
    ]
    assert rows[-1][3] == "alfa" and Decimal(rows[-1][5]) == Decimal("120000")
    book = _xlsx(client.get("/omraden/opinion/siffror.xlsx"), tmp_path)
    assert book[0] == rows[0]
    assert [Decimal(str(r[5])) for r in book[1:]] == [Decimal(m["revenue"]) for m in months]
    assert [r[1] for r in book[1:]] == [m["people"] for m in months]
    # Counts and sums: nobody's personal data, no access row.
    assert AccessRecord.objects.filter(organisation=org).count() == 0


def test_another_organisations_area_is_not_found(org, people):
    other = found_organisation(
        OrganisationSpec(
            name="Andra AB",
            slug="andra",
            ceo="ada@andra.se",
            people=[
                PersonSpec("ada@andra.se", "Ada", "hemma", timezone.localdate() - timedelta(400))
            ],
            areas=[AreaSpec("hemma", "Hemma", "ada@andra.se")],
        )
    )
    assert other.pk != org.pk
    client = _client(people["vera"])
    assert client.get("/omraden/hemma/siffror.csv").status_code == 404
    assert client.get("/omraden/hemma/siffror.xlsx").status_code == 404


# --- refusals ------------------------------------------------------------------------------


def _refusal_row(r: Refusal) -> list[str]:
    return [
        r.recorded_at.isoformat(),
        r.effective_on.isoformat(),
        r.actor.email if r.actor else "",
        r.actor.name if r.actor else "",
        r.action,
        r.target,
        r.clauses,
        r.decider,
        r.reason,
        json.dumps(r.args, ensure_ascii=False, sort_keys=True),
    ]


def test_the_ceo_downloads_the_refusals_page_as_csv_xlsx_and_json_lines(org, people, tmp_path):
    _refuse_some(org, people)
    vera = people["vera"]
    client = _client(vera)
    page = client.get("/beslutslogg/nekade/")
    assert 'href="/beslutslogg/nekade/hamta.jsonl"' in page.content.decode()
    listed = [row["refusal"] for row in page.context["rows"]]
    assert len(listed) == 3
    rows = _csv(client.get("/beslutslogg/nekade/hamta.csv"))
    assert rows[0][:3] == ["Registrerat", "Datum", "Av"]
    assert rows[1:] == [_refusal_row(r) for r in listed]

    records = _accesses(org, "refusals_export")
    assert [(r.viewer, r.subject) for r in records] == [(vera, None)]
    assert "3 refusals" in records[0].purpose

    book = _xlsx(client.get("/beslutslogg/nekade/hamta.xlsx"), tmp_path)
    assert [[c if c is not None else "" for c in r] for r in book] == rows

    response = client.get("/beslutslogg/nekade/hamta.jsonl")
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert [(d["action"], d["target"], d["clauses"], d["decider"]) for d in lines] == [
        (r.action, r.target, r.clauses, r.decider) for r in listed
    ]
    assert lines[0]["args"] == listed[0].args and lines[0]["actor"] == listed[0].actor.email
    assert len(_accesses(org, "refusals_export")) == 3


@pytest.mark.parametrize("who", ["anna", "cecilia", "erik", "petra"])
def test_only_the_ceo_exports_the_refusals(org, people, who):
    _refuse_some(org, people)
    client = _client(people[who])
    for fmt in ("csv", "xlsx", "jsonl"):
        response = client.get(f"/beslutslogg/nekade/hamta.{fmt}")
        assert response.status_code == 403
        text = response.content.decode()
        assert "VD1" in text and "Vera Vd" in text
    assert _accesses(org, "refusals_export") == []


def test_english_refusals_headers(org, people):
    _refuse_some(org, people)
    rows = _csv(_client(people["vera"], "en").get("/beslutslogg/nekade/hamta.csv"))
    assert rows[0] == [
        "Recorded",
        "Date",
        "By",
        "Name",
        "Action",
        "Target",
        "Clauses",
        "Decides",
        "Reason",
        "Details",
    ]


def test_twenty_thousand_refusals_stream_in_bounded_memory(org, people):
    """The CSV of 20,000 refusals is read in chunks: the peak of Python allocations while
    streaming it stays far below what the rows as model instances take."""
    vera = people["vera"]
    now = timezone.now()
    reason = "Bara kundansvarig styr arbetet i kundens arbetsgrupp (KA1). " * 3
    Refusal.objects.bulk_create(
        (
            Refusal(  # not chained (``records.add_refusal``): the export does not verify
                organisation=org,
                seq=i + 1,
                recorded_at=now - timedelta(seconds=i),
                effective_on=now.date(),
                actor=people["erik"],
                action="assign_work_item",
                target="client:alfa",
                clauses="KA1,P7",
                decider="cecilia@example.se",
                reason=reason,
                args={"title": f"Arbete {i}", "assignee": "erik@example.se"},
            )
            for i in range(20_000)
        ),
        batch_size=2000,
    )
    tracemalloc.start()
    try:
        table = lists.refusals_table(vera, org, via="test")
        size = lines = 0
        for piece in csv_chunks(table, "sv"):
            size += len(piece)
            lines += piece.count("\n")
        _current, streamed_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        materialised = list(Refusal.objects.filter(organisation=org).select_related("actor"))
        _current, materialised_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(materialised) == 20_000 and table.count == 20_000
    assert lines == 20_001 and size > 20_000 * 100
    # Bounded: chunks of 2,000 values and 500 rows of text, not 20,000 rows.
    assert streamed_peak < 8 * 1024 * 1024, streamed_peak
    assert streamed_peak * 4 < materialised_peak, (streamed_peak, materialised_peak)


# --- the command line ----------------------------------------------------------------------


def test_ansvar_export_duties_as_a_person(org, people, tmp_path, capsys):
    out = tmp_path / "duties.csv"
    assert main(["export", "duties", "--as", "anna@example.se", "--out", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    mine = duties(org, timezone.localdate(), person=people["anna"])
    assert rows[0] == SV_DUTY_HEADER
    assert [(r[0], r[1], r[6]) for r in rows[1:]] == [(d.kind, d.title_sv, d.subject) for d in mine]
    records = _accesses(org, "duties_export")
    about = {d.subject[7:] for d in mine if d.subject.startswith("person:")} - {"anna@example.se"}
    assert about and sorted(r.subject.email for r in records) == sorted(about)
    assert all(r.viewer == people["anna"] for r in records)
    assert "ansvar export" in records[0].purpose

    xlsx = tmp_path / "duties.xlsx"
    code = main(["export", "duties", "--as", "anna@example.se", "--lang", "en", "--out", str(xlsx)])
    assert code == 0
    book = openpyxl.load_workbook(xlsx, read_only=True)
    header, *data = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert header == EN_DUTY_HEADER
    assert [r[1] for r in data] == [d.title_en for d in mine]
    assert f"{len(mine)} rader / rows" in capsys.readouterr().out


def test_ansvar_export_area_figures_and_refusals(org, people, tmp_path):
    _refuse_some(org, people)
    figures = tmp_path / "opinion.xlsx"
    assert main(["export", "area-figures", "--area", "opinion", "--out", str(figures)]) == 0
    book = openpyxl.load_workbook(figures, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert len(rows) == 1 + 6 and rows[0][0] == "Månad"

    out = tmp_path / "nekade.jsonl"
    assert main(["export", "refusals", "--as", "vera@example.se", "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    expected = Refusal.objects.filter(organisation=org).order_by("-recorded_at", "-id")
    assert [d["action"] for d in lines] == [r.action for r in expected]
    records = _accesses(org, "refusals_export")
    assert [r.viewer for r in records] == [people["vera"]]


def test_ansvar_export_refuses_what_the_page_refuses(org, people, tmp_path, capsys):
    _refuse_some(org, people)
    out = tmp_path / "nekade.csv"
    assert main(["export", "refusals", "--as", "anna@example.se", "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "VD1" in err
    assert not out.exists()
    assert AccessRecord.objects.filter(organisation=org).count() == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "duties", "--out", "x.csv"], "--as is required"),
        (["export", "duties", "--as", "anna@example.se", "--out", "x.pdf"], "--out"),
        (["export", "duties", "--as", "nobody@example.se", "--out", "x.csv"], "--as"),
        (["export", "area-figures", "--out", "x.csv"], "--area is required"),
        (["export", "area-figures", "--area", "saknas", "--out", "x.csv"], "--area"),
        (["export", "refusals", "--out", "x.csv"], "--as is required"),
        (["export", "refusals", "--as", "vera@example.se", "--out", "x.json"], "--out"),
        (
            [
                "export",
                "refusals",
                "--as",
                "vera@example.se",
                "--at",
                "2026-01-01",
                "--out",
                "x.csv",
            ],
            "--at",
        ),
    ],
)
def test_ansvar_export_names_the_bad_field(
    org, people, tmp_path, capsys, monkeypatch, argv, message
):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert AccessRecord.objects.filter(organisation=org).count() == 0


def test_a_former_employee_reads_no_area_figures(org, people, tmp_path, capsys):
    today = timezone.localdate()
    gone = Person.objects.get(email="petra@example.se")
    gone.employments.update(last_day=today - timedelta(days=3))
    out = tmp_path / "f.csv"
    code = main(
        ["export", "area-figures", "--area", "analys", "--as", gone.email, "--out", str(out)]
    )
    assert code == 3
    assert "AO2" in capsys.readouterr().err
    assert not out.exists()


def test_a_name_that_looks_like_a_formula_stays_text(org, people, tmp_path):
    """What people typed never runs in a spreadsheet program: an apostrophe before it in
    CSV, a text cell in XLSX."""
    erik = people["erik"]
    erik.name = '=HYPERLINK("http://example.invalid")'
    erik.save()
    _refuse_some(org, people)
    client = _client(people["vera"])
    rows = _csv(client.get("/beslutslogg/nekade/hamta.csv"))
    names = [r[3] for r in rows[1:] if r[2] == "erik@example.se"]
    assert names == ["'" + erik.name]
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"".join(client.get("/beslutslogg/nekade/hamta.xlsx").streaming_content))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cells = [row[3] for row in sheet.iter_rows(min_row=2) if row[2].value == "erik@example.se"]
    assert [(c.value, c.data_type) for c in cells] == [(erik.name, "s")]
