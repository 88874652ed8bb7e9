"""The import page: a technical administrator uploads a file, sees what would be founded or
every problem by sheet, row and column (the answer of ``ansvar import``), and confirms; the
organisation is founded with its first technical administrator, or nothing is written."""

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ansvar import intake
from ansvar.accounts.actions import found_first_administrator
from ansvar.accounts.models import Invitation, TechnicalAdministrator
from ansvar.cli.main import main
from ansvar.decisions import log
from ansvar.decisions.models import Entry, Refusal
from ansvar.intake import uploads
from ansvar.org.models import Organisation, Person
from tests.fixtures import log_in
from tests.intake.test_import import small_firm, table_counts, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _kept_here(settings: Any, tmp_path: Path) -> None:
    settings.ANSVAR_IMPORT_DIR = tmp_path / "imports"
    settings.ANSVAR_BASE_URL = "http://testserver"


@pytest.fixture
def admin(org: Any, people: dict[str, Any], client: Client) -> Any:
    """Erik, a consultant on probation, is the example organisation's administrator."""
    found_first_administrator(org, people["erik"], timezone.localdate())
    log_in(client, people["erik"])
    return people["erik"]


def firm_file(tmp_path: Path, sheets: dict[str, list[list[object]]] | None = None) -> Any:
    path = workbook(tmp_path / "byran.xlsx", sheets or small_firm())
    return SimpleUploadedFile("byran.xlsx", path.read_bytes(), content_type=XLSX)


def kept(settings: Any) -> list[Path]:
    root = Path(settings.ANSVAR_IMPORT_DIR)
    return sorted(root.iterdir()) if root.is_dir() else []


def upload(client: Client, *files: Any) -> Any:
    return client.post("/admin-konton/importera/", {"file": list(files)})


