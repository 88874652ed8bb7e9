"""Recording what is to be told: the in-app notification and the outbox message, once each.

Everything here runs inside a transaction of the caller's (the decision's, or one per step of
``ansvar tick``) and only writes rows; nothing is sent before the commit. Each message has an
idempotency key; a key already recorded writes nothing, neither in the outbox nor in the app,
so telling the same event twice (``perform`` and later ``tick`` reading the log) is harmless.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ansvar.clients.models import CriticismReport, Notification
from ansvar.decisions.models import Entry
from ansvar.duties.providers import unowned
from ansvar.duties.registry import Duty, duties
from ansvar.notify.messages import TELLS, TITLES, Event, Message, messages_for
from ansvar.notify.models import LogCursor, OutboxMessage, Preference
from ansvar.org.models import Assignment, BusinessArea, Client, Holding, Organisation, Person

if TYPE_CHECKING:
    from ansvar.engine.registry import Done

logger = logging.getLogger(__name__)

# The digest reminds of duties overdue or due within this many days.
DIGEST_DAYS = 7


def modes(person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's e-mail choice; without a row, at once."""
    ids = set(person_ids)
    chosen = dict(Preference.objects.filter(person_id__in=ids).values_list("person_id", "mode"))
    return {pk: chosen.get(pk, Preference.Mode.IMMEDIATE) for pk in ids}


def _status(message: Message, mode: str) -> str:
    if message.required or mode == Preference.Mode.IMMEDIATE:
        return OutboxMessage.Status.PENDING
    if mode == Preference.Mode.DIGEST:
        return OutboxMessage.Status.HELD
    return OutboxMessage.Status.SKIPPED


def record(organisation: Organisation, key: str, on: date, messages: list[Message]) -> int:
    """Write each message not yet recorded under ``key:<person>``; the number written."""
    if not messages:
        return 0
    with transaction.atomic():
        return _record(organisation, key, on, messages)


def _record(organisation: Organisation, key: str, on: date, messages: list[Message]) -> int:
    chosen = modes(m.person.pk for m in messages)
    now = timezone.now()
    written = pending = 0
    for message in messages:
        status = _status(message, chosen[message.person.pk])
        title_sv, title_en = TITLES[message.kind]
        _, created = OutboxMessage.objects.get_or_create(
            key=f"{key}:{message.person.pk}",
            defaults={
                "organisation": organisation,
                "person": message.person,
                "kind": message.kind,
                "subject": message.subject[:60],
                "title_sv": title_sv,
                "title_en": title_en,
                "text_sv": message.sv,
                "text_en": message.en,
                "on": on,
                "required": message.required,
                "status": status,
                "next_attempt_at": now,
            },
        )
        if not created:
            continue
        written += 1
        pending += status == OutboxMessage.Status.PENDING
        Notification.objects.create(
            organisation=organisation,
            person=message.person,
            kind=message.kind,
            subject=message.subject[:60],
            text_sv=message.sv,
            text_en=message.en,
            created_on=on,
        )
    if pending:
        transaction.on_commit(enqueue_delivery)
    return written


def enqueue_delivery() -> None:
    """Ask the task worker to send what is pending. Never fails the caller: what is not
    enqueued is still in the outbox, and ``ansvar tick`` sends it."""
    from ansvar.notify.tasks import deliver

    try:
        deliver.enqueue()
    except Exception:
        logger.exception("could not enqueue the delivery task; ansvar tick will send")


def tell_entry(organisation: Organisation, entry: Entry) -> int:
    return record(
        organisation,
        f"decision:{entry.pk}",
        entry.effective_on,
        messages_for(Event(organisation, entry)),
    )


def after_decision(done: "Done") -> None:
    """On ``decision_made``: inside the decision's transaction, after the log entry."""
    entry = done.entry
    organisation = entry.organisation
    tell_entry(organisation, entry)
    scope = left_without(organisation, entry)
    if scope is None:
        tell_unowned(organisation, entry.effective_on)
    elif scope.areas or scope.clients:
        tell_unowned(organisation, entry.effective_on, scope)


