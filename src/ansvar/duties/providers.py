"""Duties of the organisation itself (P4). Other apps register theirs in their own modules."""

from collections.abc import Iterable
from datetime import date

from ansvar.duties.registry import Duty, not_the_ceo, provider
from ansvar.org import responsibility
from ansvar.org.models import Organisation, Person
from ansvar.org.selectors import ceo_on


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
    """The duties of ``unowned_areas``: one per row of ``responsibility.unowned``, which
    finds them in SQL. ``only``: (area ids, client ids) to look at instead of the whole
    organisation. The organisation's own row (no CEO) is the board's to fill, outside
    Ansvar."""
    rows = [
        (r.target, r.name)
        for r in responsibility.unowned(organisation, at, only=only)
        if r.target != "org"
    ]
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
