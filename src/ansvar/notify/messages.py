"""Who is told of a decision, and what: one function per action, keyed by the action's name.

Each function gets the decision as the log recorded it (``Event``: the entry, its actor and
the rows its ``public`` part names) and yields one ``Message`` per person concerned, in
Swedish and English. The same function serves a decision just made by ``perform`` and one
that ``ansvar tick`` finds in the log later (a veto window lapsing), so it reads what it
needs from the entry and the database, never from the handler's return value.

Nobody is told of their own decision. An action without a function here tells nobody.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Model

from ansvar.clients.models import CriticismReport, WorkItem
from ansvar.decisions.models import Entry, PersonalPayload
from ansvar.org.models import (
    Assignment,
    BusinessArea,
    Client,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import ceo_on
from ansvar.people.models import CoachingRequest, RotationDecision, RotationMove, Talk
from ansvar.policy.workdays import last_day_of_window, nth_working_day_after

# What the e-mail's subject line says, per kind of message: (Swedish, English).
TITLES: dict[str, tuple[str, str]] = {
    "proposal": ("Ett förslag väntar på ditt besked", "A proposal awaits your decision"),
    "client_criticism": ("Kritik från en kund", "Criticism from a client"),
    "unowned_area": ("Ett område saknar beslutsfattare", "An area has no decision maker"),
    "proposal_vetoed": ("Ditt förslag stoppades", "Your proposal was vetoed"),
    "proposal_in_effect": ("Ditt förslag gäller nu", "Your proposal has taken effect"),
    "work_assigned": ("Nytt arbete till dig", "Work assigned to you"),
    "work_done": ("Ditt arbete är markerat klart", "Your work was marked done"),
    "client_ended": ("Ett samarbete är avslutat", "A collaboration has ended"),
    "work_group_added": ("Du är med i en arbetsgrupp", "You are in a work group"),
    "work_group_removed": ("Du är inte längre med i en arbetsgrupp", "You left a work group"),
    "named_deputy": ("Du är ersättare", "You are deputy"),
    "named_client_lead": ("Du är kundansvarig", "You are client lead"),
    "named_area_manager": ("Du är affärsområdeschef", "You are area manager"),
    "coaching_request": ("Någon ber dig om coachning", "A coaching request"),
    "coaching_answer": ("Svar på din fråga om coachning", "An answer to your coaching request"),
    "talk_recorded": ("Ett samtal med dig är registrerat", "A talk with you was recorded"),
    "rotation_move": ("Du byter affärsområde", "You move to another business area"),
    "promotion": ("Du är seniorkonsult", "You are a senior consultant"),
    "digest": ("Dagens sammanfattning från Ansvar", "Today's summary from Ansvar"),
}

# Kinds the policy wants to reach the person at once: sent whatever they chose.
REQUIRED = frozenset({"client_criticism", "unowned_area"})

PURPOSES = {
    "quality": ("kvalitet", "quality"),
    "participation": ("delaktighet", "participation"),
    "competence": ("kompetensutveckling", "competence development"),
}
ROLES = {
    "member": ("medlem", "member"),
    "assistant": ("biträdande", "assistant"),
    "deputy": ("ersättare", "deputy"),
}


@dataclass(frozen=True)
class Message:
    person: Person
    kind: str
    sv: str
    en: str
    subject: str = ""  # a target, e.g. "client:alfa"

    @property
    def required(self) -> bool:
        return self.kind in REQUIRED


@dataclass
class Event:
    """One decision from the log, with what a message function reads about it."""

    organisation: Organisation
    entry: Entry

    @property
    def on(self) -> date:
        return self.entry.effective_on

    @property
    def public(self) -> dict[str, Any]:
        return dict(self.entry.public or {})

    @cached_property
    def actor(self) -> Person | None:
        if self.entry.actor_id_ref is None:
            return None
        return Person.objects.filter(
            organisation=self.organisation, pk=self.entry.actor_id_ref
        ).first()

    @property
    def actor_name(self) -> str:
        return self.actor.name if self.actor else "Ansvar"

    def row[M: Model](self, model: type[M], key: str, *related: str) -> M | None:
        """The row whose id the entry's public part keeps under ``key``."""
        pk = self.public.get(key)
        if not isinstance(pk, int):
            return None
        rows = model._default_manager.filter(pk=pk)
        return (rows.select_related(*related) if related else rows).first()

    def target_person(self) -> Person | None:
        kind, _, key = self.entry.target.partition(":")
        if kind != "person" or not key.isdigit():
            return None
        return Person.objects.filter(organisation=self.organisation, pk=int(key)).first()

    def target_client(self) -> Client | None:
        kind, _, key = self.entry.target.partition(":")
        if kind != "client":
            return None
        return Client.objects.filter(organisation=self.organisation, slug=key).first()

    @cached_property
    def args(self) -> dict[str, Any]:
        """The arguments as the log's personal part keeps them; empty once it is erased."""
        data = PersonalPayload.objects.filter(entry=self.entry).values_list("data", flat=True)
        found = data.first()
        args = found.get("args") if isinstance(found, dict) else None
        return args if isinstance(args, dict) else {}

    def person_arg(self, name: str) -> Person | None:
        email = self.args.get(name)
        if not isinstance(email, str):
            return None
        return Person.objects.filter(organisation=self.organisation, email=email).first()


