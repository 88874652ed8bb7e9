"""An irreversible decision posted from a page is first reviewed: checked, nothing written,
what it will do in the page's language and a "Bekräfta" button carrying the same fields;
only the confirmed post performs it. A refused or invalid review goes back to the form as
typed, with the answer next to the field. And the pages' element ids are unique."""

import re
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.org.models import Assignment, Holding, Person
from ansvar.org.selectors import area_manager_on, client_leads_on
from tests.fixtures import log_in


def _today():
    return timezone.localdate()


def _review(client, action: str, fields: dict, back: str):
    """Post ``fields`` to ``action`` from ``back``; the review page and the log unchanged."""
    before = Entry.objects.count()
    response = client.post(f"/handling/{action}/", {**fields, "next": back})
    assert Entry.objects.count() == before, "a review writes nothing"
    assert response.status_code == 200, response
    page = response.content.decode()
    assert 'id="confirm"' in page and "Beslutet kan inte ångras." in page
    return page


def _confirm(client, action: str, page: str):
    """Post the confirmation form as the browser would: every field it carries."""
    form = page.split('id="confirm"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert fields["confirmed"] == "1"
    before = Entry.objects.count()
    response = client.post(f"/handling/{action}/", fields)
    assert response.status_code == 302
    return Entry.objects.count() - before, response


def _consequences(page: str) -> str:
    return page.split('id="consequences"', 1)[1].split("</ul>", 1)[0]


def test_notice_is_reviewed_then_given(client, org, people):
    log_in(client, people["vera"])
    url = "/personer/erik@example.se/"
    fields = {
        "target": "person:erik@example.se",
        "form": "give_notice",
        "reason": "Färre uppdrag",
        "ground": "redundancy",
    }
    page = _review(client, "give_notice", fields, url)
    said = _consequences(page)
    assert "Erik Ny sägs upp (Arbetsbrist)" in said and "Sista anställningsdagen blir" in said
    assert 'value="Färre uppdrag"' in page and 'id="confirm-button"' in page
    written, response = _confirm(client, "give_notice", page)
    assert written == 1 and response["Location"] == url
    assert Entry.objects.order_by("-seq").first().action == "give_notice"


def test_the_review_says_it_in_english(client, org, people):
    log_in(client, people["vera"])
    client.cookies["django_language"] = "en"
    fields = {"target": "person:erik@example.se", "reason": "x", "ground": "redundancy"}
    page = client.post("/handling/give_notice/", fields).content.decode()
    assert "Erik Ny is given notice (Redundancy)" in _consequences(page)
    assert "cannot be undone" in page and ">Confirm<" in page


def test_a_refused_review_goes_back_to_the_form_as_typed(client, org, people):
    log_in(client, people["vera"])
    url = "/personer/erik@example.se/"
    before = Entry.objects.count()
    fields = {
        "target": "person:erik@example.se",
        "form": "give_notice",
        "reason": "Samarbetet fungerar inte",
        "ground": "personal",
        "next": url,
    }
    # On personal grounds an underrättelse two weeks before is needed (LAS 30 §).
    response = client.post("/handling/give_notice/", fields, follow=True)
    assert Entry.objects.count() == before
    page = response.content.decode()
    panel = page.split('data-action="give_notice"', 1)[1].split("</section>", 1)[0]
    assert "LAS 30 §" in panel and "Samarbetet fungerar inte" in panel
    assert 'id="confirm"' not in page


def test_invalid_input_is_named_next_to_its_field(client, org, people):
    log_in(client, people["vera"])
    url = "/personer/erik@example.se/"
    fields = {
        "target": "person:erik@example.se",
        "form": "dismiss",
        "reason": "Grovt åsidosättande",
        "informed_on": "i förrgår",
        "next": url,
    }
    before = Entry.objects.count()
    page = client.post("/handling/dismiss/", fields, follow=True).content.decode()
    assert Entry.objects.count() == before
    panel = page.split('data-action="dismiss"', 1)[1].split("</section>", 1)[0]
    assert "”i förrgår” är inget datum" in panel and "Grovt åsidosättande" in panel


def test_edit_on_the_confirmation_brings_the_form_back_as_typed(client, org, people):
    log_in(client, people["vera"])
    url = "/personer/erik@example.se/"
    fields = {
        "target": "person:erik@example.se",
        "form": "give_notice",
        "reason": "Omorganisation",
        "ground": "redundancy",
    }
    _review(client, "give_notice", fields, url)
    before = Entry.objects.count()
    response = client.post("/handling/give_notice/", {**fields, "next": url, "edit": "1"})
    assert response["Location"] == url and Entry.objects.count() == before
    panel = client.get(url).content.decode().split('data-action="give_notice"', 1)[1]
    assert "Omorganisation" in panel.split("</section>", 1)[0]


def test_dismissal_is_reviewed_then_made(client, org, people):
    log_in(client, people["vera"])
    informed = (_today() - timedelta(days=20)).isoformat()
    fields = {
        "target": "person:erik@example.se",
        "reason": "Grovt åsidosättande",
        "informed_on": informed,
    }
    page = _review(client, "dismiss", fields, "/personer/erik@example.se/")
    assert f"Erik Ny avskedas: anställningen upphör i dag, {_today().isoformat()}." in page
    assert _confirm(client, "dismiss", page)[0] == 1


def test_ending_a_probation_is_reviewed_then_decided(client, org, people):
    log_in(client, people["vera"])
    url = "/personer/erik@example.se/"
    informed = (_today() - timedelta(days=20)).isoformat()
    fields = {
        "target": "person:erik@example.se",
        "decision": "end",
        "informed_on": informed,
        "reason": "Passar inte",
    }
    page = _review(client, "decide_probation", fields, url)
    assert "Erik Nys provanställning avslutas" in _consequences(page)
    assert _confirm(client, "decide_probation", page)[0] == 1


def test_continuing_a_probation_needs_no_confirmation(client, org, people):
    log_in(client, people["vera"])
    before = Entry.objects.count()
    fields = {"target": "person:erik@example.se", "decision": "continue", "next": "/"}
    response = client.post("/handling/decide_probation/", fields)
    assert response.status_code == 302 and Entry.objects.count() == before + 1


def test_promotion_is_reviewed_then_made(client, org, people):
    log_in(client, people["vera"])
    page = _review(
        client,
        "promote_to_senior",
        {"target": "person:cecilia@example.se"},
        "/personer/cecilia@example.se/",
    )
    assert "Cecilia Ka blir seniorkonsult." in page
    assert _confirm(client, "promote_to_senior", page)[0] == 1
    assert Person.objects.get(email="cecilia@example.se").title == Person.Title.SENIOR


def test_replacing_a_client_lead_names_the_new_and_the_old(client, org, people):
    log_in(client, people["vera"])
    fields = {"target": "client:alfa", "form": "appoint_client_lead", "person": "petra@example.se"}
    page = _review(client, "appoint_client_lead", fields, "/kunder/alfa/")
    assert (
        "Petra Ka blir kundansvarig för Alfa AB; Cecilia Ka är det inte längre."
        in _consequences(page)
    )
    assert _confirm(client, "appoint_client_lead", page)[0] == 1
    alfa = people["cecilia"].organisation.clients.get(slug="alfa")
    assert client_leads_on(org, _today(), clients=[alfa])[alfa.pk].person == people["petra"]


def test_replacing_an_area_manager_names_the_new_and_the_old(client, org, people):
    log_in(client, people["vera"])
    fields = {"target": "area:opinion", "person": "cecilia@example.se"}
    page = _review(client, "appoint_area_manager", fields, "/omraden/opinion/")
    assert "Cecilia Ka blir chef för Opinion; Anna Ao är det inte längre." in page
    assert _confirm(client, "appoint_area_manager", page)[0] == 1
    area = Holding.objects.get(kind="area_manager", person=people["cecilia"]).area
    assert area_manager_on(area, _today()) == people["cecilia"]


def test_a_veto_is_reviewed_then_made(client, org, people):
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "Kampanj"})
    proposal = Assignment.objects.get(title="Kampanj")
    log_in(client, people["vera"])
    fields = {
        "target": f"assignment:{proposal.pk}",
        "form": f"veto-{proposal.pk}",
        "reason": "Fel tidpunkt",
    }
    page = _review(client, "veto_assignment", fields, "/vd/")
    assert "Uppdraget ”Kampanj” för Alfa AB, föreslaget av Cecilia Ka, stoppas" in page
    assert _confirm(client, "veto_assignment", page)[0] == 1
    proposal.refresh_from_db()
    assert proposal.status == "vetoed"


