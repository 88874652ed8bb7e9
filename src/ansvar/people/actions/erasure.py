"""Erasing a person's personal data on request (GDPR art. 17).

The system does it, through ``perform`` like every decision, so the erasure is an entry in
the chain it erases from; the entry names the person by id only.

What is erased follows the classification of ``people.subjects``: every model whose rows are
about a person (``SUBJECT``) has a ``Treatment`` in ``ERASURE`` that says, field by field,
what goes and what stays and why (``tests/people/test_erasure.py`` fails when a model or a
field has none). What the law needs kept stays as a decision without its words: that a
talk was held, a salary decided, a notice given, on which ground and when; the notes, the
amounts, the reasons, the coaching texts and the skills go. The person row itself stays, so
the log and the pages still link to someone, under a stable pseudonym ("Person 4f2a") and a
pseudonymous address; their log-in account is removed.

Besides the log's personal payloads, texts about the person are kept by packages above this
one (the in-app notifications and the e-mail outbox of ``ansvar.notify``). They may not be
imported from here, so each registers a function with ``register_eraser`` when Django starts;
the action calls every one of them inside the erasure's transaction and records their counts
in the entry's public part. Once the transaction commits, the database is told to let go of
the old bytes too (``common.storage``: a WAL checkpoint on SQLite, VACUUM on PostgreSQL).
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import Q

from ansvar.common.storage import scrub_after_commit
from ansvar.decisions import log
from ansvar.decisions.models import Entry, EntryName, PersonalPayload
from ansvar.engine.actor import SYSTEM
from ansvar.engine.registry import Outcome, SystemContext, action, perform
from ansvar.org.models import Organisation, Person
from ansvar.people.actions.retention import entries_with
from ansvar.people.models import Candidate, CoachingRequest, Talk
from ansvar.people.subjects import SUBJECT
from ansvar.policy.actions import ActionName

# (organisation, person, ids of the log entries about them) -> {what: how many emptied}
Eraser = Callable[[Organisation, Person, list[int]], dict[str, int]]

_ERASERS: dict[str, Eraser] = {}


def register_eraser(name: str, eraser: Eraser) -> None:
    """Add ``eraser`` to what the GDPR erasure does; registering a name again replaces it."""
    _ERASERS[name] = eraser


def registered_erasers() -> set[str]:
    return set(_ERASERS)


@dataclass(frozen=True)
class Treatment:
    """What the erasure does with a model's rows about the person: delete them, or set the
    fields of ``empty`` to their value and keep those of ``keep``; ``by`` names the eraser of
    a package above this one that does it (``register_eraser``). ``why`` is the reason, from
    the law or the policy, for what stays (or for deleting)."""

    why: str
    empty: Mapping[str, Any] = field(default_factory=dict)
    keep: frozenset[str] = frozenset()
    delete: bool = False
    by: str = ""


def _keep(*names: str) -> frozenset[str]:
    return frozenset(names)


# Every model of ``SUBJECT``, by the same label. A field of a kept row is in ``empty`` or in
# ``keep`` (the key to the person and the row's id are neither: they stay).
ERASURE: dict[str, Treatment] = {
    "org.Employment": Treatment(
        "The employment periods stay: the total employment time must be stated on request "
        "(LAS 6 g §) and decides the order of selection (LAS 22 §), the notice period (LAS "
        "11 §) and a re-employment right (LAS 25 §); retention runs from the last day.",
        keep=_keep("organisation", "starts_on", "probation_until", "last_day"),
    ),
    "org.AreaMembership": Treatment(
        "Which unit someone worked in, and when, decides the order of selection and the "
        "re-employment right (LAS 22 §, 25 §) and who decided what for whom (P4).",
        keep=_keep("area", "valid_from", "valid_to"),
    ),
    "org.Holding": Treatment(
        "Who held a decision right, and when, must stay answerable (P4: one decision maker, "
        "'who decided for Alfa on 3 March'); the holder is shown by the pseudonym.",
        keep=_keep("organisation", "kind", "area", "client", "valid_from", "valid_to", "basis"),
    ),
    "org.WorkGroupMembership": Treatment(
        "A client's work group over time is the client's history (KA); no text about the person.",
        keep=_keep("client", "role", "valid_from", "valid_to"),
    ),
    "clients.WorkItem": Treatment(
        "Work given for a client: the title is the client's task, not about the person; "
        "the client lead's follow-up of the work (KA1, KA4) keeps it.",
        keep=_keep(
            "organisation", "client", "assigned_by", "title", "purpose", "created_on", "done_on"
        ),
    ),
    "clients.Skill": Treatment(
        "The competence register is the person's own profile (KA6), of no use once they "
        "are erased: the rows go.",
        delete=True,
    ),
    "clients.Notification": Treatment(
        "The in-app messages to the person are emptied by notify's eraser, which also "
        "finds those to others that name them; kind, dates and read status stay so what was "
        "told can be counted; the target (``subject``) stays unless it names their address.",
        empty={"text_sv": "", "text_en": ""},
        keep=_keep("organisation", "kind", "subject", "created_on", "read_on"),
        by="notify",
    ),
    "clients.CriticismReport": Treatment(
        "A client's criticism is the client's record, which the lead and the CEO acted on "
        "(KA); the one who reported it is shown by the pseudonym.",
        keep=_keep(
            "organisation",
            "client",
            "summary",
            "reported_on",
            "acknowledged_on",
            "acknowledged_by",
        ),
    ),
    "people.Talk": Treatment(
        "That a development talk or follow-up was held, by whom and when, stays (the duty "
        "of AO3, AO4 was met); the notes, which may hold health data, go.",
        empty={"notes": ""},
        keep=_keep("organisation", "held_by", "kind", "held_on"),
    ),
    "people.SalaryDecision": Treatment(
        "That a salary was decided, by whom and from when, stays (AO3); the amount goes. "
        "The payroll's accounting records, kept to the end of the seventh year "
        "(Bokföringslagen 7 kap. 2 §), are the payroll system's, not these rows.",
        empty={"amount": None},
        keep=_keep("organisation", "effective_from", "decided_on", "decided_by"),
    ),
    "people.ProbationDecision": Treatment(
        "The decision to continue or end a probation and its dates (LAS 6 §, 31 §) may be "
        "contested and are the employment's history; no text about the person.",
        keep=_keep(
            "organisation", "decision", "decided_on", "informed_on", "last_day", "decided_by"
        ),
    ),
    "people.Separation": Treatment(
        "That the person was given notice or dismissed, on which ground and when, stays as "
        "a decision (LAS 7 §, 18 §, 30 §; the time limits of LAS 40-42 §§; the "
        "re-employment right of LAS 25 §); the written reason goes.",
        empty={"reason": ""},
        keep=_keep(
            "organisation",
            "kind",
            "ground",
            "decided_on",
            "informed_on",
            "grounds_known_on",
            "notice_months",
            "employment_years",
            "last_day",
            "decided_by",
        ),
    ),
    "people.ReemploymentRight": Treatment(
        "The person's own right of re-employment (LAS 25 §), shown when hiring while valid.",
        keep=_keep("organisation", "area", "separation", "valid_from", "valid_until"),
    ),
    "people.CoachingRequest": Treatment(
        "That coaching was asked for and answered, and when, stays (AO5's answer duty); "
        "the topic and the answer go.",
        empty={"topic": "", "answer": ""},
        keep=_keep("organisation", "manager", "requested_on", "answered_on"),
    ),
    "people.RotationMove": Treatment(
        "A rotation's moves changed area memberships (VD3); the areas and the decision stay.",
        keep=_keep("decision", "from_area", "to_area"),
    ),
    "decisions.Refusal": Treatment(
        "The record of refused attempts belongs to the decision log's tables, which this "
        "erasure does not change (docs/reliability.md, 'Erasure', says what they keep).",
        keep=_keep(
            "organisation",
            "recorded_at",
            "effective_on",
            "action",
            "target",
            "clauses",
            "decider",
            "reason",
            "args",
            # The record's place in its chain (append-only, verified): no personal data.
            "seq",
            "prev_hash",
            "hash",
        ),
    ),
    "decisions.AccessRecord": Treatment(
        "Who read the person's salary or notes, and when, is accountability (GDPR art. "
        "5.2): codes and times, no text; and its place in the records' chain.",
        keep=_keep(
            "organisation", "recorded_at", "viewer", "what", "purpose", "seq", "prev_hash", "hash"
        ),
    ),
    "exports.CalendarFeed": Treatment(
        "A secret address of the person's duties: of no use once they are erased.",
        delete=True,
    ),
    "api.ApiToken": Treatment(
        "The person's API tokens (their names are their own words): removed with the account.",
        delete=True,
    ),
    "accounts.TechnicalAdministrator": Treatment(
        "Who could administer accounts, and when (P7), stays; the person by the pseudonym.",
        keep=_keep("organisation", "valid_from", "valid_to", "appointed_by"),
    ),
    "accounts.Invitation": Treatment(
        "One-time links to set a password: the account is removed, the invitations go.",
        delete=True,
    ),
    "notify.Preference": Treatment(
        "How the person wanted e-mail: of no use once they are erased.",
        delete=True,
    ),
    "notify.OutboxMessage": Treatment(
        "The e-mail to the person are emptied by notify's eraser (which also finds those to "
        "others that name them, and a digest's lines' words); kind, dates and status stay so "
        "what was sent can be counted; the target stays unless it names their address.",
        empty={"text_sv": "", "text_en": "", "lines": [], "last_error": ""},
        keep=_keep(
            "organisation",
            "subject",
            "key",
            "kind",
            "title_sv",
            "title_en",
            "on",
            "required",
            "status",
            "digest",
            "attempts",
            "next_attempt_at",
            "claimed_at",
            "created_at",
            "sent_at",
        ),
        by="notify",
    ),
}

# The person row: the name and address become a pseudonym; the log-in account is removed.
PERSON = Treatment(
    "The row stays so that the log, the holdings and the decisions still name someone: under a "
    "stable pseudonym, with a pseudonymous address; the title and the language are no one's "
    "identity.",
    empty={"name": "Person <tag>", "email": "person-<tag>@erased.invalid", "user": None},
    keep=_keep("organisation", "title", "language"),
)

PSEUDONYM_DOMAIN = "erased.invalid"


def pseudonym(person: Person) -> tuple[str, str]:
    """The person's name and address once erased: "Person 4f2a", from a hash of the
    organisation's and the person's ids (the same every time; longer if another person of
    the organisation already has it)."""
    digest = hashlib.sha256(f"ansvar-erasure:{person.organisation_id}:{person.pk}".encode())
    text = digest.hexdigest()
    others = Person.objects.filter(organisation_id=person.organisation_id).exclude(pk=person.pk)
    for length in range(4, len(text) + 1):
        tag = text[:length]
        name, email = f"Person {tag}", f"person-{tag}@{PSEUDONYM_DOMAIN}"
        if not others.filter(Q(name=name) | Q(email=email)).exists():
            return name, email
    raise AssertionError("no free pseudonym")  # 2**256 people: not reachable


def is_erased(person: Person) -> bool:
    return person.email.endswith(f"@{PSEUDONYM_DOMAIN}")


def _changed(values: Mapping[str, Any]) -> Q:
    """Rows where any of the fields still differs from what the erasure sets."""
    q = Q()
    for name, value in values.items():
        q |= Q(**{f"{name}__isnull": False}) if value is None else ~Q(**{name: value})
    return q


def _erase_rows(person: Person) -> tuple[int, int, set[str]]:
    """Apply ``ERASURE`` to the person's rows: (rows emptied, rows deleted, tables touched)."""
    emptied = deleted = 0
    tables: set[str] = set()
    for label, subject_field in SUBJECT.items():
        treatment = ERASURE[label]
        if treatment.by:
            continue
        model = apps.get_model(label)
        rows = model._default_manager.filter(**{subject_field: person})
        if treatment.delete:
            n, _ = rows.delete()
        elif treatment.empty:
            n = rows.filter(_changed(treatment.empty)).update(**treatment.empty)
        else:
            continue
        if n:
            tables.add(model._meta.db_table)
        if treatment.delete:
            deleted += n
        else:
            emptied += n
    return emptied, deleted, tables


