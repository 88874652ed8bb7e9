"""Client work through the one action path: effect, log entry, refusal, bad input."""

from datetime import date

import pytest

from ansvar.clients.models import (
    CollaborationDecision,
    CriticismReport,
    Notification,
    Skill,
    WorkItem,
)
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.registry import perform
from ansvar.org.founding import found_organisation
from ansvar.org.models import Assignment, Client, WorkGroupMembership
from tests.fixtures import example_spec

AT = date(2026, 11, 27)


def counts() -> tuple[int, ...]:
    return (
        WorkItem.objects.count(),
        CollaborationDecision.objects.count(),
        CriticismReport.objects.count(),
        Notification.objects.count(),
        Skill.objects.count(),
        Assignment.objects.count(),
        Client.objects.count(),
        WorkGroupMembership.objects.count(),
        Entry.objects.count(),
    )


def test_lead_assigns_work_with_a_purpose_and_it_is_logged(org, people):
    done = perform(
        org,
        people["cecilia"],
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Mediebevakning", "purpose": "competence"},
        at=AT,
    )
    item = WorkItem.objects.get()
    assert (item.assignee, item.assigned_by, item.purpose) == (
        people["erik"],
        people["cecilia"],
        "competence",
    )
    assert item.created_on == AT and item.done_on is None
    assert done.entry.action == "assign_work_item"
    assert done.entry.public == {"work_item": item.pk, "client": "alfa", "purpose": "competence"}


def test_work_for_a_non_member_is_refused_and_nothing_is_written(org, people):
    before = counts()
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["cecilia"],
            "assign_work_item",
            "client:alfa",
            {"assignee": "petra@example.se", "title": "Enkät", "purpose": "quality"},
            at=AT,
        )
    assert "KA1" in refused.value.decision.clauses
    assert "Petra Ka" in refused.value.decision.reason_sv
    assert counts() == before
    assert Refusal.objects.get().action == "assign_work_item"


def test_an_unknown_purpose_is_bad_input(org, people):
    before = counts()
    with pytest.raises(InvalidInput) as bad:
        perform(
            org,
            people["cecilia"],
            "assign_work_item",
            "client:alfa",
            {"assignee": "erik@example.se", "title": "X", "purpose": "fun"},
            at=AT,
        )
    assert bad.value.field == "purpose"
    assert counts() == before and not Refusal.objects.exists()


def test_adding_someone_already_in_the_group_is_refused_and_nothing_written(org, people):
    before = counts()
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["cecilia"],
            "add_work_group_member",
            "client:alfa",
            {"person": "anna@example.se"},
            at=AT,
        )
    assert "redan" in refused.value.decision.reason_sv
    assert "already" in refused.value.decision.reason_en
    assert counts() == before


def test_a_deputy_who_is_not_a_member_is_refused_and_nothing_written(org, people):
    before = counts()
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["cecilia"],
            "set_deputy",
            "client:alfa",
            {"person": "olof@example.se"},
            at=AT,
        )
    assert refused.value.decision.clauses == ("KA5",)
    assert counts() == before


def test_lead_records_a_collaboration_decision(org, people):
    perform(
        org,
        people["cecilia"],
        "record_collaboration_decision",
        "client:alfa",
        {"summary": "Löpande räkning"},
        at=AT,
    )
    decision = CollaborationDecision.objects.get()
    assert (decision.decided_by, decision.summary, decision.decided_on) == (
        people["cecilia"],
        "Löpande räkning",
        AT,
    )


