"""The people and areas indexes: everyone employed, paged and filtered, areas with counts."""

from datetime import date

import pytest

from ansvar.org.founding import PersonSpec, found_organisation
from ansvar.web.views_clients import CLIENTS_PAGE_SIZE
from ansvar.web.views_people import PEOPLE_PAGE_SIZE
from tests.fixtures import example_spec, give_account, log_in


@pytest.fixture
def org(db):
    spec = example_spec()
    # Two people with the same name in different areas, and one who has left.
    spec.people += [
        PersonSpec("berg.o@example.se", "Lisa Berg", "opinion", date(2022, 1, 1)),
        PersonSpec("berg.a@example.se", "Lisa Berg", "analys", date(2023, 1, 1)),
        PersonSpec(
            "gone@example.se", "Gustav Gått", "analys", date(2019, 1, 1), last_day=date(2024, 1, 31)
        ),
    ]
    organisation = found_organisation(spec)
    return organisation, {p.email.split("@")[0]: p for p in organisation.people.all()}


def _rows(page: str) -> str:
    """The people table of an index page; empty when nobody is listed."""
    if '<table id="people"' not in page:
        return ""
    return page.split('<table id="people"', 1)[1].split("</table>", 1)[0]


def test_people_index_lists_everyone_employed_with_title_area_and_email(client, org):
    _org, people = org
    log_in(client, people["erik"])
    page = client.get("/personer/").content.decode()
    rows = _rows(page)
    for name in ("Vera Vd", "Anna Ao", "Cecilia Ka", "Erik Ny", "Olof Ao", "Petra Ka"):
        assert name in rows
    assert "Gustav Gått" not in rows  # no longer employed
    # The two with the same name are told apart by area and e-mail.
    assert rows.count("Lisa Berg") == 2
    assert "berg.o@example.se" in rows and "berg.a@example.se" in rows
    assert 'href="/omraden/opinion/"' in rows and 'href="/omraden/analys/"' in rows
    assert 'href="/personer/anna@example.se/"' in rows
    assert "Konsult" in rows
    assert "8 personer" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("q=ceci", ["Cecilia Ka"], ["Anna Ao", "Lisa Berg"]),
        ("q=PETRA%40example", ["Petra Ka"], ["Anna Ao"]),  # part of an e-mail, any case
        ("q=analys", ["Olof Ao", "Petra Ka", "berg.a@"], ["Anna Ao", "berg.o@"]),  # area name
        ("omrade=opinion", ["Anna Ao", "Erik Ny", "berg.o@"], ["Olof Ao", "berg.a@"]),
        ("q=berg&omrade=analys", ["berg.a@"], ["berg.o@"]),
        ("q=%00", [], []),  # a NUL is dropped, not a server error
    ],
)
def test_people_index_filters_by_text_and_area(client, org, query, shown, hidden):
    _org, people = org
    log_in(client, people["erik"])
    response = client.get(f"/personer/?{query}")
    assert response.status_code == 200
    rows = _rows(response.content.decode())
    for text in shown:
        assert text in rows
    for text in hidden:
        assert text not in rows


def test_people_index_says_when_nobody_matches_and_escapes_the_text(client, org):
    _org, people = org
    log_in(client, people["erik"])
    page = client.get("/personer/?q=<script>x").content.decode()
    assert "Ingen anställd matchar." in page
    assert "<script>x" not in page and "&lt;script&gt;x" in page


def test_people_index_is_paged_and_keeps_the_filter(client, db):
    spec = example_spec()
    spec.people += [
        PersonSpec(f"p{n:03}@example.se", f"Person {n:03}", "opinion", date(2024, 1, 1))
        for n in range(PEOPLE_PAGE_SIZE + 5)
    ]
    organisation = found_organisation(spec)
    log_in(client, organisation.people.get(email="erik@example.se"))
    first = client.get("/personer/?q=Person").content.decode()
    assert _rows(first).count("<tr>") == PEOPLE_PAGE_SIZE + 1  # the head row and a page
    assert "Sida 1 av 2" in first and "?q=Person&amp;sida=2" in first
    second = client.get("/personer/?q=Person&sida=2").content.decode()
    assert "Person 054" in _rows(second) and "Person 000" not in _rows(second)
    # A page past the end shows the last one, a page that is no number the first.
    assert "Person 054" in _rows(client.get("/personer/?q=Person&sida=99").content.decode())
    assert "Person 000" in _rows(client.get("/personer/?q=Person&sida=x").content.decode())


