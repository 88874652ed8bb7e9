"""The demo organisation: a seeded, deterministic Swedish PR and public-affairs consultancy.

``plan()`` is pure: from a size, a seed and a date it draws the organisation as it is today
(an ``OrganisationSpec``) and what happened in the two years before (a ``HistorySpec``):
people who left, moves between business areas, client leads and an area manager who were
replaced. ``load()`` founds it with ``found_organisation()`` and bulk-imports the history
with ``import_history()``, in one transaction, logging each bulk step.

The same seed and date give the same organisation. ``--people N`` scales it: about N/10
business areas and 1.5 N clients.
"""

import calendar
import random
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ansvar.demo import names
from ansvar.demo.activity import add_activity
from ansvar.engine.errors import InvalidInput
from ansvar.org.founding import (
    AreaSpec,
    ClientSpec,
    OrganisationSpec,
    PersonSpec,
    found_organisation,
)
from ansvar.org.importing import (
    HistorySpec,
    PastHolding,
    PastMembership,
    PastWorkGroupMembership,
    import_history,
)
from ansvar.org.models import Employment, Holding, Organisation, Person

DEMO_SLUG = "demo"
DEMO_NAME = "Demobyrån Kommunikation & Påverkan AB"
DEMO_PASSWORD = "ansvar-demo"
HISTORY_DAYS = 730  # the events of the demo's past fall within two years
ENTRIES_PER_PERSON = 10  # the work history's decisions a person, unless told (``entries``)


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def email_domain(slug: str) -> str:
    return "demobyran.example" if slug == DEMO_SLUG else f"{slug}.demobyran.example"


@dataclass
class _Person:
    email: str
    name: str
    area: str
    start: date
    title: str = Person.Title.CONSULTANT
    probation_until: date | None = None
    last_day: date | None = None
    role: str = "consultant"  # ceo, manager, consultant, idle, probation, former


@dataclass
class DemoPlan:
    spec: OrganisationSpec
    history: HistorySpec


class _Drawer:
    """One seeded random stream and the day the demo is drawn for."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.founded = date(today.year - 10, 1, 1)
        self.emails: dict[str, int] = {}

    def day(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def person(self, domain: str, area: str, start: date, role: str) -> _Person:
        first = self.rng.choice(names.FIRST_NAMES)
        last = self.rng.choice(names.LAST_NAMES)
        local = f"{_ascii(first)}.{_ascii(last)}"
        n = self.emails.get(local, 0) + 1
        self.emails[local] = n
        email = f"{local}{n if n > 1 else ''}@{domain}"
        return _Person(email, f"{first} {last}", area, start, role=role)


def _area_specs(count: int) -> list[tuple[str, str]]:
    """(slug, name) of ``count`` areas; the first is the CEO's own, Ledning."""
    result = [("ledning", "Ledning")]
    themes, cities = names.AREA_THEMES, names.CITIES
    for i in range(count - 1):
        theme, lap = themes[i % len(themes)], i // len(themes)
        if lap == 0:
            name = theme
        else:
            city, round_ = cities[(lap - 1) % len(cities)], (lap - 1) // len(cities)
            name = f"{theme} {city}" + (f" {round_ + 1}" if round_ else "")
        result.append((slugify(name), name))
    return result


