"""One permission matrix for the web and the API.

Each row is an operation (a page, a list or an action, through the web or the API), a
relation of the object to the viewer (their own, their own area's, another area's, another
organisation's) and the outcome each role should get. The outcomes are written here from the
policy, not read from the rules: the CEO alone sees the CEO's pages and the refused attempts
(VD1); the area manager recruits and sets salaries in their own area (AO3); the client lead
alone directs the client's work (KA1, P7: neither the CEO nor an area manager); a salary is
seen by the person, their line manager and the CEO (AO3); the technical administrator
manages log-ins and nothing else (P7); nothing of another organisation exists for anyone.

The walk counts unauthorised successes and wrongful refusals (both must be 0), and a test
fails when a URL pattern or an API operation has no row, so a new page or operation cannot
ship without its line here.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from ansvar.accounts.actions import found_first_administrator
from ansvar.api import tokens
from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.org.founding import (
    AreaSpec,
    ClientSpec,
    OrganisationSpec,
    PersonSpec,
    found_organisation,
)
from ansvar.org.models import Organisation
from ansvar.webhooks.models import Delivery
from tests.accounts.test_web import PUBLIC, _patterns
from tests.fixtures import give_account

# The roles, as people of the example organisation: Vera is the CEO (and manages Ledning),
# Anna manages Opinion, Cecilia leads Alfa from Opinion, Erik is on probation in Opinion,
# Petra leads Beta from Analys and is the technical administrator.
ROLES = {
    "ceo": "vera",
    "area_manager": "anna",
    "client_lead": "cecilia",
    "probationer": "erik",
    "technical_admin": "petra",
}
OK, REFUSED, NOT_FOUND = "ok", "refused", "not found"
SHOWN, HIDDEN = "shown", "hidden"
SALARY = "41234"  # Erik's salary, set by Anna: a mark to look for on a page

EVERYONE_OK = dict.fromkeys(ROLES, OK)
CEO_ONLY = {role: OK if role == "ceo" else REFUSED for role in ROLES}
ADMIN_ONLY = {role: OK if role == "technical_admin" else REFUSED for role in ROLES}
NOBODY = dict.fromkeys(ROLES, NOT_FOUND)


@dataclass(frozen=True)
class Row:
    """``operation``: a URL pattern's name (web) or ``METHOD path`` of the API schema; ``url``
    the address asked, with ``{own}`` etc. filled per viewer; ``expect`` the outcome per
    role."""

    operation: str
    relation: str
    url: str
    expect: dict[str, str]
    method: str = "get"
    body: dict = field(default_factory=dict)
    look_for: str = ""  # with SHOWN/HIDDEN outcomes: the text the page shows or hides


# Objects by their relation to each viewer: a person, an area, a client.
OWN_PERSON = {r: f"{p}@example.se" for r, p in ROLES.items()}
OWN_AREA_PERSON = {
    "area_manager": "erik@example.se",
    "client_lead": "erik@example.se",
    "probationer": "cecilia@example.se",
    "technical_admin": "olof@example.se",
}
OTHER_AREA_PERSON = {
    "ceo": "anna@example.se",
    "area_manager": "petra@example.se",
    "client_lead": "petra@example.se",
    "probationer": "petra@example.se",
    "technical_admin": "erik@example.se",
}
OWN_AREA = {
    "ceo": "ledning",
    "area_manager": "opinion",
    "client_lead": "opinion",
    "probationer": "opinion",
    "technical_admin": "analys",
}
OTHER_AREA = {
    "ceo": "opinion",
    "area_manager": "analys",
    "client_lead": "analys",
    "probationer": "analys",
    "technical_admin": "opinion",
}
OWN_AREA_CLIENT = {  # a client led from the viewer's own area
    "ceo": None,
    "area_manager": "alfa",
    "client_lead": "alfa",
    "probationer": "alfa",
    "technical_admin": "beta",
}
OTHER_AREA_CLIENT = {
    "ceo": "alfa",
    "area_manager": "beta",
    "client_lead": "beta",
    "probationer": "beta",
    "technical_admin": "alfa",
}
OTHER_ORG = {"person": "ada@andra.se", "area": "ledning-andra", "client": "gamma"}
# Webhook endpoints and deliveries by number, filled in by the ``world`` fixture.
WEBHOOKS: dict[str, str] = {}


def _org_pages() -> list[Row]:
    """Pages about the organisation as a whole: no object, relation "org"."""
    everyone = [
        ("home", "/"),
        ("duties", "/ataganden/"),
        ("duties-export", "/ataganden/hamta.csv"),
        ("duties-export", "/ataganden/hamta.xlsx"),
        ("account", "/konto/"),
        ("account-tokens", "/konto/nycklar/"),
        ("confirm-password", "/konto/bekrafta/"),
        ("responsibility-map", "/ansvarskarta/"),
        ("who-decides", "/vem-bestammer/?q=alfa"),
        ("clients", "/kunder/"),
        ("coaching", "/coachning/"),
        ("org-picture", "/organisation/bild/"),
        ("notifications", "/aviseringar/"),
        ("mail-preferences", "/aviseringar/installningar/"),
        ("people", "/personer/"),
        ("my-page", "/personer/mig/"),
        ("people-search", "/personer/sok/?q=an"),
        ("areas", "/omraden/"),
        ("my-calendar", "/kalender/"),
        ("my-data", "/mina-uppgifter/"),
        ("decision-log", "/beslutslogg/"),
        ("password_change_done", "/konto/bytt/"),
    ]
    ceo = [
        ("ceo", "/vd/"),
        ("ceo-figures", "/vd/siffror/"),
        ("ceo-rotation", "/vd/rotation/"),
        ("ceo-areas", "/vd/affarsomraden/"),
        ("ceo-parameters", "/vd/parametrar/"),
        ("signals", "/vd/signaler/"),
        ("signal-list", "/vd/signaler/p1/"),
        ("refusals", "/beslutslogg/nekade/"),
        ("refusals-export", "/beslutslogg/nekade/hamta.csv"),
        ("refusals-export", "/beslutslogg/nekade/hamta.xlsx"),
        ("refusals-export", "/beslutslogg/nekade/hamta.jsonl"),
    ]
    admin = [
        ("accounts-admin", "/admin-konton/"),
        ("accounts-import", "/admin-konton/importera/"),
        ("accounts-import-done", "/admin-konton/importera/klart/"),
        ("accounts-import-template", "/admin-konton/importera/mall.xlsx"),
        # The whole organisation as a file moves data in and out: technical administration.
        ("accounts-export", "/admin-konton/exportera.xlsx"),
        ("accounts-export", "/admin-konton/exportera.zip"),
        ("outbox", "/utskick/"),
        ("webhooks", "/webhooks/"),
    ]
    return (
        [Row(name, "org", url, EVERYONE_OK) for name, url in everyone]
        + [Row(name, "org", url, CEO_ONLY) for name, url in ceo]
        + [Row(name, "org", url, ADMIN_ONLY) for name, url in admin]
    )


def _object_pages() -> list[Row]:
    rows = []
    for name, url in (
        ("person", "/personer/{person}/"),
        ("area", "/omraden/{area}/"),
        ("area-picture", "/omraden/{area}/bild/"),
        # An area's figures are everyone employed's (AO2), as on its page.
        ("area-figures-export", "/omraden/{area}/siffror.csv"),
        ("area-figures-export", "/omraden/{area}/siffror.xlsx"),
        ("client", "/kunder/{client}/"),
        ("client-end", "/kunder/{client}/avsluta/"),
    ):
        rows += [
            Row(name, "own", url, EVERYONE_OK),
            Row(name, "own area", url, EVERYONE_OK),
            Row(name, "other area", url, EVERYONE_OK),
            Row(name, "other organisation", url, NOBODY),
        ]
    # A webhook endpoint and its deliveries are the technical administrator's (P7); another
    # organisation's does not exist.
    for name, url, method in (
        ("webhook", "/webhooks/{webhook}/", "get"),
        ("webhook-switch", "/webhooks/{webhook}/av-pa/", "post"),
        ("webhook-rotate", "/webhooks/{webhook}/ny-hemlighet/", "post"),
        ("webhook-remove", "/webhooks/{webhook}/ta-bort/", "post"),
        ("webhook-send-again", "/webhooks/leveranser/{delivery}/skicka-igen/", "post"),
    ):
        rows += [
            Row(name, "own", url, ADMIN_ONLY, method=method),
            Row(
                name,
                "other organisation",
                url,
                {**NOBODY, **dict.fromkeys(ROLES, REFUSED), "technical_admin": NOT_FOUND},
                method=method,
            ),
        ]
    # Erik's salary on his page: Erik, his line manager (Anna) and the CEO (AO3).
    salary = {
        "ceo": SHOWN,
        "area_manager": SHOWN,
        "client_lead": HIDDEN,
        "probationer": SHOWN,
        "technical_admin": HIDDEN,
    }
    rows.append(Row("person", "erik", "/personer/erik@example.se/", salary, look_for=SALARY))
    return rows


def _posts() -> list[Row]:
    """Posts that are not an action's own form: marking one's notifications read is anyone's;
    inviting everyone is the technical administrator's."""
    return [
        Row("notifications-read", "own", "/aviseringar/las/", EVERYONE_OK, method="post"),
        # Verifying the chain is the CEO's (VD1).
        Row("decision-log-verify", "org", "/beslutslogg/verifiera/", CEO_ONLY, method="post"),
        Row(
            "accounts-invite-everyone",
            "org",
            "/admin-konton/bjud-in-alla/",
            ADMIN_ONLY,
            method="post",
        ),
    ]


