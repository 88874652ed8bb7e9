"""Who may read what in the decision log, whatever the door.

A unique marker is planted in every text argument of every action (and a unique salary
amount); then every page, log view, filter, export, the API's log and every refusal record
is read by every person of the organisation. A marker of an HR decision shows only to its
circle (the person, their line manager and the CEO; for coaching the asker and the manager
asked; for candidates the area's manager and the CEO); a marker of any other decision shows
to everyone employed; a marker of a sensitive argument is in no refusal record; someone
whose employment has ended reads nothing.
"""

import json
import secrets
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ansvar.accounts.actions import found_first_administrator
from ansvar.api import tokens
from ansvar.cli.main import main
from ansvar.decisions.models import AccessRecord, Entry, Refusal
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.reads import may_read
from ansvar.engine.registry import ACTIONS, perform
from ansvar.org.founding import (
    AreaSpec,
    ClientSpec,
    OrganisationSpec,
    PersonSpec,
    found_organisation,
)
from ansvar.people.selectors import export_lines, read_decisions
from ansvar.web import views_clients, views_log, views_people

TODAY = timezone.localdate()

# Text arguments that name no person: identifiers, a skill, a client's, an area's or a job's
# name, a parameter, a month. Every other text argument is marked sensitive.
NOT_PERSONAL = {
    ("set_skill", "name"),
    ("propose_client", "name"),
    ("propose_client", "slug"),
    ("create_business_area", "slug"),
    ("create_business_area", "name"),
    ("open_position", "title"),
    ("set_policy_parameter", "name"),
    ("set_policy_parameter", "value"),
    ("record_client_figures", "month"),
    # What a webhook endpoint is sent: event kinds and action names of the vocabulary.
    ("register_webhook", "events"),
    ("register_webhook", "actions"),
    ("change_webhook", "events"),
    ("change_webhook", "actions"),
}


def _spec() -> OrganisationSpec:
    """Dates relative to today, so the probation is running whenever the suite runs."""
    long_ago = date(2018, 1, 1)
    return OrganisationSpec(
        name="Läsbyrån",
        slug="lasbyran",
        ceo="vera@example.se",
        founded_on=date(2015, 1, 1),
        people=[
            PersonSpec("vera@example.se", "Vera Vd", "ledning", long_ago),
            PersonSpec("anna@example.se", "Anna Ao", "opinion", long_ago),
            PersonSpec("cecilia@example.se", "Cecilia Ka", "opinion", long_ago),
            PersonSpec(
                "erik@example.se",
                "Erik Ny",
                "opinion",
                TODAY - timedelta(days=60),
                probation_until=TODAY + timedelta(days=100),
            ),
            PersonSpec("olof@example.se", "Olof Ao", "analys", long_ago),
            PersonSpec("petra@example.se", "Petra Ka", "analys", long_ago),
            PersonSpec("dag@example.se", "Dag Uppsagd", "analys", long_ago),
            PersonSpec("stina@example.se", "Stina Avskedad", "opinion", long_ago),
            PersonSpec(
                "lars@example.se",
                "Lars Slutat",
                "analys",
                long_ago,
                last_day=TODAY - timedelta(days=1),
            ),
        ],
        areas=[
            AreaSpec("ledning", "Ledning", "vera@example.se"),
            AreaSpec("opinion", "Opinion", "anna@example.se"),
            AreaSpec("analys", "Analys", "olof@example.se"),
        ],
        clients=[
            ClientSpec("alfa", "Alfa AB", "cecilia@example.se", [("erik@example.se", "member")]),
            ClientSpec("beta", "Beta AB", "petra@example.se", [("olof@example.se", "member")]),
        ],
    )


EVERYONE = "everyone"
# A salary as a marker: with decimals, so no hash or time stamp can hold it by chance; a page
# may also show it with a decimal comma (Swedish).
SALARY = "87364.19"
SALARY_SV = "87364,19"
# The decision log shows an amount as a Swedish reader writes it.
SALARY_SHOWN = "87\xa0364,19\xa0kr"


