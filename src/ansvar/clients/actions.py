"""Every write of client work: the client lead's daily work, proposals under the CEO's veto,
client criticism and the competence register. Who may act is the rules' business
(``ansvar.policy.rules``); these handlers only make the effect and say what the log records.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, QuerySet

from ansvar.clients.models import (
    CollaborationDecision,
    CriticismReport,
    Notification,
    Skill,
    WorkItem,
)
from ansvar.clients.selectors import normalise_skill
from ansvar.engine import checks
from ansvar.engine.actor import SYSTEM
from ansvar.engine.errors import AlreadyDone, InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, SystemContext, action, perform
from ansvar.org.actions import replace_holder, slug_free
from ansvar.org.models import (
    Assignment,
    Client,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import ceo_on, client_leads_on
from ansvar.people.models import ClientMonthFigure
from ansvar.policy.actions import ActionName
from ansvar.policy.rules.system import lapse_outcome
from ansvar.policy.workdays import window_closes_on

PURPOSES = tuple(WorkItem.Purpose.values)

# --- daily work (KA1, KA2, KA4) --------------------------------------------------------------


@action(
    "assign_work_item",
    args=(
        Arg("assignee", "person"),
        Arg("title", sensitive=True, check=checks.at_most(300)),
        Arg("purpose", "choice", required=False, choices=PURPOSES, default="quality"),
    ),
)
def do_assign_work_item(
    ctx: Context, client: Client, *, assignee: Person, title: str, purpose: str
) -> Outcome:
    item = WorkItem.objects.create(
        organisation=ctx.organisation,
        client=client,
        assignee=assignee,
        assigned_by=ctx.actor,
        title=title,
        purpose=purpose,
        created_on=ctx.at,
    )
    return Outcome(
        item,
        public={"work_item": item.pk, "client": client.slug, "purpose": purpose},
        personal={"title": title, "assignee": assignee.email},
    )


@action("record_collaboration_decision", args=(Arg("summary", sensitive=True),))
def do_record_collaboration_decision(ctx: Context, client: Client, *, summary: str) -> Outcome:
    decision = CollaborationDecision.objects.create(
        organisation=ctx.organisation,
        client=client,
        decided_by=ctx.actor,
        summary=summary,
        decided_on=ctx.at,
    )
    return Outcome(
        decision,
        public={"collaboration_decision": decision.pk, "client": client.slug},
        personal={"summary": summary},
    )


def _work_item_details(
    org: Organisation, client: Client, args: dict[str, Any], at: date
) -> dict[str, Any]:
    """For the rule (KA1, P5): the work item named, one of this client's; any other number
    is bad input."""
    pk = args.get("work_item")
    item = (
        WorkItem.objects.filter(pk=pk, client=client).select_related("assignee").first()
        if pk is not None
        else None
    )
    if item is None:
        raise InvalidInput(f"{client.name} has no work item {pk}", "work_item")
    return {
        "work_item": {
            "id": item.pk,
            "assignee": item.assignee.email,
            "created_on": item.created_on,
            "done_on": item.done_on,
        }
    }


@action(
    "mark_work_item_done",
    args=(Arg("work_item", "int"),),
    details=_work_item_details,
)
def do_mark_work_item_done(ctx: Context, client: Client, *, work_item: int) -> Outcome:
    # The rule has checked the item is open and given out by then (KA1).
    item = WorkItem.objects.select_related("assignee").get(pk=work_item, client=client)
    item.done_on = ctx.at
    item.save(update_fields=["done_on"])
    return Outcome(
        item,
        public={"work_item": item.pk, "client": client.slug},
        personal={"title": item.title, "assignee": item.assignee.email},
    )


def mark_notifications_read(person: Person, on: date) -> int:
    """The person's own unread notifications, marked read: not a policy decision, so no log
    entry, and nobody else's rows are touched."""
    return Notification.objects.filter(person=person, read_on__isnull=True).update(read_on=on)


# --- client criticism (KA7, P7) --------------------------------------------------------------


@action("report_criticism", args=(Arg("summary", sensitive=True),))
def do_report_criticism(ctx: Context, client: Client, *, summary: str) -> Outcome:
    report = CriticismReport.objects.create(
        organisation=ctx.organisation,
        client=client,
        reported_by=ctx.actor,
        summary=summary,
        reported_on=ctx.at,
    )
    # KA7: the CEO hears of it at once, in the app and by e-mail (ansvar.notify.messages).
    ceo = ceo_on(ctx.organisation, ctx.at)
    return Outcome(
        report,
        public={"criticism": report.pk, "client": client.slug, "ceo_notified": ceo is not None},
        personal={"summary": summary},
    )


