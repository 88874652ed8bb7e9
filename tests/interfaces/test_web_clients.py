"""The client pages: my clients, one client, the CEO's page and the notifications.

Who sees what, the refusal reasons shown to those who do not decide, and a client page whose
number of queries does not grow with its work group.
"""

import re
from datetime import date

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ansvar.clients.models import Notification, WorkItem
from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.org.founding import PersonSpec, found_organisation
from ansvar.org.models import Assignment
from tests.fixtures import example_spec, log_in


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _panel(page, action):
    """The HTML of one action panel on a page."""
    match = re.search(rf'<section class="panel" data-action="{action}">(.*?)</section>', page, re.S)
    assert match, f"no panel for {action}"
    return match.group(1)


def _deciders(page):
    """The lines naming who decides what the viewer does not."""
    match = re.search(r'<ul class="deciders">(.*?)</ul>\s*<p><a href="/vem-bestammer/', page, re.S)
    assert match, "no line of deciders"
    return match.group(1)


def _today():
    return timezone.localdate()


# --- Mina kunder ------------------------------------------------------------------------------


def test_my_clients_lists_what_i_lead_the_groups_i_am_in_and_every_active_client(
    client, org, people
):
    log_in(client, people["cecilia"])
    page = _page(client, "/kunder/")
    led = re.search(r'<ul id="led">(.*?)</ul>', page, re.S).group(1)
    assert 'href="/kunder/alfa/"' in led and "Beta AB" not in led
    table = re.search(r'<table id="all-clients">(.*?)</table>', page, re.S).group(1)
    assert "Alfa AB" in table and "Cecilia Ka" in table
    assert "Beta AB" in table and "Petra Ka" in table

    client.logout()
    log_in(client, people["anna"])
    page = _page(client, "/kunder/")
    groups = re.search(r'<ul id="groups">(.*?)</ul>', page, re.S).group(1)
    assert "Alfa AB" in groups and "biträdande" in groups
    assert 'id="led"' not in page and "P1" in page


def test_everyone_is_offered_to_propose_a_new_client(client, org, people):
    log_in(client, people["erik"])
    panel = _panel(_page(client, "/kunder/"), "propose_client")
    assert "<form" in panel and 'name="slug"' in panel and 'value="org"' in panel
    assert "disabled" not in panel


def test_an_account_without_a_person_is_refused_and_anonymous_visitorslog_in(client, org):
    response = client.get("/kunder/")
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
    user = User.objects.create_user(username="admin", password="hemligt-lösen-1")
    client.force_login(user)
    assert "inte kopplat till någon person" in _page(client, "/kunder/", 403)
    _page(client, "/kunder/alfa/", 403)
    _page(client, "/vd/", 403)


# --- The client page -----------------------------------------------------------------------------


def test_the_lead_sees_her_client_with_a_form_for_every_lead_action(client, org, people):
    perform(
        org,
        people["cecilia"],
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Pressmeddelande", "purpose": "competence"},
        at=_today(),
    )
    log_in(client, people["cecilia"])
    page = _page(client, "/kunder/alfa/")
    assert "Kundansvarig: <strong>Cecilia Ka</strong> sedan 15 augusti 2021" in page
    group = re.search(r'<table id="work-group">(.*?)</table>', page, re.S).group(1)
    assert "Anna Ao" in group and "Biträdande" in group and "Erik Ny" in group
    items = re.search(r'<table id="work-items"[^>]*>(.*?)</table>', page, re.S).group(1)
    assert "Pressmeddelande" in items and "Erik Ny" in items and "Kompetensutveckling" in items
    for action in (
        "assign_work_item",
        "record_collaboration_decision",
        "add_work_group_member",
        "remove_work_group_member",
        "set_deputy",
        "propose_assignment",
        "report_criticism",
        "record_client_figures",
    ):
        panel = _panel(page, action)
        assert "<form" in panel and 'value="client:alfa"' in panel, action
    # Work goes to the group (and the lead herself), not to people outside it.
    assign = _panel(page, "assign_work_item")
    assert 'value="erik@example.se"' in assign and 'value="cecilia@example.se"' in assign
    assert 'value="olof@example.se"' not in assign
    # Appointing a client lead is the CEO's: no form for the lead, one line naming Vera.
    assert 'data-action="appoint_client_lead"' not in page
    assert "Vera Vd</a> beslutar om vem som är kundansvarig" in _deciders(page)


def test_the_area_manager_and_the_ceo_see_greyed_out_buttons_with_the_p7_reason(
    client, org, people
):
    for who, role in (("anna", "som affärsområdeschef"), ("vera", "som vd")):
        client.logout()
        log_in(client, people[who])
        page = _page(client, "/kunder/alfa/")
        # No greyed-out form: one line naming the lead, the reasons behind "Varför inte du?".
        lines = _deciders(page)
        assert "Cecilia Ka</a> beslutar om arbetsuppgifterna" in lines, who
        for action in ("assign_work_item", "set_deputy", "record_collaboration_decision"):
            assert f'data-action="{action}"' not in page, (who, action)
        assert role in lines and "P7" in lines, who
    # The CEO appoints client leads.
    assert "<form" in _panel(page, "appoint_client_lead")


