"""English everywhere a person reads text: every page in English once chosen, Swedish by
default, and the English catalogue complete (no empty or fuzzy entry) and compiled."""

import gettext
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.utils import formats, timezone, translation

import ansvar
from ansvar.clients.models import WorkItem
from ansvar.decisions.models import Entry
from ansvar.engine.registry import ACTIONS, perform
from ansvar.org.models import Assignment, Client, Holding, Person, WorkGroupMembership
from ansvar.people.models import Candidate, Position, ProbationDecision, Separation, Talk
from ansvar.web.choice_words import CHOICE_WORDS
from ansvar.web.labels import ACTION_LABELS, ARG_LABELS, CHOICE_LABELS
from tests.fixtures import log_in

MESSAGES = Path(ansvar.__file__).parent / "locale" / "en" / "LC_MESSAGES"

# Swedish words of the interface that must never reach an English reader.
SWEDISH = (
    "Arbetsgrupp",
    "Arbetsgrupper",
    "Handlingar",
    "Kundansvarig",
    "kundansvarig",
    "Åtaganden",
    "Åtagande",
    "Beslutslogg",
    "Aviseringar",
    "Ansvarskarta",
    "Affärsområdeschef",
    "Mina kunder",
    "Logga in",
    "Logga ut",
    "Lösenord",
    "sedan",
    "Inga",
    "Ingen",
    "Uppdrag",
    "Medarbetare",
    "Lön",
    "Samtal",
    "Beslut",
    "Föreslå",
    "Nekade",
    "oläst",
    "Konsult",
    "Medlem",
    "Biträdande",
    "Ersättare",
    "Kompetenser",
    "Signaler",
    "Kritik",
    "dagar",
    "t.ex.",
    "Utvecklingssamtal",
    "Sida",
    "Status:",
    "Datum",
    "Gäller",
    "Ansvarsområde",
    "Min sida",
    "Vem beslutar",
    "Nekat",
    "ersättare",
    "kundansvarige",
    "och",
    "är",
    "för",
    "inte",
    "som",
    "har",
    "till",
)


def _as(client, person):
    """Log in as someone else, keeping the language cookie."""
    if person.user_id is None:
        log_in(client, person)
    else:
        client.force_login(person.user)


