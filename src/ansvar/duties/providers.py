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
    """An area with no decision maker is the CEO's most urgent duty (P4).

    The same rows as ``responsibility.unowned``, found in SQL: areas and active clients that
    exist on ``at`` with no holding valid on ``at`` (nor a lapse tick has not settled)."""
    if not_the_ceo(organisation, at, person):
        return
    ceo = ceo_on(organisation, at)
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
    rows = [(f"area:{a.slug}", a.name) for a in areas.only("slug", "name")]
    rows += [(f"client:{c.slug}", c.name) for c in clients.only("slug", "name")]
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