def token_of(page: str) -> str:
    match = re.search(r'name="upload" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def problem_rows(page: str) -> list[list[str]]:
    body = page.split('<table id="problems"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], flags=re.S)
    return [
        [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


def test_the_page_is_offered_to_the_administrator(admin, client):
    account = client.get("/konto/").text
    assert 'id="import-link"' in account
    accounts = client.get("/admin-konton/").text
    assert 'href="/admin-konton/importera/"' in accounts
    page = client.get("/admin-konton/importera/")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    assert 'accept=".xlsx,.zip,.csv,.yaml,.yml"' in page.text
    template = client.get("/admin-konton/importera/mall.xlsx")
    assert template.status_code == 200 and template["Content-Type"] == XLSX
    assert template.content[:2] == b"PK"


def test_a_good_workbook_is_previewed_then_founded_with_its_first_administrator(
    admin, client, tmp_path, settings, django_capture_on_commit_callbacks
):
    before = table_counts()
    preview = upload(client, firm_file(tmp_path))
    assert preview.status_code == 200
    page = preview.text
    assert "Byrån AB" in page and "byran" in page and "Vera Vd (vera@byran.se)" in page
    counts = dict(re.findall(r"<tr><th>([^<]+)</th><td>(\d+)</td></tr>", page))
    assert counts == {
        "Personer": "5",
        "Affärsområden": "3",
        "Kunder": "2",
        "Platser i arbetsgrupper": "2",
        "Kompetenser": "1",
    }
    assert '<option value="vera@byran.se" selected>' in page  # the CEO, unless changed
    assert table_counts() == before  # a preview writes nothing
    (waiting,) = kept(settings)
    assert waiting.name == token_of(page)
    assert oct(waiting.stat().st_mode & 0o777) == "0o600"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/admin-konton/importera/grunda/",
            {"upload": token_of(page), "admin": "olof@byran.se"},
        )
    assert done.status_code == 302 and done.url == "/admin-konton/importera/klart/"
    org = Organisation.objects.get(slug="byran")
    assert Person.objects.filter(organisation=org).count() == 5
    olof = Person.objects.get(organisation=org, email="olof@byran.se")
    assert TechnicalAdministrator.objects.get(organisation=org).person == olof
    assert Invitation.objects.get(organisation=org).person == olof
    (message,) = mail.outbox
    assert message.to == ["olof@byran.se"] and "/konto/inbjudan/" in message.body
    entries = list(Entry.objects.filter(organisation=org).order_by("seq"))
    assert [e.action for e in entries] == [
        "found_organisation",
        "import_activity",  # the competence register
        "name_first_technical_admin",
        "invite_person",
    ]
    assert entries[0].public["requested_by"] == admin.pk
    assert entries[0].public["requested_in"] == "exempel"
    assert log.verify(org).ok
    assert kept(settings) == []  # the file is gone with the confirmation

    result = client.get(done.url).text
    assert "Byrån AB är grundad" in result
    assert "Olof Ao (olof@byran.se) är organisationens första tekniska administratör" in result
    assert "giltig i 7 dagar" in result
    assert "bjuder hen in alla som saknar konto (4)" in result
    assert entries[0].hash[:16] in result and "Grunda organisationen" in result
    # The same confirmation again founds nothing: the file and its token are gone.
    again = client.post(
        "/admin-konton/importera/grunda/", {"upload": token_of(page), "admin": "olof@byran.se"}
    )
    assert again.status_code == 400 and "Förhandsgranskningen finns inte längre" in again.text
    assert Organisation.objects.filter(slug="byran").count() == 1


def test_the_new_administrator_invites_everyone_just_imported(
    admin, client, tmp_path, django_capture_on_commit_callbacks
):
    page = upload(client, firm_file(tmp_path)).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin-konton/importera/grunda/", {"upload": token_of(page), "admin": "vera@byran.se"}
        )
    vera = Person.objects.get(email="vera@byran.se")
    new = Client()
    new.force_login(vera.user)
    accounts = new.get("/admin-konton/").text
    assert "Bjud in alla som saknar konto (4)" in accounts
    with django_capture_on_commit_callbacks(execute=True):
        new.post("/admin-konton/bjud-in-alla/")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@byran.se",
        "cecilia@byran.se",
        "erik@byran.se",
        "olof@byran.se",
        "vera@byran.se",
    ]
    invited = Entry.objects.filter(organisation=vera.organisation, action="invite_person")
    assert invited.count() == 5 and {e.actor_id_ref for e in invited} == {vera.pk}


def test_a_bad_workbook_shows_every_problem_by_row_and_writes_nothing(
    admin, client, tmp_path, capsys, settings
):
    sheets = small_firm()
    sheets["personer"][4][0] = "anna@byran.se"  # row 5 repeats row 3's address
    sheets["personer"][2][3] = "okänd"  # row 3: an unknown area
    sheets["kompetenser"][1][2] = 9
    before = table_counts()
    response = upload(client, firm_file(tmp_path, sheets))
    assert response.status_code == 400
    rows = problem_rows(response.text)
    assert ["personer", "5", "e-post", "anna@byran.se finns redan på rad 3."] in rows
    assert ["personer", "3", "område", "okänt område &#x27;okänd&#x27;."] in rows
    assert "4 fel i byran.xlsx; inget har skrivits" in response.text
    assert 'id="confirm"' not in response.text  # nothing to confirm
    assert table_counts() == before and kept(settings) == []
    assert Entry.objects.count() == before["decisions.Entry"]
    assert Person.objects.count() == before["org.Person"]

    # The same problems, in the same order, as ansvar import --dry-run gives.
    path = tmp_path / "byran.xlsx"
    assert main(["import", str(path), "--dry-run", "--json"]) == 2
    cli = json.loads(capsys.readouterr().out)["problems"]
    assert [[p["sheet"], p["row"], p["column"]] for p in cli] == [
        [p.sheet, p.row, p.column] for p in intake.check(intake.read(path))[1]
    ]
    page_text = [r[3].replace("&#x27;", "'") for r in rows]
    assert page_text == [p["sv"].split(": ", 1)[1] for p in cli]


def test_the_problems_in_english(admin, client, tmp_path):
    from tests.interfaces.test_i18n_pages import _english, _no_swedish

    sheets = small_firm()
    sheets["personer"][2][3] = "analysis"
    _english(client)
    response = upload(client, firm_file(tmp_path, sheets))
    assert response.status_code == 400
    assert problem_rows(response.text) == [
        ["people", "3", "area", "unknown area &#x27;analysis&#x27;."]
    ]
    _no_swedish(response.text, "/admin-konton/importera/")
    _no_swedish(client.get("/admin-konton/importera/").text, "/admin-konton/importera/")
    preview = upload(client, firm_file(tmp_path)).text
    assert "What is founded" in preview and "First technical administrator" in preview
    _no_swedish(preview, "the preview")
    done = client.post(
        "/admin-konton/importera/grunda/", {"upload": token_of(preview), "admin": "vera@byran.se"}
    )
    page = client.get(done.url).text
    assert "Byrån AB is founded" in page and "Found the organisation" in page
    _no_swedish(page, done.url)


def test_a_taken_slug_is_a_problem_of_the_preview_as_of_the_cli(admin, client, tmp_path, capsys):
    sheets = small_firm()
    sheets["organisation"][1][1] = "exempel"  # the example organisation's own slug
    before = table_counts()
    rows = problem_rows(upload(client, firm_file(tmp_path, sheets)).text)
    assert rows == [
        [
            "organisation",
            "2",
            "kortnamn",
            "det finns redan en organisation med kortnamnet &#x27;exempel&#x27;; ange ett "
            "annat kortnamn.",
        ]
    ]
    assert main(["import", str(tmp_path / "byran.xlsx"), "--dry-run"]) == 2
    assert "organisation, rad 2, kolumn kortnamn: det finns redan" in capsys.readouterr().err
    assert table_counts() == before


def test_several_csv_files_at_once_are_read_as_a_folder_of_them(admin, client, tmp_path):
    files = []
    for sheet, rows in small_firm().items():
        text = "\n".join(";".join("" if c is None else str(c) for c in row) for row in rows)
        files.append(SimpleUploadedFile(f"{sheet}.csv", ("\ufeff" + text).encode()))
    response = upload(client, *files)
    assert response.status_code == 200, response.text
    assert "Byrån AB" in response.text and "csv-filer.zip" in response.text
    mixed = upload(client, files[0], SimpleUploadedFile("x.yaml", b"organisation: {}"))
    assert mixed.status_code == 400 and "x.yaml är ingen CSV-fil" in mixed.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("byran.xlsx", os.urandom(uploads.MAX_BYTES), "varken en Excel-arbetsbok"),
        ("byran.zip", b"PK\x03\x04 trasig", "varken en Excel-arbetsbok"),
        ("byran.yaml", b"organisation: [1, 2", "Ogiltig YAML"),
        ("byran.csv", "e-post;namn\n".encode("utf-16"), "inte UTF-8"),
    ],
)
def test_garbage_is_refused_with_a_clear_message(admin, client, settings, name, data, message):
    before = table_counts()
    response = upload(client, SimpleUploadedFile(name, data))
    assert response.status_code == 400
    assert message in response.text and 'id="import-error"' in response.text
    assert "Traceback" not in response.text
    assert table_counts() == before and kept(settings) == []


