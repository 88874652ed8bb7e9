"""Development talks (AO3) and probation follow-ups (AO4), and the logged read of their notes."""

from datetime import date

from ansvar.decisions.access import record_access
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, action
from ansvar.org.models import (
    Employment,
    Person,
)
from ansvar.org.selectors import employed_on
from ansvar.people.models import (
    Talk,
)


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


@action("view_talk_notes")
def do_view_talk_notes(ctx: Context, person: Person) -> Outcome:
    record_access(ctx.organisation, ctx.actor, person, "talk_notes", "view_talk_notes")
    rows = list(Talk.objects.filter(person=person))
    return Outcome(rows, public={"talks": len(rows)})
