"""The organisation as a picture (Graphviz, drawn on the server) and the charts over time:
what the picture shows as of a date, who may see the figures and signals, and that a large
organisation is never drawn node by node."""

import re
import shutil
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from ansvar.engine.registry import perform
from ansvar.org.models import BusinessArea, Client, Person
from ansvar.org.picture import AreaNode, ClientNode, OrgPicture, org_picture
from ansvar.web import picture as drawing
from tests.fixtures import log_in


def test_graphviz_is_installed():
    """The pictures are drawn by Graphviz's dot: without it this fails, it does not skip."""
    assert shutil.which("dot"), "Graphviz is missing: apt-get install -y graphviz"


def _svg(page: str) -> str:
    match = re.search(r"<svg role=\"img\" class=\"org-picture\".*?</svg>", page, re.S)
    assert match, "the page has no picture"
    return match.group(0)


def _node(svg: str, name: str) -> str:
    """The SVG group of one node (Graphviz names it by its DOT id in a <title>)."""
    match = re.search(rf"<title>{name}</title>(.*?)</g>", svg, re.S)
    assert match, f"no node {name} in the picture"
    return match.group(1)


@pytest.fixture
def cross(org, people):
    """Petra (Analys) works in Alfa's work group, led from Opinion by Cecilia."""
    perform(
        org,
        people["cecilia"],
        "add_work_group_member",
        "client:alfa",
        {"person": "petra@example.se"},
    )
    return people


def test_the_picture_shows_the_ceo_areas_managers_clients_leads_and_cross_area_work(
    client, org, cross
):
    log_in(client, cross["erik"])
    response = client.get("/organisation/bild/")
    assert response.status_code == 200
    page = response.content.decode()
    svg = _svg(page)
    assert "Vera Vd" in _node(svg, "ceo")
    for slug, name, manager in (
        ("ledning", "Ledning", "Vera Vd"),
        ("opinion", "Opinion", "Anna Ao"),
        ("analys", "Analys", "Olof Ao"),
    ):
        area = BusinessArea.objects.get(organisation=org, slug=slug)
        node = _node(svg, f"area{area.pk}")
        assert name in node and manager in node
    alfa = Client.objects.get(organisation=org, slug="alfa")
    beta = Client.objects.get(organisation=org, slug="beta")
    assert "Alfa AB" in _node(svg, f"client{alfa.pk}") and "Cecilia Ka" in _node(
        svg, f"client{alfa.pk}"
    )
    assert "Beta AB" in _node(svg, f"client{beta.pk}") and "Petra Ka" in _node(
        svg, f"client{beta.pk}"
    )
    # Alfa's work group reaches into Analys: the client says so, with a dashed border, and a
    # dashed line joins the two areas with the places they share.
    alfa_node = _node(svg, f"client{alfa.pk}")
    assert "även från: Analys (1)" in alfa_node and "stroke-dasharray" in alfa_node
    opinion = BusinessArea.objects.get(organisation=org, slug="opinion")
    analys = BusinessArea.objects.get(organisation=org, slug="analys")
    one, two = sorted((opinion.pk, analys.pk))
    edge = _node(svg, f"area{one}&#45;&gt;area{two}")
    assert "stroke-dasharray" in edge and "1 plats" in edge
    # The same, in text, for those who do not see the picture.
    listing = page[page.index('id="picture-list"') :]
    assert (
        "Cecilia Ka" in listing and "arbetsgruppen har även folk från Analys (1 plats)" in listing
    )
    assert 'aria-describedby="picture-list"' in svg


def test_an_earlier_date_shows_the_earlier_holder(client, org, people):
    today = timezone.localdate()
    perform(
        org, people["vera"], "appoint_client_lead", "client:alfa", {"person": "petra@example.se"}
    )
    log_in(client, people["erik"])
    alfa = Client.objects.get(organisation=org, slug="alfa")
    now = _node(_svg(client.get("/organisation/bild/").content.decode()), f"client{alfa.pk}")
    assert "Petra Ka" in now and "Cecilia Ka" not in now
    yesterday = (today - timedelta(days=1)).isoformat()
    page = client.get(f"/organisation/bild/?datum={yesterday}").content.decode()
    before = _node(_svg(page), f"client{alfa.pk}")
    assert "Cecilia Ka" in before and "Petra Ka" not in before
    # Before the organisation was founded, there was nobody.
    early = client.get("/organisation/bild/?datum=2019-06-01").content.decode()
    assert "Ingen (P4)" in _node(_svg(early), "ceo")


