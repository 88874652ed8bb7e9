"""Recruitment into a business area (AO3): positions, candidates, hiring under LAS 6 §, and
the erasure of candidates' data past its retention date."""

from datetime import date

from django.db.models import QuerySet

from ansvar.accounts.invitations import invite_new_hire
from ansvar.decisions import log
from ansvar.decisions.models import Entry
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


def _at_most(value: str, limit: int, field: str) -> None:
    """Bad input rather than a database error (PostgreSQL enforces the column's length)."""
    if len(value) > limit:
        raise InvalidInput(f"is longer than {limit} characters", field)


@action("open_position", args=(Arg("title"),))
def do_open_position(ctx: Context, area: BusinessArea, *, title: str) -> Outcome:
    _at_most(title, 200, "title")
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
    if candidate.erased_on is not None:
        raise InvalidInput(f"candidate {candidate_id}'s data was erased", "candidate")
    if candidate.stage in Candidate.DECIDED:
        raise InvalidInput(
            f"candidate {candidate_id} is already {candidate.stage} on {candidate.decided_on}",
            "candidate",
        )
    return candidate


def _decide_candidate(ctx: Context, candidate: Candidate, stage: str) -> None:
    months = ctx.organisation.policy_int("candidate_retention_months")
    candidate.stage = stage
    candidate.decided_on = ctx.at
    candidate.retention_until = law.add_months(ctx.at, months)


@action(
    "add_candidate",
    args=(Arg("position", "int"), Arg("name", sensitive=True), Arg("email", sensitive=True)),
)
def do_add_candidate(
    ctx: Context, area: BusinessArea, *, position: int, name: str, email: str
) -> Outcome:
    row = _position(area, position)
    if row.status != Position.Status.OPEN:
        raise InvalidInput(f"position {position} is {row.status}, not open", "position")
    if "@" not in email:
        raise InvalidInput(f"{email!r} is not an e-mail address", "email")
    _at_most(name, 200, "name")
    _at_most(email, 254, "email")
    candidate = Candidate.objects.create(
        position=row, name=name, email=email.lower(), added_on=ctx.at
    )
    return Outcome(candidate, public={"candidate": candidate.pk, "position": row.pk})


@action(
    "move_candidate",
    args=(Arg("candidate", "int"), Arg("stage", "choice", choices=STAGES)),
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


@action(
    "hire",
    args=(
        Arg("name", sensitive=True),
        Arg("email", sensitive=True),
        Arg("starts_on", "date"),
        Arg("probation_months", "int", required=False),
        Arg("position", "int", required=False),
        Arg("candidate", "int", required=False),
    ),
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
    if "@" not in email:
        raise InvalidInput(f"{email!r} is not an e-mail address", "email")
    _at_most(name, 200, "name")
    _at_most(email, 254, "email")
    if Person.objects.filter(organisation=ctx.organisation, email=email).exists():
        raise InvalidInput(f"{email} is already a person in {ctx.organisation.name}", "email")
    months = probation_months
    if months is None:
        months = ctx.organisation.policy_int("probation_months")
    try:
        probation_until = law.probation_end(starts_on, months) if months else None
    except law.LawError as exc:
        raise InvalidInput(str(exc), "probation_months") from None
    if months == 0:
        probation_until = None
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


@action(ActionName.ERASE_CANDIDATE_DATA)
def do_erase_candidate_data(ctx: SystemContext, org: Organisation) -> Outcome:
    due = list(_expired(org, ctx.at).values_list("pk", flat=True))
    if not due:
        raise AlreadyDone(f"no candidate's data is past its retention date on {ctx.at}", "at")
    Candidate.objects.filter(pk__in=due).update(name="", email="", erased_on=ctx.at)
    payloads = _erase_candidate_payloads(org, due)
    return Outcome(
        len(due), public={"candidates": due, "count": len(due), "payloads_erased": payloads}
    )
