"""Someone else changed this just now: an attempt refused (or whose input no longer fits)
because a decision about the same target came after the page the actor read is answered as
a conflict naming that decision, at every door; two writes that collide in the database are
a conflict too, never a server error. The refusal the fresh facts give is still recorded."""

import dataclasses
import json

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError

from ansvar.api import tokens
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine import registry
from ansvar.engine.errors import Conflict, PolicyRefused
from ansvar.engine.registry import perform
from ansvar.org.models import WorkGroupMembership
from tests.fixtures import log_in

ADD_OLOF = {"person": "olof@example.se"}


def _head(org) -> int:
    return Entry.objects.filter(organisation=org).order_by("-seq").values_list("seq", flat=True)[0]


def _petra_takes_over_alfa(org, people) -> int:
    """The CEO appoints Petra client lead of Alfa (P4, VD2): Cecilia no longer decides."""
    done = perform(
        org, people["vera"], "appoint_client_lead", "client:alfa", {"person": "petra@example.se"}
    )
    return done.entry.seq


def test_a_refusal_on_a_target_changed_since_the_page_was_read_is_a_conflict(org, people):
    seen = _head(org)
    first = _petra_takes_over_alfa(org, people)
    with pytest.raises(Conflict) as raised:
        perform(org, people["cecilia"], "add_work_group_member", "client:alfa", ADD_OLOF, seen=seen)
    conflict = raised.value
    assert conflict.seq == first
    # The fresh facts' answer travels with it: Petra decides now (KA3).
    assert conflict.decision is not None and not conflict.decision.allowed
    assert conflict.decision.decider.email == "petra@example.se"
    assert "någon annan ändrade detta nyss" in conflict.message
    assert f"beslut nr {first}" in conflict.message
    assert not WorkGroupMembership.objects.filter(
        person=people["olof"], client__slug="alfa"
    ).exists()
    assert Refusal.objects.filter(action="add_work_group_member").count() == 1
    assert _head(org) == first


def test_without_seen_or_with_a_fresh_page_it_is_the_plain_refusal(org, people):
    first = _petra_takes_over_alfa(org, people)
    for seen in (None, first):
        with pytest.raises(PolicyRefused):
            perform(
                org, people["cecilia"], "add_work_group_member", "client:alfa", ADD_OLOF, seen=seen
            )


def test_a_change_elsewhere_is_no_conflict(org, people):
    """Only decisions about the same target count: a decision on Beta does not turn a
    refusal on Alfa into a conflict."""
    seen = _head(org)
    perform(
        org, people["petra"], "add_work_group_member", "client:beta", {"person": "erik@example.se"}
    )
    with pytest.raises(PolicyRefused) as raised:
        perform(org, people["anna"], "add_work_group_member", "client:alfa", ADD_OLOF, seen=seen)
    assert not isinstance(raised.value, Conflict)


def test_an_allowed_attempt_goes_ahead_whatever_changed_since(org, people):
    seen = _head(org)
    perform(org, people["cecilia"], "add_work_group_member", "client:alfa", ADD_OLOF)
    done = perform(
        org, people["cecilia"], "remove_work_group_member", "client:alfa", ADD_OLOF, seen=seen
    )
    assert done.decision.allowed


def test_removing_a_member_someone_removed_just_now_is_a_conflict(org, people):
    seen = _head(org)
    erik = {"person": "erik@example.se"}
    first = perform(org, people["cecilia"], "remove_work_group_member", "client:alfa", erik)
    with pytest.raises(Conflict) as raised:
        perform(org, people["cecilia"], "remove_work_group_member", "client:alfa", erik, seen=seen)
    assert raised.value.seq == first.entry.seq
    assert Entry.objects.filter(action="remove_work_group_member").count() == 1


def test_a_collision_in_the_database_is_a_conflict_and_writes_nothing(org, people, monkeypatch):
    spec = registry.ACTIONS["add_work_group_member"]

    def collides(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setitem(registry.ACTIONS, spec.name, dataclasses.replace(spec, handler=collides))
    before = _head(org)
    with pytest.raises(Conflict) as raised:
        perform(org, people["cecilia"], "add_work_group_member", "client:alfa", ADD_OLOF)
    assert raised.value.seq is None and raised.value.decision is None
    assert _head(org) == before and not Refusal.objects.exists()


def test_the_web_says_who_came_first_and_links_to_the_decision(client, org, people):
    log_in(client, people["cecilia"])
    page = client.get("/kunder/alfa/").content.decode()
    seen = _head(org)
    assert f'name="seen" value="{seen}"' in page
    first = _petra_takes_over_alfa(org, people)
    response = client.post(
        "/handling/add_work_group_member/",
        {
            "target": "client:alfa",
            "person": "olof@example.se",
            "seen": str(seen),
            "next": "/kunder/alfa/",
        },
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Någon annan ändrade detta nyss:")
    assert f'href="/beslutslogg/#entry-{first}"' in message and f"beslut nr {first}" in message
    assert "Petra Ka" in message  # who decides now, from the fresh refusal


def test_a_forged_seen_is_ignored_not_a_server_error(client, org, people):
    log_in(client, people["cecilia"])
    for seen in ("-1", "x", "9" * 40):
        response = client.post(
            "/handling/add_work_group_member/",
            {"target": "client:alfa", "person": "olof@example.se", "seen": seen, "next": "/"},
        )
        assert response.status_code == 302
    assert (
        WorkGroupMembership.objects.filter(person=people["olof"], client__slug="alfa").count() == 1
    )


def test_the_api_answers_409_with_the_decision_that_came_first(client, org, people):
    seen = _head(org)
    first = _petra_takes_over_alfa(org, people)
    token = tokens.issue(people["cecilia"], "test").token
    response = client.post(
        "/api/v1/actions/add_work_group_member",
        json.dumps({"target": "client:alfa", "args": ADD_OLOF, "seen": seen}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["type"].endswith("/conflict") and problem["seq"] == first
    assert problem["clauses"] and "petra" not in problem["detail"].lower()
    again = client.post(
        "/api/v1/actions/add_work_group_member",
        json.dumps({"target": "client:alfa", "args": ADD_OLOF}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert again.status_code == 403
