"""Development talks (AO3) and probation follow-ups (AO4), and the logged read of their notes."""

from datetime import date
from typing import Any

from ansvar.decisions.access import record_access
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import (
    Employment,
    Organisation,
    Person,
)
from ansvar.org.selectors import employed_on
from ansvar.people.models import (
    Talk,
)


def _held_by_then(
    org: Organisation, person: Person, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """A talk is recorded once held: one dated after the decision is bad input."""
    held_on = args.get("held_on")
    if isinstance(held_on, date) and held_on > at:
        raise InvalidInput(
            f"a talk cannot be dated in the future ({held_on} is after {at})", "held_on"
        )
    return {}


def _probation_on_held_on(
    org: Organisation, person: Person, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """For the rule (AO4): whether the person was on probation the day the talk was held."""
    _held_by_then(org, person, args, at)
    held_on = args.get("held_on")
    if not isinstance(held_on, date):
        return {}
    employment = Employment.objects.filter(employed_on(held_on), person=person).first()
    return {
        "on_probation_on_held_on": employment is not None
        and employment.kind_on(held_on) == "probation"
    }


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


@action("record_development_talk", args=TALK_ARGS, details=_held_by_then)
def do_record_development_talk(
    ctx: Context, person: Person, *, held_on: date, notes: str
) -> Outcome:
    return _talk(ctx, person, Talk.Kind.DEVELOPMENT, held_on, notes)


@action("record_probation_follow_up", args=TALK_ARGS, details=_probation_on_held_on)
def do_record_probation_follow_up(
    ctx: Context, person: Person, *, held_on: date, notes: str
) -> Outcome:
    # On probation that day: the rule has checked it (AO4).
    return _talk(ctx, person, Talk.Kind.PROBATION_FOLLOW_UP, held_on, notes)


@action("view_talk_notes")
def do_view_talk_notes(ctx: Context, person: Person) -> Outcome:
    record_access(ctx.organisation, ctx.actor, person, "talk_notes", "view_talk_notes")
    rows = list(Talk.objects.filter(person=person))
    return Outcome(rows, public={"talks": len(rows)})
