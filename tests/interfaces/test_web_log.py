"""The decision-log view: newest first, paginated, filtered; amounts and notes only for those
who may see them; erasure shown; verification and refusals for the CEO only."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ansvar.decisions.models import AccessRecord, Entry
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.registry import perform
from ansvar.people.actions.erasure import erase_person
from ansvar.web.views_log import PAGE_SIZE
from tests.fixtures import log_in


@pytest.fixture
def salaried(org, people):
    perform(org, people["anna"], "set_salary", "person:cecilia@example.se", {"amount": "61234"})
    perform(
        org,
        people["anna"],
        "record_development_talk",
        "person:cecilia@example.se",
        {"held_on": timezone.localdate().isoformat(), "notes": "Vill leda fler kunder"},
    )
    return people


def _log(client, query=""):
    response = client.get(f"/beslutslogg/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_colleague_sees_that_a_salary_was_set_but_not_for_whom_nor_the_amount(
    client, org, salaried
):
    log_in(client, salaried["petra"])
    page = _log(client)
    assert "Sätta lön" in page and "Registrera utvecklingssamtal" in page
    assert "61234" not in page and "61\xa0234" not in page
    assert "Vill leda fler kunder" not in page
    assert "Dolt för dig" in page
    only_salary = _log(client, "?handling=set_salary")
    assert "Cecilia Ka" not in only_salary and "/personer/cecilia@example.se/" not in only_salary
    assert "Anna Ao" not in only_salary, "who decided would point at the area"
    assert not AccessRecord.objects.filter(viewer=salaried["petra"]).exists()


def test_the_manager_sees_the_amount_and_the_read_is_an_access(client, org, salaried):
    log_in(client, salaried["anna"])
    page = _log(client)
    assert "61\xa0234\xa0kr" in page and "Vill leda fler kunder" in page
    reads = AccessRecord.objects.filter(viewer=salaried["anna"], purpose="log_view")
    assert set(reads.values_list("what", flat=True)) == {"salary", "talk_notes"}


def test_newest_first_with_seq_clauses_and_a_link_to_the_target(client, org, salaried):
    log_in(client, salaried["vera"])
    page = _log(client)
    last = Entry.objects.filter(organisation=org).order_by("-seq").first()
    first_row = page.index('data-seq="')
    assert page[first_row:].startswith(f'data-seq="{last.seq}"')
    assert 'href="/personer/cecilia@example.se/"' in page and "AO3" in page


def test_filters_by_action_and_by_target(client, org, salaried):
    log_in(client, salaried["vera"])
    page = _log(client, "?handling=set_salary")
    assert "Sätta lön" in page and "Registrera utvecklingssamtal</td>" not in page
    page = _log(client, "?mal=client:alfa")
    assert "client:alfa" in page and "Sätta lön</td>" not in page
    page = _log(client, "?mal=person:cecilia@example.se&handling=record_development_talk")
    assert "Registrera utvecklingssamtal" in page and "Sätta lön</td>" not in page


def test_pages_of_entries(client, org, people):
    for n in range(PAGE_SIZE + 5):
        perform(
            org,
            people["erik"],
            "set_skill",
            "person:erik@example.se",
            {"name": f"s{n}", "level": 3},
        )
    log_in(client, people["erik"])
    first = _log(client, "?handling=set_skill")
    second = _log(client, "?handling=set_skill&sida=2")
    name = "<dt>Namn</dt><dd>s{}</dd>".format
    assert name(PAGE_SIZE + 4) in first and name(0) not in first
    assert name(0) in second
    assert "Sida 2 av 2" in second and "Nyare" in second
    assert second.count('data-seq="') == 5


def test_an_erased_payload_is_marked(client, org, salaried):
    cecilia = salaried["cecilia"]
    erase_person(org, cecilia, effective_on=timezone.localdate())
    log_in(client, salaried["vera"])
    page = _log(client, "?handling=set_salary")
    assert "Raderad (GDPR)" in page and "61234" not in page and "61\xa0234" not in page


def test_the_ceo_verifies_the_chain(client, org, salaried):
    log_in(client, salaried["vera"])
    assert "Verifiera kedjan" in _log(client)
    response = client.post("/beslutslogg/verifiera/")
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    size = Entry.objects.filter(organisation=org).count()
    assert message.startswith(f"Kedjan är hel: {size} poster")


def test_others_may_not_verify_nor_read_refusals(client, org, people):
    with pytest.raises(PolicyRefused):
        perform(org, people["erik"], "set_salary", "person:cecilia@example.se", {"amount": "1"})
    log_in(client, people["anna"])
    assert "Verifiera kedjan" not in _log(client)
    denied = client.post("/beslutslogg/verifiera/")
    assert denied.status_code == 403 and "Bara vd" in denied.content.decode()
    refusals = client.get("/beslutslogg/nekade/")
    assert refusals.status_code == 403 and "Ingen åtkomst" in refusals.content.decode()


def test_the_ceo_reads_refusals_without_amounts(client, org, people):
    with pytest.raises(PolicyRefused):
        perform(org, people["erik"], "set_salary", "person:cecilia@example.se", {"amount": "98765"})
    log_in(client, people["vera"])
    response = client.get("/beslutslogg/nekade/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Erik Ny" in page and "Sätta lön" in page and "AO3" in page
    assert "98765" not in page


def test_the_log_view_runs_a_bounded_number_of_queries(client, org, salaried):
    log_in(client, salaried["petra"])
    with CaptureQueriesContext(connection) as small:
        _log(client)
    for n in range(PAGE_SIZE):
        perform(
            org, salaried["anna"], "set_salary", "person:erik@example.se", {"amount": 40000 + n}
        )
    with CaptureQueriesContext(connection) as large:
        _log(client)
    assert len(large) <= len(small) + 15, "a full page costs about what a short one does"
    assert len(large) < 60


def test_a_notice_reason_is_hidden_from_colleagues_in_the_log(client, org, people):
    perform(
        org,
        people["vera"],
        "give_notice",
        "person:erik@example.se",
        {"reason": "Arbetsbrist i opinion", "ground": "redundancy"},
    )
    log_in(client, people["petra"])
    page = _log(client, "?handling=give_notice")
    assert "Säga upp" in page and "Arbetsbrist i opinion" not in page and "Dolt för dig" in page
    client.logout()
    log_in(client, people["vera"])
    assert "Arbetsbrist i opinion" in _log(client, "?handling=give_notice")


def _row(page: str, seq: int) -> str:
    """One entry's row of the log table."""
    return page.split(f'data-seq="{seq}"')[1].split("</tr>")[0]