@dataclass(frozen=True)
class Scope:
    """Areas and clients (ids) to look at for a decision maker, instead of all of them."""

    areas: frozenset[int]
    clients: frozenset[int]


def _emails(value: object) -> set[str]:
    if isinstance(value, str):
        return {value.strip().lower()} if "@" in value else set()
    if isinstance(value, dict):
        return {e for v in value.values() for e in _emails(v)}
    if isinstance(value, list):
        return {e for v in value for e in _emails(v)}
    return set()


def left_without(organisation: Organisation, entry: Entry) -> Scope | None:
    """What a decision can have left without a decision maker, in one query: the areas and
    clients whose holding ended on its day (a holding ends when it is handed over or its
    client ends: ``valid_to`` is the decision's day), among those it acts on and those held
    by the people it names (its target, its actor, the people in its arguments). None for a
    decision about the whole organisation (founding, an import, a rotation, a new area):
    then every area and client is looked at. Whatever else falls without one (a holding
    ended by hand, say) ``ansvar tick`` tells the same day."""
    kind, _, key = entry.target.partition(":")
    if kind not in {"person", "client", "area", "assignment", "criticism"}:
        return None
    payload = getattr(entry, "payload", None)
    args = payload.data.get("args") if payload and isinstance(payload.data, dict) else None
    named = Q(person__email__in=sorted(_emails(args))) if args else Q(pk__in=[])
    if entry.actor_id_ref is not None:
        named |= Q(person_id=entry.actor_id_ref)
    if kind == "person" and key.isdigit():
        named |= Q(person_id=int(key))
    elif kind == "client":
        named |= Q(client__slug=key)
    elif kind == "area":
        named |= Q(area__slug=key)
    elif key.isdigit():
        model = Assignment if kind == "assignment" else CriticismReport
        named |= Q(client_id__in=model._default_manager.filter(pk=int(key)).values("client_id"))
    ended = Holding.objects.filter(named, organisation=organisation, valid_to=entry.effective_on)
    areas, clients = set(), set()
    for area_id, client_id in ended.values_list("area_id", "client_id"):
        if area_id is not None:
            areas.add(area_id)
        if client_id is not None:
            clients.add(client_id)
    return Scope(frozenset(areas), frozenset(clients))


# --- decisions made outside perform (a veto window lapsing), found in the log ---------------


def mark_log_position(organisation: Organisation) -> LogCursor:
    """The cursor, created at the end of the log the first time: decisions from before
    Ansvar sent e-mail are not told afresh."""
    head = Entry.objects.filter(organisation=organisation).aggregate(m=Max("seq"))["m"] or 0
    cursor, _ = LogCursor.objects.get_or_create(organisation=organisation, defaults={"seq": head})
    return cursor


def catch_up(organisation: Organisation, chunk: int = 200) -> int:
    """Tell every decision logged after the cursor that has a message function; a decision
    ``perform`` has told already writes nothing again (same keys). ``chunk`` entries and the
    cursor's move past them are written in one transaction."""
    cursor = mark_log_position(organisation)
    written = 0
    while True:
        entries = list(
            Entry.objects.filter(organisation=organisation, seq__gt=cursor.seq).order_by("seq")[
                :chunk
            ]
        )
        if not entries:
            return written
        with transaction.atomic():
            for entry in entries:
                if entry.action in TELLS:
                    written += tell_entry(organisation, entry)
            cursor.seq = entries[-1].seq
            LogCursor.objects.filter(pk=cursor.pk, seq__lt=cursor.seq).update(seq=cursor.seq)


# --- areas without a decision maker (P4) -----------------------------------------------------