def test_a_member_is_refused_without_p7_and_an_unknown_client_is_not_found(client, org, people):
    log_in(client, people["erik"])
    page = _page(client, "/kunder/alfa/")
    lines = _deciders(page)
    assert 'data-action="assign_work_item"' not in page and "disabled" not in lines
    assert "Cecilia Ka</a> beslutar om arbetsuppgifterna" in lines and "P7" not in lines
    assert 'href="/vem-bestammer/?q=client%3Aalfa"' in page
    _page(client, "/kunder/finns-inte/", 404)


def test_the_ka5_signal_is_shown_to_the_lead_only_and_goes_when_a_deputy_is_named(
    client, org, people
):
    log_in(client, people["cecilia"])
    assert "ingen ersättare" in _page(client, "/kunder/alfa/")
    client.logout()
    log_in(client, people["anna"])
    assert 'id="ka5"' not in _page(client, "/kunder/alfa/")
    perform(
        org,
        people["cecilia"],
        "set_deputy",
        "client:alfa",
        {"person": "anna@example.se"},
        at=_today(),
    )
    client.logout()
    client.force_login(people["cecilia"].user)
    page = _page(client, "/kunder/alfa/")
    assert 'id="ka5"' not in page
    assert re.search(r'<tr class="deputy"><td>Anna Ao</td>', page)


def test_staffing_suggestions_for_the_skills_asked_for(client, org, people):
    perform(
        org,
        people["olof"],
        "set_skill",
        "person:olof@example.se",
        {"name": "python", "level": "4"},
        at=_today(),
    )
    log_in(client, people["cecilia"])
    page = _page(client, "/kunder/alfa/?skill=Python,%20statistik")
    suggestions = re.search(r'<ol id="suggestions">(.*?)</ol>', page, re.S).group(1)
    assert "Olof Ao" in suggestions and "saknar statistik" in suggestions
    assert 'id="suggestions-empty"' in _page(client, "/kunder/alfa/?skill=latin")


def test_the_client_page_does_not_write(client, org, people):
    log_in(client, people["vera"])
    before = Entry.objects.count()
    _page(client, "/kunder/alfa/?skill=python")
    assert Entry.objects.count() == before


def _client_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        _page(client, "/kunder/alfa/")
    return len(queries)


def test_the_client_page_queries_do_not_grow_with_the_work_group(
    client, db, django_assert_max_num_queries
):
    spec = example_spec()
    extra = [f"ny{n}@example.se" for n in range(6)]
    spec.people += [
        PersonSpec(e, f"Ny Person {n}", "opinion", date(2024, 1, 1)) for n, e in enumerate(extra)
    ]
    org = found_organisation(spec)
    people = {p.email.split("@")[0]: p for p in org.people.all()}
    log_in(client, people["cecilia"])
    small = _client_page_queries(client)
    assert small <= 100
    today = _today()
    for n, email in enumerate(extra):
        perform(
            org,
            people["cecilia"],
            "add_work_group_member",
            "client:alfa",
            {"person": email},
            at=today,
        )
        perform(
            org,
            people["cecilia"],
            "assign_work_item",
            "client:alfa",
            {"assignee": email, "title": f"Uppgift {n}"},
            at=today,
        )
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "Mer"}, at=today)
    perform(
        org, people["cecilia"], "report_criticism", "client:alfa", {"summary": "Sent"}, at=today
    )
    with django_assert_max_num_queries(small):
        page = _page(client, "/kunder/alfa/")
    assert page.count("Ny Person 5") >= 2 and "Uppgift 5" in page


# --- The CEO's page -------------------------------------------------------------------------------


def _proposal_and_criticism(org, people):
    today = _today()
    perform(
        org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "Kampanj"}, at=today
    )
    perform(
        org,
        people["cecilia"],
        "report_criticism",
        "client:alfa",
        {"summary": "Sent svar"},
        at=today,
    )
    return Assignment.objects.get(title="Kampanj")