# Actions, through both doors: the web's form post and the API's operation.
WORK = {"assignee": "erik@example.se", "title": "Pressmeddelande", "purpose": "quality"}
ACTION_ROWS = [
    # The client lead alone directs the client's work (KA1; P7 for the CEO and managers).
    (
        "assign_work_item",
        "own",
        "client:alfa",
        WORK,
        {
            "ceo": REFUSED,
            "area_manager": REFUSED,
            "client_lead": OK,
            "probationer": REFUSED,
            "technical_admin": REFUSED,
        },
    ),
    ("assign_work_item", "other organisation", "client:gamma", WORK, NOBODY),
    # Salaries are set by the line manager: Erik's by Anna (AO3), not by the CEO.
    (
        "set_salary",
        "own area",
        "person:erik@example.se",
        {"amount": "42000"},
        {
            "ceo": REFUSED,
            "area_manager": OK,
            "client_lead": REFUSED,
            "probationer": REFUSED,
            "technical_admin": REFUSED,
        },
    ),
    ("set_salary", "other organisation", "person:ada@andra.se", {"amount": "42000"}, NOBODY),
    # Recruiting into Analys is Olof's; nobody in the matrix's roles may (AO2).
    (
        "open_position",
        "other area",
        "area:analys",
        {"title": "Analytiker"},
        dict.fromkeys(ROLES, REFUSED),
    ),
    (
        "open_position",
        "own area",
        "area:opinion",
        {"title": "Konsult"},
        {
            "ceo": REFUSED,
            "area_manager": OK,
            "client_lead": REFUSED,
            "probationer": REFUSED,
            "technical_admin": REFUSED,
        },
    ),
]


