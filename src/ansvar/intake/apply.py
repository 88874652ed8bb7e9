"""Write an import plan: the organisation through founding, then its competence register, in
one transaction, each a decision of the system through ``perform`` — all or nothing.

``found_with_administrator`` also names the new organisation's first technical administrator
and invites them, as ``ansvar admin add`` does on the server: what the upload page and
``ansvar import --admin`` do, so the organisation never stands with nobody to let its
people in."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ansvar.accounts.actions import found_first_administrator
from ansvar.accounts.models import Invitation
from ansvar.clients.models import Skill
from ansvar.decisions.models import Entry
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import perform
from ansvar.intake.plan import Plan
from ansvar.org.founding import found_organisation
from ansvar.org.importing import import_rows
from ansvar.org.models import Organisation, Person
from ansvar.policy.actions import ActionName

Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    return None


def found(
    plan: Plan, *, progress: Progress = _silent, requested_by: Person | None = None
) -> Organisation:
    """Found the organisation of ``plan``; raises ``InvalidInput`` (nothing written) when the
    database refuses it, e.g. an organisation with the same slug exists already.
    ``requested_by``: the technical administrator who founded it from the web."""
    spec = plan.organisation
    total = len(spec.people)
    with transaction.atomic():
        progress("organisation", 0, total)
        org = found_organisation(spec, requested_by=requested_by)
        progress("organisation", total, total)
        founded = spec.founded_on or min(p.employed_from for p in spec.people)
        english = [email for email, language in plan.languages.items() if language == "en"]
        if english:  # Swedish is every person's default (Person.language)
            Person.objects.filter(organisation=org, email__in=english).update(
                language=Person.Language.ENGLISH
            )
        if plan.skills:
            ids = dict(Person.objects.filter(organisation=org).values_list("email", "pk"))
            rows = [
                Skill(person_id=ids[s.person], name=s.skill, level=s.level, updated_on=founded)
                for s in plan.skills
            ]
            progress("skills", 0, len(rows))
            import_rows(org, "skills", rows, founded)
            progress("skills", len(rows), len(rows))
    return org


@dataclass(frozen=True)
class Founded:
    organisation: Organisation
    administrator: Person
    invitation_id: int | None  # None when the administrator had a log-in already
    entries: list[Entry]  # the new organisation's log, founding first


def invitation_sent(invitation_id: int | None) -> bool:
    """Whether the mail server took the first administrator's invitation (sent on commit)."""
    if invitation_id is None:
        return False
    return Invitation.objects.filter(pk=invitation_id, sent_at__isnull=False).exists()


def found_with_administrator(
    plan: Plan,
    administrator: str,
    *,
    at: date,
    requested_by: Person | None = None,
    progress: Progress = _silent,
) -> Founded:
    """Found the organisation of ``plan``, name ``administrator`` (an e-mail address of the
    plan's people) its first technical administrator and invite them, all in one
    transaction: a refusal (``PolicyRefused``: they are not employed ahead, their address is
    someone else's log-in) or ``InvalidInput`` leaves nothing written."""
    email = administrator.strip().lower()
    if email not in {p.email.lower() for p in plan.organisation.people}:
        raise InvalidInput(f"{administrator!r} is not among the people of the file", "admin")
    with transaction.atomic():
        org = found(plan, progress=progress, requested_by=requested_by)
        person = Person.objects.get(organisation=org, email=email)
        found_first_administrator(org, person, at)
        invitation_id = None
        if person.user_id is None:
            done = perform(org, person, ActionName.INVITE_PERSON, f"person:{person.pk}", at=at)
            invitation_id = done.result.pk
    entries = list(Entry.objects.filter(organisation=org).order_by("seq"))
    return Founded(org, person, invitation_id, entries)