def test_an_entry_reads_as_names_labels_and_links_not_stored_codes(client, org, people):
    """Names instead of e-mail addresses, the client's name linked, a code as its label, a
    rotation's moves as a list of lines, clauses spaced."""
    cecilia, vera = people["cecilia"], people["vera"]
    added = perform(
        org, cecilia, "add_work_group_member", "client:alfa", {"person": "olof@example.se"}
    )
    work = perform(
        org,
        cecilia,
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Pressmeddelande", "purpose": "participation"},
    )
    rotation = perform(
        org,
        vera,
        "decide_rotation",
        "org",
        {"moves": "cecilia@example.se=analys,petra@example.se=opinion"},
    )
    log_in(client, vera)
    page = _log(client)
    row = _row(page, added.entry.seq)
    assert "Olof Ao" in row and "olof@example.se" not in re.sub(r"<[^>]+>", "", row)
    assert 'href="/kunder/alfa/">Alfa AB</a>' in row and "client:alfa" not in row
    assert 'href="/personer/cecilia@example.se/">Cecilia Ka</a>' in row
    work_row = _row(page, work.entry.seq)
    assert "<dt>Syfte</dt><dd>Delaktighet</dd>" in work_row and "participation" not in work_row
    assert 'href="/personer/erik@example.se/">Erik Ny</a>' in work_row
    rotation_row = _row(page, rotation.entry.seq)
    assert "<li>Cecilia Ka till Analys</li>" in rotation_row
    assert "<li>Petra Ka till Opinion</li>" in rotation_row
    assert "Exempelbyrån" in rotation_row  # the target "org" by the organisation's name
    assert re.search(r">\s*KA3\b[^<]*, ", row), "clauses are listed with spaces"


