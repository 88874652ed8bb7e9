"""Duties of the organisation itself (P4). Other apps register theirs in their own modules."""

from collections.abc import Iterable
from datetime import date

from ansvar.duties.registry import Duty, provider
from ansvar.org.models import Organisation
from ansvar.org.responsibility import responsibility_map


@provider("unowned_area")
def unowned_areas(organisation: Organisation, at: date) -> Iterable[Duty]:
    """An area with no decision maker is the CEO's most urgent duty (P4)."""
    rows = responsibility_map(organisation, at)
    ceo = rows[0].holder
    for r in rows:
        if r.holder is None:
            yield Duty(
                kind="unowned_area",
                clause="P4",
                owner=ceo,
                due_on=at,
                title_sv=f"Utse en beslutsfattare för {r.name}",
                title_en=f"Appoint a decision maker for {r.name}",
                subject=r.target,
                urgent=True,
            )