def _api_rows() -> list[Row]:
    rows = [
        Row("GET /api/v1/people", "org", "/api/v1/people", EVERYONE_OK),
        Row("GET /api/v1/areas", "org", "/api/v1/areas", EVERYONE_OK),
        Row("GET /api/v1/clients", "org", "/api/v1/clients", EVERYONE_OK),
        Row("GET /api/v1/duties", "own", "/api/v1/duties", EVERYONE_OK),
        Row("GET /api/v1/log", "org", "/api/v1/log", EVERYONE_OK),
        Row(
            "GET /api/v1/who-decides", "own", "/api/v1/who-decides?target=client:alfa", EVERYONE_OK
        ),
        Row(
            "GET /api/v1/who-decides",
            "other organisation",
            "/api/v1/who-decides?target=client:gamma",
            NOBODY,
        ),
        # The day's signals are the CEO's (VD1).
        Row("GET /api/v1/signals", "org", "/api/v1/signals", CEO_ONLY),
    ]
    client = "GET /api/v1/clients/{slug}"
    rows += [
        Row(client, relation, "/api/v1/clients/{client}", EVERYONE_OK)
        for relation in ("own", "own area", "other area")
    ] + [Row(client, "other organisation", "/api/v1/clients/{client}", NOBODY)]
    # A salary: the person, their line manager and the CEO (AO3). Vera's own area has no one
    # else; Anna manages Erik; Petra is in Analys, which Olof manages.
    salaries = "GET /api/v1/people/{email}/salaries"
    url = "/api/v1/people/{person}/salaries"
    nobody_else = dict.fromkeys(ROLES, REFUSED)
    rows += [
        Row(salaries, "own", url, EVERYONE_OK),
        Row(salaries, "own area", url, {**nobody_else, "area_manager": OK}),
        Row(salaries, "other area", url, {**nobody_else, "ceo": OK}),
        Row(salaries, "other organisation", url, NOBODY),
    ]
    # Talk notes (AO3, AO4) and someone else's duties (followed up by the line manager; the
    # CEO's whole organisation, VD1): the same circle as a salary.
    for operation, url in (
        ("GET /api/v1/people/{email}/talks", "/api/v1/people/{person}/talks"),
        ("GET /api/v1/duties", "/api/v1/duties?owner={person}"),
    ):
        rows += [
            Row(operation, "own", url, EVERYONE_OK),
            Row(operation, "own area", url, {**nobody_else, "area_manager": OK}),
            Row(operation, "other area", url, {**nobody_else, "ceo": OK}),
            Row(operation, "other organisation", url, NOBODY),
        ]
    # A client's work, proposals and criticism: open to everyone employed, as its page.
    for part in ("work-items", "assignments", "criticism"):
        operation = f"GET /api/v1/clients/{{slug}}/{part}"
        url = f"/api/v1/clients/{{client}}/{part}"
        rows += [
            Row(operation, relation, url, EVERYONE_OK)
            for relation in ("own", "own area", "other area")
        ] + [Row(operation, "other organisation", url, NOBODY)]
    rows += [
        # The rotations and the map, like the log, are everyone's (VD1, VD3).
        Row("GET /api/v1/rotations", "org", "/api/v1/rotations", EVERYONE_OK),
        Row("GET /api/v1/log/stream", "org", "/api/v1/log/stream", EVERYONE_OK),
        Row("GET /api/v1/responsibility-map", "org", "/api/v1/responsibility-map", EVERYONE_OK),
        # The chain's state is the CEO's (VD1).
        Row("GET /api/v1/log", "verify", "/api/v1/log?verify=true", CEO_ONLY),
        # A question anyone may ask; a question about another organisation finds nothing.
        Row(
            "POST /api/v1/check",
            "own",
            "/api/v1/check",
            EVERYONE_OK,
            method="post",
            body={"action": "assign_work_item", "target": "client:alfa", "args": WORK},
        ),
        Row(
            "POST /api/v1/check",
            "other organisation",
            "/api/v1/check",
            NOBODY,
            method="post",
            body={"action": "assign_work_item", "target": "client:gamma", "args": WORK},
        ),
    ]
    return rows


