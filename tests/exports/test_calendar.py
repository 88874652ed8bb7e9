"""The calendar feed holds exactly the person's duties and their own dates, parses with
icalendar and with vobject, lives at a secret address, and stops when revoked."""

import vobject
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from ansvar import demo
from ansvar.cli.main import main
from ansvar.duties.registry import duties
from ansvar.exports import calendar
from ansvar.org.models import Employment, Person


def feed_events(client: Client, url: str) -> tuple[list[tuple[str, str]], bytes]:
    response = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = Calendar.from_ical(response.content)
    events = [
        (e.decoded("dtstart").isoformat(), str(e.get("summary"))) for e in parsed.walk("VEVENT")
    ]
    return sorted(events), response.content


def test_feed_holds_the_duties_of_the_person(db, capsys):
    today = timezone.localdate()
    org = demo.load(people=45, seed=1, today=today)
    probationer = (
        Person.objects.filter(organisation=org, employments__probation_until__gt=today)
        .distinct()
        .first()
    )
    assert probationer is not None
    owners = {d.owner for d in duties(org, today) if d.owner is not None}
    manager = max(owners, key=lambda p: len(duties(org, today, person=p)))
    assert main(["--org", org.slug, "calendar", manager.email]) == 0
    url = capsys.readouterr().out.strip().splitlines()[-1]
    assert url.startswith("http://127.0.0.1:8000/kalender/") and url.endswith(".ics")

    client = Client()  # anonymous: a calendar program has no log-in
    events, body = feed_events(client, url)
    expected = sorted(
        (d.due_on.isoformat(), d.title_sv) for d in duties(org, today, person=manager)
    )
    own = [(e[0], e[1]) for e in events if e not in expected]
    assert [e for e in events if e in expected] == expected and len(expected) > 0
    employment = Employment.objects.get(person=manager, last_day__isnull=True)
    assert own == (
        [(employment.probation_until.isoformat(), "Provanställningen blir tillsvidare (LAS 6 §)")]
        if employment.probation_until and employment.probation_until >= today
        else []
    )
    second = vobject.readOne(body.decode())  # a second parser agrees on the events
    assert len(second.vevent_list) == len(events)
    assert all(v.dtstart.value.isoformat() for v in second.vevent_list)

    assert main(["--org", org.slug, "calendar", probationer.email]) == 0
    url = capsys.readouterr().out.strip().splitlines()[-1]
    events, _ = feed_events(client, url)
    probation = Employment.objects.get(person=probationer, last_day__isnull=True).probation_until
    assert (probation.isoformat(), "Provanställningen blir tillsvidare (LAS 6 §)") in events

    # A new address ends the old one; revoking ends the new one.
    assert main(["--org", org.slug, "calendar", probationer.email]) == 0
    newer = capsys.readouterr().out.strip().splitlines()[-1]
    assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert client.get(newer.removeprefix("http://127.0.0.1:8000")).status_code == 200
    assert main(["--org", org.slug, "calendar", probationer.email, "--revoke"]) == 0
    assert client.get(newer.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert client.get("/kalender/gissat.ics").status_code == 404


def test_the_token_is_stored_hashed(org):
    person = org.people.first()
    token = calendar.create_feed(person)
    stored = person.calendar_feeds.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert calendar.feed_owner(token) == person


def test_own_page_makes_and_ends_the_address(org, client):
    from tests.fixtures import log_in

    person = org.people.get(email="erik@example.se")
    log_in(client, person)
    page = client.post("/kalender/", {"do": "create"})
    assert page.status_code == 200
    url = page.context["url"]
    assert "/kalender/" in url and calendar.has_feed(person)
    assert client.post("/kalender/", {"do": "revoke"}).status_code == 200
    assert not calendar.has_feed(person)
    assert Client().get(url.removeprefix("http://testserver")).status_code == 404