class Plant:
    """Runs every action once with markers in its text arguments, as its decider, and once
    as the former employee (refused); remembers each marker's circle."""

    def __init__(self, org: Any, people: dict[str, Any]) -> None:
        self.org = org
        self.people = people
        self.markers: dict[str, tuple[str, str, Any]] = {}  # marker -> (action, arg, circle)
        self.covered: set[tuple[str, str]] = set()
        self.runs = 0

    def marker(self, action: str, arg: str, circle: Any) -> str:
        mark = f"zq{secrets.token_hex(5)}"
        self.markers[mark] = (action, arg, circle)
        self.covered.add((action, arg))
        return mark

    def run(self, actor: str, action: str, target: str, args: dict[str, Any]) -> Any:
        """The decider's attempt, then the former employee's (refused, recorded)."""
        with pytest.raises(PolicyRefused):
            perform(self.org, self.people["lars"], action, target, args)
        self.runs += 1
        return perform(self.org, self.people[actor], action, target, args).result


def _plant(org: Any, people: dict[str, Any]) -> Plant:
    p = Plant(org, people)
    m = p.marker
    opinion = {"anna", "vera"}
    position = p.run(
        "anna", "open_position", "area:opinion", {"title": m("open_position", "title", EVERYONE)}
    )
    p.run(
        "anna",
        "add_candidate",
        "area:opinion",
        {
            "position": position.pk,
            "name": m("add_candidate", "name", opinion),
            "email": m("add_candidate", "email", opinion) + "@example.org",
        },
    )
    p.run(
        "anna",
        "hire",
        "area:opinion",
        {
            "name": m("hire", "name", EVERYONE),
            "email": m("hire", "email", EVERYONE) + "@example.se",
            "starts_on": TODAY.isoformat(),
        },
    )
    p.run("anna", "set_salary", "person:cecilia@example.se", {"amount": SALARY})
    p.markers[SALARY] = ("set_salary", "amount", {"cecilia", "anna", "vera"})
    p.run(
        "anna",
        "record_development_talk",
        "person:cecilia@example.se",
        {
            "held_on": TODAY.isoformat(),
            "notes": m("record_development_talk", "notes", {"cecilia", "anna", "vera"}),
        },
    )
    erik_circle = {"erik", "anna", "vera"}
    p.run(
        "anna",
        "record_probation_follow_up",
        "person:erik@example.se",
        {
            "held_on": TODAY.isoformat(),
            "notes": m("record_probation_follow_up", "notes", erik_circle),
        },
    )
    p.run(
        "vera",
        "decide_probation",
        "person:erik@example.se",
        {"decision": "continue", "reason": m("decide_probation", "reason", erik_circle)},
    )
    p.run(
        "vera",
        "give_notice",
        "person:dag@example.se",
        {
            "reason": m("give_notice", "reason", {"dag", "olof", "vera"}),
            "informed_on": (TODAY - timedelta(days=30)).isoformat(),
        },
    )
    p.run(
        "vera",
        "dismiss",
        "person:stina@example.se",
        {
            "reason": m("dismiss", "reason", {"stina", "anna", "vera"}),
            "informed_on": (TODAY - timedelta(days=10)).isoformat(),
        },
    )
    request = p.run(
        "erik",
        "request_coaching",
        "person:anna@example.se",
        {"topic": m("request_coaching", "topic", erik_circle)},
    )
    p.run(
        "anna",
        "answer_coaching",
        "person:anna@example.se",
        {"request": request.pk, "answer": m("answer_coaching", "answer", erik_circle)},
    )
    p.run(
        "cecilia",
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": m("assign_work_item", "title", EVERYONE)},
    )
    for action in ("record_collaboration_decision", "report_criticism"):
        p.run("cecilia", action, "client:alfa", {"summary": m(action, "summary", EVERYONE)})
    proposal = p.run(
        "cecilia",
        "propose_assignment",
        "client:alfa",
        {"title": m("propose_assignment", "title", EVERYONE)},
    )
    p.run(
        "vera",
        "veto_assignment",
        f"assignment:{proposal.pk}",
        {"reason": m("veto_assignment", "reason", EVERYONE)},
    )
    p.run(
        "petra",
        "propose_client",
        "org",
        {
            "name": m("propose_client", "name", EVERYONE),
            "slug": m("propose_client", "slug", EVERYONE),
        },
    )
    p.run(
        "erik",
        "set_skill",
        "person:erik@example.se",
        {"name": m("set_skill", "name", EVERYONE), "level": 3},
    )
    p.run(
        "vera",
        "create_business_area",
        "org",
        {
            "slug": m("create_business_area", "slug", EVERYONE),
            "name": m("create_business_area", "name", EVERYONE),
            "manager": "vera@example.se",
        },
    )
    # A webhook endpoint, registered and changed by the technical administrator.
    found_first_administrator(org, people["petra"], timezone.localdate())
    # The marker is the address's host: the log keeps scheme and host (a path may carry the
    # receiver's own credential and is not logged).
    hook = "https://hooks.example.se/"
    made = p.run(
        "petra",
        "register_webhook",
        "org",
        {"url": f"https://{m('register_webhook', 'url', EVERYONE)}.example.se/"},
    )
    p.run(
        "petra",
        "change_webhook",
        "org",
        {
            "endpoint": made.endpoint.pk,
            "url": f"https://{m('change_webhook', 'url', EVERYONE)}.example.se/",
        },
    )
    # Malformed on purpose: the marker cannot be a month, a parameter, an event or an action
    # name, so nothing is kept.
    for name in ("register_webhook", "change_webhook"):
        for arg in ("events", "actions"):
            args = {"endpoint": made.endpoint.pk} if name == "change_webhook" else {}
            with pytest.raises(InvalidInput):
                perform(
                    org,
                    people["petra"],
                    name,
                    "org",
                    {**args, "url": hook, arg: m(name, arg, None)},
                )
    for actor, action, target, args in (
        (
            "cecilia",
            "record_client_figures",
            "client:alfa",
            {"month": m("record_client_figures", "month", None), "revenue": 1, "margin": 0},
        ),
        (
            "vera",
            "set_policy_parameter",
            "org",
            {
                "name": m("set_policy_parameter", "name", None),
                "value": m("set_policy_parameter", "value", None),
            },
        ),
    ):
        with pytest.raises(InvalidInput):
            perform(org, people[actor], action, target, args)
    return p


