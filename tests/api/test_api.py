"""The REST API: the same Decision as every other door, RFC 9457 problems, tokens that act
with exactly their owner's rights, and nothing of another organisation."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ansvar.api import tokens
from ansvar.cli.main import main
from ansvar.clients.models import WorkItem
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.registry import ACTIONS
from ansvar.org.founding import (
    AreaSpec,
    ClientSpec,
    OrganisationSpec,
    PersonSpec,
    found_organisation,
)
from ansvar.policy.actions import SYSTEM_ACTIONS
from ansvar.policy.rules.accounts import WEBHOOK_ACTIONS
from tests.fixtures import give_account

YEARS = timedelta(days=900)
WORK = {"assignee": "erik@example.se", "title": "Pressmeddelande", "purpose": "quality"}


def bearer(person) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(person, 'test').token}"}


def post(client: Client, url: str, body: dict, headers: dict, **extra) -> tuple[int, dict]:
    data = json.dumps(body)
    response = client.post(url, data, content_type="application/json", **headers, **extra)
    return response.status_code, response.json()


def another_organisation():
    """A second organisation in the same database: Andra AB, its CEO Ada and client Gamma."""
    return found_organisation(
        OrganisationSpec(
            name="Andra AB",
            slug="andra",
            ceo="ada@andra.se",
            people=[PersonSpec("ada@andra.se", "Ada", "ledning", timezone.localdate() - YEARS)],
            areas=[AreaSpec("ledning", "Ledning", "ada@andra.se")],
            clients=[ClientSpec("gamma", "Gamma AB", "ada@andra.se")],
        )
    )


@pytest.fixture
def api_client():
    return Client()


def test_check_gives_the_decision_without_acting(org, people, api_client):
    before = Entry.objects.count()
    body = {"action": "assign_work_item", "target": "client:alfa", "args": WORK}
    status, decision = post(api_client, "/api/v1/check", body, bearer(people["anna"]))
    assert status == 200 and decision["allowed"] is False
    assert decision["clauses"][:2] == ["P7", "KA1"]
    assert decision["decider"] == {"email": "cecilia@example.se", "name": "Cecilia Ka"}
    status, decision = post(api_client, "/api/v1/check", body, bearer(people["cecilia"]))
    assert status == 200 and decision["allowed"] is True and "KA1" in decision["clauses"]
    assert Entry.objects.count() == before  # check writes nothing


def test_act_logs_the_decision_and_a_refusal_is_a_problem(org, people, api_client):
    url = "/api/v1/actions/assign_work_item"
    body = {"target": "client:alfa", "args": WORK}
    status, done = post(api_client, url, body, bearer(people["cecilia"]))
    assert status == 200
    entry = Entry.objects.get(organisation=org, seq=done["entry"]["seq"])
    assert entry.action == "assign_work_item" and entry.hash == done["entry"]["hash"]
    assert WorkItem.objects.filter(title="Pressmeddelande").count() == 1

    body = {"target": "client:alfa", "args": {**WORK, "title": "Igen"}}
    response = api_client.post(
        url,
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(people["vera"]),
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["clauses"][:2] == ["P7", "KA1"]
    assert problem["decider"]["email"] == "cecilia@example.se"
    assert problem["title"] == "Refused by the policy"
    assert "micromanage" in problem["detail"]
    assert WorkItem.objects.filter(title="Igen").count() == 0
    assert Refusal.objects.filter(action="assign_work_item", actor=people["vera"]).count() == 1


def test_bad_input_is_422_naming_the_field_and_writes_nothing(org, people, api_client):
    before = (Entry.objects.count(), Refusal.objects.count())
    body = {"target": "client:alfa", "args": {**WORK, "purpose": "fika"}}
    url = "/api/v1/actions/assign_work_item"
    status, problem = post(api_client, url, body, bearer(people["cecilia"]))
    assert status == 422 and problem["field"] == "args.purpose"

    hire = {"name": "Kim", "email": "kim@example.se", "starts_on": "2027-02-30"}
    body = {"target": "area:opinion", "args": hire}
    status, problem = post(api_client, "/api/v1/actions/hire", body, bearer(people["anna"]))
    assert status == 422 and problem["field"] == "args.starts_on"

    body = {"target": "person:ingen@example.se", "args": {}}
    url = "/api/v1/actions/promote_to_senior"
    status, problem = post(api_client, url, body, bearer(people["vera"]))
    assert status == 404 and problem["field"] == "target"

    response = api_client.post(
        "/api/v1/check", "{inte json", content_type="application/json", **bearer(people["vera"])
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert (Entry.objects.count(), Refusal.objects.count()) == before


def test_tokens_act_as_their_owner_and_end(org, people, api_client, capsys):
    assert api_client.get("/api/v1/people").status_code == 401
    guess = {"HTTP_AUTHORIZATION": "Bearer ansvar_gissat"}
    assert api_client.get("/api/v1/people", **guess).status_code == 401
    argv = ["token", "create", "anna@example.se", "--name", "skript", "--expires", "30"]
    assert main(["--org", org.slug, *argv]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("ansvar_")
    row = people["anna"].api_tokens.get()
    assert token not in row.token_hash and row.expires_at > timezone.now() + timedelta(days=29)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert api_client.get("/api/v1/people", **headers).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    assert main(["--org", org.slug, "token", "revoke", "anna@example.se", str(row.pk)]) == 0
    assert api_client.get("/api/v1/people", **headers).status_code == 401
    expired = tokens.issue(people["anna"], "gammal", 1)
    expired.row.expires_at = timezone.now() - timedelta(minutes=1)
    expired.row.save()
    old = {"HTTP_AUTHORIZATION": f"Bearer {expired.token}"}
    assert api_client.get("/api/v1/people", **old).status_code == 401


def test_a_token_has_exactly_its_owners_rights(org, people, api_client):
    """Erik's token cannot do what Cecilia may: it acts as Erik, refused with KA1."""
    body = {"target": "client:alfa", "args": WORK}
    status, problem = post(
        api_client, "/api/v1/actions/assign_work_item", body, bearer(people["erik"])
    )
    assert status == 403 and "KA1" in problem["clauses"]
    assert problem["decider"]["email"] == "cecilia@example.se"


