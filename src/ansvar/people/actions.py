"""Every write of the people processes, each an action through the one action path.

Who may act is the rule's business (``policy.rules``); a handler checks its input, makes the
effect and says what the log records. Amounts, notes, names and e-mail addresses go in the
personal payload only (the arguments are there already), never in ``public``.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import (
    AreaMembership,
    BusinessArea,
    Client,
    Employment,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import employed_on
from ansvar.people.models import (
    Candidate,
    ClientMonthFigure,
    CoachingRequest,
    Position,
    ProbationDecision,
    RotationDecision,
    RotationMove,
    SalaryDecision,
    Separation,
    Talk,
)
from ansvar.people.selectors import record_access
from ansvar.policy import law

STAGES = ("applied", "interview", "offer", "rejected")

# --- recruitment (AO3) -------------------------------------------------------------------


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
    args=(Arg("position", "int"), Arg("name"), Arg("email")),
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
        Arg("name"),
        Arg("email"),
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


def erase_expired_candidates(organisation: Organisation, at: date) -> int:
    """Erase candidates' personal data past their retention date and log it (GDPR 5.1 e)."""
    with transaction.atomic():
        due = list(
            Candidate.objects.filter(
                position__organisation=organisation,
                retention_until__lte=at,
                erased_on__isnull=True,
            ).values_list("pk", flat=True)
        )
        if not due:
            return 0
        Candidate.objects.filter(pk__in=due).update(name="", email="", erased_on=at)
        payloads = _erase_candidate_payloads(organisation, due)
        log.append(
            organisation,
            action="erase_candidate_data",
            target="org",
            clauses=("AO3",),
            actor_id=None,
            role="system",
            effective_on=at,
            public={"candidates": due, "count": len(due), "payloads_erased": payloads},
        )
    return len(due)


# --- talks (AO3, AO4) --------------------------------------------------------------------


def _open_employment(person: Person, at: date) -> Employment:
    employment = Employment.objects.filter(employed_on(at), person=person).first()
    if employment is None:
        raise InvalidInput(f"{person.email} is not employed on {at}", "target")
    return employment


def _check_held_on(ctx: Context, held_on: date) -> None:
    if held_on > ctx.at:
        raise InvalidInput(
            f"ett samtal kan inte registreras i förväg / a talk cannot be dated in the future "
            f"({held_on} is after {ctx.at})",
            "held_on",
        )


def _talk(ctx: Context, person: Person, kind: str, held_on: date, notes: str) -> Outcome:
    talk = Talk.objects.create(
        organisation=ctx.organisation,
        person=person,
        held_by=ctx.actor,
        kind=kind,
        held_on=held_on,
        notes=notes,
    )
    return Outcome(talk, public={"talk": talk.pk, "kind": kind, "held_on": held_on})


TALK_ARGS = (Arg("held_on", "date"), Arg("notes", sensitive=True, required=False, default=""))


@action("record_development_talk", args=TALK_ARGS)
def do_record_development_talk(
    ctx: Context, person: Person, *, held_on: date, notes: str
) -> Outcome:
    _check_held_on(ctx, held_on)
    return _talk(ctx, person, Talk.Kind.DEVELOPMENT, held_on, notes)


@action("record_probation_follow_up", args=TALK_ARGS)
def do_record_probation_follow_up(
    ctx: Context, person: Person, *, held_on: date, notes: str
) -> Outcome:
    _check_held_on(ctx, held_on)
    employment = Employment.objects.filter(employed_on(held_on), person=person).first()
    if employment is None or employment.kind_on(held_on) != "probation":
        raise InvalidInput(
            f"{person.email} är inte provanställd {held_on} / is not on probation then (AO4)",
            "held_on",
        )
    return _talk(ctx, person, Talk.Kind.PROBATION_FOLLOW_UP, held_on, notes)


# --- salary (AO3) ------------------------------------------------------------------------


@action(
    "set_salary",
    args=(Arg("amount", "decimal", sensitive=True), Arg("effective_from", "date", required=False)),
)
def do_set_salary(
    ctx: Context, person: Person, *, amount: Decimal, effective_from: date | None
) -> Outcome:
    if amount <= 0:
        raise InvalidInput("a salary is a positive amount", "amount")
    if amount >= Decimal("1e10"):
        raise InvalidInput("the amount is too large", "amount")
    decision = SalaryDecision.objects.create(
        organisation=ctx.organisation,
        person=person,
        amount=amount.quantize(Decimal("0.01")),
        effective_from=effective_from or ctx.at,
        decided_on=ctx.at,
        decided_by=ctx.actor,
    )
    return Outcome(
        decision,
        public={"salary_decision": decision.pk},
        personal={"amount": str(decision.amount), "effective_from": decision.effective_from},
    )