def tell_unowned(organisation: Organisation, at: date, within: Scope | None = None) -> int:
    """The CEO hears of each area or client without a decision maker once per time it falls
    without one (the key names the holding that ended last). ``within``: only those areas
    and clients."""
    written = 0
    only = None if within is None else (within.areas, within.clients)
    for duty in unowned(organisation, at, only):
        if duty.owner is None:
            continue
        kind, _, slug = duty.subject.partition(":")
        model: type[BusinessArea | Client] = BusinessArea if kind == "area" else Client
        name = (
            model._default_manager.filter(organisation=organisation, slug=slug)
            .values_list("name", flat=True)
            .first()
        ) or slug
        scope = {"area__slug": slug} if kind == "area" else {"client__slug": slug}
        last = (
            Holding.objects.filter(organisation=organisation, valid_from__lte=at, **scope)
            .order_by("-valid_from", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        message = Message(
            duty.owner,
            "unowned_area",
            f"Ingen är beslutsfattare för {name}, och varje ansvarsområde ska ha en (P4). "
            "Utse någon så snart du kan.",
            f"Nobody is the decision maker for {name}, and every area of responsibility needs "
            "one (P4). Please appoint someone soon.",
            duty.subject,
        )
        written += record(
            organisation, f"unowned:{organisation.pk}:{duty.subject}:{last or 0}", at, [message]
        )
    return written


# --- the daily digest: duties due within a week or overdue, and held notifications ----------


def duty_line(duty: Duty) -> dict[str, str]:
    return {
        "kind": duty.kind,
        "subject": duty.subject,
        "due_on": duty.due_on.isoformat(),
        "sv": duty.title_sv,
        "en": duty.title_en,
    }


def digest_duties(organisation: Organisation, at: date, person: Person | None = None) -> list[Duty]:
    horizon = at + timedelta(days=DIGEST_DAYS)
    return [
        d
        for d in duties(organisation, at, person=person)
        if d.owner is not None and d.due_on <= horizon
    ]


@dataclass
class DigestReport:
    digests: int = 0
    notifications: int = 0


def record_digests(organisation: Organisation, at: date) -> DigestReport:
    """One digest per person for ``at`` (key: person and date), each in its own transaction."""
    report = DigestReport()
    by_owner: dict[int, list[Duty]] = defaultdict(list)
    for duty in digest_duties(organisation, at):
        assert duty.owner is not None
        by_owner[duty.owner.pk].append(duty)
    held = OutboxMessage.objects.filter(
        organisation=organisation, status=OutboxMessage.Status.HELD, digest__isnull=True
    )
    held_people = set(held.values_list("person_id", flat=True))
    chosen = modes(set(by_owner) | held_people)
    people = Person.objects.in_bulk(list(chosen))
    now = timezone.now()
    for pk, mode in sorted(chosen.items()):
        with transaction.atomic():
            mine = held.filter(person_id=pk)
            if mode == Preference.Mode.NONE:
                mine.update(status=OutboxMessage.Status.SKIPPED)
                continue
            lines = [duty_line(d) for d in by_owner.get(pk, ())]
            if not lines and pk not in held_people:
                continue
            title_sv, title_en = TITLES["digest"]
            digest, created = OutboxMessage.objects.get_or_create(
                key=f"digest:{pk}:{at.isoformat()}",
                defaults={
                    "organisation": organisation,
                    "person": people[pk],
                    "kind": "digest",
                    "title_sv": title_sv,
                    "title_en": title_en,
                    "lines": lines,
                    "on": at,
                    "status": OutboxMessage.Status.PENDING,
                    "next_attempt_at": now,
                },
            )
            if not created:
                continue
            report.digests += 1
            report.notifications += mine.update(
                status=OutboxMessage.Status.IN_DIGEST, digest=digest
            )
    if report.digests:
        transaction.on_commit(enqueue_delivery)
    return report


@dataclass
class Told:
    messages: int = 0
    digests: int = 0
    in_digests: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"messages": self.messages, "digests": self.digests, "in_digests": self.in_digests}


def tell_what_time_decides(organisation: Organisation, at: date) -> Told:
    """``ansvar tick``'s part: decisions logged outside ``perform`` since the last run, areas
    without a decision maker, and the day's digests. Running it twice records nothing new."""
    messages = catch_up(organisation) + tell_unowned(organisation, at)
    digests = record_digests(organisation, at)
    return Told(messages, digests.digests, digests.notifications)