def test_the_area_picture_shows_its_clients_and_the_areas_its_work_reaches(client, org, cross):
    log_in(client, cross["petra"])
    page = client.get("/omraden/opinion/bild/").content.decode()
    svg = _svg(page)
    alfa = Client.objects.get(organisation=org, slug="alfa")
    analys = BusinessArea.objects.get(organisation=org, slug="analys")
    assert "Cecilia Ka" in _node(svg, f"client{alfa.pk}")
    assert "Beta AB" not in svg  # led from Analys
    assert "1 plats" in _node(svg, f"client{alfa.pk}&#45;&gt;area{analys.pk}")
    other = client.get("/omraden/analys/bild/").content.decode()
    opinion = BusinessArea.objects.get(organisation=org, slug="opinion")
    assert "1 plats" in _node(_svg(other), f"area{opinion.pk}&#45;&gt;area{analys.pk}")
    assert "Opinion: 1 plats" in other[other.index('id="picture-list"') :]
    assert client.get("/omraden/ingen/bild/").status_code == 404


def test_a_bad_date_names_the_field_and_draws_nothing(client, org, people):
    log_in(client, people["erik"])
    response = client.get("/organisation/bild/?datum=1%20dec")
    assert response.status_code == 400
    page = response.content.decode()
    assert "datum:" in page and "ÅÅÅÅ-MM-DD" in page and "<svg" not in page


def test_names_are_escaped_in_the_picture(client, org, people):
    Client.objects.filter(organisation=org, slug="alfa").update(
        name='<script>alert(1)</script> "AB"'
    )
    log_in(client, people["erik"])
    page = client.get("/organisation/bild/").content.decode()
    assert "<script>" not in page and "&lt;script&gt;" in _svg(page)


def test_english_pages_write_dates_the_english_way(client, org, people):
    log_in(client, people["erik"])
    client.cookies["django_language"] = "en"
    page = client.get("/organisation/bild/?datum=2026-12-01").content.decode()
    assert "1 December 2026" in page and "The organisation as a picture" in page
    client.cookies["django_language"] = "sv"
    page = client.get("/organisation/bild/?datum=2026-12-01").content.decode()
    assert "1 december 2026" in page


def test_area_figures_are_open_to_everyone_employed(client, org, people):
    """AO2 is the area manager's to build, and nothing in the policy keeps the figures from
    colleagues (only salaries stay in the person's circle, AO3): a colleague from another
    area sees them too."""
    month = timezone.localdate().strftime("%Y-%m")
    perform(
        org,
        people["cecilia"],
        "record_client_figures",
        "client:alfa",
        {"month": month, "revenue": "51000", "margin": "12500"},
    )
    for viewer in ("anna", "vera", "petra", "erik"):
        log_in(client, people[viewer])
        page = client.get("/omraden/opinion/").content.decode()
        assert 'id="figures"' in page and 'id="figure-charts"' in page, viewer
        assert "51\u00a0000\u00a0kr" in page and "12\u00a0500\u00a0kr" in page
        assert page.count('class="chart"') == 2
        assert 'id="figures-refused"' not in page


