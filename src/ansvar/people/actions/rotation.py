"""The CEO's half-yearly unit rotation (VD3): moves people between areas, never client leads
(P6). The rule has checked each move (employed, another area, nothing decided already, not
before the decision's day); the checks here only guard against a row changed meanwhile."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import (
    AreaMembership,
    BusinessArea,
    Organisation,
    Person,
)
from ansvar.people.models import (
    RotationDecision,
    RotationMove,
)


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
        # The membership the move ends: open, or (under notice) ending with the employment.
        current = (
            AreaMembership.objects.filter(person=person)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
            .order_by("-valid_from")
            .first()
        )
        # The rule has checked each move fits (VD3): in an area, another one, no move pending.
        assert current is not None and current.area_id != to_area.pk, where
        assert current.valid_from <= start, where
        # Under notice the new membership ends when the old one would have: with the
        # employment.
        until = current.valid_to
        current.valid_to = start
        current.save(update_fields=["valid_to"])
        try:
            with transaction.atomic():
                AreaMembership.objects.create(
                    person=person, area=to_area, valid_from=start, valid_to=until
                )
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