@pytest.fixture
def planted(db):
    org = found_organisation(_spec())
    people = {p.email.split("@")[0]: p for p in org.people.all()}
    for person in people.values():
        person.user = User.objects.create_user(username=person.email)  # no hashing: force_login
        person.save(update_fields=["user"])
    return org, people, _plant(org, people)


SUBJECTS = ("cecilia", "erik", "dag", "stina", "anna")


def _get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _log_pages(client, query: str = "") -> str:
    """Every page of the log view with ``query``, concatenated."""
    first = _get(client, f"/beslutslogg/?{query}")
    pages = [first]
    number = 2
    while f"sida={number}" in pages[-1]:
        pages.append(_get(client, f"/beslutslogg/?{query}&sida={number}"))
        number += 1
    return "\n".join(pages)


def _log_rows(client, query: str = "") -> str:
    """Only the table rows of every page (the filter form names every action)."""
    pages = _log_pages(client, query).split('<table id="log"')[1:]
    return "\n".join(page.split("</table>")[0] for page in pages)


def _export(capsys, *extra: str) -> str:
    capsys.readouterr()
    assert main(["--org", "lasbyran", "log", "export", *extra]) == 0
    return capsys.readouterr().out


def _api_log(person) -> str:
    """Every page of ``GET /api/v1/log`` as ``person`` reads it with a token."""
    api = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(person, 'test').token}")
    pages, cursor = [], ""
    while True:
        response = api.get(f"/api/v1/log?limit=500{cursor}")
        assert response.status_code == 200, response.content
        pages.append(response.content.decode())
        following = response.json()["next"]
        if not following:
            return "\n".join(pages)
        cursor = f"&cursor={following}"


def _everything_read_by(client, capsys, plant: Plant, person) -> dict[str, str]:
    """What ``person`` can read through every door, by door."""
    client.force_login(person.user)
    hr_actions = sorted({a for a, _arg, c in plant.markers.values() if isinstance(c, set)})
    seen = {
        "log": _log_pages(client),
        "log by action": "\n".join(_log_pages(client, f"handling={a}") for a in hr_actions),
        "log by target": "\n".join(
            _log_pages(client, f"mal=person:{s}@example.se") for s in SUBJECTS
        )
        + _log_pages(client, "mal=area:opinion"),
        "person pages": "\n".join(_get(client, f"/personer/{s}@example.se/") for s in SUBJECTS),
        "own page": _get(client, f"/personer/{person.email}/"),
        "area page": _get(client, "/omraden/opinion/"),
        "home": _get(client, "/"),
        "export": _export(capsys, "--as", person.email),
        "api": _api_log(person),
    }
    ceo = person.email == "vera@example.se"
    seen["ceo page"] = _get(client, "/vd/", 200 if ceo else 403)
    seen["refusals"] = _get(client, "/beslutslogg/nekade/", 200 if ceo else 403)
    return seen