Tell = Callable[[Event], Iterator[Message]]
TELLS: dict[str, Tell] = {}


def tells(*actions: str) -> Callable[[Tell], Tell]:
    def register(fn: Tell) -> Tell:
        for name in actions:
            TELLS[name] = fn
        return fn

    return register


def messages_for(event: Event) -> list[Message]:
    """The messages of one decision, without the actor's own and one per person."""
    tell = TELLS.get(event.entry.action)
    if tell is None:
        return []
    actor_id = event.entry.actor_id_ref
    seen: set[int] = set()
    found = []
    for message in tell(event):
        if message.person.pk == actor_id or message.person.pk in seen:
            continue
        seen.add(message.person.pk)
        found.append(message)
    return found


# --- the CEO: proposals, criticism ------------------------------------------------------------


def _what(assignment: Assignment) -> tuple[str, str]:
    if assignment.is_new_client:
        return "ny kund", "new client"
    return "nytt uppdrag för", "new assignment for"


@tells("propose_client", "propose_assignment")
def _proposal(event: Event) -> Iterator[Message]:
    assignment = event.row(Assignment, "assignment", "client")
    ceo = ceo_on(event.organisation, event.on)
    if assignment is None or ceo is None:
        return
    sv, en = _what(assignment)
    last = last_day_of_window(assignment.proposed_on, assignment.window_closes_on)
    client, title = assignment.client.name, assignment.title
    yield Message(
        ceo,
        "proposal",
        f"{event.actor_name} föreslår {sv} {client}: {title}. Du kan stoppa det med ett veto "
        f"senast {last.isoformat()}; annars gäller det.",
        f"{event.actor_name} proposes a {en} {client}: {title}. You can veto it until "
        f"{last.isoformat()}; after that it takes effect.",
        f"assignment:{assignment.pk}",
    )


@tells("report_criticism")
def _criticism(event: Event) -> Iterator[Message]:
    report = event.row(CriticismReport, "criticism", "client")
    ceo = ceo_on(event.organisation, event.on)
    if report is None or ceo is None:
        return
    yield Message(
        ceo,
        "client_criticism",
        f"{event.actor_name} rapporterar kritik från {report.client.name}: {report.summary}",
        f"{event.actor_name} reports criticism from {report.client.name}: {report.summary}",
        f"criticism:{report.pk}",
    )


# --- the proposer: a veto, or the proposal taking effect -------------------------------------


@tells("veto_assignment")
def _vetoed(event: Event) -> Iterator[Message]:
    assignment = event.row(Assignment, "assignment", "client", "proposed_by")
    if assignment is None:
        return
    sv, en = _what(assignment)
    yield Message(
        assignment.proposed_by,
        "proposal_vetoed",
        f"{event.actor_name} har lagt veto mot ditt förslag om {sv} {assignment.client.name}: "
        f"{assignment.title}. Skäl: {assignment.veto_reason}",
        f"{event.actor_name} vetoed your proposal of a {en} {assignment.client.name}: "
        f"{assignment.title}. Reason: {assignment.veto_reason}",
        f"assignment:{assignment.pk}",
    )


@tells("activate_assignment")
def _assignment_in_effect(event: Event) -> Iterator[Message]:
    assignment = event.row(Assignment, "assignment", "client", "proposed_by")
    if assignment is None:
        return
    yield Message(
        assignment.proposed_by,
        "proposal_in_effect",
        f"Inget veto kom inom fristen: uppdraget {assignment.title} för "
        f"{assignment.client.name} gäller från {event.on.isoformat()}.",
        f"No veto came within the window: the assignment {assignment.title} for "
        f"{assignment.client.name} is active from {event.on.isoformat()}.",
        f"assignment:{assignment.pk}",
    )


