"""Retention of former employees' texts (GDPR art. 5.1 e, storage limitation).

Talk notes (AO3, AO4) and coaching texts (AO5) are needed while the person works here: for
the next talk, the salary review, the answer to a request. Once the employment has ended
they are kept ``talk_notes_retention_months`` and ``coaching_retention_months`` after the
last day (time to answer a claim under the employment, LAS 40-41 §§ and the Discrimination
Act's periods fit inside the defaults) and then emptied, by the system's ``erase_talk_notes``
and ``erase_coaching_texts``, which ``ansvar tick`` performs. The rows stay, so the dates of
talks held and requests answered remain (what the duties and the log refer to); the decision
log's payloads that repeat the texts are erased with them.

A former employee is someone with an employment none of whose employments covers the day or
starts after it; the period runs from the latest last day. The texts are erased on the day
after the period ends: ``law.add_months(last_day, months) < at``. Once a step has
committed, the database lets go of the old bytes too (``common.storage.scrub``).
"""

from datetime import date
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q

from ansvar.common.storage import scrub_after_commit
from ansvar.decisions import log
from ansvar.decisions.models import Entry, PersonalPayload
from ansvar.engine.actor import SYSTEM
from ansvar.engine.errors import AlreadyDone
from ansvar.engine.registry import Outcome, SystemContext, action, perform
from ansvar.org.models import Employment, Organisation, Person
from ansvar.people.models import CoachingRequest, Talk
from ansvar.policy import law
from ansvar.policy.actions import ActionName


def former_employees_past(organisation: Organisation, at: date, months: int) -> list[int]:
    """Ids of the people whose last employment ended more than ``months`` months before
    ``at`` (its period ended before ``at``) and who have no current or later employment."""
    current = Employment.objects.filter(
        Q(last_day__isnull=True) | Q(last_day__gte=at), person=OuterRef("pk")
    )
    # A loose bound in SQL (the period cannot have ended unless the last day is this early),
    # the exact month arithmetic in Python on the few rows it leaves.
    bound = law.add_months(at, -months)
    rows = (
        Person.objects.filter(organisation=organisation)
        .annotate(ended=Max("employments__last_day"), current=Exists(current))
        .filter(current=False, ended__isnull=False, ended__lte=bound)
        .values_list("pk", "ended")
    )
    return sorted(pk for pk, ended in rows if law.add_months(ended, months) < at)


def _due(
    organisation: Organisation, at: date, parameter: str, rows: Any, person: str, texts: Q
) -> list[int]:
    """Ids of the ``rows`` with text (``texts``) about former employees past the retention
    ``parameter`` (months), through their ``person`` field."""
    people = former_employees_past(organisation, at, organisation.policy_int(parameter))
    if not people:
        return []
    return list(
        rows.filter(texts, organisation=organisation, **{f"{person}__in": people})
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _talks_due(organisation: Organisation, at: date) -> list[int]:
    return _due(
        organisation, at, "talk_notes_retention_months", Talk.objects, "person_id", ~Q(notes="")
    )


def _coaching_due(organisation: Organisation, at: date) -> list[int]:
    texts = ~Q(topic="", answer="")
    rows = CoachingRequest.objects
    return _due(organisation, at, "coaching_retention_months", rows, "requester_id", texts)


def entries_with(
    organisation: Organisation, actions: tuple[str, ...], key: str, ids: list[int]
) -> list[int]:
    """Ids of the entries of ``actions`` whose public part names one of the rows ``ids`` under
    ``key`` (an answer to a coaching request names the request, not the person who asked)."""
    return list(
        Entry.objects.filter(
            organisation=organisation, action__in=actions, **{f"public__{key}__in": ids}
        ).values_list("pk", flat=True)
    )


def _talks_something_due(
    org: Organisation, _: Organisation, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """Nothing due is nothing to do (a concurrent tick erased it first): AlreadyDone for
    ``can`` and ``perform`` alike, and no entry."""
    if not _talks_due(org, at):
        raise AlreadyDone(f"no former employee's talk notes are past retention on {at}", "at")
    return {}


def _coaching_something_due(
    org: Organisation, _: Organisation, args: dict[str, Any], at: date
) -> dict[str, Any]:
    if not _coaching_due(org, at):
        raise AlreadyDone(f"no former employee's coaching text is past retention on {at}", "at")
    return {}


@action(ActionName.ERASE_TALK_NOTES, details=_talks_something_due)
def do_erase_talk_notes(ctx: SystemContext, org: Organisation) -> Outcome:
    due = _talks_due(org, ctx.at)
    people = sorted(
        set(Talk.objects.filter(pk__in=due).values_list("person_id", flat=True).distinct())
    )
    Talk.objects.filter(pk__in=due).update(notes="")
    actions = (ActionName.RECORD_DEVELOPMENT_TALK, ActionName.RECORD_PROBATION_FOLLOW_UP)
    payloads = log.erase_payloads(org, entries_with(org, actions, "talk", due))
    scrub_after_commit([Talk._meta.db_table, PersonalPayload._meta.db_table])
    return Outcome(
        len(due),
        public={"people": people, "talks": due, "count": len(due), "payloads_erased": payloads},
    )


@action(ActionName.ERASE_COACHING_TEXTS, details=_coaching_something_due)
def do_erase_coaching_texts(ctx: SystemContext, org: Organisation) -> Outcome:
    due = _coaching_due(org, ctx.at)
    rows = CoachingRequest.objects.filter(pk__in=due)
    people = sorted(set(rows.values_list("requester_id", flat=True).distinct()))
    rows.update(topic="", answer="")
    actions = (ActionName.REQUEST_COACHING, ActionName.ANSWER_COACHING)
    payloads = log.erase_payloads(org, entries_with(org, actions, "coaching_request", due))
    scrub_after_commit([CoachingRequest._meta.db_table, PersonalPayload._meta.db_table])
    return Outcome(
        len(due),
        public={
            "people": people,
            "coaching_requests": due,
            "count": len(due),
            "payloads_erased": payloads,
        },
    )


def erase_expired_texts(organisation: Organisation, at: date) -> dict[str, int]:
    """What ``ansvar tick`` runs: each kind past retention erased as the system's step (one
    entry per kind, none when nothing is due)."""
    counts = {"talk_notes": 0, "coaching_texts": 0}
    steps = (
        ("talk_notes", ActionName.ERASE_TALK_NOTES, _talks_due),
        ("coaching_texts", ActionName.ERASE_COACHING_TEXTS, _coaching_due),
    )
    for key, name, due in steps:
        if not due(organisation, at):
            continue
        try:
            counts[key] = perform(organisation, SYSTEM, name, "org", at=at).result
        except AlreadyDone:  # a concurrent tick erased them first
            continue
    return counts