@action("acknowledge_criticism")
def do_acknowledge_criticism(ctx: Context, report: CriticismReport) -> Outcome:
    # The rule has checked it is reported by then and not yet acknowledged (KA7).
    report.acknowledged_on = ctx.at
    report.acknowledged_by = ctx.actor
    report.save(update_fields=["acknowledged_on", "acknowledged_by"])
    return Outcome(report, public={"criticism": report.pk, "client": report.client.slug})


# --- competence register (KA6) ---------------------------------------------------------------


def _skill_name(value: str) -> str | None:
    name = normalise_skill(value)
    return None if name and len(name) <= 100 else "a skill name has 1 to 100 characters"


@action(
    "set_skill",
    args=(Arg("name", check=_skill_name), Arg("level", "int", check=checks.between(1, 5))),
)
def do_set_skill(ctx: Context, person: Person, *, name: str, level: int) -> Outcome:
    skill_name = normalise_skill(name)
    skill, created = Skill.objects.update_or_create(
        person=person, name=skill_name, defaults={"level": level, "updated_on": ctx.at}
    )
    # The skill's name is the person's (their profile): in the personal payload, which the
    # GDPR erasure can empty, not in the chained public part.
    return Outcome(skill, public={"level": level, "new": created}, personal={"skill": skill_name})


# --- proposals and the CEO's veto (KA3, VD5, VD2) --------------------------------------------


def _new_proposal(ctx: Context, client: Client, title: str, *, new_client: bool) -> Assignment:
    days = ctx.organisation.policy_int("veto_window_working_days")
    return Assignment.objects.create(
        organisation=ctx.organisation,
        client=client,
        title=title,
        status=Assignment.Status.PROPOSED,
        proposed_by=ctx.actor,
        proposed_on=ctx.at,
        window_closes_on=window_closes_on(ctx.at, days),
        is_new_client=new_client,
    )


def _proposal_outcome(assignment: Assignment) -> Outcome:
    return Outcome(
        assignment,
        public={
            "assignment": assignment.pk,
            "client": assignment.client.slug,
            "new_client": assignment.is_new_client,
            "window_closes_on": assignment.window_closes_on.isoformat(),
        },
        personal={"title": assignment.title},
    )


@action(
    "propose_client",
    args=(Arg("name", check=checks.at_most(200)), Arg("slug", check=checks.slug)),
    details=slug_free(Client, "a client"),
)
def do_propose_client(ctx: Context, org: Organisation, *, name: str, slug: str) -> Outcome:
    client = Client.objects.create(
        organisation=org, slug=slug, name=name, status=Client.Status.PROPOSED, created_on=ctx.at
    )
    return _proposal_outcome(_new_proposal(ctx, client, name, new_client=True))


@action("propose_assignment", args=(Arg("title", sensitive=True, check=checks.at_most(300)),))
def do_propose_assignment(ctx: Context, client: Client, *, title: str) -> Outcome:
    return _proposal_outcome(_new_proposal(ctx, client, title, new_client=False))


@action("veto_assignment", args=(Arg("reason", sensitive=True),))
def do_veto_assignment(ctx: Context, assignment: Assignment, *, reason: str) -> Outcome:
    # Conditional on the row still being a proposal: a concurrent lapse wins or loses whole.
    # The rule has checked the window is open (VD5); perform's lock keeps a lapse out.
    assignment.status = Assignment.Status.VETOED
    assignment.decided_on = ctx.at
    assignment.veto_reason = reason
    assignment.save(update_fields=["status", "decided_on", "veto_reason"])
    if assignment.is_new_client:
        Client.objects.filter(pk=assignment.client_id, status=Client.Status.PROPOSED).update(
            status=Client.Status.VETOED
        )
    assignment.refresh_from_db()
    return Outcome(
        assignment,
        public={
            "assignment": assignment.pk,
            "client": assignment.client.slug,
            "new_client": assignment.is_new_client,
        },
        personal={"reason": reason},
    )


# --- the end of an assignment and of a collaboration (KA2, KA3) ------------------------------