@tells("lapse_proposal")
def _lapse(event: Event) -> Iterator[Message]:
    """The system settled a veto window that closed without a veto: the new client's proposer
    now leads it, or the existing client's assignment is active; a proposal whose proposer
    has left closes and tells nobody."""
    outcome = event.public.get("outcome")
    if outcome == "lead_by_consent":
        yield from _client_lead(event)
    elif outcome == "activated":
        yield from _assignment_in_effect(event)


# --- appointments: client lead, area manager ------------------------------------------------


@tells("appoint_client_lead")
def _client_lead(event: Event) -> Iterator[Message]:
    holding = event.row(Holding, "holding", "person", "client")
    if holding is None or holding.client is None:
        return
    client, on = holding.client.name, event.on.isoformat()
    if event.public.get("basis") == "consent":
        yield Message(
            holding.person,
            "proposal_in_effect",
            f"Inget veto kom inom fristen: {client} är ny kund från {on}, och du är dess "
            "kundansvarige.",
            f"No veto came within the window: {client} is a new client from {on}, and you "
            "are its client lead.",
            f"client:{holding.client.slug}",
        )
        return
    yield Message(
        holding.person,
        "named_client_lead",
        f"{event.actor_name} har utsett dig till kundansvarig för {client} från {on}.",
        f"{event.actor_name} appointed you client lead for {client} from {on}.",
        f"client:{holding.client.slug}",
    )


def _area_manager(event: Event, holding: Holding | None) -> Iterator[Message]:
    if holding is None or holding.area is None:
        return
    area, on = holding.area.name, event.on.isoformat()
    yield Message(
        holding.person,
        "named_area_manager",
        f"{event.actor_name} har utsett dig till affärsområdeschef för {area} från {on}.",
        f"{event.actor_name} appointed you area manager of {area} from {on}.",
        f"area:{holding.area.slug}",
    )


@tells("appoint_area_manager")
def _appointed_area_manager(event: Event) -> Iterator[Message]:
    yield from _area_manager(event, event.row(Holding, "holding", "person", "area"))


@tells("create_business_area")
def _new_area(event: Event) -> Iterator[Message]:
    area = BusinessArea.objects.filter(
        organisation=event.organisation, slug=event.public.get("area")
    ).first()
    holding = (
        Holding.objects.filter(area=area, kind=Holding.Kind.AREA_MANAGER, valid_from=event.on)
        .select_related("person", "area")
        .first()
        if area
        else None
    )
    yield from _area_manager(event, holding)


# --- the client lead's work group and daily work ----------------------------------------------


@tells("assign_work_item")
def _work(event: Event) -> Iterator[Message]:
    item = event.row(WorkItem, "work_item", "client", "assignee")
    if item is None:
        return
    sv, en = PURPOSES.get(item.purpose, (item.purpose, item.purpose))
    yield Message(
        item.assignee,
        "work_assigned",
        f"{event.actor_name} ger dig arbete för {item.client.name}: {item.title} (syfte: {sv}).",
        f"{event.actor_name} assigned you work for {item.client.name}: {item.title} "
        f"(purpose: {en}).",
        f"client:{item.client.slug}",
    )


@tells("mark_work_item_done")
def _work_done(event: Event) -> Iterator[Message]:
    """The assignee hears when someone else (the lead) says their work is done."""
    item = event.row(WorkItem, "work_item", "client", "assignee")
    if item is None:
        return
    yield Message(
        item.assignee,
        "work_done",
        f"{event.actor_name} har markerat ditt arbete för {item.client.name} som klart: "
        f"{item.title}.",
        f"{event.actor_name} marked your work for {item.client.name} done: {item.title}.",
        f"client:{item.client.slug}",
    )


@tells("end_client")
def _client_ended(event: Event) -> Iterator[Message]:
    """The work group as it was on the last day hears that the collaboration is over."""
    client = event.target_client()
    if client is None or client.ended_on is None:
        return
    members = WorkGroupMembership.objects.filter(
        client=client, valid_to=client.ended_on, valid_from__lt=client.ended_on
    ).select_related("person")
    for membership in members.order_by("person__name", "pk"):
        yield Message(
            membership.person,
            "client_ended",
            f"{event.actor_name} har avslutat samarbetet med {client.name} från {event.on}; "
            "arbetsgruppen och de öppna uppgifterna upphör.",
            f"{event.actor_name} ended the collaboration with {client.name} from {event.on}; "
            "the work group and the open work end.",
            f"client:{client.slug}",
        )


def _deputy(event: Event, person: Person | None, client: Client | None) -> Iterator[Message]:
    if person is None or client is None:
        return
    yield Message(
        person,
        "named_deputy",
        f"{event.actor_name} har utsett dig till ersättare för kundansvarige för {client.name}.",
        f"{event.actor_name} named you deputy to the client lead of {client.name}.",
        f"client:{client.slug}",
    )