def test_a_file_over_the_limit_is_refused_unread(admin, client, settings):
    before = table_counts()
    big = SimpleUploadedFile("byran.xlsx", b"\0" * (uploads.MAX_BYTES + 1))
    response = upload(client, big)
    assert response.status_code == 413
    assert "Filen är för stor (10.0 MB); högst 10 MB tas emot" in response.text
    assert table_counts() == before and kept(settings) == []


def test_no_file(admin, client):
    response = client.post("/admin-konton/importera/", {})
    assert response.status_code == 400 and "Välj en fil att importera" in response.text


@pytest.mark.parametrize("who", ["vera", "anna", "petra"])
def test_nobody_but_an_administrator_may_not_the_ceo(org, people, tmp_path, who, settings):
    found_first_administrator(org, people["erik"], timezone.localdate())
    client = Client()
    log_in(client, people[who])
    before = table_counts()
    for response in (
        client.get("/admin-konton/importera/"),
        client.get("/admin-konton/importera/mall.xlsx"),
        client.get("/admin-konton/importera/klart/"),
        upload(client, firm_file(tmp_path)),
        client.post("/admin-konton/importera/grunda/", {"upload": "x" * 43, "admin": "x"}),
        client.post("/admin-konton/importera/avbryt/", {"upload": "x" * 43}),
    ):
        assert response.status_code == 403
        assert "tekniska administratörerna (Erik Ny)" in response.text
        assert "(P7)" in response.text
    assert table_counts() == before and kept(settings) == []
    assert 'id="import-link"' not in client.get("/konto/").text


def test_a_log_in_without_a_person_is_refused(db, client):
    client.force_login(User.objects.create_user("drift@example.se", password="x"))
    response = client.get("/admin-konton/importera/")
    assert response.status_code == 403 and "inte kopplat till någon person" in response.text


def test_the_upload_needs_the_csrf_token(admin, tmp_path):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin.user)
    assert strict.post("/admin-konton/importera/", {"file": firm_file(tmp_path)}).status_code == 403
    page = strict.get("/admin-konton/importera/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    ok = strict.post(
        "/admin-konton/importera/",
        {"csrfmiddlewaretoken": token.group(1), "file": firm_file(tmp_path)},
    )
    assert ok.status_code == 200 and "Byrån AB" in ok.text