def _settle_lapsed(organisation: Organisation, client: Client, at: date) -> None:
    """The client's proposals whose window closed by ``at`` unvetoed are settled first, as
    tick would (each its own ``lapse_proposal`` in the log, dated the window's close), so an
    end never leaves a proposal behind for tick to turn active."""
    due = Assignment.objects.filter(
        client=client, status=Assignment.Status.PROPOSED, window_closes_on__lte=at
    ).order_by("window_closes_on", "pk")
    for pk, closes_on in due.values_list("pk", "window_closes_on"):
        perform(organisation, SYSTEM, ActionName.LAPSE_PROPOSAL, f"assignment:{pk}", at=closes_on)


@action(ActionName.CLOSE_ASSIGNMENT)
def do_close_assignment(ctx: Context, assignment: Assignment) -> Outcome:
    # The rule has checked it is active on the date (KA2); a lapse tick has not written yet
    # is written first.
    _settle_lapsed(ctx.organisation, assignment.client, ctx.at)
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.CLOSED, closed_on=ctx.at
    )
    assignment.refresh_from_db()
    return Outcome(
        assignment,
        public={"assignment": assignment.pk, "client": assignment.client.slug},
        personal={"title": assignment.title},
    )


def _later_day(rows: QuerySet[Any], at: date, *fields: str) -> list[date]:
    found = rows.aggregate(**{f: Max(f) for f in fields})
    return [d for d in found.values() if d is not None and d > at]


def _end_details(org: Organisation, client: Client, args: dict[str, Any], at: date) -> dict:
    """For the rule (KA2, VD5): the close of a proposal still in the CEO's veto window on
    ``at``, and the last day anything about the client's work is recorded from when it is
    after ``at`` (an end cannot be dated before it)."""
    pending = Assignment.objects.filter(
        client=client,
        status=Assignment.Status.PROPOSED,
        proposed_on__lte=at,
        window_closes_on__gt=at,
    ).aggregate(first=Min("window_closes_on"))["first"]
    later = [
        *_later_day(Holding.objects.filter(client=client), at, "valid_from", "valid_to"),
        *_later_day(
            WorkGroupMembership.objects.filter(client=client), at, "valid_from", "valid_to"
        ),
        *_later_day(WorkItem.objects.filter(client=client), at, "created_on", "done_on"),
        *_later_day(
            Assignment.objects.filter(client=client),
            at,
            "proposed_on",
            "decided_on",
            "closed_on",
        ),
        *_later_day(CollaborationDecision.objects.filter(client=client), at, "decided_on"),
        *_later_day(CriticismReport.objects.filter(client=client), at, "reported_on"),
        *_later_day(ClientMonthFigure.objects.filter(client=client), at, "recorded_on"),
    ]
    details: dict[str, Any] = {}
    if pending is not None:
        details["proposal_window_closes_on"] = pending
    if later:
        details["later_change"] = max(later)
    return details


@action(ActionName.END_CLIENT, details=_end_details)
def do_end_client(ctx: Context, client: Client) -> Outcome:
    """The collaboration is over from ``ctx.at``: its active assignments close, its open work
    ends, and the lead's and the work group's periods end that day (``valid_to`` is the first
    day not held), so who decides, the duties and the signals no longer count the client."""
    at = ctx.at
    _settle_lapsed(ctx.organisation, client, at)
    lead = client_leads_on(ctx.organisation, at, clients=[client]).get(client.pk)
    assert lead is not None and lead.pk is not None  # the rule found the actor leading it
    Holding.objects.filter(client=client, valid_to__isnull=True).update(valid_to=at)
    members = WorkGroupMembership.objects.filter(client=client, valid_to__isnull=True).update(
        valid_to=at
    )
    assignments = Assignment.objects.filter(client=client, status=Assignment.Status.ACTIVE).update(
        status=Assignment.Status.CLOSED, closed_on=at
    )
    work = WorkItem.objects.filter(client=client, done_on__isnull=True).update(done_on=at)
    Client.objects.filter(pk=client.pk).update(status=Client.Status.ENDED, ended_on=at)
    client.refresh_from_db()
    return Outcome(
        client,
        public={
            "client": client.slug,
            "ended_on": at.isoformat(),
            "lead_holding": lead.pk,
            "members_ended": members,
            "assignments_closed": assignments,
            "work_items_ended": work,
        },
    )


# --- lapse: a proposal not vetoed within its window becomes active (VD5, VD2) ----------------


@dataclass(frozen=True)
class Lapse:
    assignment: int
    client: str
    new_client: bool
    effective_on: date
    activated: bool = True


