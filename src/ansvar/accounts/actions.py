"""Account actions, each through the one action path and logged (technical administration,
P7): invite, send again, deactivate, reactivate, add a technical administrator.

Who may, and in which state of the target, is the rule's business
(``policy.rules.accounts``); a handler makes the effect. The first administrator of an
organisation has nobody to appoint them: ``found_first_administrator`` names them from the
server (``ansvar admin add``) and logs it as the system.
"""

from datetime import date

from django.utils import timezone

from ansvar.accounts.invitations import create_invitation
from ansvar.accounts.models import Invitation, TechnicalAdministrator
from ansvar.accounts.selectors import (
    people_without_account,
)
from ansvar.engine.actor import SYSTEM
from ansvar.engine.registry import Context, Done, Outcome, SystemContext, action, perform
from ansvar.org.models import Organisation, Person
from ansvar.policy.actions import ActionName


def _invitation_outcome(person: Person, invitation: Invitation) -> Outcome:
    return Outcome(
        invitation,
        public={
            "person": person.pk,
            "invitation": invitation.pk,
            "expires_on": timezone.localtime(invitation.expires_at).date(),
        },
    )


@action("invite_person")
def do_invite_person(ctx: Context, person: Person) -> Outcome:
    invitation = create_invitation(
        ctx.organisation, person, basis=Invitation.Basis.INVITED, by=ctx.actor
    )
    return _invitation_outcome(person, invitation)


@action("resend_invitation")
def do_resend_invitation(ctx: Context, person: Person) -> Outcome:
    invitation = create_invitation(
        ctx.organisation, person, basis=Invitation.Basis.RESENT, by=ctx.actor
    )
    return _invitation_outcome(person, invitation)


def _set_active(person: Person, active: bool) -> Outcome:
    user = person.user
    assert user is not None, "the rule refuses a person without an account"
    user.is_active = active
    user.save(update_fields=["is_active"])
    return Outcome(user, public={"person": person.pk, "active": active})


@action("deactivate_account")
def do_deactivate_account(ctx: Context, person: Person) -> Outcome:
    return _set_active(person, False)


@action("reactivate_account")
def do_reactivate_account(ctx: Context, person: Person) -> Outcome:
    return _set_active(person, True)


@action("add_technical_admin")
def do_add_technical_admin(ctx: Context, person: Person) -> Outcome:
    row = TechnicalAdministrator.objects.create(
        organisation=ctx.organisation, person=person, valid_from=ctx.at, appointed_by=ctx.actor
    )
    return Outcome(row, public={"person": person.pk, "administrator": row.pk})


def invite_everyone(organisation: Organisation, actor: Person, at: date) -> list[Done]:
    """Invite everyone employed on ``at`` or later who has no log-in, one logged action each
    (after an import, say). A refusal of the first stops it: the actor is no administrator."""
    return [
        perform(organisation, actor, "invite_person", f"person:{person.pk}", at=at)
        for person in people_without_account(organisation, at)
    ]


def found_first_administrator(
    organisation: Organisation, person: Person, at: date
) -> TechnicalAdministrator:
    """The organisation's first technical administrator, named on the server, as a decision
    of the system (``perform`` takes the organisation's lock, so two at once cannot both be
    first). Later ones are added by an administrator through ``add_technical_admin``."""
    done = perform(
        organisation, SYSTEM, ActionName.NAME_FIRST_TECHNICAL_ADMIN, f"person:{person.pk}", at=at
    )
    row: TechnicalAdministrator = done.result
    return row


@action(ActionName.NAME_FIRST_TECHNICAL_ADMIN)
def do_name_first_technical_admin(ctx: SystemContext, person: Person) -> Outcome:
    row = TechnicalAdministrator.objects.create(
        organisation=ctx.organisation, person=person, valid_from=ctx.at
    )
    return Outcome(
        row,
        public={"person": person.pk, "administrator": row.pk, "first": True},
        personal={"person": person.email, "name": person.name},
    )
