"""Recruitment into a business area (AO3): positions, candidates, hiring under LAS 6 §, and
the erasure of candidates' data past its retention date."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from ansvar.accounts.invitations import invite_new_hire
from ansvar.common.storage import scrub_after_commit
from ansvar.decisions import log
from ansvar.decisions.models import Entry, PersonalPayload
from ansvar.engine import checks
from ansvar.engine.actor import SYSTEM
from ansvar.engine.errors import AlreadyDone, InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, SystemContext, action, perform
from ansvar.org.models import (
    AreaMembership,
    BusinessArea,
    Employment,
    Organisation,
    Person,
)
from ansvar.people.models import (
    Candidate,
    Position,
)
from ansvar.policy import law
from ansvar.policy.actions import ActionName

STAGES = ("applied", "interview", "offer", "rejected")


# Lengths are bad input rather than a database error (PostgreSQL enforces the columns').
NAME = Arg("name", sensitive=True, check=checks.at_most(200))
EMAIL = Arg(
    "email",
    sensitive=True,
    check=lambda v: checks.email_address(v) or checks.at_most(254)(v),
)


@action("open_position", args=(Arg("title", check=checks.at_most(200)),))
def do_open_position(ctx: Context, area: BusinessArea, *, title: str) -> Outcome:
    position = Position.objects.create(
        organisation=ctx.organisation,
        area=area,
        title=title,
        opened_on=ctx.at,
        opened_by=ctx.actor,
    )
    return Outcome(position, public={"position": position.pk, "area": area.slug})


def _position(area: BusinessArea, position_id: int) -> Position:
    position = Position.objects.filter(pk=position_id, area=area).first()
    if position is None:
        raise InvalidInput(f"there is no position {position_id} in {area.name}", "position")
    return position


def _candidate(area: BusinessArea, candidate_id: int) -> Candidate:
    candidate = (
        Candidate.objects.filter(pk=candidate_id, position__area=area)
        .select_related("position")
        .first()
    )
    if candidate is None:
        raise InvalidInput(f"there is no candidate {candidate_id} in {area.name}", "candidate")
    return candidate


def _recruitment_details(
    org: Organisation, area: BusinessArea, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """For the rules (AO3): whether the position named is open, and where the candidate
    named stands; a position or candidate the area does not have is bad input."""
    details: dict[str, Any] = {}
    if args.get("position") is not None:
        details["position_status"] = _position(area, args["position"]).status
    if args.get("candidate") is not None:
        row = _candidate(area, args["candidate"])
        details["candidate_stage"] = row.stage
        details["candidate_decided_on"] = row.decided_on
        details["candidate_erased"] = row.erased_on is not None
    return details


def _decide_candidate(ctx: Context, candidate: Candidate, stage: str) -> None:
    months = ctx.organisation.policy_int("candidate_retention_months")
    candidate.stage = stage
    candidate.decided_on = ctx.at
    candidate.retention_until = law.add_months(ctx.at, months)


@action("add_candidate", args=(Arg("position", "int"), NAME, EMAIL), details=_recruitment_details)
def do_add_candidate(
    ctx: Context, area: BusinessArea, *, position: int, name: str, email: str
) -> Outcome:
    row = _position(area, position)  # open: the rule has checked it (AO3)
    candidate = Candidate.objects.create(
        position=row, name=name, email=email.lower(), added_on=ctx.at
    )
    return Outcome(candidate, public={"candidate": candidate.pk, "position": row.pk})


@action(
    "move_candidate",
    args=(Arg("candidate", "int"), Arg("stage", "choice", choices=STAGES)),
    details=_recruitment_details,
)
def do_move_candidate(ctx: Context, area: BusinessArea, *, candidate: int, stage: str) -> Outcome:
    row = _candidate(area, candidate)
    if stage in Candidate.DECIDED:
        _decide_candidate(ctx, row, stage)
    else:
        row.stage = stage
    row.save()
    return Outcome(
        row,
        public={
            "candidate": row.pk,
            "stage": stage,
            "retention_until": row.retention_until,
        },
    )


def _hire_details(
    org: Organisation, area: BusinessArea, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """As for candidates, and the address is nobody's in the organisation yet."""
    email = str(args.get("email") or "").strip().lower()
    if email and Person.objects.filter(organisation=org, email=email).exists():
        raise InvalidInput(f"{email} is already a person in {org.name}", "email")
    return _recruitment_details(org, area, args, at)


