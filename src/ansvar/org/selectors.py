"""Reads of the organisation: who holds what, as of a date, in a fixed number of queries."""

from datetime import date

from django.db.models import Q, QuerySet

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


def valid_on(at: date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to) period contains ``at``."""
    return Q(**{f"{prefix}valid_from__lte": at}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": at})
    )


def employed_on(at: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": at}) & (
        Q(**{f"{prefix}last_day__isnull": True}) | Q(**{f"{prefix}last_day__gte": at})
    )


def holdings_on(organisation: Organisation, at: date) -> QuerySet[Holding]:
    return Holding.objects.filter(valid_on(at), organisation=organisation).select_related(
        "person", "area", "client"
    )


def ceo_on(organisation: Organisation, at: date) -> Person | None:
    holding = holdings_on(organisation, at).filter(kind=Holding.Kind.CEO).first()
    return holding.person if holding else None


def holding_on(at: date, **scope: object) -> Holding | None:
    """The holding of one area of responsibility on ``at`` (``area=``, ``client=``, or
    ``organisation=..., kind=CEO``), with its person; None when nobody holds it."""
    return Holding.objects.filter(valid_on(at), **scope).select_related("person").first()


def area_manager_on(area: BusinessArea, at: date) -> Person | None:
    holding = holding_on(at, area=area)
    return holding.person if holding else None


def area_of(person: Person, at: date) -> BusinessArea | None:
    membership = (
        AreaMembership.objects.filter(valid_on(at), person=person).select_related("area").first()
    )
    return membership.area if membership else None


def active_people(organisation: Organisation, at: date) -> QuerySet[Person]:
    employed = Employment.objects.filter(employed_on(at)).values("person_id")
    return Person.objects.filter(organisation=organisation, pk__in=employed)


def work_group_on(client: Client, at: date) -> QuerySet[WorkGroupMembership]:
    return WorkGroupMembership.objects.filter(valid_on(at), client=client).select_related("person")
