"""Build the rules' snapshot of facts from the database, for one attempt, as of one date."""

from collections.abc import Callable, Iterable, Mapping
from copy import deepcopy
from datetime import date
from types import MappingProxyType
from typing import Any

from django.db.models import F, Q

from ansvar.engine.actor import Actor
from ansvar.org.models import (
    AreaMembership,
    Assignment,
    BusinessArea,
    Client,
    Employment,
    Holding,
    Organisation,
    Person,
    WorkGroupMembership,
)
from ansvar.org.selectors import (
    area_manager_on,
    ceo_on,
    client_leads_on,
    client_statuses_on,
    employed_on,
    valid_on,
)
from ansvar.policy.actions import ActionName
from ansvar.policy.decision import Party
from ansvar.policy.facts import (
    SYSTEM,
    AreaFacts,
    AssignmentFacts,
    ClientFacts,
    CriticismFacts,
    Facts,
    PersonFacts,
)

AccountFactsReader = Callable[[Organisation, Any, date], Any]
ACCOUNT_FACTS: dict[str, AccountFactsReader] = {}
_NOTHING: Mapping[str, Any] = MappingProxyType({})  # no details: one shared, read-only


def register_account_facts(actions: Iterable[str], reader: AccountFactsReader) -> None:
    """The accounts app names the reader of its facts for its own actions (from its
    ``AppConfig.ready``), so the engine never imports it."""
    for name in actions:
        ACCOUNT_FACTS[name] = reader


def party(person: Person | None) -> Party | None:
    return Party(person.email, person.name) if person else None