def _erase_candidacies(person: Person, email: str, at: date) -> int:
    """A hired person's candidacies (same address) hold their name and address too."""
    if not email:
        return 0
    return Candidate.objects.filter(
        position__organisation=person.organisation, email__iexact=email
    ).update(name="", email="", erased_on=at)


def _erase_log_in(person: Person, email: str) -> int:
    """The log-in account (name, address, password hash) and the log-in throttle's records
    of failed attempts under the address are removed."""
    removed = 0
    if person.user_id is not None:
        user = User.objects.get(pk=person.user_id)
        person.user = None
        person.save(update_fields=["user"])
        removed, _ = user.delete()
    if email and apps.is_installed("axes"):
        for model in apps.get_app_config("axes").get_models():
            if any(f.name == "username" for f in model._meta.concrete_fields):
                removed += model._default_manager.filter(username__iexact=email).delete()[0]
    return removed


def _entries_of_rows(organisation: Organisation, person: Person) -> set[int]:
    """Entries about the person's talks and coaching requests that need not name them: a
    manager's answer names the request (``public``), not the one who asked."""
    talks = list(Talk.objects.filter(person=person).values_list("pk", flat=True))
    asked = list(CoachingRequest.objects.filter(requester=person).values_list("pk", flat=True))
    talk_actions = (ActionName.RECORD_DEVELOPMENT_TALK, ActionName.RECORD_PROBATION_FOLLOW_UP)
    coaching_actions = (ActionName.REQUEST_COACHING, ActionName.ANSWER_COACHING)
    found = set(entries_with(organisation, talk_actions, "talk", talks))
    found |= set(entries_with(organisation, coaching_actions, "coaching_request", asked))
    return found


