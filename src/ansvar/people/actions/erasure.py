"""Erasing a person's personal data on request (GDPR art. 17).

The system does it, through ``perform`` like every decision, so the erasure is an entry in
the chain it erases from; the entry names the person by id only.
"""

from datetime import date

from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.engine.actor import SYSTEM
from ansvar.engine.registry import Outcome, SystemContext, action, perform
from ansvar.org.models import Organisation, Person
from ansvar.policy.actions import ActionName


@action(ActionName.ERASE_PERSONAL_DATA)
def do_erase_personal_data(ctx: SystemContext, person: Person) -> Outcome:
    ids = log.entries_about(ctx.organisation, person.pk, person.email)
    erased = log.erase_payloads(ctx.organisation, ids)
    return Outcome(erased, public={"person": person.pk, "payloads_erased": erased})


def erase_person(
    organisation: Organisation, person: Person, *, effective_on: date
) -> tuple[int, Entry]:
    """GDPR erasure: erase the personal payloads about or by ``person`` and append the entry
    that records it (``erase_personal_data``, by the system). The chain keeps verifying."""
    done = perform(
        organisation,
        SYSTEM,
        ActionName.ERASE_PERSONAL_DATA,
        f"person:{person.pk}",
        at=effective_on,
    )
    return done.result, done.entry