@action(
    "hire",
    args=(
        NAME,
        EMAIL,
        Arg("starts_on", "date"),
        Arg("probation_months", "int", required=False, check=checks.not_negative),
        Arg("position", "int", required=False),
        Arg("candidate", "int", required=False),
    ),
    details=_hire_details,
)
def do_hire(
    ctx: Context,
    area: BusinessArea,
    *,
    name: str,
    email: str,
    starts_on: date,
    probation_months: int | None,
    position: int | None,
    candidate: int | None,
) -> Outcome:
    email = email.strip().lower()
    months = probation_months
    if months is None:
        months = ctx.organisation.policy_int("probation_months")
    # At most six months: the rule has checked it (LAS 6 §); none at all for 0.
    probation_until = law.probation_end(starts_on, months) if months else None
    row_position = _position(area, position) if position is not None else None
    row_candidate = _candidate(area, candidate) if candidate is not None else None
    person = Person.objects.create(organisation=ctx.organisation, email=email, name=name)
    employment = Employment.objects.create(
        person=person, starts_on=starts_on, probation_until=probation_until
    )
    AreaMembership.objects.create(person=person, area=area, valid_from=starts_on)
    # The new person is invited to an account with the hire; the e-mail goes after commit.
    invitation = invite_new_hire(ctx.organisation, person, ctx.actor)
    if row_candidate is not None:
        _decide_candidate(ctx, row_candidate, Candidate.Stage.HIRED)
        row_candidate.save()
    if row_position is not None:
        row_position.status = Position.Status.FILLED
        row_position.save(update_fields=["status"])
    return Outcome(
        person,
        public={
            "person": person.pk,
            "area": area.slug,
            "employment": employment.pk,
            "probation_months": months,
            "position": position,
            "candidate": candidate,
            "invitation": invitation.pk if invitation else None,
        },
        personal={"probation_until": probation_until},
    )


def _erase_candidate_payloads(organisation: Organisation, ids: list[int]) -> int:
    entry_ids = [
        e.pk
        for e in Entry.objects.filter(
            organisation=organisation, action__in=("add_candidate", "move_candidate", "hire")
        ).only("pk", "public")
        if e.public.get("candidate") in ids
    ]
    return log.erase_payloads(organisation, entry_ids)


def _expired(organisation: Organisation, at: date) -> QuerySet[Candidate]:
    return Candidate.objects.filter(
        position__organisation=organisation, retention_until__lte=at, erased_on__isnull=True
    )


def erase_expired_candidates(organisation: Organisation, at: date) -> int:
    """Erase candidates' personal data past their retention date (GDPR 5.1 e), as the
    system's ``erase_candidate_data``; nothing is logged when nothing is due."""
    if not _expired(organisation, at).exists():
        return 0
    try:
        done = perform(organisation, SYSTEM, ActionName.ERASE_CANDIDATE_DATA, "org", at=at)
    except AlreadyDone:  # a concurrent run erased them first
        return 0
    erased: int = done.result
    return erased


def _something_due(org: Organisation, _: Organisation, args: dict[str, Any], at: date) -> dict:
    """Nothing past retention is nothing to do (a concurrent run erased it first): AlreadyDone
    for ``can`` and ``perform`` alike, and no entry."""
    if not _expired(org, at).exists():
        raise AlreadyDone(f"no candidate's data is past its retention date on {at}", "at")
    return {}


@action(ActionName.ERASE_CANDIDATE_DATA, details=_something_due)
def do_erase_candidate_data(ctx: SystemContext, org: Organisation) -> Outcome:
    due = list(_expired(org, ctx.at).values_list("pk", flat=True))
    Candidate.objects.filter(pk__in=due).update(name="", email="", erased_on=ctx.at)
    payloads = _erase_candidate_payloads(org, due)
    scrub_after_commit([Candidate._meta.db_table, PersonalPayload._meta.db_table])
    return Outcome(
        len(due), public={"candidates": due, "count": len(due), "payloads_erased": payloads}
    )
