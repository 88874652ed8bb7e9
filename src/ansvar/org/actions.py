"""Every write to the organisation: founding it, areas, appointments, work groups, parameters.

Policy actions register with ``@action`` and run through ``ansvar.engine.registry.perform``,
which checks the rule and writes the log entry in the same transaction. Founding an
organisation is technical administration (no policy right applies yet) and is logged too.
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ansvar.decisions import log
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Arg, Context, Outcome, action
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
from ansvar.org.selectors import holding_on
from ansvar.policy.parameters import ParameterError, parse_parameter

# --- founding an organisation (technical administration) ---------------------------------


@dataclass
class PersonSpec:
    email: str
    name: str
    area: str
    employed_from: date
    probation_until: date | None = None
    title: str = Person.Title.CONSULTANT
    last_day: date | None = None


@dataclass
class AreaSpec:
    slug: str
    name: str
    manager: str


@dataclass
class ClientSpec:
    slug: str
    name: str
    lead: str
    work_group: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, role)
    since: date | None = None


@dataclass
class OrganisationSpec:
    name: str
    ceo: str
    people: list[PersonSpec]
    areas: list[AreaSpec]
    clients: list[ClientSpec] = field(default_factory=list)
    slug: str = ""
    founded_on: date | None = None
    parameters: dict[str, Any] = field(default_factory=dict)


def _check_spec(spec: OrganisationSpec) -> None:
    emails: set[str] = set()
    for i, p in enumerate(spec.people):
        where = f"people[{i + 1}]"
        if "@" not in p.email:
            raise InvalidInput(f"{p.email!r} is not an e-mail address", f"{where}.email")
        if p.email.lower() in emails:
            raise InvalidInput(f"{p.email} appears twice", f"{where}.email")
        emails.add(p.email.lower())
        if p.probation_until is not None and p.probation_until <= p.employed_from:
            raise InvalidInput("probation_until must come after employed_from", where)
    slugs = {a.slug for a in spec.areas}
    if len(slugs) != len(spec.areas):
        raise InvalidInput("an area slug appears twice", "areas")
    for i, p in enumerate(spec.people):
        if p.area not in slugs:
            raise InvalidInput(f"unknown area {p.area!r}", f"people[{i + 1}].area")
    if spec.ceo.lower() not in emails:
        raise InvalidInput(f"{spec.ceo} is not among the people", "ceo")
    for i, a in enumerate(spec.areas):
        if a.manager.lower() not in emails:
            raise InvalidInput(f"{a.manager} is not among the people", f"areas[{i + 1}].manager")
    client_slugs: set[str] = set()
    for i, c in enumerate(spec.clients):
        where = f"clients[{i + 1}]"
        if c.slug in client_slugs:
            raise InvalidInput(f"client slug {c.slug!r} appears twice", where)
        client_slugs.add(c.slug)
        if c.lead.lower() not in emails:
            raise InvalidInput(f"{c.lead} is not among the people", f"{where}.lead")
        members = [e.lower() for e, _ in c.work_group]
        for email, role in c.work_group:
            if email.lower() not in emails:
                raise InvalidInput(f"{email} is not among the people", f"{where}.work_group")
            if role not in WorkGroupMembership.Role.values:
                raise InvalidInput(f"unknown role {role!r}", f"{where}.work_group")
        if len(set(members)) != len(members) or c.lead.lower() in members:
            raise InvalidInput("a person appears twice in the work group", f"{where}.work_group")
        if sum(role == "deputy" for _, role in c.work_group) > 1:
            raise InvalidInput("a client has at most one deputy", f"{where}.work_group")
    for name, value in spec.parameters.items():
        try:
            parse_parameter(name, value)
        except ParameterError as exc:
            raise InvalidInput(str(exc), "parameters") from None


def found_organisation(
    spec: OrganisationSpec, *, password_hash: str | None = None, batch_size: int = 2000
) -> Organisation:
    """Create an organisation with its people, areas, clients and holders in one transaction.

    With ``password_hash``, every person also gets a log-in (their e-mail) with that hash.
    """
    _check_spec(spec)
    founded = spec.founded_on or min(p.employed_from for p in spec.people)
    slug = spec.slug or slugify(spec.name) or "org"
    with transaction.atomic():
        if Organisation.objects.filter(slug=slug).exists():
            raise InvalidInput(f"an organisation {slug!r} exists already", "slug")
        org = Organisation.objects.create(
            name=spec.name,
            slug=slug,
            parameters={k: parse_parameter(k, v) for k, v in spec.parameters.items()},
        )
        users: dict[str, User] = {}
        if password_hash is not None:
            User.objects.bulk_create(
                [
                    User(username=p.email.lower(), email=p.email.lower(), password=password_hash)
                    for p in spec.people
                ],
                batch_size=batch_size,
            )
            users = {
                u.username: u
                for u in User.objects.filter(username__in=[p.email.lower() for p in spec.people])
            }
        people = Person.objects.bulk_create(
            [
                Person(
                    organisation=org,
                    email=p.email.lower(),
                    name=p.name,
                    title=p.title,
                    user=users.get(p.email.lower()),
                )
                for p in spec.people
            ],
            batch_size=batch_size,
        )
        by_email = {p.email: p for p in people}
        specs = {p.email.lower(): p for p in spec.people}
        Employment.objects.bulk_create(
            [
                Employment(
                    person=by_email[e],
                    starts_on=s.employed_from,
                    probation_until=s.probation_until,
                    last_day=s.last_day,
                )
                for e, s in specs.items()
            ],
            batch_size=batch_size,
        )
        areas = {
            a.slug: a
            for a in BusinessArea.objects.bulk_create(
                [
                    BusinessArea(organisation=org, slug=a.slug, name=a.name, created_on=founded)
                    for a in spec.areas
                ]
            )
        }

        def since(email: str, start: date | None = None) -> date:
            return max(start or founded, specs[email.lower()].employed_from)

        AreaMembership.objects.bulk_create(
            [
                AreaMembership(person=by_email[e], area=areas[s.area], valid_from=since(e))
                for e, s in specs.items()
            ],
            batch_size=batch_size,
        )
        clients = Client.objects.bulk_create(
            [
                Client(
                    organisation=org, slug=c.slug, name=c.name, created_on=since(c.lead, c.since)
                )
                for c in spec.clients
            ],
            batch_size=batch_size,
        )
        holdings = [
            Holding(
                organisation=org,
                kind=Holding.Kind.CEO,
                person=by_email[spec.ceo.lower()],
                valid_from=since(spec.ceo),
                basis="founding",
            )
        ]
        holdings += [
            Holding(
                organisation=org,
                kind=Holding.Kind.AREA_MANAGER,
                person=by_email[a.manager.lower()],
                area=areas[a.slug],
                valid_from=since(a.manager),
                basis="founding",
            )
            for a in spec.areas
        ]
        holdings += [
            Holding(
                organisation=org,
                kind=Holding.Kind.CLIENT_LEAD,
                person=by_email[c.lead.lower()],
                client=client,
                valid_from=client.created_on,
                basis="founding",
            )
            for c, client in zip(spec.clients, clients, strict=True)
        ]
        Holding.objects.bulk_create(holdings, batch_size=batch_size)
        WorkGroupMembership.objects.bulk_create(
            [
                WorkGroupMembership(
                    client=client,
                    person=by_email[e.lower()],
                    role=role,
                    valid_from=max(client.created_on, since(e)),
                )
                for c, client in zip(spec.clients, clients, strict=True)
                for e, role in c.work_group
            ],
            batch_size=batch_size,
        )
        log.append(
            org,
            action="found_organisation",
            target="org",
            clauses=("P4",),
            actor_id=None,
            role="system",
            effective_on=founded,
            public={"people": len(people), "areas": len(areas), "clients": len(clients)},
            personal={"name": spec.name, "ceo": spec.ceo.lower()},
        )
    return org


# --- holdings: exactly one decision maker per area of responsibility (P4) -------------------


def replace_holder(
    organisation: Organisation,
    *,
    kind: str,
    person: Person,
    at: date,
    area: BusinessArea | None = None,
    client: Client | None = None,
    basis: str = "appointed",
) -> Holding:
    """Close the current holding and open the new one from ``at``, in one transaction."""
    scope = {"area": area} if kind == Holding.Kind.AREA_MANAGER else {"client": client}
    if kind == Holding.Kind.CEO:
        scope = {}
    current = Holding.objects.filter(
        organisation=organisation, kind=kind, valid_to__isnull=True, **scope
    ).first()
    if current is not None:
        if current.person_id == person.pk:
            raise InvalidInput(f"{person.name} already holds this responsibility", "person")
        if current.valid_from > at:
            raise InvalidInput(f"the current holding starts {current.valid_from}, after {at}", "at")
        current.valid_to = at
        current.save(update_fields=["valid_to"])
    try:
        with transaction.atomic():
            return Holding.objects.create(
                organisation=organisation,
                kind=kind,
                person=person,
                valid_from=at,
                basis=basis,
                **scope,
            )
    except IntegrityError:
        raise InvalidInput("another holder is open for this area (P4)", "person") from None


def _holder_outcome(holding: Holding, previous: Person | None) -> Outcome:
    return Outcome(
        holding,
        public={"holding": holding.pk, "kind": holding.kind},
        personal={"previous": previous.email if previous else None},
    )


def _current_holder(organisation: Organisation, at: date, **scope: Any) -> Person | None:
    holding = holding_on(at, organisation=organisation, **scope)
    return holding.person if holding else None


@action("appoint_client_lead", args=(Arg("person", "person"),))
def do_appoint_client_lead(ctx: Context, client: Client, *, person: Person) -> Outcome:
    previous = _current_holder(ctx.organisation, ctx.at, client=client)
    holding = replace_holder(
        ctx.organisation, kind=Holding.Kind.CLIENT_LEAD, person=person, at=ctx.at, client=client
    )
    # The new lead leads the group; they are no longer a member of it.
    WorkGroupMembership.objects.filter(client=client, person=person, valid_to__isnull=True).update(
        valid_to=ctx.at
    )
    return _holder_outcome(holding, previous)


@action("appoint_area_manager", args=(Arg("person", "person"),))
def do_appoint_area_manager(ctx: Context, area: BusinessArea, *, person: Person) -> Outcome:
    previous = _current_holder(ctx.organisation, ctx.at, area=area)
    holding = replace_holder(
        ctx.organisation, kind=Holding.Kind.AREA_MANAGER, person=person, at=ctx.at, area=area
    )
    return _holder_outcome(holding, previous)


@action(
    "create_business_area",
    args=(Arg("slug"), Arg("name"), Arg("manager", "person")),
)
def do_create_business_area(
    ctx: Context, org: Organisation, *, slug: str, name: str, manager: Person
) -> Outcome:
    if slugify(slug) != slug:
        raise InvalidInput(f"{slug!r} is not a slug (lower-case letters, digits, -)", "slug")
    if BusinessArea.objects.filter(organisation=org, slug=slug).exists():
        raise InvalidInput(f"a business area {slug!r} exists already", "slug")
    area = BusinessArea.objects.create(organisation=org, slug=slug, name=name, created_on=ctx.at)
    replace_holder(org, kind=Holding.Kind.AREA_MANAGER, person=manager, at=ctx.at, area=area)
    return Outcome(area, public={"area": slug}, personal={"name": name, "manager": manager.email})


@action("set_policy_parameter", args=(Arg("name"), Arg("value")))
def do_set_policy_parameter(ctx: Context, org: Organisation, *, name: str, value: str) -> Outcome:
    try:
        parsed = parse_parameter(name, value)
    except ParameterError as exc:
        raise InvalidInput(str(exc), "value") from None
    previous = org.policy.get(name)
    org.parameters = {**org.parameters, name: parsed}
    org.save(update_fields=["parameters"])
    return Outcome(parsed, public={"name": name, "value": parsed, "previous": previous})


# --- work groups (KA3, KA5, P6) ------------------------------------------------------------


def _open_membership(client: Client, person: Person) -> WorkGroupMembership | None:
    return WorkGroupMembership.objects.filter(
        client=client, person=person, valid_to__isnull=True
    ).first()


@action(
    "add_work_group_member",
    args=(
        Arg("person", "person"),
        Arg(
            "role",
            "choice",
            required=False,
            choices=("member", "assistant", "deputy"),
            default="member",
        ),
    ),
)
def do_add_work_group_member(ctx: Context, client: Client, *, person: Person, role: str) -> Outcome:
    if role == WorkGroupMembership.Role.DEPUTY:
        _end_deputy(client, ctx.at)
    membership = WorkGroupMembership.objects.create(
        client=client, person=person, role=role, valid_from=ctx.at
    )
    return Outcome(membership, public={"membership": membership.pk, "role": role})


def _end_deputy(client: Client, at: date) -> None:
    """A client has one deputy: the former one stays in the group as a member."""
    former = WorkGroupMembership.objects.filter(
        client=client, role=WorkGroupMembership.Role.DEPUTY, valid_to__isnull=True
    ).first()
    if former is not None:
        _change_membership(former, at, role=WorkGroupMembership.Role.MEMBER)


def _change_membership(
    membership: WorkGroupMembership, at: date, *, role: str | None
) -> WorkGroupMembership | None:
    """End a membership at ``at`` (history is kept); with a role, continue it in that role."""
    membership.valid_to = at
    membership.save(update_fields=["valid_to"])
    if role is None:
        return None
    return WorkGroupMembership.objects.create(
        client=membership.client, person=membership.person, role=role, valid_from=at
    )


@action("remove_work_group_member", args=(Arg("person", "person"),))
def do_remove_work_group_member(ctx: Context, client: Client, *, person: Person) -> Outcome:
    membership = _open_membership(client, person)
    if membership is None:
        raise InvalidInput(f"{person.email} is not in the work group", "person")
    _change_membership(membership, ctx.at, role=None)
    return Outcome(None, public={"client": client.slug})


@action("set_deputy", args=(Arg("person", "person"),))
def do_set_deputy(ctx: Context, client: Client, *, person: Person) -> Outcome:
    membership = _open_membership(client, person)
    if membership is None:
        raise InvalidInput(f"{person.email} is not in the work group", "person")
    if membership.role != WorkGroupMembership.Role.DEPUTY:
        _end_deputy(client, ctx.at)
        _change_membership(membership, ctx.at, role=WorkGroupMembership.Role.DEPUTY)
    return Outcome(None, public={"client": client.slug})


# --- importing history (technical administration) -------------------------------------------


@dataclass
class PastMembership:
    """A closed area membership: ``email`` belonged to ``area`` from ``valid_from`` until
    ``valid_to`` (exclusive). A current person's open membership starts where the last one
    ends."""

    email: str
    area: str
    valid_from: date
    valid_to: date


@dataclass
class PastHolding:
    """A closed holding (``kind`` as ``Holding.Kind``; ``scope`` an area or client slug, empty
    for the CEO). The current holder's open holding starts where the last one ends."""

    kind: str
    email: str
    scope: str
    valid_from: date
    valid_to: date
    basis: str = "appointed"


