"""The engine's guarantees: no bypass for Django staff, parameters are CEO decisions in the
log, and a refused action changes nothing but the refusal log."""

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.registry import can, perform

AT = date(2026, 11, 27)
DOMAIN_APPS = ("org", "clients", "people", "decisions", "duties", "auth")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS
    }


def test_superuser_and_staff_status_confer_no_policy_right(org, people):
    erik = people["erik"]
    erik.user = User.objects.create_superuser("erik@example.se", "erik@example.se", "x-long-pass")
    erik.save(update_fields=["user"])
    assert erik.user.is_superuser and erik.user.is_staff
    attempts = [
        ("appoint_client_lead", "client:alfa", {"person": "erik@example.se"}, "VD2"),
        ("set_policy_parameter", "org", {"name": "veto_window_working_days", "value": "9"}, "VD1"),
        ("add_work_group_member", "client:beta", {"person": "anna@example.se"}, "KA3"),
        (
            "create_business_area",
            "org",
            {"slug": "x", "name": "X", "manager": "erik@example.se"},
            "VD1",
        ),
    ]
    entries = Entry.objects.count()
    for action, target, args, clause in attempts:
        assert not can(org, erik, action, target, args, at=AT).allowed
        with pytest.raises(PolicyRefused) as refused:
            perform(org, erik, action, target, args, at=AT)
        assert clause in refused.value.decision.clauses
    assert Entry.objects.count() == entries
    assert Refusal.objects.filter(actor=erik).count() == len(attempts)


def test_changing_a_policy_parameter_is_a_ceo_decision_in_the_log(org, people):
    done = perform(
        org,
        people["vera"],
        "set_policy_parameter",
        "org",
        {"name": "veto_window_working_days", "value": "5"},
        at=AT,
    )
    org.refresh_from_db()
    assert org.policy["veto_window_working_days"] == 5
    entry = done.entry
    assert entry.action == "set_policy_parameter" and entry.actor_role == "ceo"
    assert entry.clauses.split(",") == ["VD1"] and entry.actor_id_ref == people["vera"].pk
    assert entry.public == {"name": "veto_window_working_days", "value": 5, "previous": 3}
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["anna"],
            "set_policy_parameter",
            "org",
            {"name": "veto_window_working_days", "value": "1"},
            at=AT,
        )
    assert refused.value.decision.clauses == ("VD1",)
    assert refused.value.decision.decider.email == "vera@example.se"
    org.refresh_from_db()
    assert org.policy["veto_window_working_days"] == 5


REFUSED = [
    ("anna", "add_work_group_member", "client:alfa", {"person": "petra@example.se"}, "P7"),
    ("vera", "set_deputy", "client:alfa", {"person": "erik@example.se"}, "P7"),
    ("erik", "remove_work_group_member", "client:alfa", {"person": "anna@example.se"}, "KA3"),
    ("cecilia", "appoint_client_lead", "client:beta", {"person": "erik@example.se"}, "VD2"),
    ("olof", "appoint_area_manager", "area:opinion", {"person": "olof@example.se"}, "VD2"),
    ("petra", "set_policy_parameter", "org", {"name": "probation_months", "value": "3"}, "VD1"),
]


@pytest.mark.parametrize(("who", "action", "target", "args", "clause"), REFUSED)
def test_a_refusal_changes_no_domain_row_and_names_the_clause(
    org, people, who, action, target, args, clause
):
    before = row_counts()
    with pytest.raises(PolicyRefused) as refused:
        perform(org, people[who], action, target, args, at=AT)
    after = row_counts()
    assert after.pop("decisions.Refusal") == before.pop("decisions.Refusal") + 1
    assert after == before
    assert clause in refused.value.decision.clauses
    refusal = Refusal.objects.get()
    assert clause in refusal.clauses.split(",")
    assert refusal.actor == people[who] and refusal.action == action
    assert refusal.target == target and refusal.reason == refused.value.decision.reason_sv