def _english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _text(page):
    """What a reader sees: no styles, no tags, and no part marked as Swedish (lang="sv",
    the language button)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<(?!html)(\w+)\b[^>]*\blang="sv"[^>]*>.*?</\1>', " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _swedish_words(page):
    text = _text(page)
    return [w for w in SWEDISH if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def _no_swedish(page, url):
    found = _swedish_words(page)
    assert not found, f"{url}: Swedish in English mode: {found}"


@pytest.fixture
def busy(org, people):
    """The example organisation with something on every page."""
    today = timezone.localdate()
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "Kampanj"})
    perform(org, people["cecilia"], "report_criticism", "client:alfa", {"summary": "Late reply"})
    perform(
        org,
        people["cecilia"],
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Pressrelease", "purpose": "quality"},
    )
    perform(
        org,
        people["cecilia"],
        "set_skill",
        "person:cecilia@example.se",
        {"name": "python", "level": 4},
    )
    perform(org, people["anna"], "set_salary", "person:cecilia@example.se", {"amount": 52000})
    perform(
        org,
        people["anna"],
        "record_development_talk",
        "person:cecilia@example.se",
        {"held_on": today.isoformat(), "notes": "Wants to lead more"},
    )
    position = perform(
        org, people["anna"], "open_position", "area:opinion", {"title": "Press officer"}
    ).result
    perform(
        org,
        people["anna"],
        "add_candidate",
        "area:opinion",
        {"position": position.pk, "name": "Lo Sökande", "email": "lo@example.org"},
    )
    perform(
        org, people["cecilia"], "request_coaching", "person:anna@example.se", {"topic": "Pitch"}
    )
    return people


# (viewer, url, English words that must be there)
PAGES = (
    ("erik", "/vem-bestammer/?q=alfa", ("Who decides?", "Add to the work group", "Why")),
    ("cecilia", "/", ("Hello Cecilia Ka", "Your duties", "Your responsibilities", "Notifications")),
    ("erik", "/kalender/", ("Your calendar", "Make a calendar address")),
    ("erik", "/mina-uppgifter/", ("Who has read my data", "Download my data (JSON)")),
    (
        "anna",
        "/ansvarskarta/",
        ("Responsibility map", "Area of responsibility", "Decision maker", "As of"),
    ),
    (
        "cecilia",
        "/kunder/",
        ("My clients", "Clients you lead", "Work groups you are in", "All active clients"),
    ),
    (
        "cecilia",
        "/kunder/alfa/?skill=python",
        (
            "Client lead:",
            "Work group",
            "Open work items",
            "Assignments",
            "Decisions about the collaboration",
            "Criticism from the client",
            "Staffing suggestions (KA6)",
            "Actions",
            "Quality",
            "Assistant",
            "e.g.",
            "End the client …",
        ),
    ),
    (
        "cecilia",
        "/kunder/alfa/avsluta/",
        (
            "End the collaboration with Alfa AB",
            "What will happen",
            "This cannot be undone.",
            "Yes, end the client",
        ),
    ),
    (
        "vera",
        "/vd/",
        (
            "The CEO's overview",
            "Proposals in their veto window (VD5)",
            "Criticism to acknowledge (KA7)",
            "Signals",
            "Today's figures for P1, P2, AO1 and KA5",
            "Veto",
        ),
    ),
    ("vera", "/vd/siffror/", ("The signals", "Today's figures", "KA5: replaceability", "Median")),
    ("vera", "/aviseringar/", ("Notifications", "Mark all as read", "unread")),
    (
        "anna",
        "/personer/cecilia@example.se/",
        (
            "Client responsibilities and work groups",
            "Skills",
            "Salary",
            "Talks",
            "Development talk",
            "Decisions about the person",
            "Consultant",
        ),
    ),
    (
        "anna",
        "/personer/erik@example.se/",
        ("Probation", "Member in the work group of", "Duties about the person"),
    ),
    (
        "anna",
        "/omraden/opinion/",
        ("People", "Open positions and candidates", "Decisions about the area", "Interview"),
    ),
    (
        "vera",
        "/vd/rotation/",
        ("Unit rotation (VD3)", "Proposed moves", "Review the decision", "Earlier rotation"),
    ),
    ("vera", "/vd/affarsomraden/", ("Business areas (VD1)", "Area manager", "Short name")),
    (
        "vera",
        "/vd/parametrar/",
        ("Policy parameters (VD1)", "Now", "Default", "New value", "Change", "no"),
    ),
    ("anna", "/coachning/", ("Coaching (AO5)", "Requests to you", "Topic:", "1 unanswered.")),
    ("cecilia", "/coachning/", ("Your requests", "open, answer by", "Ask for coaching")),
    (
        "vera",
        "/beslutslogg/",
        ("Decision log", "Verify the chain", "Refused attempts", "Page 1", "Client lead"),
    ),
    ("vera", "/beslutslogg/nekade/", ("Refused attempts", "Reason")),
    (
        "erik",
        "/organisation/bild/?datum=2026-12-01",
        ("The organisation as a picture", "on 1 December 2026", "Manager: Anna Ao"),
    ),
    ("erik", "/omraden/opinion/bild/", ("Opinion as a picture", "client lead", "people")),
    ("anna", "/omraden/opinion/", ("Revenue and margin", "People and clients", "SEK")),
    (
        "vera",
        "/vd/signaler/",
        ("Signals over time", "P1: share leading a client", "The same figures in a table"),
    ),
)


def test_every_page_is_in_english_once_english_is_chosen(client, org, busy):
    log_in(client, busy["erik"])
    _english(client)
    # Erik tries what is the lead's, so the refusals page has a row.
    client.post("/handling/set_deputy/", {"target": "client:alfa", "person": "erik@example.se"})
    for who, url, words in PAGES:
        _as(client, busy[who])
        page = _page(client, url)
        assert 'lang="en"' in page, url
        missing = [w for w in words if w not in page]
        assert not missing, f"{url}: {missing}"
        _no_swedish(page, url)
    # A refusal keeps the reason it was recorded with, in Swedish: marked as such.
    refusals = _page(client, "/beslutslogg/nekade/")
    assert re.search(r'<td data-label="[^"]*" lang="sv">Bara Alfa AB\S* kundansvarige?', refusals)


def test_the_log_names_roles_not_codes(client, org, busy):
    _as(client, busy["vera"])
    swedish = _text(_page(client, "/beslutslogg/"))
    assert "Kundansvarig" in swedish and "Affärsområdeschef" in swedish
    _english(client)
    english = _text(_page(client, "/beslutslogg/"))
    assert "Client lead" in english and "Area manager" in english
    # The founding entry is the system's own: named in words, never by its role code.
    assert "Systemet" in swedish and "The system" in english
    # (and "by the system", the door of such an entry, is words too)
    english = re.sub(r"(?i)\bthe system\b", "", english)
    for code in ("client_lead", "area_manager", "system"):
        assert not re.search(rf"\b{code}\b", swedish) and not re.search(rf"\b{code}\b", english)


def test_the_guard_finds_swedish_on_the_swedish_pages(client, org, busy):
    """The word list is not vacuous: the same pages in Swedish trip it."""
    for who, url, _words in PAGES:
        _as(client, busy[who])
        page = _page(client, url)
        assert 'lang="sv"' in page and len(_swedish_words(page)) >= 2, url


def test_the_log_in_page_and_the_403_pages_in_english(client, org, people):
    _english(client)
    login = _page(client, "/logga-in/")
    assert "Log in" in login and "E-mail address" in login and "Password" in login
    _no_swedish(login, "/logga-in/")
    log_in(client, people["anna"])
    ceo_only = _page(client, "/vd/", 403)
    assert "No access" in ceo_only and "Only the CEO, Vera Vd, sees this page." in ceo_only
    refusals = _page(client, "/beslutslogg/nekade/", 403)
    assert "No access" in refusals
    assert "Only the CEO, Vera Vd, sees the refused attempts." in refusals
    verify = client.post("/beslutslogg/verifiera/")
    assert verify.status_code == 403 and "No access" in verify.content.decode()
    user = User.objects.create_user(username="ingen", password="hemligt-lösen-1")
    client.force_login(user)
    unlinked = _page(client, "/kunder/", 403)
    assert "Your account is not linked to a person" in unlinked
    assert "To the home page" in unlinked
    for page, url in ((ceo_only, "/vd/"), (refusals, "nekade"), (unlinked, "/kunder/")):
        _no_swedish(page, url)


def test_dates_follow_the_chosen_language(client, org, people):
    since = Holding.objects.get(client__slug="alfa").valid_from
    with translation.override("en"):
        english = formats.date_format(since)
    with translation.override("sv"):
        swedish = formats.date_format(since)
    assert english != swedish
    log_in(client, people["cecilia"])
    page = _page(client, "/")
    assert swedish in page and english not in page
    _english(client)
    page = _page(client, "/")
    assert f"Client lead for Alfa AB since {english}" in page and swedish not in page


def test_messages_after_an_action_are_in_english(client, org, people):
    log_in(client, people["anna"])
    _english(client)
    refused = client.post(
        "/handling/assign_work_item/",
        {"target": "client:alfa", "assignee": "erik@example.se", "title": "X", "next": "/"},
        follow=True,
    ).content.decode()
    assert "Refused (P7, KA1):" in refused and "Nekat" not in refused
    _as(client, people["cecilia"])
    done = client.post(
        "/handling/assign_work_item/",
        {"target": "client:alfa", "assignee": "erik@example.se", "title": "X", "next": "/"},
        follow=True,
    ).content.decode()
    entry = Entry.objects.get(action="assign_work_item")
    assert WorkItem.objects.get().title == "X"
    assert f"(logged as no. {entry.seq})" in done and "loggat som nr" not in done


def test_swedish_stays_the_default(client, org, busy):
    """No cookie: Swedish, whatever the browser asks for; and back to Swedish by choice."""
    log_in(client, busy["cecilia"])
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert 'lang="sv"' in home and "Dina åtaganden" in home and "Your duties" not in home
    page = client.get("/kunder/alfa/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Arbetsgrupp" in page and "Handlingar" in page and "Work group" not in page
    _english(client)
    assert "Your duties" in _page(client, "/")
    assert client.post("/i18n/setlang/", {"language": "sv", "next": "/"}).status_code == 302
    person = _page(client, "/personer/cecilia@example.se/")
    assert "Kundansvar och arbetsgrupper" in person and "Konsult" in person
    assert "Consultant" not in person


# --- The catalogue -------------------------------------------------------------------------------


def _po_entries(text):
    """(flags, msgid, {msgstr key: text}) for every entry of a .po file but the header."""
    entries = []
    for block in text.strip().split("\n\n"):
        flags: list[str] = []
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += _unquote(line)
            else:
                key, _sep, value = line.partition(" ")
                fields[key] = _unquote(value)
        if fields.get("msgid"):
            strs = {k: v for k, v in fields.items() if k.startswith("msgstr")}
            entries.append((flags, fields["msgid"], strs, fields.get("msgid_plural")))
    return entries


def _unquote(quoted):
    body = quoted.strip()[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], body)


def test_the_catalogue_has_no_empty_or_fuzzy_entry():
    entries = _po_entries((MESSAGES / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 150
    fuzzy = [msgid for flags, msgid, _strs, _plural in entries if "fuzzy" in flags]
    empty = [msgid for _f, msgid, strs, _p in entries if not strs or not all(strs.values())]
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not empty, f"no English: {empty}"


def _catalog(path):
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    return {k: v for k, v in translations._catalog.items() if k != ""}  # type: ignore[attr-defined]


def test_the_compiled_catalogue_matches_its_source(tmp_path):
    committed = _catalog(MESSAGES / "django.mo")
    expected: dict[object, str] = {}
    for _flags, msgid, strs, plural in _po_entries(
        (MESSAGES / "django.po").read_text(encoding="utf-8")
    ):
        if plural is None:
            expected[msgid] = strs["msgstr"]
        else:
            for key, value in strs.items():
                expected[(msgid, int(key[len("msgstr[") : -1]))] = value
    assert committed == expected, "the .mo is stale: run compilemessages and commit it"
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        fresh = tmp_path / "django.mo"
        subprocess.run(
            [msgfmt, "--check", "-o", str(fresh), str(MESSAGES / "django.po")], check=True
        )
        assert _catalog(fresh) == committed


def test_every_choice_label_the_pages_show_is_in_the_catalogue():
    choice_classes: list[type[models.TextChoices]] = [
        Person.Title,
        Client.Status,
        Assignment.Status,
        WorkGroupMembership.Role,
        Holding.Kind,
        WorkItem.Purpose,
        Position.Status,
        Candidate.Stage,
        Talk.Kind,
        ProbationDecision.Outcome,
        Separation.Kind,
        Separation.Ground,
    ]
    labels = {str(label) for cls in choice_classes for label in cls.labels}
    assert labels == set(CHOICE_WORDS)
    with translation.override("en"):
        untranslated = [w for w in CHOICE_WORDS if translation.gettext(w) == w]
    assert not untranslated


def test_every_action_field_and_choice_has_a_swedish_and_an_english_label():
    """Forms are built from the actions' argument lists; none may show a bare code."""
    missing = [name for name in ACTIONS if name not in ACTION_LABELS]
    for spec in ACTIONS.values():
        missing += [f"{spec.name}.{a.name}" for a in spec.args if a.name not in ARG_LABELS]
        missing += [
            f"{spec.name}.{a.name}={c}"
            for a in spec.args
            for c in a.choices or ()
            if c not in CHOICE_LABELS
        ]
    assert not missing
    pairs = [*ACTION_LABELS.values(), *ARG_LABELS.values(), *CHOICE_LABELS.values()]
    assert all(sv and en for sv, en in pairs)


def test_every_persons_decision_says_what_it_is_about_in_both_languages():
    """The line naming who decides a page's decisions reads "Anna beslutar om lönen och
    utvecklingssamtalen": every action a person takes has that noun phrase."""
    from ansvar.web.labels import ACTION_TOPICS

    missing = [
        name for name, spec in ACTIONS.items() if not spec.system and name not in ACTION_TOPICS
    ]
    assert not missing
    assert all(sv and en and sv[0].islower() for sv, en in ACTION_TOPICS.values())
