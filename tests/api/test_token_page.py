"""The page /konto/nycklar/: a person makes, sees and revokes their own API tokens with the
same functions as the ``ansvar token`` commands."""

from django.test import Client

from ansvar.api import tokens
from ansvar.api.models import ApiToken
from tests.fixtures import log_in

PAGE = "/konto/nycklar/"


def _made(client: Client, name: str = "skript", days: str = "") -> str:
    response = client.post(PAGE, {"name": name, "expires_in_days": days})
    assert response.status_code == 200
    row = ApiToken.objects.filter(name=name).latest("created_at")
    text = response.content.decode()
    start = text.index(row.prefix)
    return text[start : text.index("<", start)]


def test_a_new_token_is_shown_once_and_works_with_the_api(org, people):
    client = Client()
    log_in(client, people["anna"])
    token = _made(client, days="30")
    assert token.startswith("ansvar_") and len(token) > 20
    row = ApiToken.objects.get(person=people["anna"], name="skript")
    assert row.token_hash != token and row.expires_at is not None
    again = client.get(PAGE)
    assert "no-store" in again["Cache-Control"]  # the page that showed it is not kept either
    page = again.content.decode()
    assert token not in page and "skript" in page and "aldrig" in page

    api = Client().get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    page = client.get(PAGE).content.decode()
    assert row.last_used_at.strftime("%Y-%m-%d") in page and "aldrig" not in page


def test_revoke_makes_the_api_refuse(org, people):
    client = Client()
    log_in(client, people["anna"])
    token = _made(client)
    row = ApiToken.objects.get(person=people["anna"], name="skript")
    response = client.post(f"/konto/nycklar/{row.pk}/aterkalla/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert "återkallad" in client.get(PAGE).content.decode()
    api = Client().get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 401


def test_another_persons_token_cannot_be_revoked(org, people):
    theirs = tokens.issue(people["erik"], "eriks").row
    client = Client()
    log_in(client, people["anna"])
    assert client.post(f"/konto/nycklar/{theirs.pk}/aterkalla/").status_code == 404
    assert "eriks" not in client.get(PAGE).content.decode()
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_an_invalid_expiry_is_refused_next_to_its_field(org, people):
    client = Client()
    log_in(client, people["anna"])
    for days, message in (("tre", "helt antal dagar"), ("0", "minst 1 dag")):
        response = client.post(PAGE, {"name": "fel", "expires_in_days": days})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not ApiToken.objects.filter(name="fel").exists()