def _fill(url: str, role: str, relation: str) -> str | None:
    """The url for this viewer and relation; None when the viewer has no such object (the
    CEO's area leads no client)."""
    if relation == "other organisation":
        objects = {**OTHER_ORG, "webhook": WEBHOOKS["other"], "delivery": WEBHOOKS["other_d"]}
    elif relation == "own":
        objects = {
            "webhook": WEBHOOKS["own"],
            "delivery": WEBHOOKS["own_d"],
            "person": OWN_PERSON[role],
            "area": OWN_AREA[role],
            "client": OWN_AREA_CLIENT[role] if role != "client_lead" else "alfa",
        }
    elif relation == "own area":
        objects = {
            "person": OWN_AREA_PERSON.get(role),
            "area": OWN_AREA[role],
            "client": OWN_AREA_CLIENT[role],
        }
    else:
        objects = {
            "person": OTHER_AREA_PERSON[role],
            "area": OTHER_AREA[role],
            "client": OTHER_AREA_CLIENT[role],
        }
    for key, value in objects.items():
        if "{" + key + "}" in url:
            if value is None:
                return None
            url = url.replace("{" + key + "}", value)
    return url


@pytest.fixture
def world(org, people):
    """The example organisation (Erik's salary set, Petra its technical administrator, a
    log-in for everyone) and another organisation beside it."""
    today = timezone.localdate()
    perform(org, people["anna"], "set_salary", "person:erik@example.se", {"amount": SALARY})
    found_first_administrator(org, people["petra"], today)
    for person in people.values():
        give_account(person)
    long_ago = today - timedelta(days=900)
    found_organisation(
        OrganisationSpec(
            name="Andra AB",
            slug="andra",
            ceo="ada@andra.se",
            people=[PersonSpec("ada@andra.se", "Ada Andra", "ledning-andra", long_ago)],
            areas=[AreaSpec("ledning-andra", "Ledning", "ada@andra.se")],
            clients=[ClientSpec("gamma", "Gamma AB", "ada@andra.se")],
        )
    )
    # A webhook endpoint in each organisation, with a failed delivery each.
    andra = Organisation.objects.get(slug="andra")
    ada = andra.people.get()
    found_first_administrator(andra, ada, today)
    for key, o, admin in (("own", org, people["petra"]), ("other", andra, ada)):
        done = perform(o, admin, "register_webhook", "org", {"url": "https://example.com/h"})
        WEBHOOKS[key] = str(done.result.endpoint.pk)
        perform(o, admin, "rotate_webhook_secret", "org", {"endpoint": done.result.endpoint.pk})
        delivery = Delivery.objects.filter(endpoint=done.result.endpoint).first()
        assert delivery is not None
        Delivery.objects.filter(pk=delivery.pk).update(status="failed")
        WEBHOOKS[f"{key}_d"] = str(delivery.pk)
    return {role: people[name] for role, name in ROLES.items()}