def test_my_page_still_leads_to_ones_own_page(client, org):
    _org, people = org
    log_in(client, people["anna"])
    assert client.get("/personer/mig/")["Location"] == "/personer/anna@example.se/"
    assert 'href="/personer/mig/"' in client.get("/personer/").content.decode()


def test_areas_index_counts_people_and_clients_and_names_the_manager(client, org):
    _org, people = org
    log_in(client, people["erik"])
    page = client.get("/omraden/").content.decode()
    table = page.split('<table id="areas"', 1)[1].split("</table>", 1)[0]
    rows = {r.split("</a>", 1)[0].rsplit(">", 1)[1]: r for r in table.split("<tr>")[2:]}
    assert set(rows) == {"Ledning", "Opinion", "Analys"}
    # Opinion: Anna, Cecilia, Erik, Lisa Berg; alfa is led by Cecilia.
    assert "Anna Ao" in rows["Opinion"] and ">4</a>" in rows["Opinion"]
    assert ">1</td>" in rows["Opinion"]
    # Analys: Olof, Petra, Lisa Berg (Gustav has left); beta is led by Petra.
    assert "Olof Ao" in rows["Analys"] and ">3</a>" in rows["Analys"]
    assert ">1</td>" in rows["Analys"]
    assert ">0</td>" in rows["Ledning"]
    assert 'href="/personer/?omrade=analys"' in rows["Analys"]