def test_every_text_argument_of_every_action_is_planted_and_the_personal_ones_are_sensitive():
    text_args = {
        (spec.name, arg.name)
        for spec in ACTIONS.values()
        for arg in spec.args
        if arg.kind == "text"
    }
    unmarked = {
        (spec.name, arg.name)
        for spec in ACTIONS.values()
        for arg in spec.args
        if arg.kind == "text" and not arg.sensitive
    }
    assert unmarked == NOT_PERSONAL, "a text argument that can name a person is sensitive"
    assert text_args >= NOT_PERSONAL


def test_a_marker_shows_only_within_the_circle_the_rule_allows(planted, client, capsys):
    org, people, plant = planted
    text_args = {
        (spec.name, arg.name)
        for spec in ACTIONS.values()
        for arg in spec.args
        if arg.kind == "text"
    }
    assert plant.covered == text_args, sorted(text_args ^ plant.covered)

    # Refusal records: the former employee's attempts were all recorded, without any marker
    # of a sensitive argument.
    refusals = json.dumps(
        list(Refusal.objects.filter(organisation=org).values("args", "reason", "target")),
        ensure_ascii=False,
    )
    assert Refusal.objects.filter(organisation=org, actor=people["lars"]).count() == plant.runs
    for mark, (action, arg, _circle) in plant.markers.items():
        if (action, arg) not in NOT_PERSONAL:
            assert mark not in refusals, f"{action}.{arg} copied into a refusal record"

    # A malformed attempt keeps nothing.
    stored = json.dumps(
        [e.payload.data for e in Entry.objects.filter(organisation=org).select_related("payload")],
        ensure_ascii=False,
    )
    for mark, (_action, _arg, circle) in plant.markers.items():
        if circle is None:
            assert mark not in stored and mark not in refusals

    # Without a reader, the export is what an employee outside every circle reads.
    anonymous = _export(capsys)
    for mark, (action, arg, circle) in plant.markers.items():
        if isinstance(circle, set):
            assert mark not in anonymous, f"{action}.{arg} in the export without a reader"
        elif circle == EVERYONE:
            assert mark in anonymous, f"{action}.{arg} missing from the export"

    readers = [k for k in people if k != "lars"]
    for key in readers:
        seen = _everything_read_by(client, capsys, plant, people[key])
        for mark, (action, arg, circle) in plant.markers.items():
            if not isinstance(circle, set):
                continue
            for door, text in seen.items():
                if key not in circle:
                    assert mark not in text, f"{key} reads {action}.{arg} through {door}"
                    assert mark != SALARY or SALARY_SV not in text, f"{key}: salary, {door}"
                    assert mark != SALARY or SALARY_SHOWN not in text, f"{key}: salary, {door}"
            if key in circle:
                shown = SALARY_SHOWN if mark == SALARY else mark
                assert shown in seen["log by action"], f"{key} misses {action}.{arg} in the log"
                assert mark in seen["export"], f"{key} misses {action}.{arg} in the export"
                assert mark in seen["api"], f"{key} misses {action}.{arg} in the API"
        for mark, (action, arg, circle) in plant.markers.items():
            if circle == EVERYONE:
                assert mark in seen["export"], f"{key} misses {action}.{arg} in the export"

    # The former employee reads nothing: log-in stops after the last day, and behind it every
    # door refuses from the read rules themselves (the views asked directly, the export).
    client.force_login(people["lars"].user)
    for url in ("/beslutslogg/", "/personer/anna@example.se/", "/vd/", "/beslutslogg/nekade/"):
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"], url
    for view, kwargs in (
        (views_log.log_view, {}),
        (views_log.refusals_view, {}),
        (views_people.person_view, {"email": "lars@example.se"}),
        (views_people.person_view, {"email": "anna@example.se"}),
        (views_clients.ceo_page, {}),
    ):
        request = RequestFactory().get("/")
        request.user = people["lars"].user
        response = view(request, **kwargs)
        page = response.content.decode()
        assert response.status_code == 403, view
        assert not any(mark in page for mark in plant.markers)
        assert "inte anställd" in page and "VD1" in page
    capsys.readouterr()
    assert main(["--org", "lasbyran", "log", "export", "--as", "lars@example.se"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and "inte anställd" in err and "VD1" in err


# --- the log page: not about whom ------------------------------------------------------------


def test_an_outsider_sees_that_notice_was_given_but_not_to_whom(client, planted):
    _org, people, _plant = planted
    client.force_login(people["petra"].user)
    page = _log_rows(client, "handling=give_notice")
    assert "Säga upp" in page and "Dolt för dig" in page
    assert "Dag Uppsagd" not in page and "/personer/dag@example.se/" not in page
    dag = people["dag"]
    assert f"#{dag.pk}" not in page and "Vera Vd" not in page
    # Filtering on the person does not tell either: the HR entries are left out for her.
    about_dag = _log_rows(client, "mal=person:dag@example.se")
    assert "Säga upp" not in about_dag
    client.force_login(people["olof"].user)  # Dag's line manager
    assert "Säga upp" in _log_rows(client, "mal=person:dag@example.se")


def test_an_outsider_filtering_on_the_manager_asked_learns_nothing_of_coaching(client, planted):
    _org, people, _plant = planted
    client.force_login(people["cecilia"].user)
    about_anna = _log_rows(client, "mal=person:anna@example.se")
    assert "Be om coachning" not in about_anna and "Besvara coachningsförfrågan" not in about_anna
    client.force_login(people["erik"].user)  # the one who asked
    own = _log_rows(client, "mal=person:anna@example.se")
    assert "Be om coachning" in own and "Besvara coachningsförfrågan" in own


def test_the_person_page_shows_a_coming_last_day_only_to_the_circle(client, planted):
    org, people, _plant = planted
    last_day = Entry.objects.get(organisation=org, action="give_notice").payload.data["last_day"]
    client.force_login(people["petra"].user)
    assert last_day not in _get(client, "/personer/dag@example.se/")
    for key in ("dag", "olof", "vera"):
        client.force_login(people[key].user)
        assert last_day in _get(client, "/personer/dag@example.se/"), key


def test_the_area_page_shows_candidates_to_the_area_manager_and_the_ceo(client, planted):
    _org, people, _plant = planted
    for key, shown in (("anna", True), ("vera", True), ("cecilia", False), ("olof", False)):
        client.force_login(people[key].user)
        page = _get(client, "/omraden/opinion/")
        assert ("Kandidat nr" in page) is shown, key


# --- the CEO's pages: 403 from the named read rules --------------------------------------------


@pytest.mark.parametrize(
    ("url", "method", "reason"),
    [
        ("/vd/", "get", "Den här sidan visas bara för vd, Vera Vd."),
        ("/beslutslogg/nekade/", "get", "Bara vd, Vera Vd, ser de nekade försöken."),
        ("/beslutslogg/verifiera/", "post", "Bara vd, Vera Vd, verifierar beslutsloggens kedja."),
    ],
)
def test_the_ceo_pages_refuse_with_the_rules_reason_clause_and_the_ceo(
    client, planted, url, method, reason
):
    org, people, _plant = planted
    client.force_login(people["anna"].user)
    response = getattr(client, method)(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert reason in page and "(VD1)" in page and "Beslutar gör Vera Vd." in page
    rule = {"/vd/": "view_ceo_page", "/beslutslogg/nekade/": "view_refusals"}.get(url, "verify_log")
    decision = may_read(org, people["anna"], rule)
    assert not decision.allowed and decision.reason_sv == reason
    client.force_login(people["vera"].user)
    assert getattr(client, method)(url).status_code in (200, 302)


def test_the_api_log_withholds_as_the_page_does_and_verifies_for_the_ceo_only(planted):
    _org, people, _plant = planted
    anna = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(people['anna'], 'test').token}")
    refused = anna.get("/api/v1/log?verify=true")
    assert refused.status_code == 403
    assert refused.json()["clauses"] == ["VD1"]
    assert refused.json()["decider"]["email"] == "vera@example.se"
    petra = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(people['petra'], 'test').token}")
    items = petra.get("/api/v1/log?limit=500").json()["items"]
    notice = next(i for i in items if i["action"] == "give_notice")
    assert notice["withheld"] is True and notice["target"] is None
    assert notice["personal"] is None and notice["public"] == {}
    skill = next(i for i in items if i["action"] == "set_skill")
    assert skill["withheld"] is False and skill["target"].startswith("person:")
    vera = Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue(people['vera'], 'test').token}")
    assert vera.get("/api/v1/log?verify=true").json()["verified"] is True