def _client_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct client names: associations, municipalities, companies, NGOs."""
    base = [
        *names.TRADE_ASSOCIATIONS,
        *names.MUNICIPALITIES,
        *names.COMPANIES,
        *names.NGOS,
    ]
    rng.shuffle(base)
    if count > len(base):
        extra = [
            f"{p}{t} {f}"
            for p in names.COMPANY_PREFIXES
            for t in names.COMPANY_TRADES
            for f in names.COMPANY_FORMS
        ]
        rng.shuffle(extra)
        base += extra
        lap = 0
        while count > len(base):
            city = names.CITIES[lap % len(names.CITIES)]
            suffix = f" {city}" + (
                f" {lap // len(names.CITIES) + 1}" if lap >= len(names.CITIES) else ""
            )
            base += [f"{n.removesuffix(' AB')}{suffix} AB" for n in extra]
            lap += 1
    return base[:count]


def plan(
    people: int = 45, seed: int = 1, today: date | None = None, slug: str = DEMO_SLUG
) -> DemoPlan:
    """Draw the demo organisation of ``people`` employees as it stands on ``today``."""
    if people < 5:
        raise InvalidInput("the demo needs at least 5 people", "people")
    d = _Drawer(seed, today or timezone.localdate())
    rng, domain = d.rng, email_domain(slug)
    n_areas = max(2, min(people // 4, int(people / 10 + 0.5)))
    areas = _area_specs(n_areas)
    area_slugs = [s for s, _ in areas]
    working = area_slugs[1:]

    # Today's people: the CEO (manager of Ledning), one manager per area, then the others.
    ceo = d.person(domain, "ledning", d.founded, "ceo")
    managers = [d.person(domain, a, d.founded, "manager") for a in working]
    for p in [ceo, *managers]:
        p.title = Person.Title.SENIOR
    others: list[_Person] = []
    n_probation = max(2, round(people * 0.07))
    n_idle = max(1, round(people * 0.05))
    for i in range(people - 1 - len(managers)):
        area = "ledning" if rng.random() < 0.04 else rng.choice(working)
        if i < n_probation:
            start = d.day(d.ago(165), d.ago(12))
            p = d.person(domain, area, start, "probation")
            p.probation_until = _add_months(start, 6)
        else:
            start = d.day(d.founded, d.ago(200))
            p = d.person(domain, area, start, "idle" if i < n_probation + n_idle else "consultant")
            if start < d.ago(3 * 365) and rng.random() < 0.35:
                p.title = Person.Title.SENIOR
        others.append(p)
    current = [ceo, *managers, *others]
    manager_of = {"ledning": ceo, **{m.area: m for m in managers}}
    history = HistorySpec()
    formers = _replaced_managers(d, domain, working, manager_of, history)

    # Clients: everyone leads at least one except the idle and most probationers (P1, P2).
    n_clients = round(people * 1.5)
    probationers = [p for p in others if p.role == "probation"]
    leads = [p for p in current if p.role in {"ceo", "manager", "consultant"}]
    leads += probationers[:1]
    order = leads[:]
    rng.shuffle(order)
    lead_of = order[:n_clients]
    while len(lead_of) < n_clients:
        lead_of.append(rng.choice(leads))
    client_names = _client_names(rng, n_clients)
    clients: list[ClientSpec] = []
    used_slugs: dict[str, int] = {}
    for name, lead in zip(client_names, lead_of, strict=True):
        slug_ = slugify(name)[:50]
        used_slugs[slug_] = used_slugs.get(slug_, 0) + 1
        if used_slugs[slug_] > 1:
            slug_ = f"{slug_}-{used_slugs[slug_]}"
        since = d.day(min(lead.start + timedelta(days=21), d.ago(7)), d.ago(7))
        group = _work_group(d, lead, current, manager_of)
        clients.append(ClientSpec(slug_, name, lead.email, group, since))

    by_email = {p.email: p for p in current}
    formers = _history(d, domain, people, working, clients, current, by_email, history, formers)

    spec = OrganisationSpec(
        name=DEMO_NAME,
        ceo=ceo.email,
        slug=slug,
        founded_on=d.founded,
        areas=[AreaSpec(s, n, manager_of[s].email) for s, n in areas],
        people=[_spec(p) for p in current],
        clients=clients,
    )
    history.former_people = [_spec(p) for p in formers]
    return DemoPlan(spec, history)


def _spec(p: _Person) -> PersonSpec:
    return PersonSpec(p.email, p.name, p.area, p.start, p.probation_until, p.title, p.last_day)


def _work_group(
    d: _Drawer, lead: _Person, current: list[_Person], manager_of: dict[str, _Person]
) -> list[tuple[str, str]]:
    """One to four colleagues; often the lead's own area manager as an assistant (P6)."""
    rng = d.rng
    group: list[tuple[str, str]] = []
    taken = {lead.email}
    manager = manager_of[lead.area]
    if manager.email not in taken and rng.random() < 0.35:
        group.append((manager.email, "assistant"))
        taken.add(manager.email)
    for _ in range(rng.randint(1, 3)):
        colleague = rng.choice(current)
        if colleague.email in taken:
            continue
        taken.add(colleague.email)
        group.append((colleague.email, "member"))
    if len(group) > 1 and rng.random() < 0.5:
        i = rng.randrange(len(group))
        group[i] = (group[i][0], "deputy")
    return group