def test_signals_over_time_are_the_ceos(client, org, people):
    log_in(client, people["vera"])
    response = client.get("/vd/signaler/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="chart"') == 3
    assert "P1: andel som leder en kund" in page and "KA5: kunder utan ersättare" in page
    rows = page[page.index('id="signal-table"') :]
    assert rows.count("<tr>") == 12 + 1  # twelve months and the head
    assert "/ 2</td>" in rows  # KA5: of the two led clients
    assert 'href="/vd/signaler/"' in client.get("/vd/").content.decode()
    log_in(client, people["anna"])
    refused = client.get("/vd/signaler/")
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "Vera Vd" in text and "P1" in text and "KA5" in text and "<svg" not in text


def test_a_former_employee_is_refused_the_picture(org, people):
    from ansvar.engine.reads import may_read

    ended = timezone.localdate() - timedelta(days=1)
    people["petra"].employments.update(last_day=ended)
    decision = may_read(org, Person.objects.get(pk=people["petra"].pk), "view_org_picture")
    assert not decision.allowed
    assert may_read(org, people["erik"], "view_org_picture").allowed


# --- size: a large organisation is drawn by areas, and each area by itself ----------------


def _fake(areas: int, clients_per_area: int) -> OrgPicture:
    organisation = type("Org", (), {"name": "Stora byrån"})()
    ceo = Person(pk=1, email="vd@example.se", name="Vd Vd")
    nodes = []
    for a in range(areas):
        area = BusinessArea(pk=a + 1, slug=f"omrade-{a}", name=f"Område {a}")
        clients = [
            ClientNode(
                Client(pk=a * 1000 + c + 1, slug=f"kund-{a}-{c}", name=f"Kund {a}-{c}"),
                Person(pk=10_000 + a * 1000 + c, email=f"k{a}-{c}@example.se", name=f"K {a}-{c}"),
                a + 1,
                {((a + 1) % areas) + 1: 2} if areas > 1 else {},
            )
            for c in range(clients_per_area)
        ]
        nodes.append(AreaNode(area, ceo, 10, clients))
    return OrgPicture(organisation, date(2026, 12, 1), ceo, nodes, [])  # type: ignore[arg-type]


def _nodes(dot: str) -> int:
    return len(re.findall(r"^  (?:ceo|area\d+|client\d+|more) \[", dot, re.M))


@translation.override("sv")
def test_a_large_organisation_is_drawn_by_areas_with_counts():
    ten_thousand = _fake(1000, 15)  # the demo at --people 10000: 1,000 areas, 15,000 clients
    assert drawing.size(ten_thousand) == "list"
    mid = _fake(50, 15)
    assert drawing.size(mid) == "areas"
    dot = drawing.org_dot(mid)
    assert _nodes(dot) == 51 and "client" not in dot
    # Each area's 15 clients have 2 places each for the next area's people: one line of 30
    # places between neighbours, 50 lines in all.
    assert "10 personer · 15 kunder" in dot and "30 platser" in dot
    assert dot.count("dir=none, style=dashed") == 50
    small = _fake(3, 5)
    assert drawing.size(small) == "detail" and _nodes(drawing.org_dot(small)) == 1 + 3 + 15


@translation.override("sv")
def test_an_area_picture_draws_at_most_its_limit_of_clients():
    big = _fake(3, 400)
    dot = drawing.area_dot(big, big.areas[0])
    assert _nodes(dot) <= drawing.AREA_CLIENT_LIMIT + 1 + 1 + 1 + 2  # ceo, area, more, others
    assert "och 280 kunder till" in dot
    svg = drawing.render_svg(dot)
    assert svg.startswith("<svg") and "Område 0" in svg


def test_the_demo_is_drawn_whole_and_fast(client, db):
    """``ansvar demo``'s 45 people, five areas and about 70 clients: one picture of
    everything, drawn in well under the time a page may take."""
    import time

    from ansvar import demo

    organisation = demo.load(people=45, seed=1)
    picture = org_picture(organisation, timezone.localdate())
    assert drawing.size(picture) == "detail"
    ceo = picture.ceo
    assert ceo is not None and ceo.user is not None  # the demo's people have log-ins
    client.force_login(ceo.user)
    started = time.monotonic()
    page = client.get("/organisation/bild/").content.decode()
    elapsed = time.monotonic() - started
    svg = _svg(page)
    assert svg.count('class="node"') == 1 + len(picture.areas) + len(picture.clients)
    assert all(escape(a.area.name) in svg for a in picture.areas)  # "Opinion &amp; påverkan"
    assert elapsed < 10, f"the demo's picture took {elapsed:.1f} s"
