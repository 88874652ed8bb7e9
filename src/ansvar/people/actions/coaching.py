"""Coaching asked of the area manager, and the answer (AO5)."""

from datetime import date
from typing import Any

from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import (
    Organisation,
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


def _request(organisation: Organisation, manager: Person, request: int) -> CoachingRequest:
    row = CoachingRequest.objects.filter(
        organisation=organisation, pk=request, manager=manager
    ).first()
    if row is None:
        raise InvalidInput(f"there is no coaching request {request} to {manager.email}", "request")
    return row


def _request_details(
    org: Organisation, manager: Person, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """For the rule (AO5): when the request named was made and answered."""
    if args.get("request") is None:
        return {}
    row = _request(org, manager, args["request"])
    return {"requested_on": row.requested_on, "answered_on": row.answered_on}


@action(
    "answer_coaching",
    args=(Arg("request", "int"), Arg("answer", required=False, default="", sensitive=True)),
    details=_request_details,
)
def do_answer_coaching(ctx: Context, manager: Person, *, request: int, answer: str) -> Outcome:
    row = _request(ctx.organisation, manager, request)  # open: the rule has checked it
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
