"""Check the tables of an organisation file whole, and turn them into what founding needs.

Every problem is collected, not just the first: each names the sheet, the row as the
spreadsheet program shows it (the header is row 1) and the column, in Swedish and English.
A plan is made only from tables without a single problem.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ansvar.intake.columns import (
    AREAS,
    CLIENTS,
    LANGUAGES,
    ORGANISATION,
    PEOPLE,
    REQUIRED_SHEETS,
    ROLES,
    SHEETS,
    SKILLS,
    TITLES,
    WORK_GROUPS,
    Column,
    Sheet,
    normal,
)
from ansvar.intake.reading import Table
from ansvar.org.founding import AreaSpec, ClientSpec, OrganisationSpec, PersonSpec, slug_for
from ansvar.org.models import Organisation
from ansvar.policy import law

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NAME_MAX = 200
SLUG_MAX = 60
SKILL_MAX = 100


@dataclass(frozen=True)
class Problem:
    sheet: str  # the sheet's key
    row: int | None  # as the spreadsheet shows it; None for the sheet as a whole
    column: str | None  # the column's key
    sv: str
    en: str

    def sheet_label(self, language: str = "sv") -> str:
        sheet = next((s for s in SHEETS if s.key == self.sheet), None)
        return sheet.label(language) if sheet else self.sheet

    def column_label(self, language: str = "sv") -> str | None:
        """The column as the sheet names it in ``language``; None for a whole row or sheet."""
        sheet = next((s for s in SHEETS if s.key == self.sheet), None)
        if self.column is None or sheet is None:
            return None
        column = next((c for c in sheet.columns if c.key == self.column), None)
        return (column.key if language == "en" else column.sv) if column else self.column

    def text(self, language: str = "sv") -> str:
        return self.en if language == "en" else self.sv

    def where(self, language: str = "sv") -> str:
        parts = [self.sheet_label(language)]
        if self.row is not None:
            parts.append(f"{'row' if language == 'en' else 'rad'} {self.row}")
        column = self.column_label(language)
        if column is not None:
            parts.append(f"{'column' if language == 'en' else 'kolumn'} {column}")
        return ", ".join(parts)

    def message(self, language: str = "sv") -> str:
        return f"{self.where(language)}: {self.text(language)}"

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column}


@dataclass
class SkillSpec:
    person: str
    skill: str
    level: int


@dataclass
class Plan:
    """What an import will found: the organisation and the competence register."""

    organisation: OrganisationSpec
    skills: list[SkillSpec] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # e-mail -> sv / en
    organisation_row: int = 2  # the company's row on its sheet, as the spreadsheet numbers it

    def counts(self) -> dict[str, int]:
        spec = self.organisation
        return {
            "people": len(spec.people),
            "areas": len(spec.areas),
            "clients": len(spec.clients),
            "work_groups": sum(len(c.work_group) for c in spec.clients),
            "skills": len(self.skills),
        }


class _Rows:
    """The rows of one table with their cells by column key, and problems as they are found."""

    def __init__(self, table: Table | None, sheet: Sheet, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.problems = problems
        self.index: dict[str, int] = {}
        self.rows: list[tuple[int, list[Any]]] = []
        if table is None:
            return
        by_name = {n: c for c in sheet.columns for n in c.names()}
        for i, name in enumerate(table.header):
            if not name:
                continue
            column = by_name.get(normal(name))
            if column is None:
                known = ", ".join(c.sv for c in sheet.columns)
                known_en = ", ".join(c.key for c in sheet.columns)
                self.fail(
                    1,
                    None,
                    f"okänd kolumn {name!r}; kända: {known}.",
                    f"unknown column {name!r}; known: {known_en}.",
                )
            elif column.key in self.index:
                self.fail(1, column.key, "kolumnen finns två gånger.", "the column appears twice.")
            else:
                self.index[column.key] = i
        missing = [c for c in sheet.columns if c.required and c.key not in self.index]
        for column in missing:
            self.fail(1, column.key, "kolumnen saknas.", "the column is missing.")
        if not missing:
            self.rows = table.rows

    def fail(self, row: int | None, column: str | None, sv: str, en: str) -> None:
        self.problems.append(Problem(self.sheet.key, row, column, sv, en))

    def cell(self, cells: list[Any], key: str) -> Any:
        i = self.index.get(key)
        if i is None or i >= len(cells):
            return None
        value = cells[i]
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def text(self, n: int, cells: list[Any], column: Column, limit: int = NAME_MAX) -> str | None:
        value = self.cell(cells, column.key)
        if value is None:
            if column.required:
                self.fail(n, column.key, "ett värde krävs.", "a value is required.")
            return None
        text = str(value)
        if "\x00" in text:
            self.fail(
                n,
                column.key,
                "texten innehåller ett otillåtet tecken.",
                "the text holds a character that is not allowed.",
            )
            return None
        if len(text) > limit:
            self.fail(n, column.key, f"högst {limit} tecken.", f"at most {limit} characters.")
            return None
        return text

    def email(self, n: int, cells: list[Any], column: Column) -> str | None:
        text = self.text(n, cells, column, 254)
        if text is None:
            return None
        try:
            validate_email(text)
        except ValidationError:
            self.fail(
                n,
                column.key,
                f"{text!r} är ingen e-postadress.",
                f"{text!r} is not an e-mail address.",
            )
            return None
        return text.lower()

    def day(self, n: int, cells: list[Any], column: Column) -> date | None:
        value = self.cell(cells, column.key)
        if value is None:
            if column.required:
                self.fail(n, column.key, "ett datum krävs.", "a date is required.")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value)[:10] if len(str(value)) > 10 else str(value))
        except ValueError:
            self.fail(
                n,
                column.key,
                f"{value!r} är inget datum (ÅÅÅÅ-MM-DD).",
                f"{value!r} is not a date (YYYY-MM-DD).",
            )
            return None

    def slug(self, n: int, cells: list[Any], column: Column) -> str | None:
        text = self.text(n, cells, column, SLUG_MAX)
        if text is not None and not SLUG.match(text):
            self.fail(
                n,
                column.key,
                f"{text!r}: bara a–z, 0–9 och bindestreck.",
                f"{text!r}: only a-z, 0-9 and hyphens.",
            )
            return None
        return text

    def choice(
        self, n: int, cells: list[Any], column: Column, words: dict[str, str], default: str
    ) -> str | None:
        value = self.cell(cells, column.key)
        if value is None:
            return default
        chosen = words.get(str(value).strip().lower())
        if chosen is None:
            allowed = ", ".join(sorted(words))
            self.fail(
                n,
                column.key,
                f"{value!r} är inte ett av: {allowed}.",
                f"{value!r} is not one of: {allowed}.",
            )
        return chosen


def plan(tables: dict[str, Table]) -> tuple[Plan | None, list[Problem]]:
    """The plan of an import and every problem found; a plan only when there is none."""
    problems: list[Problem] = []
    for key in REQUIRED_SHEETS:
        if key not in tables or not tables[key].rows:
            sheet = next(s for s in SHEETS if s.key == key)
            problems.append(
                Problem(
                    key,
                    None,
                    None,
                    f"bladet {sheet.sv} saknas eller är tomt.",
                    f"the sheet {sheet.key} is missing or empty.",
                )
            )
    org_rows = _Rows(tables.get("organisation"), ORGANISATION, problems)
    people_rows = _Rows(tables.get("people"), PEOPLE, problems)
    area_rows = _Rows(tables.get("areas"), AREAS, problems)
    client_rows = _Rows(tables.get("clients"), CLIENTS, problems)
    group_rows = _Rows(tables.get("work_groups"), WORK_GROUPS, problems)
    skill_rows = _Rows(tables.get("skills"), SKILLS, problems)

    people, languages, person_row = _people(people_rows)
    areas = _areas(area_rows, people)
    for email, p in people.items():
        if areas and p.area not in areas:
            people_rows.fail(
                person_row[email], "area", f"okänt område {p.area!r}.", f"unknown area {p.area!r}."
            )
    org = _organisation(org_rows, people)
    clients = _clients(client_rows, people, org.founded_on if org else None)
    _work_groups(group_rows, clients, people)
    skills = _skills(skill_rows, people)
    if problems or org is None:
        return None, problems
    org.people = list(people.values())
    org.areas = list(areas.values())
    org.clients = list(clients.values())
    return Plan(org, skills, languages, org_rows.rows[0][0]), []


def check(tables: dict[str, Table]) -> tuple[Plan | None, list[Problem]]:
    """``plan``, then what only the database can say: whether the organisation's slug is
    taken already. What ``ansvar import`` (``--dry-run`` too) and the upload page answer."""
    made, problems = plan(tables)
    if made is None:
        return None, problems
    slug = slug_for(made.organisation)
    if Organisation.objects.filter(slug=slug).exists():
        given = bool(made.organisation.slug)
        return None, [
            Problem(
                "organisation",
                made.organisation_row,
                "slug" if given else "name",
                f"det finns redan en organisation med kortnamnet {slug!r}; "
                + ("ange ett annat kortnamn." if given else "ange ett kortnamn."),
                f"an organisation with the slug {slug!r} exists already; "
                + ("give another slug." if given else "give a slug."),
            )
        ]
    return made, []


def _people(rows: _Rows) -> tuple[dict[str, PersonSpec], dict[str, str], dict[str, int]]:
    people: dict[str, PersonSpec] = {}
    languages: dict[str, str] = {}
    seen: dict[str, int] = {}
    s = PEOPLE
    for n, cells in rows.rows:
        email = rows.email(n, cells, s.column("email"))
        name = rows.text(n, cells, s.column("name"))
        area = rows.text(n, cells, s.column("area"), SLUG_MAX)
        start = rows.day(n, cells, s.column("employed_from"))
        probation = rows.day(n, cells, s.column("probation_until"))
        last_day = rows.day(n, cells, s.column("last_day"))
        title = rows.choice(n, cells, s.column("title"), TITLES, "consultant")
        language = rows.choice(n, cells, s.column("language"), LANGUAGES, "sv")
        if email is not None and email in seen:
            rows.fail(
                n,
                "email",
                f"{email} finns redan på rad {seen[email]}.",
                f"{email} already appears on row {seen[email]}.",
            )
            continue
        if start is not None and probation is not None:
            latest = law.add_months(start, law.PROBATION_MAX_MONTHS)
            if probation <= start:
                rows.fail(
                    n,
                    "probation_until",
                    "provanställningen måste sluta efter första dagen.",
                    "the probation must end after the first day.",
                )
            elif probation > latest:
                rows.fail(
                    n,
                    "probation_until",
                    f"en provanställning får vara högst {law.PROBATION_MAX_MONTHS} månader "
                    f"(LAS 6 §, P4), till och med {latest}.",
                    f"a probation lasts at most {law.PROBATION_MAX_MONTHS} months "
                    f"(LAS 6 §, P4), to {latest}.",
                )
        if start is not None and last_day is not None and last_day < start:
            rows.fail(
                n,
                "last_day",
                "sista dagen ligger före första dagen.",
                "the last day comes before the first day.",
            )
        if None in (email, name, area, start, title, language):
            continue
        assert email and name and area and start and title and language
        seen[email] = n
        people[email] = PersonSpec(email, name, area, start, probation, title, last_day)
        languages[email] = language
    return people, languages, seen


def _known(
    rows: _Rows,
    n: int,
    column: str,
    email: str | None,
    people: dict[str, PersonSpec],
    what_sv: str,
    what_en: str,
) -> PersonSpec | None:
    if email is None:
        return None
    person = people.get(email)
    if person is None:
        rows.fail(
            n,
            column,
            f"{email} finns inte på bladet personer ({what_sv}).",
            f"{email} is not on the people sheet ({what_en}).",
        )
    return person


def _areas(rows: _Rows, people: dict[str, PersonSpec]) -> dict[str, AreaSpec]:
    areas: dict[str, AreaSpec] = {}
    seen: dict[str, int] = {}
    for n, cells in rows.rows:
        slug = rows.slug(n, cells, AREAS.column("slug"))
        name = rows.text(n, cells, AREAS.column("name"))
        manager = rows.email(n, cells, AREAS.column("manager"))
        if slug is not None and slug in seen:
            rows.fail(
                n,
                "slug",
                f"{slug} finns redan på rad {seen[slug]}.",
                f"{slug} already appears on row {seen[slug]}.",
            )
            continue
        person = _known(rows, n, "manager", manager, people, "chef", "manager")
        if person is not None and person.last_day is not None:
            rows.fail(
                n,
                "manager",
                f"{manager} har slutat ({person.last_day}); varje område "
                "behöver en anställd chef (P4).",
                f"{manager} has left ({person.last_day}); every area needs an employed "
                "manager (P4).",
            )
            continue
        if slug and name and manager and person:
            seen[slug] = n
            areas[slug] = AreaSpec(slug, name, manager)
    return areas


def _organisation(rows: _Rows, people: dict[str, PersonSpec]) -> OrganisationSpec | None:
    if len(rows.rows) > 1:
        rows.fail(
            rows.rows[1][0],
            None,
            "bladet har en enda rad: företaget.",
            "the sheet has a single row: the company.",
        )
    if not rows.rows:
        return None
    n, cells = rows.rows[0]
    name = rows.text(n, cells, ORGANISATION.column("name"))
    slug = rows.slug(n, cells, ORGANISATION.column("slug"))
    ceo = rows.email(n, cells, ORGANISATION.column("ceo"))
    founded = rows.day(n, cells, ORGANISATION.column("founded_on"))
    person = _known(rows, n, "ceo", ceo, people, "vd", "CEO")
    if person is not None and person.last_day is not None:
        rows.fail(
            n,
            "ceo",
            f"{ceo} har slutat; företaget behöver en anställd vd (P4).",
            f"{ceo} has left; the company needs an employed CEO (P4).",
        )
        return None
    if not (name and ceo and person):
        return None
    return OrganisationSpec(
        name=name, ceo=ceo, people=[], areas=[], slug=slug or "", founded_on=founded
    )


def _clients(
    rows: _Rows, people: dict[str, PersonSpec], founded: date | None
) -> dict[str, ClientSpec]:
    clients: dict[str, ClientSpec] = {}
    seen: dict[str, int] = {}
    for n, cells in rows.rows:
        slug = rows.slug(n, cells, CLIENTS.column("slug"))
        name = rows.text(n, cells, CLIENTS.column("name"))
        lead = rows.email(n, cells, CLIENTS.column("lead"))
        since = rows.day(n, cells, CLIENTS.column("lead_since"))
        if slug is not None and slug in seen:
            rows.fail(
                n,
                "slug",
                f"{slug} finns redan på rad {seen[slug]}.",
                f"{slug} already appears on row {seen[slug]}.",
            )
            continue
        person = _known(rows, n, "lead", lead, people, "kundansvarig", "client lead")
        if person is not None:
            if person.last_day is not None:
                rows.fail(
                    n,
                    "lead",
                    f"{lead} har slutat ({person.last_day}) och kan inte vara "
                    "kundansvarig; varje kund har en anställd kundansvarig (P4).",
                    f"{lead} has left ({person.last_day}) and cannot be the client lead; "
                    "every client has an employed lead (P4).",
                )
                continue
            if since is not None and since < person.employed_from:
                rows.fail(
                    n,
                    "lead_since",
                    f"{lead} var inte anställd {since}.",
                    f"{lead} was not employed on {since}.",
                )
                continue
        if slug and name and lead and person:
            seen[slug] = n
            clients[slug] = ClientSpec(slug, name, lead, [], since)
    return clients


def _work_groups(
    rows: _Rows, clients: dict[str, ClientSpec], people: dict[str, PersonSpec]
) -> None:
    seen: dict[tuple[str, str], int] = {}
    deputy: dict[str, int] = {}
    for n, cells in rows.rows:
        slug = rows.text(n, cells, WORK_GROUPS.column("client"), SLUG_MAX)
        email = rows.email(n, cells, WORK_GROUPS.column("person"))
        role = rows.choice(n, cells, WORK_GROUPS.column("role"), ROLES, "member")
        client = clients.get(slug or "")
        if slug is not None and client is None:
            rows.fail(n, "client", f"okänd kund {slug!r}.", f"unknown client {slug!r}.")
        person = _known(rows, n, "person", email, people, "medlem", "member")
        if client is None or person is None or email is None or role is None:
            continue
        if person.last_day is not None:
            rows.fail(
                n,
                "person",
                f"{email} har slutat och kan inte vara med i arbetsgruppen.",
                f"{email} has left and cannot be in the work group.",
            )
        elif email == client.lead:
            rows.fail(
                n,
                "person",
                "den kundansvarige leder arbetsgruppen och står inte som medlem.",
                "the client lead leads the work group and is not a member.",
            )
        elif (client.slug, email) in seen:
            rows.fail(
                n,
                "person",
                f"{email} står redan i {client.slug}s arbetsgrupp på rad "
                f"{seen[(client.slug, email)]}.",
                f"{email} is already in {client.slug}'s work group on row "
                f"{seen[(client.slug, email)]}.",
            )
        elif role == "deputy" and client.slug in deputy:
            rows.fail(
                n,
                "role",
                f"{client.slug} har redan en ersättare (rad "
                f"{deputy[client.slug]}); högst en per kund (KA5).",
                f"{client.slug} already has a deputy (row {deputy[client.slug]}); at most "
                "one per client (KA5).",
            )
        else:
            seen[(client.slug, email)] = n
            if role == "deputy":
                deputy[client.slug] = n
            client.work_group.append((email, role))


def _skills(rows: _Rows, people: dict[str, PersonSpec]) -> list[SkillSpec]:
    skills: list[SkillSpec] = []
    seen: dict[tuple[str, str], int] = {}
    for n, cells in rows.rows:
        email = rows.email(n, cells, SKILLS.column("person"))
        skill = rows.text(n, cells, SKILLS.column("skill"), SKILL_MAX)
        raw = rows.cell(cells, "level")
        level: int | None = None
        text = str(raw).strip() if raw is not None else ""
        if raw is None:
            rows.fail(n, "level", "en nivå krävs.", "a level is required.")
        # At most a few digits before int(): Python refuses to convert 5000 of them.
        elif not (text.isascii() and text.isdigit()) or len(text) > 3 or not 1 <= int(text) <= 5:
            rows.fail(
                n,
                "level",
                f"{text!r}: nivån är ett heltal 1–5.",
                f"{text!r}: the level is a whole number 1-5.",
            )
        else:
            level = int(text)
        person = _known(rows, n, "person", email, people, "kompetens", "skill")
        if email is None or skill is None or level is None or person is None:
            continue
        key = (email, " ".join(skill.lower().split()))
        if key in seen:
            rows.fail(
                n,
                "skill",
                f"{skill!r} finns redan för {email} på rad {seen[key]}.",
                f"{skill!r} already appears for {email} on row {seen[key]}.",
            )
            continue
        seen[key] = n
        skills.append(SkillSpec(email, key[1], level))
    return skills