def test_someone_who_has_left_sees_no_index(client, org):
    _org, people = org
    client.force_login(give_account(people["gone"]))
    for url in ("/personer/", "/omraden/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Lisa Berg" not in response.content.decode()


def test_my_clients_pages_the_active_clients_and_filters_them(client, db):
    from ansvar.org.founding import ClientSpec

    spec = example_spec()
    spec.clients += [
        ClientSpec(f"kund-{n:03}", f"Kund {n:03}", "petra@example.se", [])
        for n in range(CLIENTS_PAGE_SIZE + 3)
    ]
    organisation = found_organisation(spec)
    log_in(client, organisation.people.get(email="cecilia@example.se"))
    first = client.get("/kunder/").content.decode()
    table = first.split('<table id="all-clients"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == CLIENTS_PAGE_SIZE + 1
    assert "55 aktiva kunder" in first and "Sida 1 av 2" in first
    # The clients Cecilia leads are listed whatever page the table is on.
    assert '<ul id="led">' in first and "Alfa AB" in first.split('<ul id="led">', 1)[1]
    found = client.get("/kunder/?q=kund+05").content.decode()
    table = found.split('<table id="all-clients"', 1)[1].split("</table>", 1)[0]
    assert "Kund 050" in table and "Kund 052" in table and "Kund 049" not in table
    assert "Petra Ka" in table and "Sida" not in found.split("</table>", 1)[1].split("<h2", 1)[0]
    second = client.get("/kunder/?sida=2").content.decode()
    assert "Kund 052" in second.split('<table id="all-clients"', 1)[1].split("</table>", 1)[0]


def test_the_responsibility_map_is_paged_and_filtered(client, db):
    from ansvar.org.founding import ClientSpec
    from ansvar.web.views import MAP_PAGE_SIZE

    spec = example_spec()
    spec.clients += [
        ClientSpec(f"kund-{n:03}", f"Kund {n:03}", "petra@example.se", [])
        for n in range(MAP_PAGE_SIZE)
    ]
    organisation = found_organisation(spec)
    log_in(client, organisation.people.get(email="erik@example.se"))
    first = client.get("/ansvarskarta/").content.decode()
    body = first.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr") == MAP_PAGE_SIZE and "Sida 1 av 2" in first
    # The CEO, three areas and two clients come first by the map's order; the rest next page.
    assert "Kund 099" in client.get("/ansvarskarta/?sida=2").content.decode()
    by_name = client.get("/ansvarskarta/?q=cecilia").content.decode()
    body = by_name.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "Alfa AB" in body and "Beta AB" not in body and "Kund 000" not in body
    by_target = client.get("/ansvarskarta/?q=kund-05").content.decode()
    body = by_target.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr") == 10
    unowned = client.get("/ansvarskarta/?saknar=1").content.decode()
    assert "Inget ansvarsområde matchar." in unowned


def test_the_areas_index_is_paged(client, db):
    from ansvar.org.founding import AreaSpec
    from ansvar.web.views_people import AREAS_PAGE_SIZE

    spec = example_spec()
    spec.people += [
        PersonSpec(f"chef{n:03}@example.se", f"Chef {n:03}", f"omr-{n:03}", date(2024, 1, 1))
        for n in range(AREAS_PAGE_SIZE)
    ]
    spec.areas += [
        AreaSpec(f"omr-{n:03}", f"Område {n:03}", f"chef{n:03}@example.se")
        for n in range(AREAS_PAGE_SIZE)
    ]
    organisation = found_organisation(spec)
    log_in(client, organisation.people.get(email="erik@example.se"))
    first = client.get("/omraden/").content.decode()
    table = first.split('<table id="areas"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == AREAS_PAGE_SIZE + 1 and "Sida 1 av 2" in first
    assert "Opinion" in client.get("/omraden/?sida=2").content.decode()


def test_the_ceo_page_counts_the_signals_and_links_each_list(client, db):
    """At scale the CEO page gives figures, not a name per person; each figure links to its
    list, paged, which only the CEO opens (the area manager is told who does)."""
    from ansvar.web.views_signals import SIGNAL_PAGE_SIZE

    spec = example_spec()
    # More people without a client of their own than one page of the P1 list holds.
    spec.people += [
        PersonSpec(f"ny{n:03}@example.se", f"Ny {n:03}", "opinion", date(2024, 1, 1))
        for n in range(SIGNAL_PAGE_SIZE)
    ]
    organisation = found_organisation(spec)
    people = {p.email.split("@")[0]: p for p in organisation.people.all()}
    log_in(client, people["vera"])
    ceo = client.get("/vd/siffror/").content.decode()
    signals = ceo.split('<section id="signals">', 1)[1].split("</section>", 1)[0]
    assert "Ny 000" not in signals
    # Erik, Olof, Anna and the hundred new people lead no client; Cecilia and Petra do.
    assert 'href="/vd/signaler/p1/"' in signals and "104 anställda utan eget kundansvar" in signals
    first = client.get("/vd/signaler/p1/").content.decode()
    table = first.split('<table id="signal-list"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == SIGNAL_PAGE_SIZE + 1 and "Sida 1 av 2" in first
    assert "Anna Ao" in table and "Cecilia Ka" not in table and "Petra Ka" not in table
    second = client.get("/vd/signaler/p1/?sida=2").content.decode()
    assert "Ny 099" in second and "Ny 000" not in second
    # AO1: the managers of Opinion and Analys lead nothing; the clients have no deputy (KA5).
    managers = client.get("/vd/signaler/ao1/").content.decode()
    assert "Anna Ao" in managers and "Olof Ao" in managers and "Cecilia Ka" not in managers
    deputies = client.get("/vd/signaler/ka5-ersattare/").content.decode()
    assert "Alfa AB" in deputies and "Cecilia Ka" in deputies
    assert client.get("/vd/signaler/okand/").status_code == 404

    client.logout()
    log_in(client, people["anna"])
    refused = client.get("/vd/signaler/p1/")
    assert refused.status_code == 403 and "Vera Vd" in refused.content.decode()