@dataclass
class PastWorkGroupMembership:
    client: str
    email: str
    role: str
    valid_from: date
    valid_to: date


@dataclass
class HistorySpec:
    """What happened before today: people who left, moves between areas, earlier holders.

    ``former_people`` carry ``last_day``; their area rows are in ``memberships`` too.
    """

    former_people: list[PersonSpec] = field(default_factory=list)
    memberships: list[PastMembership] = field(default_factory=list)
    holdings: list[PastHolding] = field(default_factory=list)
    work_groups: list[PastWorkGroupMembership] = field(default_factory=list)


def _check_no_overlap(rows: list[tuple[str, date, date | None]], what: str) -> None:
    """Intervals [from, to) per key must not overlap; ``None`` is an open end."""
    by_key: dict[str, list[tuple[date, date | None]]] = {}
    for key, start, end in rows:
        by_key.setdefault(key, []).append((start, end))
    for key, spans in by_key.items():
        spans.sort(key=lambda s: s[0])
        for (_, end), (start, _) in pairwise(spans):
            if end is None or start < end:
                raise InvalidInput(f"two periods overlap for {key}", what)


def import_history(
    organisation: Organisation,
    history: HistorySpec,
    *,
    effective_on: date,
    batch_size: int = 2000,
    progress: Any = None,
) -> dict[str, int]:
    """Bulk-load the past of a founded organisation in one transaction, with log entries.

    Closed rows are created as given; the open row that follows a closed one (a person's
    area, an area's manager, a client's lead) is moved to start where the closed one ends,
    and a client whose first lead came before its current one is dated from that first
    lead. Overlapping periods are refused before anything is written.
    """
    report = progress or (lambda step: None)
    counts: dict[str, int] = {}
    with transaction.atomic():
        people = {p.email: p for p in Person.objects.filter(organisation=organisation)}
        seen: set[str] = set()
        for spec in history.former_people:
            if spec.last_day is None:
                raise InvalidInput(f"{spec.email} has no last day", "former_people")
            if "@" not in spec.email:
                raise InvalidInput(f"{spec.email!r} is not an e-mail address", "former_people")
            if spec.email.lower() in people or spec.email.lower() in seen:
                raise InvalidInput(f"{spec.email} appears twice", "former_people")
            if spec.last_day < spec.employed_from:
                raise InvalidInput(f"{spec.email}: last day before start", "former_people")
            seen.add(spec.email.lower())
        formers = Person.objects.bulk_create(
            [
                Person(organisation=organisation, email=p.email.lower(), name=p.name, title=p.title)
                for p in history.former_people
            ],
            batch_size=batch_size,
        )
        people.update({p.email: p for p in formers})
        specs = {p.email.lower(): p for p in history.former_people}
        Employment.objects.bulk_create(
            [
                Employment(
                    person=p,
                    starts_on=specs[p.email].employed_from,
                    probation_until=specs[p.email].probation_until,
                    last_day=specs[p.email].last_day,
                )
                for p in formers
            ],
            batch_size=batch_size,
        )
        counts["former_people"] = len(formers)
        log_import(organisation, "former_people", len(formers), effective_on)
        report("former_people")

        def person(email: str, where: str) -> Person:
            found = people.get(email.lower())
            if found is None:
                raise InvalidInput(f"{email} is not among the people", where)
            return found

        areas = {a.slug: a for a in BusinessArea.objects.filter(organisation=organisation)}
        counts["memberships"] = _import_memberships(history.memberships, person, areas, batch_size)
        log_import(organisation, "area_memberships", counts["memberships"], effective_on)
        report("area_memberships")

        clients = {c.slug: c for c in Client.objects.filter(organisation=organisation)}
        counts["holdings"] = _import_holdings(
            organisation, history.holdings, person, areas, clients, batch_size
        )
        log_import(organisation, "holdings", counts["holdings"], effective_on)
        report("holdings")

        rows = []
        for w in history.work_groups:
            if w.client not in clients:
                raise InvalidInput(f"unknown client {w.client!r}", "work_groups")
            if w.valid_to < w.valid_from:
                raise InvalidInput(f"{w.client}: the period ends before it starts", "work_groups")
            rows.append(
                WorkGroupMembership(
                    client=clients[w.client],
                    person=person(w.email, "work_groups"),
                    role=w.role,
                    valid_from=w.valid_from,
                    valid_to=w.valid_to,
                )
            )
        WorkGroupMembership.objects.bulk_create(rows, batch_size=batch_size)
        counts["work_groups"] = len(rows)
        log_import(organisation, "work_groups", len(rows), effective_on)
        report("work_groups")
    return counts


