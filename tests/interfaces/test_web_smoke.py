"""Web smoke test: the log-in page, a demo user's home page and the responsibility map."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ansvar import demo
from ansvar.org.models import Holding
from tests.fixtures import log_in


@pytest.fixture
def demo_org(db):
    return demo.load(people=20, seed=2)


def test_home_redirects_to_a_login_page_that_answers(client, db):
    response = client.get("/")
    assert response.status_code == 302
    login = reverse("login")
    assert response["Location"].startswith(login)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'name="password"' in page.content


def test_a_demo_user_logs_in_and_sees_home_and_the_map(client, demo_org):
    lead = (
        Holding.objects.filter(
            organisation=demo_org, kind=Holding.Kind.CLIENT_LEAD, valid_to__isnull=True
        )
        .select_related("person", "client")
        .order_by("client__slug")
        .first()
    )
    assert lead is not None
    response = client.post(
        reverse("login"), {"username": lead.person.email, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302, "the demo password is accepted"
    home = client.get("/")
    assert home.status_code == 200
    assert lead.person.name in home.content.decode()
    assert escape(demo_org.name) in home.content.decode()

    page = client.get(reverse("responsibility-map"))
    assert page.status_code == 200
    text = page.content.decode()
    assert escape(lead.client.name) in text
    assert str(timezone.localdate().year) in text
    assert lead.person.name in text


def test_a_wrong_password_is_refused(client, demo_org):
    person = demo_org.people.filter(user__isnull=False).first()
    response = client.post(reverse("login"), {"username": person.email, "password": "fel"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/kunder/alfa/?skill=press%00text", 200),
        ("/beslutslogg/?mal=person:cecilia%00@example.se", 200),
        ("/beslutslogg/?handling=assign%00_work_item", 200),
        ("/personer/cecilia%00@example.se/", 404),
    ],
)
def test_a_nul_character_in_the_address_is_no_server_error(client, org, people, url, status):
    # PostgreSQL cannot compare text holding a NUL character; %00 must not reach it.
    log_in(client, people["cecilia"])
    assert client.get(url).status_code == status