def test_session_needs_csrf_for_writes(org, people):
    browser = Client(enforce_csrf_checks=True)
    give_account(people["cecilia"])
    browser.force_login(people["cecilia"].user)
    assert browser.get("/api/v1/duties").status_code == 200
    body = {"action": "set_deputy", "target": "client:alfa", "args": {"person": "erik@example.se"}}
    response = browser.post("/api/v1/check", json.dumps(body), content_type="application/json")
    assert response.status_code == 401


def test_lists_are_paged_with_a_cursor(org, people, api_client):
    headers = bearer(people["vera"])
    seen, cursor = [], None
    while True:
        url = "/api/v1/people?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api_client.get(url, **headers).json()
        seen += [p["email"] for p in page["items"]]
        cursor = page["next"]
        if not cursor:
            break
    assert sorted(seen) == sorted(p.email for p in org.people.all())
    assert len(seen) == len(set(seen))
    assert api_client.get("/api/v1/people?cursor=%25%25", **headers).status_code == 422
    log = api_client.get("/api/v1/log?verify=true", **headers).json()
    assert log["verified"] is True
    assert log["size"] == Entry.objects.filter(organisation=org).count()


def test_the_log_hides_a_salary_from_a_colleague(org, people, api_client):
    body = {"target": "person:cecilia@example.se", "args": {"amount": "52345"}}
    status, _ = post(api_client, "/api/v1/actions/set_salary", body, bearer(people["anna"]))
    assert status == 200
    own = api_client.get("/api/v1/log?limit=500", **bearer(people["cecilia"]))
    other = api_client.get("/api/v1/log?limit=500", **bearer(people["petra"]))
    assert "52345" in own.content.decode() and "52345" not in other.content.decode()


def test_another_organisation_is_not_found(org, people, api_client):
    another_organisation()
    headers = bearer(people["vera"])
    args = {"person": "petra@example.se"}
    for action, target in (
        ("appoint_client_lead", "client:gamma"),
        ("promote_to_senior", "person:ada@andra.se"),
    ):
        body = {"action": action, "target": target, "args": args if "client" in target else {}}
        status, problem = post(api_client, "/api/v1/check", body, headers)
        assert status == 404 and problem["field"] == "target", target
    assert api_client.get("/api/v1/who-decides?target=client:gamma", **headers).status_code == 404
    listed = api_client.get("/api/v1/people?limit=500", **headers).json()["items"]
    assert "ada@andra.se" not in [p["email"] for p in listed]


