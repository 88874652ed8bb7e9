"""The CEO's duties from client work: veto decisions pending (VD5), criticism to acknowledge
(KA7). Derived from the data on the date asked; nothing is stored as a to-do."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from ansvar.clients.models import CriticismReport
from ansvar.duties.registry import Duty, not_the_ceo, provider
from ansvar.org.models import Assignment, Organisation, Person
from ansvar.org.selectors import ceo_on
from ansvar.policy.workdays import last_day_of_window, nth_working_day_after


@provider("veto_decision")
def veto_decisions(
    organisation: Organisation, at: date, person: Person | None = None
) -> Iterable[Duty]:
    """Each proposal still open to a veto on ``at``: the CEO decides by the window's last day."""
    if not_the_ceo(organisation, at, person):
        return
    open_ = Assignment.objects.filter(
        Q(status=Assignment.Status.PROPOSED) | Q(decided_on__gt=at),
        organisation=organisation,
        proposed_on__lte=at,
        window_closes_on__gt=at,
    ).select_related("client")
    ceo = ceo_on(organisation, at)
    for a in open_:
        what_sv = "ny kund" if a.is_new_client else "nytt uppdrag"
        what_en = "new client" if a.is_new_client else "new assignment"
        yield Duty(
            kind="veto_decision",
            clause="VD5",
            owner=ceo,
            due_on=last_day_of_window(a.proposed_on, a.window_closes_on),
            title_sv=f"Veto eller inte: {what_sv} {a.client.name}, {a.title}",
            title_en=f"Veto or not: {what_en} {a.client.name}, {a.title}",
            subject=f"assignment:{a.pk}",
        )


@provider("unacknowledged_criticism")
def unacknowledged_criticism(
    organisation: Organisation, at: date, person: Person | None = None
) -> Iterable[Duty]:
    """Criticism reported by ``at`` and not yet acknowledged by the CEO (KA7)."""
    if not_the_ceo(organisation, at, person):
        return
    days = organisation.policy_int("criticism_acknowledgement_days")
    reports = CriticismReport.objects.filter(
        Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gt=at),
        organisation=organisation,
        reported_on__lte=at,
    ).select_related("client")
    ceo = ceo_on(organisation, at)
    for r in reports:
        yield Duty(
            kind="unacknowledged_criticism",
            clause="KA7",
            owner=ceo,
            due_on=nth_working_day_after(r.reported_on, days),
            title_sv=f"Kvittera kundkritik från {r.client.name}",
            title_en=f"Acknowledge client criticism from {r.client.name}",
            subject=f"criticism:{r.pk}",
        )
