"""The organisation as it stood on a date, for its picture: the CEO, each area with its
manager and people, each client with its lead and the lead's area, and the work groups
that reach across areas (VD1: clear responsibilities, shown for any date).

Read in a fixed number of queries whatever the size of the organisation; drawing it is the
web's business (``web.picture``), which decides how much of it fits in one picture.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

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
from ansvar.org.selectors import active_clients_on, client_lead_ids_on, employed_on, valid_on


@dataclass(frozen=True)
class ClientNode:
    client: Client
    lead: Person | None
    area_id: int | None  # the lead's area on the date: where the client is led from
    # Other areas -> how many of the work group's people come from there (cross-area work).
    others: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AreaNode:
    area: BusinessArea
    manager: Person | None
    people: int  # employed members on the date
    clients: list[ClientNode]


@dataclass(frozen=True)
class OrgPicture:
    organisation: Organisation
    at: date
    ceo: Person | None
    areas: list[AreaNode]
    unplaced: list[ClientNode]  # led by someone in no area on the date (or by nobody)

    @property
    def clients(self) -> list[ClientNode]:
        return [c for a in self.areas for c in a.clients] + self.unplaced

    def area(self, area_id: int) -> AreaNode | None:
        return next((a for a in self.areas if a.area.pk == area_id), None)

    def crossings(self) -> Counter[tuple[int, int]]:
        """(area leading the client, area of a work-group member) -> work-group places."""
        counts: Counter[tuple[int, int]] = Counter()
        for c in self.clients:
            if c.area_id is not None:
                for other, n in c.others.items():
                    counts[(c.area_id, other)] += n
        return counts


def org_picture(organisation: Organisation, at: date) -> OrgPicture:
    """The organisation on ``at``: holdings, areas, members, active clients with their lead
    (``client_lead_ids_on``, a lapse tick has not written included) and work groups, in
    eight queries; rows are read with only the columns a picture shows."""
    holdings = list(
        Holding.objects.filter(valid_on(at), organisation=organisation)
        .exclude(kind=Holding.Kind.CLIENT_LEAD)
        .select_related("person")
    )
    ceo = next((h.person for h in holdings if h.kind == Holding.Kind.CEO), None)
    managers = {h.area_id: h.person for h in holdings if h.kind == Holding.Kind.AREA_MANAGER}
    areas = list(
        BusinessArea.objects.filter(organisation=organisation, created_on__lte=at).order_by(
            "name", "pk"
        )
    )
    employed = Employment.objects.filter(employed_on(at)).values("person_id")
    area_of = dict(
        AreaMembership.objects.filter(
            valid_on(at), area__organisation=organisation, person__in=employed
        ).values_list("person_id", "area_id")
    )
    leads = client_lead_ids_on(organisation, at)
    names = {
        p.pk: p
        for p in Person.objects.filter(organisation=organisation).only("pk", "name", "email")
    }
    clients = list(
        active_clients_on(organisation, at).only("pk", "slug", "name").order_by("name", "pk")
    )
    others: dict[int, Counter[int]] = {}
    for client_id, person_id in WorkGroupMembership.objects.filter(
        valid_on(at), client__organisation=organisation, person__in=employed
    ).values_list("client_id", "person_id"):
        lead = leads.get(client_id)
        home = area_of.get(lead) if lead is not None else None
        theirs = area_of.get(person_id)
        if home is not None and theirs is not None and theirs != home:
            others.setdefault(client_id, Counter())[theirs] += 1
    by_area: dict[int | None, list[ClientNode]] = {}
    for client in clients:
        lead = leads.get(client.pk)
        home = area_of.get(lead) if lead is not None else None
        node = ClientNode(
            client,
            names.get(lead) if lead is not None else None,
            home,
            dict(sorted(others.get(client.pk, Counter()).items())),
        )
        by_area.setdefault(home, []).append(node)
    people = Counter(area_of.values())
    drawn = {a.pk for a in areas}
    return OrgPicture(
        organisation,
        at,
        ceo,
        [AreaNode(a, managers.get(a.pk), people[a.pk], by_area.get(a.pk, [])) for a in areas],
        [c for home, nodes in by_area.items() if home not in drawn for c in nodes],
    )