def test_someone_without_the_right_gets_no_review(client, org, people):
    log_in(client, people["cecilia"])
    before = Entry.objects.count()
    fields = {"target": "person:erik@example.se", "reason": "x", "ground": "redundancy"}
    page = client.post(
        "/handling/give_notice/", {**fields, "next": "/"}, follow=True
    ).content.decode()
    assert Entry.objects.count() == before and 'id="confirm"' not in page
    assert "Nekat (VD4" in page


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


@pytest.mark.parametrize("who", ["vera", "anna", "cecilia", "erik"])
@pytest.mark.parametrize(
    "url", ["/personer/erik@example.se/", "/personer/anna@example.se/", "/kunder/alfa/", "/vd/"]
)
def test_no_element_id_is_used_twice(client, org, people, who, url):
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "Kampanj"})
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "Analys"})
    log_in(client, people[who])
    response = client.get(url)
    if response.status_code == 403:
        return
    parser = _Ids()
    parser.feed(response.content.decode())
    assert parser.ids, url
    twice = [i for i, n in parser.ids.items() if n > 1]
    assert twice == [], (url, who, twice)


# --- Which forms a page offers ---------------------------------------------------------------


def _forms(page: str) -> set[str]:
    return set(
        re.findall(
            r'<section class="panel" data-action="([a-z_]+)">\s*<h3>[^<]*</h3>\s*<form', page
        )
    )