def _web_outcome(response, look_for: str) -> str:
    if look_for:
        assert response.status_code == 200, response.status_code
        return SHOWN if look_for in response.content.decode() else HIDDEN
    return {200: OK, 302: OK, 403: REFUSED, 404: NOT_FOUND}.get(
        response.status_code, f"status {response.status_code}"
    )


def _web_action_outcome(response) -> str:
    """A form's post always redirects back; its message says what happened."""
    assert response.status_code == 302, response.status_code
    texts = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    if any(level == "success" for level, _ in texts):
        return OK
    if any(text.startswith("Nekat (") for _, text in texts):
        return REFUSED
    # Nothing of another organisation exists: the answer names the field, as for a typo.
    if any(text.startswith("Gäller: det finns ingen") for _, text in texts):
        return NOT_FOUND
    return f"messages {texts}"


def _api_outcome(response) -> str:
    outcome = {200: OK, 403: REFUSED, 404: NOT_FOUND}.get(response.status_code)
    if outcome is None:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return f"status {response.status_code}: {body[:200]!r}"
    return outcome


def _walk(world, rows, ask) -> tuple[list[str], list[str]]:
    """Every row for every role: (unauthorised successes, wrongful refusals and other
    differences)."""
    granted, wrong = [], []
    for row in rows:
        for role, expected in row.expect.items():
            url = _fill(row.url, role, row.relation)
            if url is None:
                continue
            got = ask(world[role], row, url)
            if got == expected:
                continue
            line = (
                f"{row.operation} [{row.relation}] {url} as {role}: expected {expected}, got {got}"
            )
            (granted if got in (OK, SHOWN) else wrong).append(line)
    return granted, wrong


def test_every_web_page_and_post_gives_each_role_what_the_policy_says(world):
    def ask(person, row: Row, url: str) -> str:
        client = Client()
        client.force_login(person.user)
        if row.method == "post":
            before = Entry.objects.count()
            response = client.post(url, row.body)
            texts = [str(m) for m in get_messages(response.wsgi_request)]
            if response.status_code == 302 and any(t.startswith("Nekat (") for t in texts):
                assert Entry.objects.count() == before, url
                return REFUSED
            return _web_outcome(response, "")
        return _web_outcome(client.get(url), row.look_for)

    granted, wrong = _walk(world, _org_pages() + _object_pages() + _posts(), ask)
    assert not granted, "unauthorised successes:\n" + "\n".join(granted)
    assert not wrong, "wrongful refusals or differences:\n" + "\n".join(wrong)


