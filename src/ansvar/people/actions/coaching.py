"""Coaching asked of the area manager, and the answer (AO5)."""

from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import (
    Person,
)
from ansvar.people.models import (
    CoachingRequest,
)


@action("request_coaching", args=(Arg("topic", sensitive=True),))
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
    args=(Arg("request", "int"), Arg("answer", required=False, default="", sensitive=True)),
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