def _replaced_managers(
    d: _Drawer,
    domain: str,
    working: list[str],
    manager_of: dict[str, _Person],
    history: HistorySpec,
) -> list[_Person]:
    """Area managers replaced: the former one founded the area with the firm and left."""
    formers: list[_Person] = []
    window = d.ago(HISTORY_DAYS)
    n_replaced = max(1, round(len(working) * 0.2))
    for area in d.rng.sample(working, min(n_replaced, len(working))):
        last_day = d.day(window, d.ago(60))
        former = d.person(domain, area, d.founded, "former")
        former.title, former.last_day = Person.Title.SENIOR, last_day
        formers.append(former)
        handover = last_day + timedelta(days=1)
        history.holdings.append(
            PastHolding(Holding.Kind.AREA_MANAGER, former.email, area, d.founded, handover)
        )
        # The successor joined the firm later than the founders, a while before taking over.
        successor = manager_of[area]
        successor.start = d.day(d.founded, handover - timedelta(days=365))
    return formers


def _history(
    d: _Drawer,
    domain: str,
    people: int,
    working: list[str],
    clients: list[ClientSpec],
    current: list[_Person],
    by_email: dict[str, _Person],
    history: HistorySpec,
    earlier_formers: list[_Person],
) -> list[_Person]:
    """Draw the rest of the past two years into ``history``; returns the people who left."""
    rng = d.rng
    window = d.ago(HISTORY_DAYS)
    formers = list(earlier_formers)

    # Consultants who left, some of them client leads replaced on their departure.
    for _ in range(max(2, round(people * 0.06))):
        start = d.day(d.founded, d.ago(3 * 365))
        former = d.person(domain, rng.choice(working), start, "former")
        former.last_day = d.day(window, d.ago(40))
        formers.append(former)
    for former in formers:
        assert former.last_day is not None
        history.memberships.append(
            PastMembership(
                former.email, former.area, former.start, former.last_day + timedelta(days=1)
            )
        )

    # Client leads replaced: by a departure, or handed over between colleagues.
    n_handovers = max(2, round(len(clients) * 0.15))
    candidates = [c for c in clients if c.since is not None and c.since < d.ago(60)]
    rng.shuffle(candidates)
    pool = [p for p in current if p.start < window]
    for i, client in enumerate(candidates[:n_handovers]):
        lead = by_email[client.lead]
        predecessor = formers[i] if i < len(formers) else rng.choice(pool)
        if predecessor.last_day is not None:
            handover = predecessor.last_day + timedelta(days=1)
        else:
            handover = d.day(max(lead.start, window), d.ago(30))
        if (
            predecessor.email == lead.email
            or handover < lead.start
            or predecessor.start + timedelta(days=44) > handover
        ):
            continue
        first = d.day(predecessor.start + timedelta(days=14), handover - timedelta(days=30))
        history.holdings.append(
            PastHolding(Holding.Kind.CLIENT_LEAD, predecessor.email, client.slug, first, handover)
        )
        client.since = handover

    # People who moved between business areas (not managers: they stay with their area).
    movers = [p for p in current if p.role in {"consultant", "idle"} and p.start < d.ago(400)]
    rng.shuffle(movers)
    position = {a: i for i, a in enumerate(working)}
    for p in movers[: max(2, round(people * 0.1))]:
        moved_on = d.day(max(p.start + timedelta(days=90), window), d.ago(30))
        earlier = _other_area(rng, working, position.get(p.area))
        history.memberships.append(PastMembership(p.email, earlier, p.start, moved_on))

    # Former work-group members: people who left, and colleagues who moved on.
    for former in formers:
        assert former.last_day is not None
        client = rng.choice(clients)
        if client.since and client.since < former.last_day - timedelta(days=30):
            history.work_groups.append(
                PastWorkGroupMembership(
                    client.slug,
                    former.email,
                    "member",
                    max(client.since, former.start),
                    former.last_day + timedelta(days=1),
                )
            )
    return formers


def _other_area(rng: random.Random, working: list[str], own: int | None) -> str:
    """``rng.choice`` of the working areas but the one at index ``own`` (Ledning when there
    is no other), drawn as that choice draws, without building the list of the others."""
    count = len(working) - (own is not None)
    if count == 0:
        return "ledning"
    k = rng.randrange(count)
    return working[k + 1 if own is not None and k >= own else k]