def test_the_log_is_filtered_by_a_name_or_a_client(client, org, people):
    cecilia, petra, vera = people["cecilia"], people["petra"], people["vera"]
    on_alfa = perform(org, cecilia, "set_deputy", "client:alfa", {"person": "anna@example.se"})
    on_beta = perform(
        org, petra, "add_work_group_member", "client:beta", {"person": "anna@example.se"}
    )
    proposal = perform(org, cecilia, "propose_assignment", "client:alfa", {"title": "Valet"})
    veto = perform(
        org, vera, "veto_assignment", f"assignment:{proposal.result.pk}", {"reason": "Inte nu"}
    )
    log_in(client, vera)
    by_client = _log(client, "?mal=alfa ab")
    seqs = {int(s) for s in re.findall(r'data-seq="(\d+)"', by_client)}
    assert {on_alfa.entry.seq, proposal.entry.seq, veto.entry.seq} <= seqs
    assert on_beta.entry.seq not in seqs
    by_name = _log(client, "?mal=Petra")
    seqs = {int(s) for s in re.findall(r'data-seq="(\d+)"', by_name)}
    assert on_beta.entry.seq in seqs, "what Petra decided"
    assert on_alfa.entry.seq not in seqs
    nothing = _log(client, "?mal=Ingen+sådan")
    assert "data-seq=" not in nothing and "Inga beslut att visa." in nothing


def test_a_proposer_follows_their_own_decisions_and_proposals(client, org, people):
    cecilia = people["cecilia"]
    mine = perform(org, cecilia, "propose_assignment", "client:alfa", {"title": "Valet"})
    other = perform(org, people["petra"], "propose_assignment", "client:beta", {"title": "Annat"})
    log_in(client, cecilia)
    page = _log(client, "?av=mig")
    seqs = {int(s) for s in re.findall(r'data-seq="(\d+)"', page)}
    assert mine.entry.seq in seqs and other.entry.seq not in seqs
    assert 'name="av" value="mig" checked' in page
    home = client.get("/").content.decode()
    proposals = home.split('id="proposals"')[1].split("</ul>")[0]
    assert "Valet (Alfa AB)" in proposals and "Annat" not in proposals
    assert "vd kan lägga veto, fönstret stänger" in proposals
    perform(
        org, people["vera"], "veto_assignment", f"assignment:{mine.result.pk}", {"reason": "Nej"}
    )
    proposals = client.get("/").content.decode().split('id="proposals"')[1].split("</ul>")[0]
    assert "stoppat av vd" in proposals and "Nej" in proposals


def test_duties_and_notifications_on_the_home_page_link_to_where_they_are_done(client, org, people):
    cecilia, vera = people["cecilia"], people["vera"]
    perform(org, cecilia, "propose_assignment", "client:alfa", {"title": "Valet"})
    log_in(client, vera)
    home = client.get("/").content.decode()
    duties = home.split('id="duties"')[1].split("</table>")[0]
    assert 'href="/vd/"' in duties, "the veto is decided on the CEO's page"
    log_in(client, people["anna"])
    home = client.get("/").content.decode()
    duties = home.split('id="duties"')[1].split("</table>")[0]
    assert 'href="/personer/erik@example.se/"' in duties, "Erik's follow-up, on Erik's page"
    perform(
        org,
        cecilia,
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Pressmeddelande"},
    )
    log_in(client, people["erik"])
    home = client.get("/").content.decode()
    notes = home.split('id="notifications"')[1].split("</ul>")[0]
    assert 'href="/kunder/alfa/"' in notes and "Pressmeddelande" in notes
