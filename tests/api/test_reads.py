"""The API's reads of a client's work, proposals and criticism, a person's talks and duties,
the rotations and the responsibility map: what the web shows, to whom the policy lets see
it, a page at a time."""

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from ansvar.decisions.models import AccessRecord, Entry
from ansvar.duties.registry import duties
from ansvar.engine.registry import perform
from ansvar.org.responsibility import responsibility_map
from tests.api.test_api import WORK, another_organisation, bearer


def _all_pages(client: Client, url: str, headers: dict, limit: int = 2) -> list[dict]:
    """Every item of a paged list, following ``next`` until it is null."""
    items, cursor = [], None
    sep = "&" if "?" in url else "?"
    while True:
        page = f"{url}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(page, **headers)
        assert response.status_code == 200, (page, response.content)
        body = response.json()
        items += body["items"]
        cursor = body["next"]
        if not cursor:
            return items


def test_a_clients_work_proposals_and_criticism_read_as_its_page_shows_them(org, people):
    cecilia, api = people["cecilia"], Client()
    for title in ("Pressmeddelande", "Remissvar", "Debattartikel"):
        perform(org, cecilia, "assign_work_item", "client:alfa", {**WORK, "title": title})
    done = perform(
        org, cecilia, "assign_work_item", "client:alfa", {**WORK, "title": "Klar redan"}
    ).result
    perform(org, cecilia, "mark_work_item_done", "client:alfa", {"work_item": done.pk})
    perform(org, cecilia, "propose_assignment", "client:alfa", {"title": "Valanalys 2026"})
    perform(org, cecilia, "report_criticism", "client:alfa", {"summary": "För sena svar"})
    beta = {**WORK, "assignee": "olof@example.se", "title": "Beta"}
    perform(org, people["petra"], "assign_work_item", "client:beta", beta)

    for who in ("erik", "vera", "petra"):  # everyone employed, as on the client page
        headers = bearer(people[who])
        work = _all_pages(api, "/api/v1/clients/alfa/work-items", headers)
        titles = [w["title"] for w in work]
        assert titles == ["Pressmeddelande", "Remissvar", "Debattartikel", "Klar redan"]
        assert {w["assigned_by"] for w in work} == {"cecilia@example.se"}
        assert work[-1]["done_on"] == timezone.localdate().isoformat()
        open_work = _all_pages(api, "/api/v1/clients/alfa/work-items?open=true", headers)
        assert [w["title"] for w in open_work] == titles[:3]

        proposals = _all_pages(api, "/api/v1/clients/alfa/assignments", headers)
        assert [(a["title"], a["status"]) for a in proposals] == [("Valanalys 2026", "proposed")]
        assert proposals[0]["proposed_by"] == "cecilia@example.se"

        reports = _all_pages(api, "/api/v1/clients/alfa/criticism", headers)
        assert [(r["summary"], r["acknowledged_on"]) for r in reports] == [("För sena svar", None)]

    # The veto window closes: read on that day, the proposal has lapsed into an assignment.
    closes = proposals[0]["window_closes_on"]
    later = api.get(f"/api/v1/clients/alfa/assignments?at={closes}", **bearer(people["erik"]))
    assert later.json()["items"][0]["status"] == "active"
    before = timezone.localdate() - timedelta(days=1)
    earlier = api.get(f"/api/v1/clients/alfa/assignments?at={before}", **bearer(people["erik"]))
    assert earlier.json()["items"] == []


def test_talk_notes_are_read_by_the_person_the_line_manager_and_the_ceo_only(org, people):
    api = Client()
    held_on = (timezone.localdate() - timedelta(days=3)).isoformat()
    args = {"held_on": held_on, "notes": "Vill leda en egen kund"}
    perform(org, people["anna"], "record_development_talk", "person:erik@example.se", args)
    url = "/api/v1/people/erik@example.se/talks"
    for who in ("erik", "anna", "vera"):
        response = api.get(url, **bearer(people[who]))
        assert response.status_code == 200, who
        assert response.json() == [
            {
                "kind": "development",
                "held_on": held_on,
                "held_by": "anna@example.se",
                "notes": "Vill leda en egen kund",
            }
        ]
    for who in ("cecilia", "olof", "petra"):
        response = api.get(url, **bearer(people[who]))
        assert response.status_code == 403, who
        assert "AO3" in response.json()["clauses"]
        assert "egen kund" not in response.content.decode()
    reads = AccessRecord.objects.filter(subject=people["erik"], what="talk_notes", purpose="api")
    assert sorted(r.viewer.email.split("@")[0] for r in reads) == ["anna", "erik", "vera"]


