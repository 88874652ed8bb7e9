"""What three pages list, as files: a person's duties (``/ataganden/``), an area's figures
over time (the area page's table and charts) and the refused attempts (the CEO's
``/beslutslogg/nekade/``), for the pages' download links and ``ansvar export``.

Each export is the page's own selector with the page's own read rule, so a file holds
exactly what the page would show the same reader: ``duties(..., person=reader)``,
``area_figures(..., only=area)`` behind ``view_area_figures`` and the refusals behind
``view_refusals`` (a refused reader gets ``PolicyRefused`` carrying the rule's Decision,
and nothing is written). The rows go to ``exports.tables`` as an iterator: the refusals are
read in chunks (``iterator(chunk_size=...)`` over plain values, never model instances);
the duties are the registry's list, which the page holds too, with their links and owners
looked up a chunk at a time.

Two of them hold personal data and are recorded in the access log when they are made, as
the organisation's export is: the refusals (who tried what, the details they gave) as one
read of everyone's (``what`` ``refusals_export``, no subject), a person's duties as one
read per other person a duty is about (``duties_export``: a manager's list names their
people, whose own export then shows it). The area's figures are counts and sums, no one's
personal data, and are not recorded.
"""

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ansvar.decisions.access import record_access, record_accesses
from ansvar.decisions.models import AccessRecord, Refusal
from ansvar.duties.registry import Duty, duties
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.reads import may_read
from ansvar.exports.tables import Column, Table
from ansvar.org.models import BusinessArea, Organisation, Person
from ansvar.people.selectors import area_figures

CHUNK = 2000

YES_NO = {"sv": ("ja", "nej"), "en": ("yes", "no")}

DUTY_COLUMNS = (
    Column("kind", "Slag", "Kind"),
    Column("what", "Åtagande", "Duty"),
    Column("owner", "Ansvarig", "Owner"),
    Column("due_on", "Senast", "Due"),
    Column("overdue", "Försenat", "Overdue"),
    Column("clause", "Klausul", "Clause"),
    Column("target", "Gäller", "Target"),
    Column("link", "Länk", "Link"),
)

FIGURE_COLUMNS = (
    Column("month", "Månad", "Month"),
    Column("people", "Personer", "People"),
    Column("clients", "Kunder", "Clients"),
    Column("clients_led", "Kunder som leds härifrån", "Clients led from here"),
    Column("active_assignments", "Aktiva uppdrag", "Active assignments"),
    Column("revenue", "Intäkt", "Revenue"),
    Column("margin", "Marginal", "Margin"),
)

REFUSAL_COLUMNS = (
    Column("recorded_at", "Registrerat", "Recorded"),
    Column("effective_on", "Datum", "Date"),
    Column("actor", "Av", "By"),
    Column("actor_name", "Namn", "Name"),
    Column("action", "Handling", "Action"),
    Column("target", "Gäller", "Target"),
    Column("clauses", "Klausuler", "Clauses"),
    Column("decider", "Beslutar", "Decides"),
    Column("reason", "Skäl", "Reason"),
    Column("args", "Uppgifter", "Details"),
)

DUTIES_WHAT = "duties_export"
REFUSALS_WHAT = "refusals_export"

# Where each duty is done, for a chunk of duties: the door's links (absolute addresses).
Links = Callable[[Organisation, list[Duty]], list[str]]


def _purpose(via: str, at: date, listed: str) -> str:
    purpose = f"{via}; as of {at.isoformat()}: {listed}"
    max_length = AccessRecord._meta.get_field("purpose").max_length or len(purpose)
    return purpose[:max_length]


# --- duties --------------------------------------------------------------------------------


def duty_table(reader: Person, at: date, lang: str, links: Links, *, via: str) -> Table:
    """``reader``'s duties on ``at``, most urgent first, as the duties page lists them; the
    people they are about are recorded as read (``via``: the door)."""
    found = duties(reader.organisation, at, person=reader)
    record_duties_read(reader, at, found, via=via)
    return Table("Åtaganden", "Duties", DUTY_COLUMNS, _duty_rows(reader, found, at, lang, links))