@action(ActionName.ERASE_PERSONAL_DATA)
def do_erase_personal_data(ctx: SystemContext, person: Person) -> Outcome:
    email = person.email.strip().lower()
    ids = log.entries_about(ctx.organisation, person.pk, email)
    ids = sorted(set(ids) | _entries_of_rows(ctx.organisation, person))
    erased = log.erase_payloads(ctx.organisation, ids)
    log.forget_address(ctx.organisation, email)
    public: dict[str, int] = {"person": person.pk, "payloads_erased": erased}
    # The erasers match texts by the person's name and address: before the pseudonym.
    for name in sorted(_ERASERS):
        public.update(_ERASERS[name](ctx.organisation, person, ids))
    emptied, deleted, tables = _erase_rows(person)
    emptied += _erase_candidacies(person, email, ctx.at)
    deleted += _erase_log_in(person, email)
    pseudonymised = 0
    if not is_erased(person):
        person.name, person.email = pseudonym(person)
        person.save(update_fields=["name", "email"])
        pseudonymised = 1
    public |= {"rows_emptied": emptied, "rows_deleted": deleted, "pseudonymised": pseudonymised}
    # The erasers' tables too (their counts are theirs); VACUUM of a table with nothing to
    # remove only reads its visibility map.
    tables |= {apps.get_model(label)._meta.db_table for label, t in ERASURE.items() if t.by}
    tables |= {
        Person._meta.db_table,
        Candidate._meta.db_table,
        User._meta.db_table,
        PersonalPayload._meta.db_table,
        EntryName._meta.db_table,
    }
    scrub_after_commit(tables)
    return Outcome(erased, public=public)


def erase_person(
    organisation: Organisation, person: Person, *, effective_on: date
) -> tuple[int, Entry]:
    """GDPR erasure: erase the personal payloads about or by ``person``, empty the texts of
    the notifications and e-mail to or about them, empty or delete their rows in the domain
    tables as ``ERASURE`` says, give them a pseudonym, and append the entry that records it
    (``erase_personal_data``, by the system). The chain keeps verifying."""
    done = perform(
        organisation,
        SYSTEM,
        ActionName.ERASE_PERSONAL_DATA,
        f"person:{person.pk}",
        at=effective_on,
    )
    person.refresh_from_db()
    return done.result, done.entry
