"""Reads of accounts: who administers, who may log in, and each person's account status."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet

from ansvar.accounts.models import Invitation, TechnicalAdministrator
from ansvar.org.models import Employment, Holding, Organisation, Person
from ansvar.org.selectors import valid_on


def employed_from(at: date, prefix: str = "") -> Q:
    """Employments that go on on ``at`` or start later: the people who may log in on ``at``.

    One place for "may log in": the log-in backend, the password reset and the accounts page
    all use it. A hire may log in before the first day (to set the password the invitation
    asks for); the day after the last day, nobody can."""
    return Q(**{f"{prefix}last_day__isnull": True}) | Q(**{f"{prefix}last_day__gte": at})


def employed_ahead(person: Person, at: date) -> bool:
    return Employment.objects.filter(employed_from(at), person=person).exists()


def may_log_in_annotation(at: date) -> Exists:
    """For a User queryset: True when the user's person is employed on ``at`` or later."""
    return Exists(Employment.objects.filter(employed_from(at), person__user=OuterRef("pk")))


def is_ceo_annotation(at: date) -> Exists:
    """For a User queryset: True when the user's person holds the CEO's post on ``at``."""
    return Exists(
        Holding.objects.filter(valid_on(at), kind=Holding.Kind.CEO, person__user=OuterRef("pk"))
    )


def has_person_annotation() -> Exists:
    return Exists(Person.objects.filter(user=OuterRef("pk")))


def technical_administrators_on(
    organisation: Organisation, at: date
) -> QuerySet[TechnicalAdministrator]:
    return (
        TechnicalAdministrator.objects.filter(valid_on(at), organisation=organisation)
        .select_related("person")
        .order_by("valid_from", "id")
    )


def is_technical_administrator(person: Person, at: date) -> bool:
    return TechnicalAdministrator.objects.filter(valid_on(at), person=person).exists()


STATUS_NONE = "none"  # no log-in yet
STATUS_INVITED = "invited"  # invited, the link still valid, no password yet
STATUS_EXPIRED = "expired"  # invited, the link has expired, no password yet
STATUS_NOT_SENT = "not_sent"  # invited, but the mail server did not take the e-mail
STATUS_ACTIVE = "active"  # a password is set and the log-in works
STATUS_DEACTIVATED = "deactivated"


def account_status(user: User | None, invitation: Invitation | None, now: datetime) -> str:
    if user is None:
        return STATUS_NONE
    if not user.is_active:
        return STATUS_DEACTIVATED
    if user.has_usable_password():
        return STATUS_ACTIVE
    if invitation is None or invitation.expires_at <= now:
        return STATUS_EXPIRED
    if invitation.sent_at is None:
        return STATUS_NOT_SENT
    return STATUS_INVITED


@dataclass(frozen=True)
class AccountRow:
    person: Person
    status: str
    invitation: Invitation | None
    administrator: bool


def account_rows(organisation: Organisation, at: date, now: datetime) -> list[AccountRow]:
    """Everyone employed on ``at`` or later, by name, with their account status: the accounts
    page, in three queries whatever the number of people."""
    people = list(
        Person.objects.filter(organisation=organisation)
        .filter(Exists(Employment.objects.filter(employed_from(at), person=OuterRef("pk"))))
        .select_related("user")
        .order_by("name", "email")
    )
    latest: dict[int, Invitation] = {}
    for invitation in Invitation.objects.filter(
        organisation=organisation, person__in=[p.pk for p in people]
    ).order_by("person_id", "created_at", "id"):
        latest[invitation.person_id] = invitation
    admins = set(technical_administrators_on(organisation, at).values_list("person_id", flat=True))
    return [
        AccountRow(
            p,
            account_status(p.user, latest.get(p.pk), now),
            latest.get(p.pk),
            p.pk in admins,
        )
        for p in people
    ]


def people_without_account(organisation: Organisation, at: date) -> QuerySet[Person]:
    """Those an "invite everyone" invites: employed on ``at`` or later, with no log-in."""
    return (
        Person.objects.filter(organisation=organisation, user__isnull=True)
        .filter(Exists(Employment.objects.filter(employed_from(at), person=OuterRef("pk"))))
        .order_by("name", "email")
    )