def _lines(page: str) -> str:
    match = re.search(r'<ul class="deciders">(.*?)</ul>\s*<p><a href="/vem-bestammer/', page, re.S)
    return match.group(1) if match else ""


def test_the_ceo_sees_the_separation_forms_and_one_line_for_the_manager(client, org, people):
    log_in(client, people["vera"])
    page = client.get("/personer/erik@example.se/").content.decode()
    assert {"give_notice", "dismiss", "decide_probation", "promote_to_senior"} <= _forms(page)
    assert "set_salary" not in _forms(page) and "disabled" not in page
    assert "Anna Ao</a> beslutar om lönen, utvecklingssamtalen" in _lines(page)
    assert 'href="/vem-bestammer/?q=person%3Aerik%40example.se"' in page


def test_the_manager_sees_salary_talk_and_probation_forms_and_a_line_for_the_ceo(
    client, org, people
):
    log_in(client, people["anna"])
    page = client.get("/personer/erik@example.se/").content.decode()
    forms = _forms(page)
    assert {"set_salary", "record_development_talk", "record_probation_follow_up"} <= forms
    assert not {"give_notice", "dismiss"} & forms
    assert "Vera Vd</a> beslutar om " in _lines(page) and "uppsägning" in _lines(page)
    assert "VD4" in _lines(page) and "disabled" not in page


def test_no_probation_form_for_someone_not_on_probation(client, org, people):
    for who in ("anna", "vera"):
        client.logout()
        log_in(client, people[who])
        page = client.get("/personer/cecilia@example.se/").content.decode()
        assert 'data-action="record_probation_follow_up"' not in page, who
        assert 'data-action="decide_probation"' not in page, who
        assert "provanställningen" not in _lines(page), who


def test_a_client_lead_sees_no_forms_about_a_member_only_who_decides(client, org, people):
    log_in(client, people["cecilia"])
    page = client.get("/personer/erik@example.se/").content.decode()
    assert _forms(page) == set() and "disabled" not in page
    lines = _lines(page)
    assert "Anna Ao</a> beslutar om lönen" in lines and "Vera Vd</a> beslutar om " in lines
    assert "Varför inte du?" in lines


def test_on_their_own_page_a_person_has_no_separation_salary_or_talk_forms(client, org, people):
    log_in(client, people["erik"])
    page = client.get("/personer/erik@example.se/").content.decode()
    forms = _forms(page)
    assert forms == {"set_skill"}
    for action in ("give_notice", "dismiss", "set_salary", "record_development_talk"):
        assert f'data-action="{action}"' not in page, action


def test_on_the_client_page_a_member_sees_who_leads_instead_of_greyed_panels(client, org, people):
    log_in(client, people["erik"])
    page = client.get("/kunder/alfa/").content.decode()
    for action in ("assign_work_item", "set_deputy", "appoint_client_lead"):
        assert f'data-action="{action}"' not in page, action
    assert "Cecilia Ka</a> beslutar om arbetsuppgifterna" in _lines(page)
    assert page.count("disabled") <= 1  # at most the end of the client, its own step
