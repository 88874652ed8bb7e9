"""Duties of the organisation itself (P4). Other apps register theirs in their own modules."""

from collections.abc import Iterable
from datetime import date

from ansvar.duties.registry import Duty, not_the_ceo, provider
from ansvar.org.models import BusinessArea, Holding, Organisation, Person
from ansvar.org.selectors import active_clients_on, ceo_on, unsettled_lapses, valid_on


@provider("unowned_area")
def unowned_areas(
    organisation: Organisation, at: date, person: Person | None = None
) -> Iterable[Duty]:
    """An area with no decision maker is the CEO's most urgent duty (P4)."""
    if not_the_ceo(organisation, at, person):
        return
    yield from unowned(organisation, at)


def unowned(
    organisation: Organisation,
    at: date,
    only: tuple[Iterable[int], Iterable[int]] | None = None,
) -> Iterable[Duty]:
    """The duties of ``unowned_areas``, the same rows as ``responsibility.unowned`` found in
    SQL: areas and active clients that exist on ``at`` with no holding valid on ``at`` (nor a
    lapse tick has not settled). ``only``: (area ids, client ids) to look at instead of the
    whole organisation."""
    held = Holding.objects.filter(valid_on(at), organisation=organisation)
    areas = BusinessArea.objects.filter(organisation=organisation, created_on__lte=at).exclude(
        pk__in=held.filter(kind=Holding.Kind.AREA_MANAGER, area__isnull=False).values("area_id")
    )
    clients = (
        active_clients_on(organisation, at)
        .exclude(
            pk__in=held.filter(kind=Holding.Kind.CLIENT_LEAD, client__isnull=False).values(
                "client_id"
            )
        )
        .exclude(pk__in=unsettled_lapses(organisation, at).values("client_id"))
    )
    if only is not None:
        area_ids, client_ids = list(only[0]), list(only[1])
        areas = areas.filter(pk__in=area_ids) if area_ids else areas.none()
        clients = clients.filter(pk__in=client_ids) if client_ids else clients.none()
    rows = [(f"area:{a.slug}", a.name) for a in areas.only("slug", "name")]
    rows += [(f"client:{c.slug}", c.name) for c in clients.only("slug", "name")]
    if not rows:
        return
    ceo = ceo_on(organisation, at)
    for target, name in rows:
        yield Duty(
            kind="unowned_area",
            clause="P4",
            owner=ceo,
            due_on=at,
            title_sv=f"Utse en beslutsfattare för {name}",
            title_en=f"Appoint a decision maker for {name}",
            subject=target,
            urgent=True,
        )
