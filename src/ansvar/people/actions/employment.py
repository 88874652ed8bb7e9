"""How an employment changes or ends: the probation decision (AO4, LAS 6 §, 31 §), promotion
(VD4), notice on personal grounds or for redundancy and summary dismissal (VD4, LAS); a
redundancy notice records the right of re-employment (LAS 25 §)."""

from datetime import date, timedelta

from django.db.models import F, Q

from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import (
    AreaMembership,
    Employment,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import area_of, employed_on
from ansvar.people.models import (
    ProbationDecision,
    ReemploymentRight,
    Separation,
)
from ansvar.policy import law
from ansvar.policy.rules.separation import GROUNDS, PERSONAL


def open_employment(person: Person, at: date) -> Employment:
    """The employment on ``at``: the rules refuse every decision here about someone who is
    not employed that day (VD4, AO4)."""
    employment = Employment.objects.filter(employed_on(at), person=person).first()
    assert employment is not None, f"{person.email} is not employed on {at}"
    return employment


@action(
    "decide_probation",
    args=(
        Arg("decision", "choice", choices=("continue", "end")),
        Arg("informed_on", "date", required=False),
        Arg("reason", required=False, default="", sensitive=True),
    ),
)
def do_decide_probation(
    ctx: Context, person: Person, *, decision: str, informed_on: date | None, reason: str
) -> Outcome:
    employment = open_employment(person, ctx.at)
    assert employment.probation_until is not None  # the rule checked it is a probation
    days = ctx.organisation.policy_int("probation_end_underrattelse_days")
    last_to_inform = law.probation_last_day_to_inform(employment.probation_until, days)
    last_day = None
    if decision == ProbationDecision.Outcome.END:
        # The rule has checked the underrättelse (LAS 31 §).
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


def _end_employment(person: Person, employment: Employment, last_day: date) -> None:
    """The employment ends on ``last_day``: from the next day the person is in no area and
    no work group. A membership that would start later (a decided rotation) is emptied."""
    assert last_day >= employment.starts_on  # employed on the decision's day, so started
    employment.last_day = last_day
    employment.save(update_fields=["last_day"])
    after = last_day + timedelta(days=1)
    for model in (AreaMembership, WorkGroupMembership):
        rows = model.objects.filter(person=person).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=after)
        )
        rows.filter(valid_from__lte=after).update(valid_to=after)
        rows.filter(valid_from__gt=after).update(valid_to=F("valid_from"))


@action("promote_to_senior")
def do_promote_to_senior(ctx: Context, person: Person) -> Outcome:
    person.title = Person.Title.SENIOR
    person.save(update_fields=["title"])
    return Outcome(person, public={"title": person.title})


def _separate(
    ctx: Context,
    person: Person,
    kind: str,
    ground: str,
    reason: str,
    informed_on: date | None,
    grounds_known_on: date | None = None,
) -> Outcome:
    employment = open_employment(person, ctx.at)
    area = area_of(person, ctx.at)
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
        ground=ground,
        reason=reason,
        decided_on=ctx.at,
        informed_on=informed_on,
        grounds_known_on=grounds_known_on,
        notice_months=months,
        employment_years=years,
        last_day=last_day,
        decided_by=ctx.actor,
    )
    right = None
    if ground == Separation.Ground.REDUNDANCY and area is not None:
        until = law.reemployment_right(periods, ctx.at, last_day, ctx.organisation.policy)
        if until is not None:
            right = ReemploymentRight.objects.create(
                organisation=ctx.organisation,
                person=person,
                area=area,
                separation=row,
                valid_from=ctx.at,
                valid_until=until,
            )
    return Outcome(
        row,
        public={"separation": row.pk, "kind": kind, "notice_months": months},
        personal={
            "last_day": last_day,
            "employment_years": years,
            "ground": ground,
            "reemployment_right_until": right.valid_until if right else None,
            "warnings": list(ctx.decision.warnings),
        },
    )


@action(
    "give_notice",
    args=(
        Arg("reason", sensitive=True),
        Arg("ground", "choice", required=False, choices=GROUNDS, default=PERSONAL),
        Arg("informed_on", "date", required=False),
    ),
)
def do_give_notice(
    ctx: Context, person: Person, *, reason: str, ground: str, informed_on: date | None
) -> Outcome:
    return _separate(ctx, person, Separation.Kind.NOTICE, ground, reason, informed_on)


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
    # Avsked is always on personal grounds (LAS 18 §).
    return _separate(
        ctx,
        person,
        Separation.Kind.DISMISSAL,
        Separation.Ground.PERSONAL,
        reason,
        informed_on,
        grounds_known_on,
    )
