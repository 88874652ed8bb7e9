"""Foundation actions through the one action path: effect, log entry, refusal."""

from datetime import date

import pytest

from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.registry import can, holds_right, perform
from ansvar.engine.targets import parse_target
from ansvar.org.models import Holding, WorkGroupMembership
from ansvar.org.responsibility import who_decides

AT = date(2026, 11, 27)


def test_lead_adds_her_own_area_manager_cites_p6(org, people):
    done = perform(
        org,
        people["cecilia"],
        "add_work_group_member",
        "client:alfa",
        {"person": "vera@example.se", "role": "assistant"},
        at=AT,
    )
    assert done.decision.allowed
    assert "P6" in done.decision.clauses and "KA3" in done.decision.clauses
    assert WorkGroupMembership.objects.filter(
        client__slug="alfa", person=people["vera"], valid_to__isnull=True
    ).exists()
    assert done.entry.action == "add_work_group_member"
    assert done.entry.actor_id_ref == people["cecilia"].pk
    assert "KA3" in done.entry.clauses.split(",")


def test_area_manager_is_refused_with_p7_and_nothing_changes(org, people):
    before = (WorkGroupMembership.objects.count(), Entry.objects.count())
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["anna"],
            "add_work_group_member",
            "client:alfa",
            {"person": "petra@example.se"},
            at=AT,
        )
    decision = refused.value.decision
    assert decision.clauses[0] == "P7"
    assert decision.decider.email == "cecilia@example.se"
    assert "Cecilia Ka" in decision.reason_sv
    assert (WorkGroupMembership.objects.count(), Entry.objects.count()) == before
    refusal = Refusal.objects.get()
    assert refusal.clauses.startswith("P7") and refusal.actor == people["anna"]


def test_ceo_replaces_a_client_lead_and_history_answers_the_past(org, people):
    perform(
        org,
        people["vera"],
        "appoint_client_lead",
        "client:alfa",
        {"person": "erik@example.se"},
        at=AT,
    )
    now = who_decides(org, parse_target("client:alfa"), AT)[0]
    before = who_decides(org, parse_target("client:alfa"), date(2026, 11, 26))[0]
    assert now.holder.email == "erik@example.se"
    assert before.holder.email == "cecilia@example.se"
    assert Holding.objects.filter(client__slug="alfa", valid_to__isnull=True).count() == 1
    # The new lead leaves the group he now leads.
    assert not WorkGroupMembership.objects.filter(
        person=people["erik"], client__slug="alfa", valid_to__isnull=True
    ).exists()


def test_consultant_cannot_appoint_a_client_lead(org, people):
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["cecilia"],
            "appoint_client_lead",
            "client:alfa",
            {"person": "erik@example.se"},
            at=AT,
        )
    assert refused.value.decision.clauses == ("VD2",)
    assert refused.value.decision.decider.email == "vera@example.se"


@pytest.mark.parametrize(
    ("action", "target", "args", "field"),
    [
        ("no_such_action", "client:alfa", {}, "action"),
        ("add_work_group_member", "client:nope", {"person": "erik@example.se"}, "target"),
        ("add_work_group_member", "area:opinion", {"person": "erik@example.se"}, "target"),
        ("add_work_group_member", "client:alfa", {"person": "nobody@example.se"}, "person"),
        ("add_work_group_member", "client:alfa", {}, "person"),
        ("add_work_group_member", "client:alfa", {"person": "petra@example.se", "x": "1"}, "args"),
        (
            "add_work_group_member",
            "client:alfa",
            {"person": "petra@example.se", "role": "boss"},
            "role",
        ),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(org, people, action, target, args, field):
    before = (WorkGroupMembership.objects.count(), Entry.objects.count(), Refusal.objects.count())
    with pytest.raises(InvalidInput) as error:
        perform(org, people["cecilia"], action, target, args, at=AT)
    assert error.value.field == field
    assert (
        WorkGroupMembership.objects.count(),
        Entry.objects.count(),
        Refusal.objects.count(),
    ) == before


def test_deputy_is_named_among_members_and_replaces_the_former(org, people):
    perform(
        org, people["cecilia"], "set_deputy", "client:alfa", {"person": "erik@example.se"}, at=AT
    )
    perform(
        org,
        people["cecilia"],
        "set_deputy",
        "client:alfa",
        {"person": "anna@example.se"},
        at=date(2026, 12, 1),
    )
    open_roles = dict(
        WorkGroupMembership.objects.filter(client__slug="alfa", valid_to__isnull=True).values_list(
            "person__email", "role"
        )
    )
    assert open_roles == {"anna@example.se": "deputy", "erik@example.se": "member"}
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["cecilia"],
            "set_deputy",
            "client:alfa",
            {"person": "petra@example.se"},
            at=AT,
        )
    assert refused.value.decision.clauses == ("KA5",)


@pytest.mark.parametrize("check", [can, holds_right])
def test_asking_about_an_action_on_the_wrong_kind_of_target_is_bad_input(org, people, check):
    # Like perform: an area is no client, whatever the rule would make of it.
    with pytest.raises(InvalidInput) as error:
        check(org, people["cecilia"], "add_work_group_member", "area:opinion", at=AT)
    assert error.value.field == "target"
