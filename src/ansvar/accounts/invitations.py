"""Invitations: a log-in with no usable password, and an e-mail with a link to choose one.

The invitation row is written in the caller's transaction (an action's); the e-mail goes
after the commit, so a rolled-back action sends nothing."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ansvar.accounts.mail import render_account_mail, send_account_mail
from ansvar.accounts.models import Invitation
from ansvar.accounts.tokens import invitation_tokens
from ansvar.org.models import Organisation, Person


def invitation_link(user: User) -> str:
    """The link of the invitation e-mail, built as Django builds a reset link."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("invitation", args=[uid, invitation_tokens.make_token(user)])
    return f"{settings.ANSVAR_BASE_URL}{path}"


def _log_in_for(person: Person) -> User:
    """The person's log-in (their e-mail address), created when missing, with no usable
    password: a new random unusable one, so any earlier invitation link stops working."""
    user = person.user
    if user is None:
        user = User(username=person.email, email=person.email)
    user.first_name = person.name[:150]  # for the password validator's similarity check
    user.set_unusable_password()
    user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    return user


def create_invitation(
    organisation: Organisation, person: Person, *, basis: str, by: Person | None
) -> Invitation:
    """Write the invitation now, send its e-mail once the transaction commits."""
    user = _log_in_for(person)
    now = timezone.now()
    invitation = Invitation.objects.create(
        organisation=organisation,
        person=person,
        basis=basis,
        created_at=now,
        expires_at=now + timedelta(days=settings.ANSVAR_INVITATION_DAYS),
        created_by=by,
    )
    invitation_id, user_id = invitation.pk, user.pk
    transaction.on_commit(lambda: deliver(invitation_id, user_id))
    return invitation


def invite_new_hire(organisation: Organisation, person: Person, by: Person) -> Invitation | None:
    """A hire's invitation, made with the hire; None when the address is already the log-in
    of someone in another organisation (the accounts page then shows no account)."""
    if User.objects.filter(username=person.email).exists():
        return None
    return create_invitation(organisation, person, basis=Invitation.Basis.HIRED, by=by)


def deliver(invitation_id: int, user_id: int) -> bool:
    """Send the invitation e-mail; mark it sent when the mail server took it."""
    invitation = Invitation.objects.select_related("person", "organisation").get(pk=invitation_id)
    user = User.objects.get(pk=user_id)
    context = {
        "name": invitation.person.name,
        "organisation": invitation.organisation.name,
        "email": user.email,
        "link": invitation_link(user),
        "expires": timezone.localtime(invitation.expires_at),
        "base_url": settings.ANSVAR_BASE_URL,
    }
    subject, body = render_account_mail(
        "accounts/invitation_subject.txt", "accounts/invitation_email.txt", context
    )
    if not send_account_mail(user.email, subject, body):
        return False
    Invitation.objects.filter(pk=invitation_id).update(sent_at=timezone.now())
    return True


def mark_accepted(user: User) -> int:
    """The person chose their password through the link: their open invitations are used."""
    return Invitation.objects.filter(person__user=user, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