@action("view_salary")
def do_view_salary(ctx: Context, person: Person) -> Outcome:
    record_access(ctx.organisation, ctx.actor, person, "salary", "view_salary")
    rows = list(SalaryDecision.objects.filter(person=person))
    return Outcome(rows, public={"salary_decisions": len(rows)})


@action("view_talk_notes")
def do_view_talk_notes(ctx: Context, person: Person) -> Outcome:
    record_access(ctx.organisation, ctx.actor, person, "talk_notes", "view_talk_notes")
    rows = list(Talk.objects.filter(person=person))
    return Outcome(rows, public={"talks": len(rows)})


# --- probation decision (AO4, LAS 6 §, 31 §) ---------------------------------------------


@action(
    "decide_probation",
    args=(
        Arg("decision", "choice", choices=("continue", "end")),
        Arg("informed_on", "date", required=False),
        Arg("reason", required=False, default=""),
    ),
)
def do_decide_probation(
    ctx: Context, person: Person, *, decision: str, informed_on: date | None, reason: str
) -> Outcome:
    employment = _open_employment(person, ctx.at)
    assert employment.probation_until is not None  # the rule checked it is a probation
    days = ctx.organisation.policy_int("probation_end_underrattelse_days")
    last_to_inform = law.probation_last_day_to_inform(employment.probation_until, days)
    last_day = None
    if decision == ProbationDecision.Outcome.END:
        if informed_on is None:
            raise InvalidInput(
                f"underrättelse krävs (LAS 31 §), senast {law.last_day_to_inform(ctx.at, days)} "
                f"/ an advance notification is required",
                "informed_on",
            )
        last_day = ctx.at
        _end_employment(person, employment, last_day)
        Separation.objects.create(
            organisation=ctx.organisation,
            person=person,
            kind=Separation.Kind.PROBATION_END,
            reason=reason or "provanställningen avslutas",
            decided_on=ctx.at,
            informed_on=informed_on,
            last_day=last_day,
            decided_by=ctx.actor,
        )
    row = ProbationDecision.objects.create(
        organisation=ctx.organisation,
        person=person,
        decision=decision,
        decided_on=ctx.at,
        informed_on=informed_on,
        last_day=last_day,
        decided_by=ctx.actor,
    )
    return Outcome(
        row,
        public={
            "probation_decision": row.pk,
            "decision": decision,
            "permanent_from": employment.probation_until if decision == "continue" else None,
            "last_day_to_inform": last_to_inform,
        },
        personal={"last_day": last_day},
    )


# --- promotion, notice, dismissal (VD4, LAS) ---------------------------------------------


def _end_employment(person: Person, employment: Employment, last_day: date) -> None:
    if last_day < employment.starts_on:
        raise InvalidInput(f"the employment starts {employment.starts_on}", "target")
    employment.last_day = last_day
    employment.save(update_fields=["last_day"])
    after = last_day + timedelta(days=1)
    for model in (AreaMembership, WorkGroupMembership):
        model.objects.filter(person=person, valid_to__isnull=True, valid_from__lte=after).update(
            valid_to=after
        )


@action("promote_to_senior")
def do_promote_to_senior(ctx: Context, person: Person) -> Outcome:
    person.title = Person.Title.SENIOR
    person.save(update_fields=["title"])
    return Outcome(person, public={"title": person.title})


def _separate(
    ctx: Context,
    person: Person,
    kind: str,
    reason: str,
    informed_on: date,
    grounds_known_on: date | None = None,
) -> Outcome:
    if not reason.strip():
        raise InvalidInput("a reason is required (LAS 7 §, 18 §)", "reason")
    employment = _open_employment(person, ctx.at)
    periods = list(Employment.objects.filter(person=person).values_list("starts_on", "last_day"))
    years = law.employment_time_years(periods, ctx.at)
    if kind == Separation.Kind.NOTICE:
        months = law.notice_months(years, ctx.organisation.policy)
        last_day = law.notice_last_day(ctx.at, months)
    else:
        months, last_day = 0, ctx.at
    _end_employment(person, employment, last_day)
    row = Separation.objects.create(
        organisation=ctx.organisation,
        person=person,
        kind=kind,
        reason=reason,
        decided_on=ctx.at,
        informed_on=informed_on,
        grounds_known_on=grounds_known_on,
        notice_months=months,
        employment_years=years,
        last_day=last_day,
        decided_by=ctx.actor,
    )
    return Outcome(
        row,
        public={"separation": row.pk, "kind": kind, "notice_months": months},
        personal={
            "last_day": last_day,
            "employment_years": years,
            "warnings": list(ctx.decision.warnings),
        },
    )


@action("give_notice", args=(Arg("reason", sensitive=True), Arg("informed_on", "date")))
def do_give_notice(ctx: Context, person: Person, *, reason: str, informed_on: date) -> Outcome:
    return _separate(ctx, person, Separation.Kind.NOTICE, reason, informed_on)


