"""The CEO's decision pages (rotation, business areas, policy parameters) and the coaching
page: the holder decides through the form and the log records it; everyone else gets the
clause and the decider; bad input keeps the form as typed, names the field in Swedish and
writes nothing."""

import re
from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.registry import perform
from ansvar.org.founding import PersonSpec, found_organisation
from ansvar.org.models import AreaMembership, BusinessArea, Organisation
from ansvar.people.models import CoachingRequest, RotationDecision
from ansvar.people.rotation import propose
from tests.fixtures import example_spec, log_in


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _ids(page):
    """Element ids used more than once on the page."""
    counts = Counter(re.findall(r'\sid="([^"]+)"', page))
    return [i for i, n in counts.items() if n > 1]


def _post(client, action, data, follow=True):
    return client.post(f"/handling/{action}/", data, follow=follow)


def _field_error(page, field_id):
    """The error list Django renders just before the field with this id."""
    found = re.search(
        rf'<ul class="errorlist"[^>]*>(.*?)</ul>\s*<label for="{field_id}"', page, re.S
    ) or re.search(rf'<ul class="errorlist"[^>]*id="{field_id}_error"[^>]*>(.*?)</ul>', page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


# --- rotation ----------------------------------------------------------------------------


def test_the_planner_s_moves_are_shown_with_their_reasons_and_fill_the_form(db, client):
    spec = example_spec()
    spec.people += [
        PersonSpec(f"ny{n}@example.se", f"Ny Person {n}", "opinion", date(2024, 1, 1))
        for n in range(3)
    ]
    org = found_organisation(spec)
    proposals = propose(org, timezone.localdate())
    assert proposals, "opinion has 6 people and analys 2: the planner evens them"
    log_in(client, org.people.get(email="vera@example.se"))
    page = _page(client, "/vd/rotation/")
    table = re.search(r'<table class="stack" id="proposed-moves">.*?</table>', page, re.S)
    assert table
    for move in proposals:
        assert move.person.name in table[0] and move.reason_sv in table[0]
    typed = re.search(r'<textarea[^>]*id="rotation-moves"[^>]*>(.*?)</textarea>', page, re.S)
    assert typed and typed[1].strip().splitlines() == [
        f"{m.person.email}={m.to_area.slug}" for m in proposals
    ]


def test_the_ceo_reviews_a_rotation_then_decides_it_and_the_log_records_it(client, org, people):
    log_in(client, people["vera"])
    page = _page(client, "/vd/rotation/")
    assert "Föreslagna flyttar" in page and "Granska beslutet" in page and not _ids(page)
    before = Entry.objects.count()
    review = client.post("/vd/rotation/", {"moves": "cecilia@example.se=analys\n"})
    text = review.content.decode()
    assert review.status_code == 200 and "Beslutet kan inte ångras." in text
    row = re.search(r'<table class="stack" id="rotation-review">.*?</table>', text, re.S)
    assert row and "Cecilia Ka" in row[0] and "Opinion" in row[0] and "Analys" in row[0]
    assert Entry.objects.count() == before and not RotationDecision.objects.exists()
    assert not _ids(text)

    done = _post(
        client,
        "decide_rotation",
        {
            "target": "org",
            "form": "rotation",
            "next": "/vd/rotation/",
            "moves": "cecilia@example.se=analys",
            "effective_from": "",
        },
    )
    entry = Entry.objects.get(action="decide_rotation")
    page = done.content.decode()
    assert "Rotationen är beslutad: 1 flytt från" in page
    assert f'href="/beslutslogg/?handling=decide_rotation#entry-{entry.seq}"' in page
    decision = RotationDecision.objects.get()
    assert [(m.person.email, m.to_area.slug) for m in decision.moves.all()] == [
        ("cecilia@example.se", "analys")
    ]
    assert entry.actor_role == "ceo" and "VD3" in entry.clauses
    now = AreaMembership.objects.get(person=people["cecilia"], valid_to__isnull=True)
    assert now.area.slug == "analys"
    assert "Cecilia Ka (Opinion → Analys)" in page
    log = _page(client, "/beslutslogg/?handling=decide_rotation")
    assert f'id="entry-{entry.seq}"' in log


def test_others_get_the_clause_and_the_ceo_and_a_forged_decision_is_refused(client, org, people):
    log_in(client, people["anna"])
    page = _page(client, "/vd/rotation/", 403)
    assert "VD3" in page and "Vera Vd" in page
    before = Entry.objects.count()
    _post(client, "decide_rotation", {"target": "org", "moves": "cecilia@example.se=analys"})
    assert Entry.objects.count() == before and not RotationDecision.objects.exists()
    refusal = Refusal.objects.get(action="decide_rotation")
    assert "VD3" in refusal.clauses and refusal.decider == "vera@example.se"


def test_a_bad_move_keeps_the_form_and_names_the_field_in_swedish(client, org, people):
    log_in(client, people["vera"])
    before = Entry.objects.count()
    typed = "cecilia@example.se=analys\ningen@example.se=analys"
    response = client.post("/vd/rotation/", {"moves": typed, "effective_from": ""})
    page = response.content.decode()
    assert "Beslutet kan inte ångras." not in page
    assert typed in page.replace("\r\n", "\n")
    error = _field_error(page, "rotation-moves")
    assert "det finns ingen person ”ingen@example.se”" in error
    assert "there is no" not in page
    # The same through the decision itself (the form comes back after the redirect).
    page = _post(
        client,
        "decide_rotation",
        {"target": "org", "form": "rotation", "next": "/vd/rotation/", "moves": typed},
    ).content.decode()
    assert "det finns ingen person" in _field_error(page, "rotation-moves")
    assert "ingen@example.se=analys" in page
    assert Entry.objects.count() == before and not RotationDecision.objects.exists()
    # A bad date is named at its field.
    response = client.post(
        "/vd/rotation/", {"moves": "cecilia@example.se=analys", "effective_from": "i morgon"}
    )
    assert "ÅÅÅÅ-MM-DD" in _field_error(response.content.decode(), "rotation-effective_from")


def test_moving_an_area_manager_is_refused_in_the_form_with_p4(client, org, people):
    log_in(client, people["vera"])
    page = client.post("/vd/rotation/", {"moves": "anna@example.se=analys"}).content.decode()
    assert "Nekat (P4, VD3)" in page and "anna@example.se=analys" in page
    assert "Beslutet kan inte ångras." not in page


def test_the_mbl_reminder_shows_when_a_collective_agreement_applies(client, org, people):
    log_in(client, people["vera"])
    assert "MBL 11 §" not in _page(client, "/vd/rotation/")
    perform(
        org,
        people["vera"],
        "set_policy_parameter",
        "org",
        {"name": "collective_agreement", "value": "true"},
    )
    page = _page(client, "/vd/rotation/")
    assert 'id="mbl-reminder"' in page and "Förhandla med den fackliga organisationen" in page
    review = client.post("/vd/rotation/", {"moves": "cecilia@example.se=analys"})
    assert "har du förhandlat med facket?" in review.content.decode()


def test_the_overdue_rotation_duty_links_to_the_planner(client, org, people):
    log_in(client, people["vera"])
    home = _page(client, "/")
    assert re.search(r'<a href="/vd/rotation/">Besluta om enhetsrotation före', home)
    ceo = _page(client, "/vd/")
    assert re.search(r'<a href="/vd/rotation/">Besluta om enhetsrotation före', ceo)
    assert 'href="/vd/affarsomraden/"' in ceo and 'href="/vd/parametrar/"' in ceo


def test_the_ceo_menu_is_the_ceo_s_only(client, org, people):
    log_in(client, people["vera"])
    assert '<a href="/vd/">Vd</a>' in _page(client, "/")
    log_in(client, people["anna"])
    page = _page(client, "/")
    assert '<a href="/vd/">' not in page and '<a href="/coachning/">Coachning</a>' in page


# --- business areas ----------------------------------------------------------------------


def test_the_ceo_lists_the_areas_and_creates_one_with_its_manager(client, org, people):
    log_in(client, people["vera"])
    page = _page(client, "/vd/affarsomraden/")
    assert "Anna Ao" in page and "Olof Ao" in page and not _ids(page)
    done = _post(
        client,
        "create_business_area",
        {
            "target": "org",
            "form": "new-area",
            "next": "/vd/affarsomraden/",
            "slug": "digitalt",
            "name": "Digitalt",
            "manager": "petra@example.se",
        },
    ).content.decode()
    area = BusinessArea.objects.get(slug="digitalt")
    entry = Entry.objects.get(action="create_business_area")
    assert "Affärsområdet Digitalt är skapat; chef är Petra Ka." in done
    assert f"#entry-{entry.seq}" in done and entry.actor_role == "ceo"
    assert re.search(r"Digitalt</a></td>.*?Petra Ka", done, re.S)
    assert area.name == "Digitalt"


def test_a_bad_slug_keeps_the_form_and_is_named_next_to_its_field(client, org, people):
    log_in(client, people["vera"])
    before = Entry.objects.count()
    page = _post(
        client,
        "create_business_area",
        {
            "target": "org",
            "form": "new-area",
            "next": "/vd/affarsomraden/",
            "slug": "Nytt Område",
            "name": "Nytt område",
            "manager": "petra@example.se",
        },
    ).content.decode()
    assert "inget kortnamn" in _field_error(page, "new-area-slug")
    assert 'value="Nytt Område"' in page and 'value="Nytt område"' in page
    assert 'name="manager" value="petra@example.se"' in page  # the person field, as typed
    assert "is not a slug" not in page and not _ids(page)
    assert (
        Entry.objects.count() == before
        and not BusinessArea.objects.filter(name="Nytt område").exists()
    )
    # Shown once: the next visit has an empty form.
    assert "inget kortnamn" not in _page(client, "/vd/affarsomraden/")


def test_an_area_manager_is_refused_the_areas_page_and_the_action(client, org, people):
    log_in(client, people["anna"])
    page = _page(client, "/vd/affarsomraden/", 403)
    assert "VD1" in page and "Vera Vd" in page
    follow = _post(
        client,
        "create_business_area",
        {"target": "org", "slug": "egen", "name": "Eget", "manager": "anna@example.se"},
    )
    assert "Nekat (VD1)" in follow.content.decode()
    assert not BusinessArea.objects.filter(slug="egen").exists()
    assert Refusal.objects.get(action="create_business_area").decider == "vera@example.se"


# --- policy parameters -------------------------------------------------------------------


def test_the_ceo_changes_a_parameter_and_the_log_records_old_and_new(client, org, people):
    log_in(client, people["vera"])
    page = _page(client, "/vd/parametrar/")
    assert "Svar på coachningsförfrågan inom (arbetsdagar)" in page and not _ids(page)
    done = _post(
        client,
        "set_policy_parameter",
        {
            "target": "org",
            "form": "param-coaching-response-days",
            "next": "/vd/parametrar/",
            "name": "coaching_response_days",
            "value": "7",
        },
    ).content.decode()
    assert "coaching_response_days är nu 7 (var 5)." in done
    assert Organisation.objects.get(pk=org.pk).policy["coaching_response_days"] == 7
    entry = Entry.objects.get(action="set_policy_parameter")
    assert entry.public["value"] == 7 and entry.public["previous"] == 5
    assert f"#entry-{entry.seq}" in done


def test_a_refused_value_is_explained_next_to_its_field_and_kept(client, org, people):
    log_in(client, people["vera"])
    before = Entry.objects.count()
    page = _post(
        client,
        "set_policy_parameter",
        {
            "target": "org",
            "form": "param-coaching-response-days",
            "next": "/vd/parametrar/",
            "name": "coaching_response_days",
            "value": "900",
        },
    ).content.decode()
    assert _field_error(page, "param-coaching-response-days-value") == "ska vara högst 60, inte 900"
    assert 'value="900"' in page and "must be at most" not in page
    # Only that parameter's form shows the answer; the others show their values.
    assert page.count('class="errorlist') == 1
    assert Entry.objects.count() == before
    assert Organisation.objects.get(pk=org.pk).policy["coaching_response_days"] == 5


def test_a_consultant_is_refused_the_parameters_with_the_clause(client, org, people):
    log_in(client, people["cecilia"])
    page = _page(client, "/vd/parametrar/", 403)
    assert "VD1" in page and "Vera Vd" in page
    _post(
        client,
        "set_policy_parameter",
        {"target": "org", "name": "coaching_response_days", "value": "9"},
    )
    assert Organisation.objects.get(pk=org.pk).policy["coaching_response_days"] == 5
    assert Refusal.objects.get(action="set_policy_parameter").clauses == "VD1"


# --- coaching ----------------------------------------------------------------------------


@pytest.fixture
def asked(org, people):
    """Cecilia has asked her area manager Anna for coaching."""
    return perform(
        org,
        people["cecilia"],
        "request_coaching",
        "person:anna@example.se",
        {"topic": "Svåra kundsamtal"},
    ).result


def test_the_manager_answers_and_the_consultant_sees_the_answer(client, org, people, asked):
    log_in(client, people["anna"])
    home = _page(client, "/")
    assert re.search(r'<a href="/coachning/">Svara på Cecilia Kas coachningsförfrågan', home)
    about = _page(client, "/personer/cecilia@example.se/")
    assert re.search(r'<a href="/coachning/">Svara på Cecilia Kas coachningsförfrågan', about)
    page = _page(client, "/coachning/")
    assert "Svåra kundsamtal" in page and "Cecilia Ka" in page and not _ids(page)
    done = _post(
        client,
        "answer_coaching",
        {
            "target": "person:anna@example.se",
            "form": f"coaching-{asked.pk}",
            "next": "/coachning/",
            "request": str(asked.pk),
            "answer": "Vi går igenom nästa samtal i förväg.",
        },
    ).content.decode()
    entry = Entry.objects.get(action="answer_coaching")
    assert "Ditt svar är skickat" in done and f"#entry-{entry.seq}" in done
    asked.refresh_from_db()
    assert asked.answered_on == timezone.localdate()
    log_in(client, people["cecilia"])
    mine = _page(client, "/coachning/")
    row = re.search(rf'<tr id="my-request-{asked.pk}">.*?</tr>', mine, re.S)
    assert row and "besvarad" in row[0] and "Vi går igenom nästa samtal i förväg." in row[0]


def test_the_consultant_asks_from_the_page_and_sees_the_request_open(client, org, people):
    log_in(client, people["cecilia"])
    page = _page(client, "/coachning/")
    assert "Du har inte bett om coachning." in page and "Anna Ao" in page
    done = _post(
        client,
        "request_coaching",
        {
            "target": "person:anna@example.se",
            "form": "ask",
            "next": "/coachning/",
            "topic": "Prioritering",
        },
    ).content.decode()
    row = CoachingRequest.objects.get()
    assert row.requester == people["cecilia"] and row.topic == "Prioritering"
    assert re.search(rf'<tr id="my-request-{row.pk}">.*?öppen, svar senast', done, re.S)


def test_someone_else_cannot_answer_and_is_told_who_does(client, org, people, asked):
    log_in(client, people["olof"])
    assert "Svåra kundsamtal" not in _page(client, "/coachning/")
    follow = _post(
        client,
        "answer_coaching",
        {"target": "person:anna@example.se", "request": str(asked.pk), "answer": "Jag svarar"},
    ).content.decode()
    assert "Nekat (AO5)" in follow and "bara Anna Ao svarar" in follow
    asked.refresh_from_db()
    assert asked.answered_on is None and not Entry.objects.filter(action="answer_coaching")


def test_a_too_long_answer_keeps_the_form_and_writes_nothing(client, org, people, asked):
    log_in(client, people["anna"])
    typed = "Lång " * 1001
    page = _post(
        client,
        "answer_coaching",
        {
            "target": "person:anna@example.se",
            "form": f"coaching-{asked.pk}",
            "next": "/coachning/",
            "request": str(asked.pk),
            "answer": typed,
        },
    ).content.decode()
    assert _field_error(page, f"coaching-{asked.pk}-answer") == "är längre än 5000 tecken"
    assert typed.strip() in page
    asked.refresh_from_db()
    assert asked.answered_on is None and not Entry.objects.filter(action="answer_coaching")