def test_someone_elses_duties_are_read_by_their_line_manager_and_the_ceo(org, people):
    api, today = Client(), timezone.localdate()

    def emails_and_kinds(rows):
        return [(d["kind"], d["subject"], str(d["due_on"])) for d in rows]

    anna_duties = [d.as_dict(today) for d in duties(org, today, person=people["anna"])]
    assert anna_duties, "Anna follows up Erik's probation: she has duties"
    expected = emails_and_kinds(anna_duties)
    # The CEO is Anna's line manager as well as the CEO (VD1).
    response = api.get("/api/v1/duties?owner=anna@example.se", **bearer(people["vera"]))
    assert response.status_code == 200 and emails_and_kinds(response.json()) == expected
    own = api.get("/api/v1/duties", **bearer(people["anna"])).json()
    assert emails_and_kinds(own) == expected

    # A colleague is refused, naming the one who follows up on Anna: the CEO.
    refused = api.get("/api/v1/duties?owner=anna@example.se", **bearer(people["cecilia"]))
    assert refused.status_code == 403
    problem = refused.json()
    assert "AO3" in problem["clauses"] and problem["decider"]["email"] == "vera@example.se"
    # Anna reads Cecilia's (she is her line manager); Olof, another area's manager, may not.
    assert (
        api.get("/api/v1/duties?owner=cecilia@example.se", **bearer(people["anna"])).status_code
        == 200
    )
    other = api.get("/api/v1/duties?owner=cecilia@example.se", **bearer(people["olof"]))
    assert other.status_code == 403 and other.json()["decider"]["email"] == "anna@example.se"
    missing = api.get("/api/v1/duties?owner=ingen@example.se", **bearer(people["vera"]))
    assert missing.status_code == 404


def test_rotations_list_who_moves_where_for_everyone_employed(org, people):
    api = Client()
    starts = (timezone.localdate() + timedelta(days=30)).isoformat()
    moves = [{"person": "cecilia@example.se", "to_area": "analys"}]
    perform(
        org, people["vera"], "decide_rotation", "org", {"moves": moves, "effective_from": starts}
    )
    for who in ("erik", "petra"):
        body = api.get("/api/v1/rotations", **bearer(people[who])).json()
        assert [(r["decided_by"], r["effective_from"]) for r in body["items"]] == [
            ("vera@example.se", starts)
        ]
        assert body["items"][0]["moves"] == [
            {"person": "cecilia@example.se", "from_area": "opinion", "to_area": "analys"}
        ]
        assert body["next"] is None


def test_the_responsibility_map_pages_through_every_row_of_the_full_map(org, people):
    api, headers = Client(), bearer(people["erik"])
    today = timezone.localdate()
    full = [
        (r.target, r.holder.email if r.holder else None) for r in responsibility_map(org, today)
    ]
    paged = _all_pages(api, "/api/v1/responsibility-map", headers)
    assert [(r["target"], r["holder"]["email"] if r["holder"] else None) for r in paged] == full
    assert len(paged) == 1 + 3 + 2  # the organisation, three areas, two clients
    assert _all_pages(api, "/api/v1/responsibility-map?unowned=true", headers) == []
    narrowed = _all_pages(api, "/api/v1/responsibility-map?q=Alfa", headers)
    assert [r["target"] for r in narrowed] == ["client:alfa"]
    # Before the founding nothing existed yet but the organisation itself.
    old = _all_pages(api, "/api/v1/responsibility-map?at=2019-06-01", headers)
    assert [r["target"] for r in old] == ["org"] and old[0]["holder"] is None
    bad = api.get("/api/v1/responsibility-map?at=2026-02-30", **headers)
    assert bad.status_code == 422 and bad.json()["field"] == "at"


def test_another_organisations_clients_and_people_are_not_found(org, people):
    another_organisation()
    api, headers = Client(), bearer(people["vera"])
    for url in (
        "/api/v1/clients/gamma/work-items",
        "/api/v1/clients/gamma/assignments",
        "/api/v1/clients/gamma/criticism",
        "/api/v1/people/ada@andra.se/talks",
        "/api/v1/duties?owner=ada@andra.se",
    ):
        response = api.get(url, **headers)
        assert response.status_code == 404, url
        assert "Gamma" not in response.text and "Ada" not in response.text
    mapped = _all_pages(api, "/api/v1/responsibility-map", headers, limit=50)
    assert "client:gamma" not in [r["target"] for r in mapped]


def test_the_log_streams_as_json_lines_as_the_reader_may_read_it(org, people):
    perform(org, people["anna"], "set_salary", "person:erik@example.se", {"amount": "41234"})
    api = Client()
    own = api.get("/api/v1/log/stream", **bearer(people["erik"]))
    assert own.status_code == 200 and own.streaming
    assert own["Content-Type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in b"".join(own.streaming_content).splitlines()]
    assert [e["seq"] for e in lines] == list(
        Entry.objects.filter(organisation=org).order_by("seq").values_list("seq", flat=True)
    )
    assert "41234" in json.dumps(lines)  # his own salary
    colleague = api.get("/api/v1/log/stream", **bearer(people["petra"]))
    text = b"".join(colleague.streaming_content).decode()
    assert "41234" not in text and '"withheld": true' in text
    assert api.get("/api/v1/log/stream").status_code == 401