@action(
    "dismiss",
    args=(
        Arg("reason", sensitive=True),
        Arg("informed_on", "date"),
        Arg("grounds_known_on", "date", required=False),
    ),
)
def do_dismiss(
    ctx: Context,
    person: Person,
    *,
    reason: str,
    informed_on: date,
    grounds_known_on: date | None,
) -> Outcome:
    return _separate(ctx, person, Separation.Kind.DISMISSAL, reason, informed_on, grounds_known_on)


# --- coaching (AO5) ----------------------------------------------------------------------


@action("request_coaching", args=(Arg("topic"),))
def do_request_coaching(ctx: Context, manager: Person, *, topic: str) -> Outcome:
    row = CoachingRequest.objects.create(
        organisation=ctx.organisation,
        requester=ctx.actor,
        manager=manager,
        topic=topic,
        requested_on=ctx.at,
    )
    return Outcome(row, public={"coaching_request": row.pk})


@action(
    "answer_coaching",
    args=(Arg("request", "int"), Arg("answer", required=False, default="")),
)
def do_answer_coaching(ctx: Context, manager: Person, *, request: int, answer: str) -> Outcome:
    row = CoachingRequest.objects.filter(
        organisation=ctx.organisation, pk=request, manager=manager
    ).first()
    if row is None:
        raise InvalidInput(f"there is no coaching request {request} to {manager.email}", "request")
    if row.answered_on is not None:
        raise InvalidInput(f"request {request} was answered on {row.answered_on}", "request")
    if ctx.at < row.requested_on:
        raise InvalidInput(f"request {request} was made on {row.requested_on}", "request")
    row.answered_on = ctx.at
    row.answer = answer
    row.save(update_fields=["answered_on", "answer"])
    return Outcome(
        row,
        public={
            "coaching_request": row.pk,
            "response_days": (row.answered_on - row.requested_on).days,
        },
    )


# --- rotation (VD3) ----------------------------------------------------------------------


@action(
    "decide_rotation",
    args=(Arg("moves", "moves"), Arg("effective_from", "date", required=False)),
)
def do_decide_rotation(
    ctx: Context,
    org: Organisation,
    *,
    moves: list[dict[str, Any]],
    effective_from: date | None,
) -> Outcome:
    start = effective_from or ctx.at
    decision = RotationDecision.objects.create(
        organisation=org, decided_on=ctx.at, effective_from=start, decided_by=ctx.actor
    )
    for i, move in enumerate(moves):
        person: Person = move["person"]
        to_area: BusinessArea = move["to_area"]
        where = f"moves[{i + 1}]"
        current = AreaMembership.objects.filter(person=person, valid_to__isnull=True).first()
        if current is None:
            raise InvalidInput(f"{person.email} belongs to no area", where)
        if current.area_id == to_area.pk:
            raise InvalidInput(f"{person.email} is already in {to_area.name}", where)
        if current.valid_from > start:
            raise InvalidInput(
                f"{person.email}'s current membership starts {current.valid_from}", where
            )
        current.valid_to = start
        current.save(update_fields=["valid_to"])
        try:
            with transaction.atomic():
                AreaMembership.objects.create(person=person, area=to_area, valid_from=start)
        except IntegrityError:
            raise InvalidInput(f"{person.email} has another open membership", where) from None
        RotationMove.objects.create(
            decision=decision, person=person, from_area_id=current.area_id, to_area=to_area
        )
    return Outcome(
        decision,
        public={
            "rotation": decision.pk,
            "moves": len(moves),
            "effective_from": start,
            "warnings": list(ctx.decision.warnings),
        },
    )


# --- area figures (AO2) ------------------------------------------------------------------


def parse_month(value: str) -> date:
    text = value.strip()
    try:
        day = date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        raise InvalidInput(f"{value!r} is not a month (YYYY-MM)", "month") from None
    return day.replace(day=1)


@action(
    "record_client_figures",
    args=(Arg("month"), Arg("revenue", "decimal"), Arg("margin", "decimal")),
)
def do_record_client_figures(
    ctx: Context, client: Client, *, month: str, revenue: Decimal, margin: Decimal
) -> Outcome:
    first = parse_month(month)
    if revenue < 0:
        raise InvalidInput("revenue cannot be negative", "revenue")
    if abs(margin) > max(revenue, Decimal(0)) and margin > 0:
        raise InvalidInput("the margin cannot exceed the revenue", "margin")
    row, _ = ClientMonthFigure.objects.update_or_create(
        client=client,
        month=first,
        defaults={
            "organisation": ctx.organisation,
            "revenue": revenue.quantize(Decimal("0.01")),
            "margin": margin.quantize(Decimal("0.01")),
            "recorded_by": ctx.actor,
            "recorded_on": ctx.at,
        },
    )
    return Outcome(
        row,
        public={
            "client": client.slug,
            "month": first.isoformat()[:7],
            "revenue": str(row.revenue),
            "margin": str(row.margin),
        },
    )