def test_the_log_page_offers_verification_and_refusals_to_the_ceo_only(client, planted):
    _org, people, _plant = planted
    client.force_login(people["anna"].user)
    page = _get(client, "/beslutslogg/")
    assert "Verifiera kedjan" not in page and "/beslutslogg/nekade/" not in page
    client.force_login(people["vera"].user)
    page = _get(client, "/beslutslogg/")
    assert "Verifiera kedjan" in page and "/beslutslogg/nekade/" in page


# --- one rule: the page's bulk reading equals the rule asked entry by entry --------------------


def test_the_bulk_reading_gives_the_same_decision_as_each_entry_asked_alone(planted):
    org, people, _plant = planted
    entries = list(Entry.objects.filter(organisation=org).order_by("seq"))
    asked = 0
    for key in ("vera", "anna", "olof", "cecilia", "erik", "dag", "petra"):
        reader = people[key]
        bulk = read_decisions(org, reader, entries, TODAY)
        for entry, decision in zip(entries, bulk, strict=True):
            single = _alone(org, reader, entry)
            assert (decision.allowed, decision.clauses) == (single.allowed, single.clauses), (
                key,
                entry.action,
            )
            asked += 1
    assert asked == 7 * len(entries)


def _alone(org, reader, entry):
    from ansvar.org.models import Person
    from ansvar.people.models import CoachingRequest
    from ansvar.policy.rules.reads import entry_rule

    rule = entry_rule(entry.action)
    if rule == "view_log":
        return may_read(org, reader, "view_log", at=TODAY)
    if rule == "view_candidates":
        return may_read(org, reader, rule, entry.target, {"kind": entry.action}, at=TODAY)
    subject = Person.objects.get(pk=int(entry.target.split(":")[1]))
    args: dict[str, Any] = {"kind": entry.action}
    if entry.action == "request_coaching":
        args["asker"] = Person.objects.get(pk=entry.actor_id_ref)
    elif entry.action == "answer_coaching":
        args["asker"] = CoachingRequest.objects.get(pk=entry.public["coaching_request"]).requester
    return may_read(org, reader, rule, f"person:{subject.email}", args, at=TODAY)