def people_facts(
    organisation: Organisation, people: Iterable[Person], at: date
) -> dict[int, PersonFacts]:
    """Facts for several people in five queries, whatever their number. ``leads`` are the
    clients they lead on ``at``, a lapsed new client tick has not settled included (VD5)."""
    people = list({p.pk: p for p in people}.values())
    ids = [p.pk for p in people]
    employments = {
        e.person_id: e for e in Employment.objects.filter(employed_on(at), person_id__in=ids)
    }
    # Hires before their first day: the earliest employment that starts later.
    starts: dict[int, date] = {}
    waiting = [pk for pk in ids if pk not in employments]
    if waiting:
        for person_id, starts_on in (
            Employment.objects.filter(person_id__in=waiting, starts_on__gt=at)
            .order_by("-starts_on")
            .values_list("person_id", "starts_on")
        ):
            starts[person_id] = starts_on
    areas: dict[int, str] = {}
    next_areas: dict[int, tuple[str, date]] = {}
    # Today's area, and a later one a rotation has already decided (an emptied row, from a
    # separation, is no move).
    later = Q(valid_from__gt=at) & (Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")))
    for person_id, slug, valid_from in (
        AreaMembership.objects.filter(valid_on(at) | later, person_id__in=ids)
        .order_by("valid_from")
        .values_list("person_id", "area__slug", "valid_from")
    ):
        if valid_from <= at:
            areas[person_id] = slug
        else:
            next_areas.setdefault(person_id, (slug, valid_from))
    manages: dict[int, set[str]] = {}
    leads: dict[int, set[str]] = {}
    ceo_ids: set[int] = set()
    holdings = (
        Holding.objects.filter(valid_on(at), person_id__in=ids)
        .exclude(kind=Holding.Kind.CLIENT_LEAD)
        .values_list("person_id", "kind", "area__slug")
    )
    for person_id, kind, area_slug in holdings:
        if kind == Holding.Kind.CEO:
            ceo_ids.add(person_id)
        else:
            manages.setdefault(person_id, set()).add(area_slug)
    for lead in client_leads_on(organisation, at, people=ids).values():
        assert lead.client is not None
        leads.setdefault(lead.person_id, set()).add(lead.client.slug)
    for person_id, starts_on in starts.items():
        # A hire belongs to the area they were hired into from the decision on (AO3, AO4).
        if person_id not in areas and next_areas.get(person_id, ("", None))[1] == starts_on:
            areas[person_id] = next_areas.pop(person_id)[0]
    result = {}
    for p in people:
        employment = employments.get(p.pk)
        result[p.pk] = PersonFacts(
            email=p.email,
            name=p.name,
            active=employment is not None,
            area=areas.get(p.pk),
            title=p.title,
            manages=frozenset(manages.get(p.pk, ())),
            leads=frozenset(leads.get(p.pk, ())),
            is_ceo=p.pk in ceo_ids,
            on_probation=employment is not None and employment.kind_on(at) == "probation",
            employment_ends_on=employment.last_day if employment is not None else None,
            next_area=next_areas[p.pk][0] if p.pk in next_areas else None,
            next_area_from=next_areas[p.pk][1] if p.pk in next_areas else None,
            starts_on=starts.get(p.pk),
        )
    return result


def area_facts(area: BusinessArea | None, at: date) -> AreaFacts | None:
    if area is None:
        return None
    return AreaFacts(area.slug, area.name, party(area_manager_on(area, at)))


def assignment_status(assignment: Assignment, at: date) -> str:
    """The status as of ``at``, as tick has written or will write it: an unvetoed proposal is
    active once its window has closed, except a new client's whose proposer had left by then,
    which closes (P4). Rows from ``with_proposer_employed_at_close`` need no extra query."""
    if assignment.status == Assignment.Status.PROPOSED and at >= assignment.window_closes_on:
        if assignment.is_new_client and not _proposer_employed_at_close(assignment):
            return Assignment.Status.CLOSED
        return Assignment.Status.ACTIVE
    return assignment.status


def _proposer_employed_at_close(assignment: Assignment) -> bool:
    known = getattr(assignment, "proposer_employed_at_close", None)
    if known is not None:
        return bool(known)
    on = assignment.window_closes_on
    return Employment.objects.filter(employed_on(on), person_id=assignment.proposed_by_id).exists()


class FactsCache:
    """The facts that do not depend on the action, read once and shared by every evaluation
    of one page (one viewer, one date): the CEO, people's facts, areas' and clients' facts,
    and the rows targets name. A page with N action panels then costs O(1) extra queries.

    Only for reads: ``perform`` builds fresh facts inside its transaction. ``prime_*`` bulk-
    loads what a page is about to ask for (the clients of N proposals) in a fixed number of
    queries; anything not primed is read on first use and kept.
    """

    def __init__(self, organisation: Organisation, at: date) -> None:
        self.organisation = organisation
        self.at = at
        self._ceo: tuple[Party | None] | None = None
        self._people: dict[int, PersonFacts] = {}
        self._areas: dict[int, AreaFacts | None] = {}
        self._areas_by_slug: dict[str, BusinessArea] = {}
        self._clients: dict[int, ClientFacts] = {}
        self._client_leads: dict[int, Holding | None] = {}
        self.objects: dict[str, Any] = {}  # target label -> resolved row
        self._policy: tuple[dict[str, Any], Mapping[str, Any]] | None = None

    def ceo(self) -> Party | None:
        if self._ceo is None:
            self._ceo = (party(ceo_on(self.organisation, self.at)),)
        return self._ceo[0]

    def policy(self, organisation: Organisation) -> Mapping[str, Any]:
        """``organisation.policy``, made once while its stored parameters stay the same (every
        panel of a page asks), read-only as every Facts shares it."""
        stored = organisation.parameters or {}
        if self._policy is None or self._policy[0] != stored:
            self._policy = (deepcopy(stored), MappingProxyType(organisation.policy))
        return self._policy[1]

    def people(self, people: Iterable[Person]) -> dict[int, PersonFacts]:
        # By ``id``, not ``pk``: Django's pk property costs a call, and a page asks per panel.
        people = list(people)
        known = self._people
        missing = [p for p in people if p.id not in known]
        if missing:
            known.update(people_facts(self.organisation, missing, self.at))
        return {p.id: known[p.id] for p in people}

    def area(self, area: BusinessArea) -> AreaFacts | None:
        if area.id not in self._areas:
            self._areas[area.id] = area_facts(area, self.at)
        return self._areas[area.id]

    def area_by_slug(self, slug: str) -> AreaFacts | None:
        if slug not in self._areas_by_slug:
            self._areas_by_slug[slug] = BusinessArea.objects.get(
                organisation=self.organisation, slug=slug
            )
        return self.area(self._areas_by_slug[slug])

    def client(self, client: Client) -> ClientFacts:
        self.prime_clients([client])
        return self._clients[client.pk]

    def client_lead(self, client: Client) -> Holding | None:
        """The holding behind ``client(client).lead`` (unsaved for a lapse tick has not
        settled), for pages that show since when and on what basis."""
        self.prime_clients([client])
        return self._client_leads[client.pk]

    def prime_objects(self, objects: dict[str, Any]) -> None:
        """Rows a page has already read, by target label (``assignment:17`` -> row)."""
        self.objects.update(objects)

    def prime_clients(self, clients: Iterable[Client]) -> None:
        """Facts for many clients in four queries, whatever their number.

        Lead and status are those on the cache's date whether or not `ansvar tick` has run
        (``org.selectors.client_leads_on``, ``client_statuses_on``): once a new client's veto
        window has closed without a veto its proposer leads it (VD5)."""
        wanted = {c.id: c for c in clients if c.id not in self._clients}
        if not wanted:
            return
        at = self.at
        statuses = client_statuses_on(list(wanted), at)
        leads = client_leads_on(self.organisation, at, clients=list(wanted), statuses=statuses)
        members: dict[int, dict[str, str]] = {pk: {} for pk in wanted}
        for m in WorkGroupMembership.objects.filter(
            valid_on(at), client_id__in=list(wanted)
        ).select_related("person"):
            members[m.client_id][m.person.email] = m.role
        for pk, c in wanted.items():
            lead = leads.get(pk)
            self._client_leads[pk] = lead
            self._clients[pk] = ClientFacts(
                c.slug,
                c.name,
                party(lead.person if lead else None),
                members[pk],
                statuses.get(pk, c.status),
                c.ended_on,
            )


def build_facts(
    organisation: Organisation,
    *,
    actor: Actor,
    action: str,
    target_label: str,
    target_kind: str,
    obj: Any,
    args: dict[str, Any],
    at: date,
    cache: FactsCache | None = None,
    details: Mapping[str, Any] | None = None,
) -> Facts:
    """The rules' facts for one attempt. With ``cache`` (for pages only: same organisation and
    date), facts that do not depend on the action are read once and reused."""
    cache = cache if cache is not None else FactsCache(organisation, at)
    assert cache.at == at and cache.organisation.pk == organisation.pk
    named_people = [v for v in _flatten(args) if isinstance(v, Person)]
    named_areas = [v for v in _flatten(args) if isinstance(v, BusinessArea)]
    subjects: list[Person] = [*named_people]
    if isinstance(actor, Person):
        subjects.append(actor)
    if target_kind == "person":
        subjects.append(obj)
    elif target_kind == "assignment" and action == ActionName.LAPSE_PROPOSAL:
        subjects.append(obj.proposed_by)  # whether the proposer is still employed (P4)
    facts_by_id = cache.people(subjects)
    person = facts_by_id[obj.id] if target_kind == "person" else None

    area = None
    if target_kind == "area":
        area = cache.area(obj)
    elif person is not None and person.area is not None:
        area = cache.area_by_slug(person.area)

    client = None
    assignment = None
    criticism = None
    if target_kind == "client":
        client = cache.client(obj)
    elif target_kind == "assignment":
        client = cache.client(obj.client)
        assignment = AssignmentFacts(
            obj.pk,
            obj.client.slug,
            obj.title,
            assignment_status(obj, at),
            obj.proposed_by.email,
            obj.window_closes_on,
            new_client=obj.is_new_client,
            proposer_active=(
                facts_by_id[obj.proposed_by_id].active
                if obj.proposed_by_id in facts_by_id
                else None
            ),
        )
    elif target_kind == "criticism":
        client = cache.client(obj.client)
        criticism = CriticismFacts(
            obj.pk, obj.client.slug, obj.acknowledged_on is not None, obj.reported_on
        )

    # Technical administration (P7): read only for the account actions, so no other rule
    # can depend on who administers accounts.
    accounts = None
    if action in ACCOUNT_FACTS:
        accounts = ACCOUNT_FACTS[action](organisation, obj if target_kind == "person" else None, at)

    return Facts(
        at=at,
        action=action,
        target=target_label,
        actor=facts_by_id[actor.id] if isinstance(actor, Person) else SYSTEM,
        ceo=cache.ceo(),
        organisation=organisation.name,
        area=area,
        client=client,
        person=person,
        assignment=assignment,
        criticism=criticism,
        people={facts_by_id[p.id].email: facts_by_id[p.id] for p in named_people},
        areas={a.slug: f for a in named_areas if (f := cache.area(a)) is not None},
        args={k: _plain(v) for k, v in args.items()},
        parameters=(
            cache.policy(organisation) if isinstance(cache, FactsCache) else organisation.policy
        ),
        accounts=accounts,
        details=details or _NOTHING,
    )


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, dict):
        items: Iterable[Any] = value.values()
    elif isinstance(value, _NESTED):
        items = value
    else:
        return [value]
    out: list[Any] = []
    for v in items:
        if isinstance(v, _NESTED):
            out.extend(_flatten(v))
        else:
            out.append(v)
    return out


_NESTED = (dict, list, tuple)  # a tuple: isinstance checks it faster than a union


def _plain(value: Any) -> Any:
    """Arguments as the rules see them: people by e-mail, areas by slug."""
    if isinstance(value, Person):
        return value.email
    if isinstance(value, BusinessArea):
        return value.slug
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, _NESTED):  # a list or a tuple: dicts are above
        return [_plain(v) for v in value]
    return value