def log_import(
    organisation: Organisation,
    step: str,
    rows: int,
    effective_on: date,
    action: str = "import_history",
) -> None:
    """Log one step of a technical bulk import (no policy right applies: role "system")."""
    log.append(
        organisation,
        action=action,
        target="org",
        clauses=("P4",),
        actor_id=None,
        role="system",
        effective_on=effective_on,
        public={"step": step, "rows": rows},
    )


def _set_dates(model: Any, column: str, rows: list[tuple[int, date]]) -> None:
    """One date column of many rows, as one prepared statement (bulk_update builds a CASE
    expression per row, which is slow for thousands)."""
    if not rows:
        return
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE id = %s",
            [(day, pk) for pk, day in rows],
        )


def _import_memberships(
    past: list[PastMembership],
    person: Any,
    areas: dict[str, BusinessArea],
    batch_size: int,
) -> int:
    rows: list[AreaMembership] = []
    for m in past:
        if m.area not in areas:
            raise InvalidInput(f"unknown area {m.area!r}", "memberships")
        if m.valid_to < m.valid_from:
            raise InvalidInput(f"{m.email}: the period ends before it starts", "memberships")
        rows.append(
            AreaMembership(
                person=person(m.email, "memberships"),
                area=areas[m.area],
                valid_from=m.valid_from,
                valid_to=m.valid_to,
            )
        )
    person_ids = sorted({r.person.pk for r in rows})
    ends: dict[int, date] = {}
    for r in rows:
        assert r.valid_to is not None
        ends[r.person.pk] = max(r.valid_to, ends.get(r.person.pk, r.valid_to))
    open_rows = list(AreaMembership.objects.filter(person_id__in=person_ids, valid_to__isnull=True))
    for o in open_rows:
        o.valid_from = ends[o.person_id]
    _check_no_overlap(
        [(str(r.person.pk), r.valid_from, r.valid_to) for r in rows]
        + [(str(o.person_id), o.valid_from, None) for o in open_rows],
        "memberships",
    )
    _set_dates(AreaMembership, "valid_from", [(o.pk, o.valid_from) for o in open_rows])
    AreaMembership.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _import_holdings(
    organisation: Organisation,
    past: list[PastHolding],
    person: Any,
    areas: dict[str, BusinessArea],
    clients: dict[str, Client],
    batch_size: int,
) -> int:
    rows: list[Holding] = []
    for h in past:
        if h.valid_to < h.valid_from:
            raise InvalidInput(f"{h.scope}: the period ends before it starts", "holdings")
        scope: dict[str, Any] = {}
        if h.kind == Holding.Kind.AREA_MANAGER:
            if h.scope not in areas:
                raise InvalidInput(f"unknown area {h.scope!r}", "holdings")
            scope = {"area": areas[h.scope]}
        elif h.kind == Holding.Kind.CLIENT_LEAD:
            if h.scope not in clients:
                raise InvalidInput(f"unknown client {h.scope!r}", "holdings")
            scope = {"client": clients[h.scope]}
        elif h.kind != Holding.Kind.CEO:
            raise InvalidInput(f"unknown kind {h.kind!r}", "holdings")
        rows.append(
            Holding(
                organisation=organisation,
                kind=h.kind,
                person=person(h.email, "holdings"),
                valid_from=h.valid_from,
                valid_to=h.valid_to,
                basis=h.basis,
                **scope,
            )
        )

    def key(kind: str, area_id: int | None, client_id: int | None) -> str:
        return f"{kind}:{area_id or ''}:{client_id or ''}"

    ends: dict[str, date] = {}
    starts: dict[int, date] = {}
    for r in rows:
        assert r.valid_to is not None
        k = key(r.kind, r.area.pk if r.area else None, r.client.pk if r.client else None)
        ends[k] = max(r.valid_to, ends.get(k, r.valid_to))
        if r.client is not None:
            starts[r.client.pk] = min(r.valid_from, starts.get(r.client.pk, r.valid_from))
    open_rows = [
        o
        for o in Holding.objects.filter(organisation=organisation, valid_to__isnull=True)
        if key(o.kind, o.area_id, o.client_id) in ends
    ]
    for o in open_rows:
        o.valid_from = ends[key(o.kind, o.area_id, o.client_id)]
    _check_no_overlap(
        [
            (
                key(r.kind, r.area.pk if r.area else None, r.client.pk if r.client else None),
                r.valid_from,
                r.valid_to,
            )
            for r in rows
        ]
        + [(key(o.kind, o.area_id, o.client_id), o.valid_from, None) for o in open_rows],
        "holdings",
    )
    moved = [c for c in clients.values() if c.pk in starts and starts[c.pk] < c.created_on]
    for c in moved:
        c.created_on = starts[c.pk]
    _set_dates(Client, "created_on", [(c.pk, c.created_on) for c in moved])
    _set_dates(Holding, "valid_from", [(o.pk, o.valid_from) for o in open_rows])
    Holding.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
