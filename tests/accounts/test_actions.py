"""Account actions through the one action path: each one's effect and log entry, the refusal
for everyone but a technical administrator (P7), and no policy right from being one."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from ansvar.accounts.actions import found_first_administrator, invite_everyone
from ansvar.accounts.models import Invitation, TechnicalAdministrator
from ansvar.accounts.selectors import account_rows, is_technical_administrator
from ansvar.decisions import log
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.registry import can, perform
from ansvar.org.models import Employment, Holding

LINK = re.compile(r"http://testserver/konto/inbjudan/[^/\s]+/[^/\s]+/")


@pytest.fixture(autouse=True)
def _links(settings):
    settings.ANSVAR_BASE_URL = "http://testserver"


def _invite(org, actor, person, callbacks, action="invite_person"):
    with callbacks(execute=True):
        return perform(org, actor, action, f"person:{person.email}")


def test_the_first_administrator_is_named_on_the_server_and_logged(org, people):
    today = timezone.localdate()
    row = found_first_administrator(org, people["erik"], today)
    assert row.appointed_by is None and is_technical_administrator(people["erik"], today)
    entry = Entry.objects.filter(organisation=org).order_by("-seq").first()
    assert entry.action == "name_first_technical_admin" and entry.actor_role == "system"
    assert entry.clauses == "P7" and entry.target == f"person:{people['erik'].pk}"
    assert entry.public["first"] is True
    assert log.verify(org).ok
    with pytest.raises(PolicyRefused) as refused:  # the second one is added by the first
        found_first_administrator(org, people["petra"], today)
    assert refused.value.decision.decider.email == "erik@example.se"
    assert refused.value.decision.clauses == ("P7",)
    assert TechnicalAdministrator.objects.count() == 1


def test_a_person_who_has_left_cannot_be_the_first_administrator(org, people):
    today = timezone.localdate()
    Employment.objects.filter(person=people["petra"]).update(last_day=today - timedelta(days=1))
    with pytest.raises(PolicyRefused):
        found_first_administrator(org, people["petra"], today)
    assert not TechnicalAdministrator.objects.exists()


def test_the_administrator_invites_and_the_e_mail_carries_a_one_time_link(
    org, people, admin, django_capture_on_commit_callbacks
):
    petra = people["petra"]
    done = _invite(org, admin, petra, django_capture_on_commit_callbacks)
    petra.refresh_from_db()
    invitation = Invitation.objects.get(person=petra)
    assert done.result == invitation and invitation.created_by == admin
    assert invitation.basis == Invitation.Basis.INVITED
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert invitation.sent_at is not None
    user = petra.user
    assert user.username == "petra@example.se" and not user.has_usable_password()
    entry = done.entry
    assert entry.action == "invite_person" and entry.clauses == "P7"
    assert entry.actor_role == "technical_admin" and entry.actor_id_ref == admin.pk
    assert entry.target == f"person:{petra.pk}" and "petra" not in str(entry.public)
    (message,) = mail.outbox
    assert message.to == ["petra@example.se"]
    assert message.subject == "Ditt konto i Ansvar / Your account in Ansvar"
    assert "Hej Petra Ka!" in message.body and "Hello Petra Ka," in message.body
    assert "Exempelbyrån använder Ansvar" in message.body
    assert len(set(LINK.findall(message.body))) == 1


def test_inviting_again_is_refused_and_resending_replaces_the_link(
    org, people, admin, django_capture_on_commit_callbacks
):
    petra = people["petra"]
    _invite(org, admin, petra, django_capture_on_commit_callbacks)
    with pytest.raises(PolicyRefused) as refused:
        perform(org, admin, "invite_person", "person:petra@example.se")
    assert "redan inbjuden" in refused.value.decision.reason_sv
    assert refused.value.decision.decider.email == admin.email
    first_hash = User.objects.get(username="petra@example.se").password
    done = _invite(org, admin, petra, django_capture_on_commit_callbacks, "resend_invitation")
    assert done.result.basis == Invitation.Basis.RESENT
    assert User.objects.get(username="petra@example.se").password != first_hash
    first, second = (LINK.findall(m.body)[0] for m in mail.outbox)
    assert first != second
    assert Invitation.objects.filter(person=petra).count() == 2


def test_deactivate_and_reactivate(org, people, admin, django_capture_on_commit_callbacks):
    petra = people["petra"]
    _invite(org, admin, petra, django_capture_on_commit_callbacks)
    _invite(org, admin, admin, django_capture_on_commit_callbacks)  # one may invite oneself
    done = perform(org, admin, "deactivate_account", "person:petra@example.se")
    assert done.entry.public == {"person": petra.pk, "active": False}
    assert not User.objects.get(username="petra@example.se").is_active
    with pytest.raises(PolicyRefused):
        perform(org, admin, "deactivate_account", "person:petra@example.se")
    perform(org, admin, "reactivate_account", "person:petra@example.se")
    assert User.objects.get(username="petra@example.se").is_active
    with pytest.raises(PolicyRefused) as refused:
        perform(org, admin, "deactivate_account", "person:erik@example.se")
    assert "ditt eget konto" in refused.value.decision.reason_sv


def test_an_administrator_adds_another_who_may_then_act(org, people, admin):
    done = perform(org, admin, "add_technical_admin", "person:petra@example.se")
    assert done.result.appointed_by == admin and done.entry.actor_role == "technical_admin"
    assert can(org, people["petra"], "invite_person", "person:olof@example.se").allowed


@pytest.mark.parametrize("who", ["vera", "anna", "cecilia"])
@pytest.mark.parametrize(
    "action",
    [
        "invite_person",
        "resend_invitation",
        "deactivate_account",
        "reactivate_account",
        "add_technical_admin",
    ],
)
def test_the_ceo_and_managers_are_refused_naming_the_administrator(org, people, admin, who, action):
    entries = Entry.objects.count()
    users = User.objects.count()
    with pytest.raises(PolicyRefused) as refused:
        perform(org, people[who], action, "person:petra@example.se")
    decision = refused.value.decision
    assert decision.clauses == ("P7",) and decision.decider.email == "erik@example.se"
    assert Entry.objects.count() == entries and User.objects.count() == users
    assert Refusal.objects.get(action=action).clauses == "P7"
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("action", "target", "args"),
    [
        ("appoint_client_lead", "client:alfa", {"person": "erik@example.se"}),
        ("assign_work_item", "client:beta", {"assignee": "olof@example.se", "title": "x"}),
        ("set_salary", "person:cecilia@example.se", {"amount": "50000"}),
        (
            "hire",
            "area:opinion",
            {"name": "Kim", "email": "kim@example.se", "starts_on": "2027-01-15"},
        ),
        ("set_policy_parameter", "org", {"name": "probation_months", "value": "3"}),
    ],
)
def test_being_an_administrator_gives_no_policy_right(org, people, admin, action, target, args):
    """Erik administers accounts and is a plain consultant: refused like one (P7)."""
    with pytest.raises(PolicyRefused) as refused:
        perform(org, admin, action, target, args)
    assert refused.value.decision.decider.email != admin.email
    assert not Holding.objects.filter(person=admin).exists()


def test_a_hire_is_invited_with_the_hire_and_mailed_after_commit(
    org, people, django_capture_on_commit_callbacks
):
    starts = timezone.localdate() + timedelta(days=30)
    args = {"name": "Kim Ny", "email": "kim@example.se", "starts_on": starts.isoformat()}
    with django_capture_on_commit_callbacks(execute=False) as pending:
        done = perform(org, people["anna"], "hire", "area:opinion", args)
        assert mail.outbox == []  # nothing leaves before the commit
    kim = done.result
    invitation = Invitation.objects.get(person=kim)
    assert invitation.basis == Invitation.Basis.HIRED and invitation.created_by == people["anna"]
    assert done.entry.public["invitation"] == invitation.pk
    for callback in pending:
        callback()
    (message,) = mail.outbox
    assert message.to == ["kim@example.se"] and "Kim Ny" in message.body
    (row,) = [r for r in account_rows(org, timezone.localdate(), timezone.now()) if r.person == kim]
    assert row.status == "invited"


def test_a_refused_hire_invites_nobody(org, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PolicyRefused):
        perform(
            org,
            people["cecilia"],
            "hire",
            "area:opinion",
            {"name": "Kim", "email": "kim@example.se", "starts_on": "2027-01-15"},
        )
    assert not Invitation.objects.exists() and mail.outbox == []


def test_invite_everyone_invites_those_without_an_account_once_each(
    org, people, admin, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    people["cecilia"].user = User.objects.create_user("cecilia@example.se", password="x-y-z-w-1")
    people["cecilia"].save()
    Employment.objects.filter(person=people["olof"]).update(last_day=today - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        done = invite_everyone(org, admin, today)
    invited = sorted(d.result.person.email.split("@")[0] for d in done)
    assert invited == ["anna", "erik", "petra", "vera"]  # not Cecilia (has one), not Olof (left)
    assert len(mail.outbox) == 4 and {e.action for e in (d.entry for d in done)} == {
        "invite_person"
    }
    assert invite_everyone(org, admin, today) == []


def test_invite_everyone_by_someone_else_stops_at_the_refusal(org, people, admin):
    with pytest.raises(PolicyRefused):
        invite_everyone(org, people["vera"], timezone.localdate())
    assert not Invitation.objects.exists() and Refusal.objects.count() == 1


def test_an_address_that_is_another_tenants_log_in_is_refused(org, people, admin):
    User.objects.create_user("petra@example.se", password="x-y-z-w-1")  # not linked to Petra
    with pytest.raises(PolicyRefused) as refused:
        perform(org, admin, "invite_person", "person:petra@example.se")
    assert "någon annan" in refused.value.decision.reason_sv


def test_an_invitation_outlives_no_configured_validity(
    org, people, admin, settings, django_capture_on_commit_callbacks
):
    settings.ANSVAR_INVITATION_DAYS = 2
    _invite(org, admin, people["petra"], django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=2)
    assert date.today() < timezone.localtime(invitation.expires_at).date() + timedelta(days=1)
