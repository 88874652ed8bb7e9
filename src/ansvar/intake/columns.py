"""The sheets and columns of an organisation file, with their Swedish and English names.

One table per sheet; the same columns whatever the format (an XLSX workbook, a folder or ZIP
of CSV files, the ``organisation:`` block of a scenario file). Names are matched without
regard to case, spaces, hyphens or underscores, so ``E-post``, ``e_post`` and ``epost`` are
one column.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str  # the English name, as code and the template write it
    sv: str  # the Swedish name
    required: bool
    help_sv: str
    help_en: str
    aliases: tuple[str, ...] = ()
    example: str = ""

    def names(self) -> set[str]:
        return {normal(n) for n in (self.key, self.sv, *self.aliases)}


@dataclass(frozen=True)
class Sheet:
    key: str
    sv: str
    columns: tuple[Column, ...]
    help_sv: str
    help_en: str
    aliases: tuple[str, ...] = ()
    one_row: bool = False  # the organisation sheet holds exactly one row

    def names(self) -> set[str]:
        return {normal(n) for n in (self.key, self.sv, *self.aliases)}

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def label(self, language: str) -> str:
        return self.key if language == "en" else self.sv


def normal(name: str) -> str:
    """How a sheet or column name is compared: lower case, no spaces, hyphens or underscores."""
    return re.sub(r"[\s_\-]+", "", str(name).strip().lower())


def _c(key: str, sv: str, required: bool, help_sv: str, help_en: str, *aliases: str, ex: str = ""):
    return Column(key, sv, required, help_sv, help_en, aliases, ex)


ORGANISATION = Sheet(
    "organisation",
    "organisation",
    (
        _c("name", "namn", True, "Företagets namn.", "The company's name.", ex="Exempelbyrån AB"),
        _c(
            "slug",
            "kortnamn",
            False,
            "Kort namn i adresser, a–z, 0–9 och bindestreck (annars av namnet).",
            "Short name used in addresses, a-z, 0-9 and hyphens (else made from the name).",
            "id",
            ex="exempel",
        ),
        _c(
            "ceo",
            "vd",
            True,
            "Vd:s e-postadress; personen finns på bladet personer.",
            "The CEO's e-mail address; the person is on the people sheet.",
            ex="vera@exempel.se",
        ),
        _c(
            "founded_on",
            "grundad",
            False,
            "Dagen Ansvar räknar från, ÅÅÅÅ-MM-DD (annars den tidigaste anställningen).",
            "The day Ansvar counts from, YYYY-MM-DD (else the earliest employment).",
            "grundat",
            ex="2020-01-01",
        ),
    ),
    "En rad: företaget.",
    "One row: the company.",
    ("företag", "company"),
    one_row=True,
)

PEOPLE = Sheet(
    "people",
    "personer",
    (
        _c(
            "email",
            "e-post",
            True,
            "Unik e-postadress.",
            "Unique e-mail address.",
            "mejl",
            "mail",
            ex="anna@exempel.se",
        ),
        _c("name", "namn", True, "För- och efternamn.", "Full name.", ex="Anna Andersson"),
        _c(
            "title",
            "titel",
            False,
            "konsult eller seniorkonsult (konsult om tomt).",
            "consultant or senior (consultant when empty).",
            ex="konsult",
        ),
        _c(
            "area",
            "område",
            True,
            "Kortnamnet på personens affärsområde (bladet områden).",
            "The slug of the person's business area (the areas sheet).",
            "affärsområde",
            "enhet",
            ex="opinion",
        ),
        _c(
            "employed_from",
            "anställd från",
            True,
            "Första anställningsdagen, ÅÅÅÅ-MM-DD.",
            "First day of employment, YYYY-MM-DD.",
            "anställd",
            "startdatum",
            ex="2021-08-15",
        ),
        _c(
            "probation_until",
            "provanställd till",
            False,
            "Dagen provanställningen blir tillsvidare, högst sex månader efter första "
            "dagen (LAS 6 §).",
            "The day the probation becomes permanent, at most six months after the first "
            "day (LAS 6 §).",
            "provanställning till",
        ),
        _c(
            "last_day",
            "sista dag",
            False,
            "Sista anställningsdagen för den som har slutat.",
            "Last day of employment, for someone who has left.",
            "sista anställningsdag",
        ),
        _c(
            "language",
            "språk",
            False,
            "sv eller en: språket i Ansvar och i e-post (sv om tomt).",
            "sv or en: the language of Ansvar and of e-mail (sv when empty).",
            ex="sv",
        ),
    ),
    "En rad per anställd, vd:n också.",
    "One row per employee, the CEO too.",
    ("anställda", "person"),
)

AREAS = Sheet(
    "areas",
    "områden",
    (
        _c(
            "slug",
            "kortnamn",
            True,
            "Kort namn, a–z, 0–9 och bindestreck.",
            "Short name, a-z, 0-9 and hyphens.",
            "id",
            ex="opinion",
        ),
        _c(
            "name",
            "namn",
            True,
            "Affärsområdets namn.",
            "The business area's name.",
            ex="Opinion & påverkan",
        ),
        _c(
            "manager",
            "chef",
            True,
            "Affärsområdeschefens e-postadress; varje område har en (P4).",
            "The area manager's e-mail address; every area has one (P4).",
            "affärsområdeschef",
            ex="anna@exempel.se",
        ),
    ),
    "En rad per affärsområde.",
    "One row per business area.",
    ("affärsområden", "enheter"),
)

CLIENTS = Sheet(
    "clients",
    "kunder",
    (
        _c(
            "slug",
            "kortnamn",
            True,
            "Kort namn, a–z, 0–9 och bindestreck.",
            "Short name, a-z, 0-9 and hyphens.",
            "id",
            ex="alfa",
        ),
        _c("name", "namn", True, "Kundens namn.", "The client's name.", ex="Alfa AB"),
        _c(
            "lead",
            "kundansvarig",
            True,
            "Den kundansvariges e-postadress; en anställd (P4).",
            "The client lead's e-mail address; an employee (P4).",
            ex="cecilia@exempel.se",
        ),
        _c(
            "lead_since",
            "kundansvarig sedan",
            False,
            "Sedan när, ÅÅÅÅ-MM-DD (annars från grundandet eller anställningen).",
            "Since when, YYYY-MM-DD (else from the founding or the employment).",
            "sedan",
        ),
    ),
    "En rad per kund.",
    "One row per client.",
    ("kund",),
)

WORK_GROUPS = Sheet(
    "work_groups",
    "arbetsgrupper",
    (
        _c("client", "kund", True, "Kundens kortnamn.", "The client's slug.", ex="alfa"),
        _c(
            "person",
            "person",
            True,
            "Medlemmens e-postadress.",
            "The member's e-mail address.",
            "e-post",
            ex="anna@exempel.se",
        ),
        _c(
            "role",
            "roll",
            False,
            "medlem, biträdande eller ersättare (högst en per kund; medlem om tomt).",
            "member, assistant or deputy (at most one per client; member when empty).",
            ex="biträdande",
        ),
    ),
    "En rad per medlem i en kunds arbetsgrupp; den kundansvarige står inte här.",
    "One row per member of a client's work group; the client lead is not listed here.",
    ("arbetsgrupp", "workgroups"),
)

SKILLS = Sheet(
    "skills",
    "kompetenser",
    (
        _c(
            "person",
            "person",
            True,
            "Personens e-postadress.",
            "The person's e-mail address.",
            "e-post",
            ex="anna@exempel.se",
        ),
        _c(
            "skill",
            "kompetens",
            True,
            "Kompetensen, t.ex. opinionsanalys.",
            "The skill, e.g. polling.",
            ex="opinionsanalys",
        ),
        _c("level", "nivå", True, "1 till 5.", "1 to 5.", ex="4"),
    ),
    "En rad per person och kompetens (KA6).",
    "One row per person and skill (KA6).",
    ("kompetens", "kompetensregister"),
)

SHEETS: tuple[Sheet, ...] = (ORGANISATION, PEOPLE, AREAS, CLIENTS, WORK_GROUPS, SKILLS)
REQUIRED_SHEETS = ("organisation", "people", "areas")

TITLES = {"consultant": "consultant", "konsult": "consultant", "senior": "senior"}
TITLES |= {"seniorkonsult": "senior", "senior consultant": "senior"}
ROLES = {"member": "member", "medlem": "member", "assistant": "assistant"}
ROLES |= {"biträdande": "assistant", "deputy": "deputy", "ersättare": "deputy"}
LANGUAGES = {"sv": "sv", "svenska": "sv", "swedish": "sv", "en": "en", "engelska": "en"}
LANGUAGES |= {"english": "en"}


def sheet_named(name: str) -> Sheet | None:
    wanted = normal(name)
    return next((s for s in SHEETS if wanted in s.names()), None)