def test_openapi_31_lists_every_operation_and_docs_are_local(api_client):
    schema = api_client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    # A webhook endpoint's actions make a secret shown once on the web or the CLI: no operation.
    people_actions = set(ACTIONS) - SYSTEM_ACTIONS - WEBHOOK_ACTIONS
    assert {f"/api/v1/actions/{name}" for name in people_actions} <= set(paths)
    assert not {f"/api/v1/actions/{name}" for name in WEBHOOK_ACTIONS} & set(paths)
    assert not {f"/api/v1/actions/{name}" for name in SYSTEM_ACTIONS} & set(paths)
    for path, operations in paths.items():
        for op in operations.values():
            assert {"401", "403", "404", "409", "422"} <= set(op["responses"]), path
    hire = schema["components"]["schemas"]["hire_args"]
    assert set(hire["required"]) == {a.name for a in ACTIONS["hire"].args if a.required}
    docs = api_client.get("/api/v1/docs").content.decode()
    assert "https://" not in docs and "/static/ninja/swagger-ui-bundle.js" in docs


def test_a_client_reads_as_its_page_shows_it_to_everyone_employed(org, people, api_client):
    for who in ("erik", "vera", "petra"):
        body = api_client.get("/api/v1/clients/alfa", **bearer(people[who])).json()
        assert body["status"] == "active" and body["lead"]["email"] == "cecilia@example.se"
        roles = {m["email"]: m["role"] for m in body["work_group"]}
        assert roles == {"anna@example.se": "assistant", "erik@example.se": "member"}
    missing = api_client.get("/api/v1/clients/finns-inte", **bearer(people["erik"]))
    assert missing.status_code == 404


def test_a_salary_is_read_by_the_person_the_line_manager_and_the_ceo_only(org, people, api_client):
    from ansvar.decisions.models import AccessRecord
    from ansvar.engine.registry import perform

    perform(org, people["anna"], "set_salary", "person:erik@example.se", {"amount": "41234"})
    url = "/api/v1/people/erik@example.se/salaries"
    # Erik, his area manager (AO3) and the CEO; not a colleague, not another area's manager.
    for who in ("erik", "anna", "vera"):
        response = api_client.get(url, **bearer(people[who]))
        assert response.status_code == 200, who
        assert [(r["amount"], r["decided_by"]) for r in response.json()] == [
            ("41234.00", "anna@example.se")
        ]
    for who in ("cecilia", "olof", "petra"):
        response = api_client.get(url, **bearer(people[who]))
        assert response.status_code == 403, who
        problem = response.json()
        assert "AO3" in problem["clauses"] and "41234" not in response.content.decode()
        assert problem["decider"]["email"] == "anna@example.se"
    reads = AccessRecord.objects.filter(subject=people["erik"], purpose="api")
    assert sorted(r.viewer.email.split("@")[0] for r in reads) == ["anna", "erik", "vera"]


def test_the_signals_are_the_ceo_s(org, people, api_client):
    figures = api_client.get("/api/v1/signals", **bearer(people["vera"])).json()
    assert figures["P1"]["active"] == 6 and figures["P1"]["holding"] == 2
    assert figures["KA5"]["clients"] == 2
    refused = api_client.get("/api/v1/signals", **bearer(people["anna"]))
    assert refused.status_code == 403 and refused.json()["decider"]["email"] == "vera@example.se"


def test_a_token_of_one_organisation_finds_nothing_of_another_on_any_path(org, people, api_client):
    """Every operation with a path parameter, read from the schema: a case here for each, so
    a new one cannot go untested."""
    another_organisation()
    others = {
        "/api/v1/clients/{slug}": "/api/v1/clients/gamma",
        "/api/v1/people/{email}/salaries": "/api/v1/people/ada@andra.se/salaries",
        "/api/v1/people/{email}/talks": "/api/v1/people/ada@andra.se/talks",
        "/api/v1/clients/{slug}/work-items": "/api/v1/clients/gamma/work-items",
        "/api/v1/clients/{slug}/assignments": "/api/v1/clients/gamma/assignments",
        "/api/v1/clients/{slug}/criticism": "/api/v1/clients/gamma/criticism",
    }
    schema = api_client.get("/api/v1/openapi.json").json()
    with_parameters = {
        path
        for path, ops in schema["paths"].items()
        if "{" in path and "get" in ops and not path.startswith("/api/v1/actions/")
    }
    assert with_parameters == set(others), "a path operation without a tenant case"
    for who in ("vera", "anna", "erik"):
        for url in others.values():
            response = api_client.get(url, **bearer(people[who]))
            assert response.status_code == 404, (who, url)
            assert "Gamma" not in response.content.decode() and "Ada" not in response.text
