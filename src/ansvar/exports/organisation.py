"""The organisation as of a date, in the import's own sheets and columns, so that an export
re-imports: an XLSX workbook, a ZIP of CSV files or a folder of them.

Rows are streamed from the database (``iterator()``) into the file, sheet by sheet, so a
100,000-person organisation never sits in memory; openpyxl's write-only mode keeps the
workbook on disk as it grows.

Everyone's name, address, employment and skills leave Ansvar in the file, so each export is
recorded in the access log as one read of personal data (``what`` ``organisation_export``,
the reader if a person asked, the door, the date and the rows per sheet in ``purpose``),
as ``exports.personal`` records an Art. 15 export. The record is about the whole
organisation, so it names no subject.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from django.db.models import OuterRef, Q, Subquery

from ansvar.clients.models import Skill
from ansvar.decisions.access import record_access
from ansvar.decisions.models import AccessRecord, Entry
from ansvar.intake.columns import SHEETS, Sheet
from ansvar.org.models import (
    AreaMembership,
    BusinessArea,
    Client,
    Employment,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import ceo_on, valid_on

CHUNK = 2000


def _current_or_next(at: date) -> Q:
    """An employment that covers ``at`` or starts after it (a hire before the first day)."""
    return Q(last_day__isnull=True) | Q(last_day__gte=at)


def _founded_on(organisation: Organisation) -> date | None:
    return (
        Entry.objects.filter(organisation=organisation, seq=1)
        .values_list("effective_on", flat=True)
        .first()
    )


def rows(organisation: Organisation, at: date) -> Iterator[tuple[Sheet, Iterator[list[Any]]]]:
    """Each sheet with its data rows, in the columns of ``intake.columns``."""
    by_key = {s.key: s for s in SHEETS}
    ceo = ceo_on(organisation, at)
    yield (
        by_key["organisation"],
        iter(
            [
                [
                    organisation.name,
                    organisation.slug,
                    ceo.email if ceo else "",
                    _founded_on(organisation),
                ]
            ]
        ),
    )
    yield by_key["people"], _people(organisation, at)
    yield by_key["areas"], _areas(organisation, at)
    yield by_key["clients"], _clients(organisation, at)
    yield by_key["work_groups"], _work_groups(organisation, at)
    yield by_key["skills"], _skills(organisation, at)


def _people(organisation: Organisation, at: date) -> Iterator[list[Any]]:
    employment = Employment.objects.filter(_current_or_next(at), person=OuterRef("pk")).order_by(
        "starts_on"
    )
    membership = (
        AreaMembership.objects.filter(person=OuterRef("pk"))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .order_by("valid_from")
    )
    people = (
        Person.objects.filter(organisation=organisation)
        .annotate(
            starts_on=Subquery(employment.values("starts_on")[:1]),
            probation_until=Subquery(employment.values("probation_until")[:1]),
            last_day=Subquery(employment.values("last_day")[:1]),
            area_slug=Subquery(membership.values("area__slug")[:1]),
        )
        .filter(starts_on__isnull=False)
        .order_by("pk")
        .values_list(
            "email", "name", "title", "area_slug", "starts_on", "probation_until", "last_day"
        )
    )
    for email, name, title, area, starts_on, probation, last_day in people.iterator(
        chunk_size=CHUNK
    ):
        probation = probation if probation is not None and probation > at else None
        yield [email, name, title, area, starts_on, probation, last_day, ""]


def _areas(organisation: Organisation, at: date) -> Iterator[list[Any]]:
    manager = Holding.objects.filter(valid_on(at), area=OuterRef("pk"))
    areas = (
        BusinessArea.objects.filter(organisation=organisation)
        .annotate(manager=Subquery(manager.values("person__email")[:1]))
        .order_by("slug")
        .values_list("slug", "name", "manager")
    )
    for slug, name, manager_email in areas.iterator(chunk_size=CHUNK):
        yield [slug, name, manager_email or ""]


def _clients(organisation: Organisation, at: date) -> Iterator[list[Any]]:
    lead = Holding.objects.filter(valid_on(at), client=OuterRef("pk"))
    clients = (
        Client.objects.filter(organisation=organisation, status=Client.Status.ACTIVE)
        .annotate(
            lead=Subquery(lead.values("person__email")[:1]),
            lead_since=Subquery(lead.values("valid_from")[:1]),
        )
        .filter(lead__isnull=False)
        .order_by("slug")
        .values_list("slug", "name", "lead", "lead_since")
    )
    for row in clients.iterator(chunk_size=CHUNK):
        yield list(row)


def _exported(at: date, prefix: str) -> Q:
    """Rows of the people the people sheet holds: employed on ``at`` or hired to start later."""
    employed = Employment.objects.filter(_current_or_next(at)).values("person_id")
    return Q(**{f"{prefix}__in": employed})


def _work_groups(organisation: Organisation, at: date) -> Iterator[list[Any]]:
    memberships = (
        WorkGroupMembership.objects.filter(
            valid_on(at),
            _exported(at, "person_id"),
            client__organisation=organisation,
            client__status=Client.Status.ACTIVE,
        )
        .order_by("client__slug", "pk")
        .values_list("client__slug", "person__email", "role")
    )
    for row in memberships.iterator(chunk_size=CHUNK):
        yield list(row)


def _skills(organisation: Organisation, at: date) -> Iterator[list[Any]]:
    skills = (
        Skill.objects.filter(_exported(at, "person_id"), person__organisation=organisation)
        .order_by("person__email", "name")
        .values_list("person__email", "name", "level")
    )
    for row in skills.iterator(chunk_size=CHUNK):
        yield list(row)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


WHAT = "organisation_export"


def write(
    organisation: Organisation,
    at: date,
    path: Path,
    *,
    via: str,
    reader: Person | None = None,
) -> dict[str, int]:
    """Write the export to ``path`` (``.xlsx``; ``.zip`` of CSV files; else a folder of CSV
    files) and record the read in the access log (``via``: the door it left by, e.g.
    ``ansvar export``; ``reader``: the person who asked, if one did); returns the number of
    rows per sheet. A file that cannot be written raises ``OSError`` and records nothing."""
    counts = _write(organisation, at, path)
    record_export(organisation, at, counts, via=via, reader=reader)
    return counts


def record_export(
    organisation: Organisation,
    at: date,
    counts: dict[str, int],
    *,
    via: str,
    reader: Person | None = None,
) -> AccessRecord:
    """One access-log row for one export: who, by which door, as of which date, how many
    rows of each sheet."""
    listed = ", ".join(f"{k} {v}" for k, v in counts.items())
    purpose = f"{via}; as of {at.isoformat()}: {listed}"
    max_length = AccessRecord._meta.get_field("purpose").max_length or len(purpose)
    return record_access(organisation, reader, None, WHAT, purpose[:max_length])


def _write(organisation: Organisation, at: date, path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        for sheet, data in rows(organisation, at):
            ws = book.create_sheet(sheet.sv)
            ws.append([c.sv for c in sheet.columns])
            counts[sheet.key] = 0
            for row in data:
                ws.append([_text(v) for v in row])
                counts[sheet.key] += 1
        book.save(path)
        return counts
    if suffix == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for sheet, data in rows(organisation, at):
                with archive.open(f"{sheet.sv}.csv", "w") as raw:
                    counts[sheet.key] = _write_csv(raw, sheet, data)
        return counts
    path.mkdir(parents=True, exist_ok=True)
    for sheet, data in rows(organisation, at):
        with (path / f"{sheet.sv}.csv").open("wb") as raw:
            counts[sheet.key] = _write_csv(raw, sheet, data)
    return counts


def _write_csv(raw: Any, sheet: Sheet, data: Iterator[list[Any]]) -> int:
    """UTF-8 with a byte-order mark and semicolons: what Swedish Excel opens as it is."""
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";")
    writer.writerow([c.sv for c in sheet.columns])
    count = 0
    for row in data:
        writer.writerow([_text(v) for v in row])
        count += 1
    text.flush()
    text.detach()
    return count