def lapse_proposals(organisation: Organisation, at: date) -> list[Lapse]:
    """Settle every proposal whose window has closed by ``at``; each exactly once.

    Each is the system's ``lapse_proposal`` through ``perform``, dated the day its window
    closed (not the day this runs), so the history is the same whenever the lapse is
    materialised. Safe to run twice or concurrently: the handler flips the proposal with a
    conditional UPDATE, and a run that finds it settled already writes nothing.
    """
    due = list(
        Assignment.objects.filter(
            organisation=organisation,
            status=Assignment.Status.PROPOSED,
            window_closes_on__lte=at,
        )
        .order_by("window_closes_on", "pk")
        .values_list("pk", "window_closes_on")
    )
    done = []
    for pk, closes_on in due:
        try:
            result = perform(
                organisation, SYSTEM, ActionName.LAPSE_PROPOSAL, f"assignment:{pk}", at=closes_on
            )
        except AlreadyDone:
            continue
        done.append(result.result)
    return done


def _not_settled(org: Organisation, assignment: Assignment, args: dict[str, Any], at: date) -> dict:
    """A proposal an earlier run settled has nothing left to lapse: AlreadyDone, for ``can``
    and ``perform`` alike, so a second (or concurrent) tick writes nothing, not even a
    refusal. A vetoed one is the rule's refusal (VD5)."""
    if assignment.status in (Assignment.Status.ACTIVE, Assignment.Status.CLOSED):
        raise AlreadyDone("the proposal is settled already", "target")
    return {}


@action(ActionName.LAPSE_PROPOSAL, details=_not_settled)
def do_lapse_proposal(ctx: SystemContext, assignment: Assignment) -> Outcome:
    """The effect the rule named (``lapse_outcome`` of the same facts): the new client's lead
    by consent, an active assignment, or a closed proposal when its proposer has left."""
    assert ctx.facts.assignment is not None
    outcome = lapse_outcome(ctx.facts.assignment)
    on = ctx.at
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.ACTIVE, decided_on=on
    )
    client = assignment.client
    ceo = ctx.facts.ceo
    public: dict[str, object] = {
        "assignment": assignment.pk,
        "client": client.slug,
        "new_client": assignment.is_new_client,
        "outcome": outcome,
        "basis": "consent",
        "window_closed_on": on.isoformat(),
    }
    personal: dict[str, object] = {
        "proposer": assignment.proposed_by.email,
        "ceo": ceo.email if ceo else None,
        "title": assignment.title,
    }
    if outcome == "closed":
        # Nobody would hold the client (P4): the proposal closes instead.
        Assignment.objects.filter(pk=assignment.pk).update(
            status=Assignment.Status.CLOSED, closed_on=on, decided_on=on
        )
        Client.objects.filter(pk=client.pk).update(status=Client.Status.ENDED)
        public["basis"] = "proposer_left"
    elif outcome == "lead_by_consent":
        holding = replace_holder(
            ctx.organisation,
            kind=Holding.Kind.CLIENT_LEAD,
            person=assignment.proposed_by,
            at=on,
            client=client,
            basis="consent",
        )
        Client.objects.filter(pk=client.pk).update(status=Client.Status.ACTIVE)
        public["holding"] = holding.pk
    lapse = Lapse(
        assignment.pk, client.slug, assignment.is_new_client, on, activated=outcome != "closed"
    )
    return Outcome(lapse, public=public, personal=personal)


# --- client figures (AO2) ------------------------------------------------------------------


def parse_month(value: str) -> date:
    """The first day of a month written YYYY-MM (``checks.month`` has checked it)."""
    text = value.strip()
    return date.fromisoformat(text if len(text) > 7 else f"{text}-01").replace(day=1)


def _margin_within_revenue(
    org: Organisation, client: Client, args: dict[str, Any], at: date
) -> dict:
    revenue, margin = args.get("revenue"), args.get("margin")
    if revenue is not None and margin is not None and margin > 0 and margin > revenue:
        raise InvalidInput("the margin cannot exceed the revenue", "margin")
    return {}


@action(
    "record_client_figures",
    args=(
        Arg("month", check=checks.month),
        # The columns hold 12 digits before the decimal point.
        Arg("revenue", "decimal", check=checks.below(Decimal("1e12"), negative=False)),
        Arg("margin", "decimal", check=checks.below(Decimal("1e12"))),
    ),
    details=_margin_within_revenue,
)
def do_record_client_figures(
    ctx: Context, client: Client, *, month: str, revenue: Decimal, margin: Decimal
) -> Outcome:
    first = parse_month(month)
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