def test_every_action_gives_the_same_outcome_through_the_web_and_the_api(world):
    """The web's form post and the API's operation, each on a fresh database state (the
    first door's success is rolled back before the second door is asked)."""
    from django.db import transaction

    rows = [
        Row(f"POST /api/v1/actions/{a}", rel, target, expect, "post", args)
        for a, rel, target, args, expect in ACTION_ROWS
    ]

    def both(person, row: Row, target: str) -> str:
        action = row.operation.rsplit("/", 1)[1]
        outcomes = []
        for door in ("web", "api"):
            before = Entry.objects.count()
            with transaction.atomic():
                sid = transaction.savepoint_create()
                if door == "web":
                    client = Client()
                    client.force_login(person.user)
                    fields = {"target": target, **row.body, "next": "/"}
                    got = _web_action_outcome(client.post(f"/handling/{action}/", fields))
                else:
                    token = tokens.issue(person, "matrix").token
                    response = Client().post(
                        f"/api/v1/actions/{action}",
                        json.dumps({"target": target, "args": row.body}),
                        content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {token}",
                    )
                    got = _api_outcome(response)
                wrote = Entry.objects.count() > before
                transaction.savepoint_rollback(sid)
            assert wrote == (got == OK), (door, action, target, got, wrote)
            outcomes.append(got)
        return (
            outcomes[0] if outcomes[0] == outcomes[1] else f"web {outcomes[0]}, api {outcomes[1]}"
        )

    granted, wrong = _walk(world, rows, both)
    assert not granted, "unauthorised successes:\n" + "\n".join(granted)
    assert not wrong, "wrongful refusals or differences:\n" + "\n".join(wrong)


def test_every_api_read_gives_each_role_what_the_policy_says(world):
    def ask(person, row: Row, url: str) -> str:
        token = tokens.issue(person, "matrix").token
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if row.method == "post":
            response = Client().post(
                url, json.dumps(row.body), content_type="application/json", **headers
            )
            if response.status_code == 200 and row.operation.endswith("/check"):
                return OK  # the question was answered (allowed or not is the Decision's)
            return _api_outcome(response)
        return _api_outcome(Client().get(url, **headers))

    granted, wrong = _walk(world, _api_rows(), ask)
    assert not granted, "unauthorised successes:\n" + "\n".join(granted)
    assert not wrong, "wrongful refusals or differences:\n" + "\n".join(wrong)


# URL patterns with no row, and why: pages before a log-in (tests/accounts/test_web.py), the
# action door (each action's rows above and the scenario files), a form whose post is its own
# step of a longer flow (the import's confirm and cancel, sending one message again).
NOT_IN_THE_MATRIX = PUBLIC | {
    "logout",
    "perform",
    "accounts-import-confirm",
    "accounts-import-cancel",
    "outbox-send-again",
    # only ever one's own token (another's id is a 404): tests/api/test_token_page.py
    "account-token-revoke",
}


def test_every_url_pattern_and_api_operation_has_a_row():
    rows = _org_pages() + _object_pages() + _posts()
    named = {row.operation for row in rows}
    patterns: list[URLPattern] = [
        p for p in _patterns() if p.name and not p.route.startswith("api/")
    ]
    missing = sorted(
        p.name for p in patterns if p.name not in named and p.name not in NOT_IN_THE_MATRIX
    )
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"

    schema = Client().get("/api/v1/openapi.json").json()
    covered = {row.operation for row in _api_rows()} | {
        f"POST /api/v1/actions/{a}" for a, *_ in ACTION_ROWS
    }
    operations = {
        f"{method.upper()} {path}"
        for path, ops in schema["paths"].items()
        for method in ops
        if not path.startswith("/api/v1/actions/")
    }
    assert not sorted(operations - covered), (
        f"API operations without a row: {sorted(operations - covered)}"
    )
    # Each action's operation is the action itself: its rows are the scenario files' and
    # the agreement test's; the matrix holds a client's, a person's and an area's.
    assert {"assign_work_item", "set_salary", "open_position"} <= {a for a, *_ in ACTION_ROWS}