def test_reading_a_salary_in_the_export_is_an_access_and_an_outsiders_export_is_not(planted):
    org, people, _plant = planted
    before = AccessRecord.objects.count()
    list(export_lines(org, people["petra"], TODAY))
    list(export_lines(org, None, TODAY))
    assert AccessRecord.objects.count() == before
    rows = [json.loads(line) for line in export_lines(org, people["anna"], TODAY)]
    salary = next(r for r in rows if r["action"] == "set_salary")
    assert salary["personal"]["amount"] == SALARY and "withheld" not in salary
    reads = AccessRecord.objects.filter(viewer=people["anna"], purpose="log_view")
    assert set(reads.values_list("what", flat=True)) >= {"salary", "talk_notes"}
    outsider = [json.loads(line) for line in export_lines(org, people["petra"], TODAY)]
    hidden = next(r for r in outsider if r["action"] == "set_salary")
    assert hidden["withheld"] is True and hidden["target"] is None and hidden["actor"] is None
    assert hidden["personal"] is None and hidden["public"] == {}
    assert hidden["seq"] == salary["seq"] and hidden["hash"] == salary["hash"]


# --- the cost of a page does not grow with the people on it -----------------------------------


@pytest.mark.parametrize("viewer", ["vera", "petra", "anna"])
def test_a_log_page_of_hr_decisions_about_many_people_costs_what_one_does(
    client, planted, viewer, django_assert_max_num_queries
):
    org, people, _plant = planted
    client.force_login(people[viewer].user)

    def salaries(n: int) -> None:
        for i in range(n):
            hired = perform(
                org,
                people["anna"],
                "hire",
                "area:opinion",
                {
                    "name": f"Ny {i}",
                    "email": f"ny{i}-{secrets.token_hex(2)}@example.se",
                    "starts_on": TODAY.isoformat(),
                },
            ).result
            perform(org, people["anna"], "set_salary", f"person:{hired.email}", {"amount": 40000})
            perform(
                org,
                people["erik"],
                "request_coaching",
                "person:anna@example.se",
                {"topic": f"Fråga {i}"},
            )

    salaries(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/beslutslogg/?handling=set_salary").status_code == 200
        assert client.get("/beslutslogg/").status_code == 200
    salaries(30)
    with django_assert_max_num_queries(len(one)):
        assert client.get("/beslutslogg/?handling=set_salary").status_code == 200
        assert client.get("/beslutslogg/").status_code == 200
