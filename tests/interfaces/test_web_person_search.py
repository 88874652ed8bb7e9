"""Person fields answer as one types: a text input for the e-mail, suggestions from htmx."""

import re
from datetime import date

import pytest

from ansvar.org.founding import PersonSpec, found_organisation
from ansvar.org.models import WorkGroupMembership
from ansvar.web.views_people import SUGGESTIONS
from tests.fixtures import example_spec, log_in


@pytest.fixture
def staff(db):
    spec = example_spec()
    spec.people += [
        PersonSpec("lisa.o@example.se", "Lisa Berg", "opinion", date(2022, 1, 1)),
        PersonSpec("lisa.a@example.se", "Lisa Berg", "analys", date(2023, 1, 1)),
        PersonSpec(
            "gone@example.se", "Gustav Gått", "analys", date(2019, 1, 1), last_day=date(2024, 1, 31)
        ),
    ]
    organisation = found_organisation(spec)
    return organisation, {p.email.split("@")[0]: p for p in organisation.people.all()}


def _options(client, query: str) -> list[tuple[str, str]]:
    response = client.get(f"/personer/sok/?{query}")
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]*)" label="([^"]*)"', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=ceci", ["cecilia@example.se"]),  # a part of the name
        ("q=PETRA%40exa", ["petra@example.se"]),  # a part of the e-mail, any case
        ("q=ledning", ["vera@example.se"]),  # the area's name
        ("falt=person&person=olof", ["olof@example.se"]),  # the field's own parameter
        ("q=gustav", []),  # no longer employed
        ("q=c", []),  # one character is too few
        ("q=", []),
        ("q=%00", []),
    ],
)
def test_suggestions_match_by_name_email_and_area(client, staff, query, expected):
    _org, people = staff
    log_in(client, people["cecilia"])
    assert [value for value, _label in _options(client, query)] == expected


def test_namesakes_are_told_apart_by_area_and_email(client, staff):
    _org, people = staff
    log_in(client, people["cecilia"])
    options = _options(client, "q=lisa")
    assert sorted(options) == [
        ("lisa.a@example.se", "Lisa Berg · Analys"),
        ("lisa.o@example.se", "Lisa Berg · Opinion"),
    ]


def test_suggestions_are_bounded_and_escaped(client, db):
    spec = example_spec()
    spec.people += [
        PersonSpec(f"m{n}@example.se", f"Many {n:02}", "opinion", date(2024, 1, 1))
        for n in range(SUGGESTIONS + 10)
    ]
    spec.people.append(PersonSpec("sam@example.se", 'Sam "<b>" & Co', "opinion", date(2024, 1, 1)))
    organisation = found_organisation(spec)
    log_in(client, organisation.people.get(email="erik@example.se"))
    assert len(_options(client, "q=many")) == SUGGESTIONS
    page = client.get("/personer/sok/?q=sam").content.decode()
    assert "<b>" not in page and "&lt;b&gt;" in page and "&quot;" in page and "&amp; Co" in page


def test_a_person_field_is_a_text_input_with_suggestions_not_a_select(client, staff):
    _org, people = staff
    log_in(client, people["vera"])
    page = client.get("/kunder/alfa/").content.decode()
    # The CEO appoints a client lead: any employee, so a search rather than a select.
    form = page.split('data-action="appoint_client_lead"', 1)[1].split("</form>", 1)[0]
    field = re.search(r"<input[^>]*hx-get=\"/personer/sok/\?falt=(\w+)\"[^>]*>", form)
    assert field is not None
    name = field.group(1)
    tag = field.group(0)
    element_id = re.search(r'id="([^"]+)"', tag).group(1)
    listed = re.search(r'list="([^"]+)"', tag).group(1)
    hint = re.search(r'aria-describedby="([^"]+)"', tag).group(1)
    assert f'name="{name}"' in tag and f'hx-target="#{listed}"' in tag
    assert f'<datalist id="{listed}"></datalist>' in form
    assert f'<small id="{hint}" class="hint">Skriv en del av namnet' in form
    assert page.count(f'id="{listed}"') == 1 and page.count(f'id="{hint}"') == 1
    assert f'<label for="{element_id}"' in form
    assert "<select" not in form.split(f'for="{element_id}"', 1)[1].split("</p>", 1)[0]
    assert "lisa.a@example.se" not in form  # no list of every employee on the page
    assert "htmx-2.0.11.min.js" in page


def test_the_work_group_fields_still_offer_only_the_members(client, staff):
    _org, people = staff
    log_in(client, people["cecilia"])
    page = client.get("/kunder/alfa/").content.decode()
    form = page.split('data-action="set_deputy"', 1)[1].split("</form>", 1)[0]
    assert "<select" in form and 'value="erik@example.se"' in form
    assert "lisa.a@example.se" not in form


def test_a_form_performs_with_an_email_typed(client, staff):
    _org, people = staff
    log_in(client, people["cecilia"])
    response = client.post(
        "/handling/add_work_group_member/",
        {"target": "client:alfa", "person": "Lisa.A@example.se", "next": "/kunder/alfa/"},
    )
    assert response.status_code == 302
    assert WorkGroupMembership.objects.filter(
        client__slug="alfa", person=people["lisa.a"], valid_to__isnull=True
    ).exists()


def test_a_typed_name_that_is_no_email_is_named_as_bad_input(client, staff):
    _org, people = staff
    log_in(client, people["cecilia"])
    response = client.post(
        "/handling/add_work_group_member/",
        {"target": "client:alfa", "person": "Lisa Berg", "next": "/kunder/alfa/"},
        follow=True,
    )
    page = response.content.decode()
    message = page.split('<ul class="messages">', 1)[1].split("</ul>", 1)[0]
    assert "Person:" in message and "Lisa Berg" in message
    assert not WorkGroupMembership.objects.filter(person__name="Lisa Berg").exists()