def test_the_confirmation_trusts_nothing_but_the_session_s_own_file(
    admin, client, tmp_path, settings
):
    page = upload(client, firm_file(tmp_path)).text
    token = token_of(page)
    before = table_counts()
    # A token this session was never given, and one of another session.
    other = Client()
    other.force_login(admin.user)
    for c, t in ((client, "A" * 43), (other, token), (client, "../../etc/passwd")):
        refused = c.post("/admin-konton/importera/grunda/", {"upload": t, "admin": "vera@byran.se"})
        assert refused.status_code == 400 and "finns inte längre" in refused.text
    # Someone not in the file as the administrator.
    wrong = client.post("/admin-konton/importera/grunda/", {"upload": token, "admin": "kim@x.se"})
    assert wrong.status_code == 400 and "bland personerna i filen" in wrong.text
    # The kept file changed on the server after the preview.
    (waiting,) = kept(settings)
    waiting.write_bytes(waiting.read_bytes() + b"\0")
    changed = client.post(
        "/admin-konton/importera/grunda/", {"upload": token, "admin": "vera@byran.se"}
    )
    assert changed.status_code == 400 and "finns inte längre" in changed.text
    assert table_counts() == before
    assert not Organisation.objects.filter(slug="byran").exists()


def test_a_preview_waits_an_hour_at_most(admin, client, tmp_path, settings):
    page = upload(client, firm_file(tmp_path)).text
    (waiting,) = kept(settings)
    old = time.time() - uploads.KEEP_SECONDS - 1
    os.utime(waiting, (old, old))
    response = client.post(
        "/admin-konton/importera/grunda/", {"upload": token_of(page), "admin": "vera@byran.se"}
    )
    assert response.status_code == 400 and "sparas en timme" in response.text
    assert not Organisation.objects.filter(slug="byran").exists()
    upload(client, firm_file(tmp_path))  # the next upload clears away what waited too long
    assert [p.name for p in kept(settings)] != [waiting.name] and len(kept(settings)) == 1


def test_cancel_throws_the_file_away(admin, client, tmp_path, settings):
    page = upload(client, firm_file(tmp_path)).text
    response = client.post(
        "/admin-konton/importera/avbryt/", {"upload": token_of(page)}, follow=True
    )
    assert "Importen avbröts; inget har skrivits." in response.text
    assert kept(settings) == []
    assert not Organisation.objects.filter(slug="byran").exists()


def test_a_refused_first_administrator_leaves_nothing_written(admin, client, tmp_path):
    """Vera's address is someone's log-in already: the invitation is refused, and with it
    the founding, the naming and the refusal record itself."""
    User.objects.create_user("vera@byran.se", password="x")
    page = upload(client, firm_file(tmp_path)).text
    before = table_counts()
    response = client.post(
        "/admin-konton/importera/grunda/", {"upload": token_of(page), "admin": "vera@byran.se"}
    )
    assert response.status_code == 400
    assert "vera@byran.se är redan inloggningen för någon annan" in response.text
    assert "välj någon annan som första administratör" in response.text
    assert table_counts() == before and Refusal.objects.count() == before["decisions.Refusal"]
    assert not Organisation.objects.filter(slug="byran").exists()
    # The file still waits: another administrator founds it.
    chosen = client.post(
        "/admin-konton/importera/grunda/", {"upload": token_of(page), "admin": "anna@byran.se"}
    )
    assert chosen.status_code == 302
    assert Organisation.objects.filter(slug="byran").exists()


def test_the_cli_names_the_first_administrator_too(db, tmp_path, capsys):
    path = workbook(tmp_path / "byran.xlsx", small_firm())
    before = table_counts()
    assert main(["import", str(path), "--admin", "nobody@byran.se"]) == 2
    assert "not among the people of the file" in capsys.readouterr().err
    assert table_counts() == before
    assert main(["import", str(path), "--admin", "Anna@Byran.se", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["administrator"] == "anna@byran.se" and out["invited"] is True
    assert [e["action"] for e in out["entries"]][-2:] == [
        "name_first_technical_admin",
        "invite_person",
    ]
    org = Organisation.objects.get(slug="byran")
    assert "requested_by" not in Entry.objects.get(organisation=org, seq=1).public


def test_a_slug_taken_between_preview_and_confirmation_is_shown_as_a_problem(
    admin, client, tmp_path, monkeypatch
):
    """Another confirmation founds the same slug after this one's check and before its
    founding: the database refuses it, and the page says it as the preview would."""
    from ansvar.engine.errors import InvalidInput
    from ansvar.web import views_import

    page = upload(client, firm_file(tmp_path)).text

    def faster(plan, *args, **kwargs):
        intake.found(plan)  # the concurrent one, committed first
        raise InvalidInput("an organisation 'byran' exists already", "slug")

    monkeypatch.setattr(views_import.intake, "found_with_administrator", faster)
    response = client.post(
        "/admin-konton/importera/grunda/", {"upload": token_of(page), "admin": "vera@byran.se"}
    )
    assert response.status_code == 400
    assert problem_rows(response.text)[0][:3] == ["organisation", "2", "kortnamn"]
    assert "det finns redan en organisation" in response.text