def _duty_rows(
    reader: Person, found: list[Duty], at: date, lang: str, links: Links
) -> Iterator[list[Any]]:
    yes, no = YES_NO.get(lang, YES_NO["sv"])
    for start in range(0, len(found), CHUNK):
        chunk = found[start : start + CHUNK]
        for duty, link in zip(chunk, links(reader.organisation, chunk), strict=True):
            yield [
                duty.kind,
                duty.title_en if lang == "en" else duty.title_sv,
                duty.owner.email if duty.owner else "",
                duty.due_on,
                yes if duty.status(at) == "overdue" else no,
                duty.clause,
                duty.subject,
                link,
            ]


def _people_named(reader: Person, found: list[Duty]) -> list[str]:
    emails = {d.subject.partition(":")[2].lower() for d in found if d.subject.startswith("person:")}
    emails.discard(reader.email.lower())
    return sorted(emails)


def record_duties_read(
    reader: Person, at: date, found: list[Duty], *, via: str
) -> list[AccessRecord]:
    """One access-log row per other person a duty of the export is about."""
    organisation = reader.organisation
    purpose = _purpose(via, at, f"{len(found)} duties")
    written: list[AccessRecord] = []
    emails = _people_named(reader, found)
    for start in range(0, len(emails), CHUNK):
        people = Person.objects.filter(
            organisation=organisation, email__in=emails[start : start + CHUNK]
        ).order_by("pk")
        reads = [(p, DUTIES_WHAT) for p in people]
        if reads:
            written += record_accesses(organisation, reader, reads, purpose)
    return written


# --- area figures --------------------------------------------------------------------------


def area_figures_table(
    reader: Person | None, area: BusinessArea, at: date, months: int = 6
) -> Table:
    """The area's figures per month up to ``at``, as its page's table and charts show them,
    for a reader ``view_area_figures`` allows (no reader: the server's own command)."""
    organisation = area.organisation
    if reader is not None:
        decision = may_read(organisation, reader, "view_area_figures", f"area:{area.slug}", at=at)
        if not decision.allowed:
            raise PolicyRefused(decision)
    figures = next(
        (f for f in area_figures(organisation, at, months, only=area) if f["area"] == area.slug),
        None,
    )
    series = figures["months"] if figures else []
    rows = (
        [
            m["month"],
            m["people"],
            len(m["clients_led"]),
            ", ".join(m["clients_led"]),
            m["active_assignments"],
            Decimal(m["revenue"]),
            Decimal(m["margin"]),
        ]
        for m in series
    )
    return Table(area.name, area.name, FIGURE_COLUMNS, rows)


# --- refusals ------------------------------------------------------------------------------


def refusals_table(reader: Person, organisation: Organisation, *, via: str) -> Table:
    """Every refused attempt, newest first, as the refusals page lists them, for a reader
    ``view_refusals`` allows (the CEO, VD1). The read is recorded before any row leaves."""
    decision = may_read(organisation, reader, "view_refusals")
    if not decision.allowed:
        raise PolicyRefused(decision)
    rows = Refusal.objects.filter(organisation=organisation).order_by("-recorded_at", "-id")
    record_access(
        organisation,
        reader,
        None,
        REFUSALS_WHAT,
        _purpose(via, timezone.localdate(), f"{rows.count()} refusals"),
    )
    return Table("Nekade försök", "Refused attempts", REFUSAL_COLUMNS, _refusal_rows(rows))


def _refusal_rows(rows: Any) -> Iterator[Sequence[Any]]:
    values = rows.values_list(
        "recorded_at",
        "effective_on",
        "actor__email",
        "actor__name",
        "action",
        "target",
        "clauses",
        "decider",
        "reason",
        "args",
    )
    for row in values.iterator(chunk_size=CHUNK):
        *head, args = row
        yield [*head, args or {}]