@tells("add_work_group_member")
def _added(event: Event) -> Iterator[Message]:
    membership = event.row(WorkGroupMembership, "membership", "person", "client")
    if membership is None:
        return
    if membership.role == WorkGroupMembership.Role.DEPUTY:
        yield from _deputy(event, membership.person, membership.client)
        return
    sv, en = ROLES.get(membership.role, (membership.role, membership.role))
    yield Message(
        membership.person,
        "work_group_added",
        f"{event.actor_name} har tagit med dig i arbetsgruppen för {membership.client.name} "
        f"som {sv}.",
        f"{event.actor_name} added you to the work group of {membership.client.name} as {en}.",
        f"client:{membership.client.slug}",
    )


@tells("set_deputy")
def _set_deputy(event: Event) -> Iterator[Message]:
    yield from _deputy(event, event.person_arg("person"), event.target_client())


@tells("remove_work_group_member")
def _removed(event: Event) -> Iterator[Message]:
    person, client = event.person_arg("person"), event.target_client()
    if person is None or client is None:
        return
    yield Message(
        person,
        "work_group_removed",
        f"{event.actor_name} har tagit bort dig ur arbetsgruppen för {client.name}.",
        f"{event.actor_name} removed you from the work group of {client.name}.",
        f"client:{client.slug}",
    )


# --- people processes: coaching, talks, rotation, promotion -----------------------------------


@tells("request_coaching")
def _coaching_request(event: Event) -> Iterator[Message]:
    request = event.row(CoachingRequest, "coaching_request", "manager")
    if request is None:
        return
    days = event.organisation.policy_int("coaching_response_days")
    due = nth_working_day_after(request.requested_on, days).isoformat()
    yield Message(
        request.manager,
        "coaching_request",
        f"{event.actor_name} ber dig om coachning: {request.topic}. Svara senast {due}.",
        f"{event.actor_name} asks you for coaching: {request.topic}. Please answer by {due}.",
        f"person:{event.actor.email}" if event.actor else "",
    )


@tells("answer_coaching")
def _coaching_answer(event: Event) -> Iterator[Message]:
    request = event.row(CoachingRequest, "coaching_request", "requester")
    if request is None:
        return
    sv = f"{event.actor_name} har svarat på din fråga om coachning ({request.topic})"
    en = f"{event.actor_name} answered your coaching request ({request.topic})"
    if request.answer:
        sv, en = f"{sv}: {request.answer}", f"{en}: {request.answer}"
    yield Message(request.requester, "coaching_answer", f"{sv}.", f"{en}.")


TALKS: dict[str, tuple[str, str]] = {
    Talk.Kind.DEVELOPMENT: ("ert utvecklingssamtal", "your development talk"),
    Talk.Kind.PROBATION_FOLLOW_UP: (
        "ert uppföljningssamtal under provanställningen",
        "your probation follow-up talk",
    ),
}


@tells("record_development_talk", "record_probation_follow_up")
def _talk(event: Event) -> Iterator[Message]:
    talk = event.row(Talk, "talk", "person")
    if talk is None:
        return
    sv, en = TALKS.get(talk.kind, ("ett samtal", "a talk"))
    held = talk.held_on.isoformat()
    # The notes are sensitive: the message says that a talk was recorded, not what was said.
    yield Message(
        talk.person,
        "talk_recorded",
        f"{event.actor_name} har registrerat {sv} den {held}.",
        f"{event.actor_name} recorded {en} of {held}.",
        f"person:{talk.person.email}",
    )


@tells("decide_rotation")
def _rotation(event: Event) -> Iterator[Message]:
    decision = event.row(RotationDecision, "rotation")
    if decision is None:
        return
    start = decision.effective_from.isoformat()
    moves = RotationMove.objects.filter(decision=decision).select_related(
        "person", "from_area", "to_area"
    )
    for move in moves:
        yield Message(
            move.person,
            "rotation_move",
            f"{event.actor_name} har beslutat att du går från {move.from_area.name} till "
            f"{move.to_area.name} den {start}.",
            f"{event.actor_name} decided that you move from {move.from_area.name} to "
            f"{move.to_area.name} on {start}.",
            f"area:{move.to_area.slug}",
        )


@tells("promote_to_senior")
def _promotion(event: Event) -> Iterator[Message]:
    person = event.target_person()
    if person is None:
        return
    yield Message(
        person,
        "promotion",
        f"{event.actor_name} har befordrat dig till seniorkonsult från {event.on.isoformat()}.",
        f"{event.actor_name} promoted you to senior consultant from {event.on.isoformat()}.",
        f"person:{person.email}",
    )