def test_the_ceo_sees_proposals_criticism_ownership_and_signals(client, org, people):
    proposal = _proposal_and_criticism(org, people)
    log_in(client, people["vera"])
    page = _page(client, "/vd/")
    veto = _panel(page, "veto_assignment")
    assert "<form" in veto and f'value="assignment:{proposal.pk}"' in veto and "Kampanj" in page
    ack = _panel(page, "acknowledge_criticism")
    assert "<form" in ack and "Sent svar" in page
    assert 'id="all-owned"' in page
    # The figures come after the page, by htmx: the section asks for them on load, and its
    # link opens them as a page without JavaScript.
    placeholder = re.search(r'<section id="signals"([^>]*)>(.*?)</section>', page, re.S)
    attributes = placeholder.group(1)
    assert 'hx-get="/vd/siffror/"' in attributes and 'hx-trigger="load"' in attributes
    assert 'href="/vd/siffror/"' in placeholder.group(2) and "Median" not in page
    fragment = client.get("/vd/siffror/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="signals">') and "<html" not in fragment
    page = _page(client, "/vd/siffror/")
    assert "<html" in page and '<a href="/vd/signaler/">' in page
    signals = re.search(r'<section id="signals">(.*?)</section>', page, re.S).group(1)
    assert "2 av 6 anställda" in signals and "Median" in signals
    # Counts on the page; the names behind them on their lists.
    assert "Erik Ny" not in signals and "4 anställda utan eget kundansvar" in signals
    assert "2 av 2 kunder saknar ersättare" in signals
    assert "Erik Ny" in _page(client, "/vd/signaler/p1/")


def test_the_ceo_vetoes_from_her_page_and_the_client_page_shows_it(client, org, people):
    proposal = _proposal_and_criticism(org, people)
    log_in(client, people["vera"])
    fields = {"target": f"assignment:{proposal.pk}", "reason": "Fel tidpunkt", "next": "/vd/"}
    # A veto cannot be undone: the first post shows what it does, the confirmed one vetoes.
    review = client.post("/handling/veto_assignment/", fields)
    assert review.status_code == 200 and "Kampanj" in review.content.decode()
    response = client.post("/handling/veto_assignment/", {**fields, "confirmed": "1"})
    assert response["Location"] == "/vd/"
    proposal.refresh_from_db()
    assert proposal.status == "vetoed" and proposal.veto_reason == "Fel tidpunkt"
    assert 'id="no-proposals"' in _page(client, "/vd/")
    assert "Stoppat av vd" in _page(client, "/kunder/alfa/")


def test_everyone_but_the_ceo_gets_a_403_naming_who_sees_the_page(client, org, people):
    _proposal_and_criticism(org, people)
    for who in ("cecilia", "anna", "olof", "erik"):
        client.logout()
        log_in(client, people[who])
        page = _page(client, "/vd/", 403)
        assert "bara för vd, Vera Vd" in page and "Kampanj" not in page and "Sent svar" not in page
        figures = _page(client, "/vd/siffror/", 403)
        assert "bara för vd, Vera Vd" in figures and "Median" not in figures


# --- Notifications --------------------------------------------------------------------------------


def test_notifications_are_listed_and_only_the_viewers_own_are_marked_read(client, org, people):
    _proposal_and_criticism(org, people)
    other = Notification.objects.create(
        organisation=org,
        person=people["anna"],
        kind="test",
        text_sv="Till Anna",
        text_en="To Anna",
        created_on=_today(),
    )
    log_in(client, people["vera"])
    page = _page(client, "/aviseringar/")
    assert "Sent svar" in page and "Till Anna" not in page and "Markera alla som lästa" in page
    assert Notification.objects.filter(person=people["vera"], read_on__isnull=True).exists()
    response = client.post("/aviseringar/las/")
    assert response.status_code == 302 and response["Location"] == "/aviseringar/"
    assert not Notification.objects.filter(person=people["vera"], read_on__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_on is None
    assert "Markera alla som lästa" not in _page(client, "/aviseringar/")
    assert client.get("/aviseringar/las/").status_code == 405


def test_the_assign_form_on_the_client_page_posts_through_perform(client, org, people):
    log_in(client, people["cecilia"])
    response = client.post(
        "/handling/assign_work_item/",
        {
            "target": "client:alfa",
            "assignee": "anna@example.se",
            "title": "Debattartikel",
            "purpose": "participation",
            "next": "/kunder/alfa/",
        },
        follow=True,
    )
    page = response.content.decode()
    assert WorkItem.objects.get().title == "Debattartikel"
    assert "loggat som nr" in page and "Debattartikel" in page and "Delaktighet" in page


def test_the_pages_render_for_an_english_reader_and_the_403_says_who_in_english(
    client, org, people
):
    _proposal_and_criticism(org, people)
    log_in(client, people["anna"])
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    for url in ("/kunder/", "/kunder/alfa/?skill=python", "/aviseringar/"):
        assert 'lang="en"' in _page(client, url)
    page = _page(client, "/vd/", 403)
    assert "Only the CEO, Vera Vd, sees this page." in page and "Kampanj" not in page
    reason = _deciders(_page(client, "/kunder/alfa/"))
    assert "as an area manager you never micromanage" in reason and "Cecilia Ka" in reason
    assert "decides on the work items" in reason


def test_the_lead_is_told_when_she_holds_most_of_the_open_work(client, org, people):
    for assignee, title in (
        ("cecilia@example.se", "Strategi"),
        ("cecilia@example.se", "Budget"),
        ("erik@example.se", "Bevakning"),
    ):
        perform(
            org,
            people["cecilia"],
            "assign_work_item",
            "client:alfa",
            {"assignee": assignee, "title": title},
            at=_today(),
        )
    log_in(client, people["cecilia"])
    ka5 = re.search(r'<section id="ka5".*?</section>', _page(client, "/kunder/alfa/"), re.S)
    assert ka5 and "Du har själv 2 av 3 öppna uppgifter" in ka5.group(0)
