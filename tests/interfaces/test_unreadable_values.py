"""A stored value that cannot be read never breaks a page for everyone (issue 14, item 4):
a policy parameter whose stored value does not read as its parameter gives way to its
default (and the CEO's page says so), and a log entry whose payload or public part has an
unexpected shape is shown as far as it reads, while the pages around it keep working."""

import json

import pytest

from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.org.models import Organisation
from ansvar.policy.parameters import PARAMETERS, effective_parameters, unreadable_parameters
from tests.decisions.conftest import json_param, raw_update
from tests.fixtures import log_in, triggers_off

BAD_PARAMETERS = {
    "veto_window_working_days": "tre",
    "probation_months": 99,
    "rotation_decision_dates": 5,
    "notice_period_table": {"x": 1},
    "development_talk_interval_months": None,
}


def test_an_unreadable_stored_parameter_gives_way_to_its_default():
    stored = {**BAD_PARAMETERS, "salary_review_interval_months": 6}
    values = effective_parameters(stored)
    for name in BAD_PARAMETERS:
        assert values[name] == PARAMETERS[name].default, name
    assert values["salary_review_interval_months"] == 6  # a readable value still counts
    assert sorted(unreadable_parameters(stored)) == sorted(BAD_PARAMETERS)
    assert effective_parameters(["not", "a", "mapping"]) == effective_parameters(None)  # type: ignore[arg-type]


PAGES = {
    "vera": ["/", "/vd/", "/vd/siffror/", "/vd/parametrar/", "/ataganden/", "/kunder/alfa/"],
    "cecilia": ["/", "/kunder/alfa/", "/ataganden/", "/personer/erik@example.se/"],
    "erik": ["/", "/kunder/", "/mina-uppgifter/"],
}


@pytest.mark.parametrize("who", sorted(PAGES))
def test_pages_count_with_the_default_when_a_stored_parameter_cannot_be_read(
    client, org, people, who
):
    Organisation.objects.filter(pk=org.pk).update(parameters=BAD_PARAMETERS)
    log_in(client, people[who])
    for url in PAGES[who]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_ceo_is_told_which_stored_value_could_not_be_read(client, org, people):
    Organisation.objects.filter(pk=org.pk).update(parameters={"veto_window_working_days": "tre"})
    log_in(client, people["vera"])
    page = client.get("/vd/parametrar/").content.decode()
    assert 'id="unreadable-parameters"' in page
    assert "Vetofönster (arbetsdagar)" in page and "&#x27;tre&#x27;" in page
    # Setting a value through the page's decision mends it.
    perform(
        org,
        people["vera"],
        "set_policy_parameter",
        "org",
        {"name": "veto_window_working_days", "value": "4"},
    )
    page = client.get("/vd/parametrar/").content.decode()
    assert 'id="unreadable-parameters"' not in page


SHAPES = [
    ("payload", ["en", "lista"]),
    ("payload", "bara text"),
    ("payload", {"args": ["inte", "en", "tabell"], "actor": 7}),
    ("payload", {"args": {"person": 12, "moves": "fel", "title": {"x": 1}}}),
    ("public", ["en", "lista"]),
    ("public", 42),
]


@pytest.mark.parametrize("part, value", SHAPES)
def test_the_log_shows_an_entry_of_an_odd_shape_and_every_other(client, org, people, part, value):
    done = perform(
        org,
        people["cecilia"],
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Pressmeddelande", "purpose": "quality"},
    )
    entry = done.entry
    with triggers_off():
        if part == "payload":
            raw_update(
                f"UPDATE decisions_personalpayload SET data = {json_param()} WHERE entry_id = %s",
                [json.dumps(value), entry.pk],
            )
        else:
            raw_update(
                f"UPDATE decisions_entry SET public = {json_param()} WHERE id = %s",
                [json.dumps(value), entry.pk],
            )
    for who in ("cecilia", "vera", "erik"):
        log_in(client, people[who])
        for url in (
            "/beslutslogg/",
            f"/beslutslogg/?handling={entry.action}",
            "/",
            "/kunder/alfa/",
        ):
            response = client.get(url)
            assert response.status_code == 200, (who, url)
        page = client.get("/beslutslogg/").content.decode()
        assert f'id="entry-{entry.seq}"' in page
        assert Entry.objects.filter(organisation=org).count() > 1
