"""Salary setting by the line manager (AO3), and the logged read of a salary."""

from datetime import date
from decimal import Decimal

from ansvar.decisions.access import record_access
from ansvar.engine import checks
from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import (
    Person,
)
from ansvar.people.models import (
    SalaryDecision,
)


@action(
    "set_salary",
    args=(
        Arg("amount", "decimal", sensitive=True, check=checks.positive_amount(Decimal("1e10"))),
        Arg("effective_from", "date", required=False),
    ),
)
def do_set_salary(
    ctx: Context, person: Person, *, amount: Decimal, effective_from: date | None
) -> Outcome:
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
