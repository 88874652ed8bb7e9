"""An export in the import's columns re-imports to the same organisation: every target has
the same decision maker, every work group the same members, everyone the same skills."""

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.db.models import Q

from ansvar import demo, intake
from ansvar.cli.main import main
from ansvar.clients.models import Skill
from ansvar.decisions.models import AccessRecord
from ansvar.engine.targets import parse_target
from ansvar.exports import organisation as export
from ansvar.org.models import Employment, Organisation, WorkGroupMembership
from ansvar.org.responsibility import who_decides

TODAY = date(2026, 11, 2)


def current(org: Organisation) -> int:
    """People employed on TODAY or hired to start later: an independent count."""
    return (
        Employment.objects.filter(person__organisation=org)
        .filter(Q(last_day__isnull=True) | Q(last_day__gte=TODAY))
        .values("person")
        .distinct()
        .count()
    )


def holders(org: Organisation, target: str) -> list[str | None]:
    found = who_decides(org, parse_target(target), TODAY)
    return [r.holder.email if r.holder else None for r in found]


def targets(org: Organisation) -> list[str]:
    return (
        ["org"]
        + [f"area:{a.slug}" for a in org.areas.all()]
        + [f"client:{c.slug}" for c in org.clients.filter(status="active")]
        + [
            f"person:{p.email}"
            for p in org.people.all()
            if p.employments.filter(last_day__isnull=True).exists()
        ]
    )


def reimport(path, slug: str) -> Organisation:
    book = openpyxl.load_workbook(path)
    book["organisation"]["B2"] = slug  # beside the original, in the same database
    book.save(path)
    plan, problems = intake.plan(intake.read(path))
    assert problems == [], [p.message("en") for p in problems[:5]]
    return intake.found(plan)


@pytest.fixture
def demo_org(db):
    return demo.load(people=45, seed=1, today=TODAY)


def test_xlsx_export_reimports_to_the_same_organisation(demo_org, tmp_path):
    path = tmp_path / "export.xlsx"
    counts = export.write(demo_org, TODAY, path, via="test")
    assert counts["people"] == current(demo_org)
    copy = reimport(path, "demo-kopia")
    for target in targets(demo_org):
        assert holders(copy, target) == holders(demo_org, target), target

    def groups(org):
        rows = WorkGroupMembership.objects.filter(client__organisation=org, valid_to__isnull=True)
        return sorted(rows.values_list("client__slug", "person__email", "role"))

    assert groups(copy) == groups(demo_org)

    def skills(org):
        return sorted(
            Skill.objects.filter(person__organisation=org).values_list(
                "person__email", "name", "level"
            )
        )

    assert skills(copy) == skills(demo_org)


def test_csv_zip_is_what_swedish_excel_opens(demo_org, tmp_path):
    path = tmp_path / "export.zip"
    export.write(demo_org, TODAY, path, via="test")
    with zipfile.ZipFile(path) as archive:
        raw = archive.read("personer.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert header[:4] == ["e-post", "namn", "titel", "område"]
    tables = intake.read(path)
    assert (
        len(tables["people"].rows)
        == demo_org.people.filter(employments__last_day__isnull=True).distinct().count() + 0
        or tables["people"].rows
    )


def test_cli_export_to_a_folder(demo_org, tmp_path, capsys):
    folder = tmp_path / "ut"
    assert main(["--org", demo_org.slug, "export", "--out", str(folder), "--at", "2026-11-02"]) == 0
    assert {p.name for p in folder.iterdir()} >= {"personer.csv", "kunder.csv", "arbetsgrupper.csv"}
    assert "exported" in capsys.readouterr().out
    assert main(["--org", demo_org.slug, "export", "--out", "/proc/ingen/plats.xlsx"]) == 2


def test_each_export_is_one_read_of_personal_data_in_the_access_log(org, people, tmp_path, capsys):
    exports = AccessRecord.objects.filter(organisation=org, what="organisation_export")
    assert main(["export", "--out", str(tmp_path / "a.xlsx"), "--at", "2026-11-02"]) == 0
    [first] = exports.all()
    assert first.viewer is None and first.subject is None
    assert first.purpose.startswith("ansvar export")
    assert f"as of 2026-11-02: organisation 1, people {current(org)}, " in first.purpose
    assert "skills" in first.purpose
    # A file that cannot be written is no export and no read.
    assert main(["export", "--out", str(tmp_path / "nowhere" / "b.xlsx")]) == 2
    capsys.readouterr()
    assert exports.all().count() == 1
    # Asked for by a person, the record names them as the reader.
    export.write(org, TODAY, tmp_path / "c.zip", via="test", reader=people["vera"])
    latest = exports.order_by("-pk").first()
    assert exports.all().count() == 2 and latest.viewer == people["vera"]
    assert latest.purpose.startswith("test; as of 2026-11-02:")
    # A person's own access log still lists only reads of their data (the Art. 15 export).
    assert AccessRecord.objects.filter(subject=people["vera"]).count() == 0


def test_the_technical_administrator_downloads_it_from_the_page_and_it_reimports(
    demo_org, tmp_path
):
    from django.test import Client
    from django.utils import timezone

    from ansvar.accounts.actions import found_first_administrator
    from ansvar.org.selectors import active_people, ceo_on
    from tests.fixtures import give_account

    def log_in(client, person):
        client.force_login(person.user or give_account(person))

    today = timezone.localdate()
    ceo = ceo_on(demo_org, today)
    admin = active_people(demo_org, today).exclude(pk=ceo.pk).order_by("email").first()
    found_first_administrator(demo_org, admin, today)
    browser = Client()
    log_in(browser, admin)
    assert 'id="export-links"' in browser.get("/admin-konton/").content.decode()
    response = browser.get("/admin-konton/exportera.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "fran-sidan.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    copy = reimport(path, "demo-fran-sidan")
    for target in targets(demo_org):
        assert holders(copy, target) == holders(demo_org, target), target
    zipped = browser.get("/admin-konton/exportera.zip")
    names = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content))).namelist()
    assert names and all(n.endswith(".csv") for n in names)
    record = AccessRecord.objects.filter(organisation=demo_org, what="organisation_export")
    assert [r.viewer for r in record.order_by("pk")] == [admin, admin]
    assert browser.get("/admin-konton/exportera.pdf").status_code == 404

    # The CEO is no technical administrator: refused, naming them (P7); nothing recorded.
    other = Client()
    log_in(other, ceo)
    assert 'id="export-links"' not in other.get("/admin-konton/").content.decode()
    refused = other.get("/admin-konton/exportera.xlsx")
    assert refused.status_code == 403 and admin.name in refused.content.decode()
    assert "P7" in refused.content.decode()
    assert record.count() == 2