def _next_slug() -> str:
    taken = set(
        Organisation.objects.filter(slug__startswith=DEMO_SLUG).values_list("slug", flat=True)
    )
    n = 2
    while f"{DEMO_SLUG}-{n}" in taken:
        n += 1
    return f"{DEMO_SLUG}-{n}"


def load(
    *,
    people: int = 45,
    seed: int = 1,
    force: bool = False,
    progress: IO[str] | None = None,
    today: date | None = None,
    slug: str | None = None,
    entries: int | None = None,
) -> Organisation:
    """Build the demo organisation in one transaction.

    An existing demo is never overwritten (the decision log is append-only): without
    ``force`` this refuses; with it the new demo gets the next free slug (demo-2, ...).
    ``entries`` is the size of its work history in the decision log (``demo.history``),
    by default ten decisions a person.
    """
    if entries is None:
        entries = ENTRIES_PER_PERSON * people
    if entries < 0:
        raise InvalidInput("the work history cannot have fewer than 0 entries", "entries")
    started = time.monotonic()
    steps = [
        "plan",
        "found",
        "former_people",
        "area_memberships",
        "holdings",
        "work_groups",
        "activity",
        "work_history",
        "open_decisions",
    ]

    def report(step: str) -> None:
        if progress is not None:
            done = steps.index(step) + 1
            progress.write(
                f"demo: {step} klart/done ({done}/{len(steps)}, {100 * done // len(steps)} %), "
                f"{time.monotonic() - started:.1f} s\n"
            )
            progress.flush()

    with transaction.atomic():
        if slug is None:
            slug = DEMO_SLUG
            if Organisation.objects.filter(slug=DEMO_SLUG).exists():
                if not force:
                    raise InvalidInput(
                        "demodatan finns redan; --force skapar en till bredvid / the demo "
                        "organisation exists already; --force adds another beside it",
                        "demo",
                    )
                slug = _next_slug()
        today = today or timezone.localdate()
        drawn = plan(people, seed, today, slug)
        report("plan")
        org = found_organisation(drawn.spec, password_hash=make_password(DEMO_PASSWORD))
        report("found")
        import_history(org, drawn.history, effective_on=today, progress=report)
        add_activity(org, seed=seed, today=today, entries=entries, progress=report)
        report("open_decisions")
    return org


def login_help(org: Organisation, today: date | None = None) -> str:
    """Who to log in as: the CEO, an area manager, a client lead and a probationer."""
    today = today or timezone.localdate()
    open_holdings = Holding.objects.filter(
        organisation=org, valid_to__isnull=True, person__user__isnull=False
    ).select_related("person", "area")
    ceo = next((h.person for h in open_holdings if h.kind == Holding.Kind.CEO), None)
    managers = sorted(
        (h for h in open_holdings if h.kind == Holding.Kind.AREA_MANAGER and h.person != ceo),
        key=lambda h: h.area.name if h.area else "",
    )
    manager_ids = {h.person_id for h in managers} | ({ceo.pk} if ceo else set())
    leads = sorted(
        (
            h.person
            for h in open_holdings
            if h.kind == Holding.Kind.CLIENT_LEAD and h.person_id not in manager_ids
        ),
        key=lambda p: p.email,
    )
    probation = (
        Employment.objects.filter(
            person__organisation=org,
            person__user__isnull=False,
            probation_until__gt=today,
            last_day__isnull=True,
        )
        .select_related("person")
        .order_by("person__email")
        .first()
    )
    rows = [
        ("vd / CEO", ceo),
        (
            f"affärsområdeschef / area manager, {managers[0].area.name}"
            if managers and managers[0].area
            else "affärsområdeschef / area manager",
            managers[0].person if managers else None,
        ),
        ("kundansvarig / client lead", leads[0] if leads else None),
        ("provanställd / on probation", probation.person if probation else None),
    ]
    lines = [
        f"Logga in på {org.name} med e-postadressen och lösenordet {DEMO_PASSWORD!r} / "
        f"log in with the e-mail address and the password {DEMO_PASSWORD!r}:"
    ]
    lines += [f"  {label:45} {p.email}  ({p.name})" for label, p in rows if p is not None]
    return "\n".join(lines)