def test_criticism_notifies_the_ceo_at_once_and_the_ceo_acknowledges(org, people):
    done = perform(
        org,
        people["cecilia"],
        "report_criticism",
        "client:alfa",
        {"summary": "Sen leverans"},
        at=AT,
    )
    report = CriticismReport.objects.get()
    note = Notification.objects.get()
    assert note.person == people["vera"] and note.subject == f"criticism:{report.pk}"
    assert "Sen leverans" in note.text_sv and note.created_on == AT
    assert done.entry.public["ceo_notified"] is True
    # The personal summary is not in the public part of the log.
    assert "Sen leverans" not in str(done.entry.public)

    ack = perform(org, people["vera"], "acknowledge_criticism", f"criticism:{report.pk}", at=AT)
    report.refresh_from_db()
    assert report.acknowledged_on == AT and report.acknowledged_by == people["vera"]
    assert ack.entry.target == f"criticism:{report.pk}" and ack.entry.actor_role == "ceo"
    # P7: having acknowledged it, the CEO still has no say in the client's work.
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["vera"],
            "record_collaboration_decision",
            "client:alfa",
            {"summary": "Byt leverantör"},
            at=AT,
        )
    assert refused.value.decision.clauses[0] == "P7"


def test_skills_are_kept_by_the_person_themself(org, people):
    perform(
        org,
        people["erik"],
        "set_skill",
        "person:erik@example.se",
        {"name": " SQL ", "level": 2},
        at=AT,
    )
    perform(
        org,
        people["erik"],
        "set_skill",
        "person:erik@example.se",
        {"name": "sql", "level": 4},
        at=AT,
    )
    skill = Skill.objects.get()
    assert (skill.name, skill.level) == ("sql", 4)
    with pytest.raises(InvalidInput) as bad:
        perform(
            org,
            people["erik"],
            "set_skill",
            "person:erik@example.se",
            {"name": "sql", "level": 6},
            at=AT,
        )
    assert bad.value.field == "level"
    with pytest.raises(PolicyRefused):
        perform(
            org,
            people["anna"],
            "set_skill",
            "person:erik@example.se",
            {"name": "sql", "level": 1},
            at=AT,
        )
    assert Skill.objects.get().level == 4


def test_propose_client_creates_a_proposed_client_and_its_proposal(org, people):
    done = perform(
        org, people["erik"], "propose_client", "org", {"name": "Gamma AB", "slug": "gamma"}, at=AT
    )
    a = done.result
    assert a.is_new_client and a.status == "proposed" and a.proposed_by == people["erik"]
    assert a.client.status == "proposed" and a.window_closes_on == date(2026, 12, 3)
    assert done.entry.public["window_closes_on"] == "2026-12-03"
    with pytest.raises(InvalidInput) as bad:
        perform(
            org, people["erik"], "propose_client", "org", {"name": "Gamma", "slug": "gamma"}, at=AT
        )
    assert bad.value.field == "slug"
    with pytest.raises(InvalidInput):
        perform(
            org, people["erik"], "propose_client", "org", {"name": "D", "slug": "Not A Slug"}, at=AT
        )
    assert Client.objects.filter(slug="gamma").count() == 1


def test_the_window_follows_the_organisations_parameter(org, people):
    perform(
        org,
        people["vera"],
        "set_policy_parameter",
        "org",
        {"name": "veto_window_working_days", "value": "5"},
        at=AT,
    )
    org.refresh_from_db()
    done = perform(
        org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT
    )
    assert done.result.window_closes_on == date(2026, 12, 5)


def test_vetoing_another_organisations_proposal_is_bad_input(org, people):
    spec = example_spec()
    spec.slug, spec.name = "annan", "Annan byrå"
    other = found_organisation(spec)
    other_cecilia = other.people.get(email="cecilia@example.se")
    theirs = perform(
        other, other_cecilia, "propose_assignment", "client:alfa", {"title": "Deras"}, at=AT
    ).result
    before = counts()
    with pytest.raises(InvalidInput) as bad:
        perform(
            org,
            people["vera"],
            "veto_assignment",
            f"assignment:{theirs.pk}",
            {"reason": "Inte vårt"},
            at=AT,
        )
    assert bad.value.field == "target"
    assert counts() == before
    theirs.refresh_from_db()
    assert theirs.status == "proposed"
