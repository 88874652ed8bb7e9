"""Log-in: the day after the last day of employment, nobody gets in, and the same answer for
an unknown address as for a wrong password (no account enumeration)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from ansvar.org.models import Employment

PASSWORD = "ett-långt-lösen-9"


@pytest.fixture(autouse=True)
def _fast_hash(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def petra(people):
    petra = people["petra"]
    petra.user = User.objects.create_user(petra.email, petra.email, PASSWORD)
    petra.save(update_fields=["user"])
    return petra


def _ends(person, days_from_today: int) -> None:
    last_day = timezone.localdate() + timedelta(days=days_from_today)
    Employment.objects.filter(person=person).update(last_day=last_day)


def _log_in(client, username, password=PASSWORD):
    return client.post("/logga-in/", {"username": username, "password": password})


def _answer(response) -> str:
    """The page without its per-request CSRF token and the address typed in."""
    page = re.sub(r'value="[^"]{32,}"', "", response.content.decode())
    return re.sub(r'value="[^"]*@example\.se"', "", page)


def test_on_the_last_day_one_still_logs_in_and_the_day_after_not(client, petra):
    _ends(petra, 0)
    assert _log_in(client, "petra@example.se").status_code == 302
    client.logout()
    _ends(petra, -1)
    refused = _log_in(client, "petra@example.se")
    assert refused.status_code == 200 and "Fel e-postadress eller lösenord." in refused.text


def test_a_session_ends_the_day_after_the_last_day(client, petra):
    assert _log_in(client, "petra@example.se").status_code == 302
    assert client.get("/").status_code == 200
    _ends(petra, -1)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/logga-in/")


def test_a_hire_logs_in_before_the_first_day(client, petra):
    Employment.objects.filter(person=petra).update(
        starts_on=timezone.localdate() + timedelta(days=20)
    )
    assert _log_in(client, "petra@example.se").status_code == 302


def test_the_address_is_matched_in_any_case(client, petra):
    assert _log_in(client, "  Petra@Example.SE ").status_code == 302


def test_a_deactivated_account_cannot_log_in(client, petra):
    User.objects.filter(pk=petra.user_id).update(is_active=False)
    assert _log_in(client, "petra@example.se").status_code == 200


def test_unknown_address_and_wrong_password_get_the_same_answer(client, petra):
    unknown = _log_in(client, "nobody@example.se")
    wrong = _log_in(client, "petra@example.se", "fel-lösenord-123")
    _ends(petra, -1)
    left = _log_in(client, "petra@example.se")  # the right password, but she has left
    assert unknown.status_code == wrong.status_code == left.status_code == 200
    assert _answer(unknown) == _answer(wrong) == _answer(left)


def test_the_session_costs_no_extra_query(client, petra, django_assert_num_queries):
    """The employment check rides on the query that loads the session's user."""
    client.force_login(petra.user)
    with django_assert_num_queries(2):  # the session, the user with the check
        client.get("/konto/aterstall/skickat/")
