"""Erasing a person's personal data on request (GDPR art. 17).

The system does it, through ``perform`` like every decision, so the erasure is an entry in
the chain it erases from; the entry names the person by id only.

Besides the log's personal payloads, texts about the person are kept by packages above this
one (the in-app notifications and the e-mail outbox of ``ansvar.notify``). They may not be
imported from here, so each registers a function with ``register_eraser`` when Django starts;
the action calls every one of them inside the erasure's transaction and records their counts in the
entry's public part.
"""

from collections.abc import Callable
from datetime import date

from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.engine.actor import SYSTEM
from ansvar.engine.registry import Outcome, SystemContext, action, perform
from ansvar.org.models import Organisation, Person
from ansvar.policy.actions import ActionName

# (organisation, person, ids of the log entries about them) -> {what: how many emptied}
Eraser = Callable[[Organisation, Person, list[int]], dict[str, int]]

_ERASERS: dict[str, Eraser] = {}


def register_eraser(name: str, eraser: Eraser) -> None:
    """Add ``eraser`` to what the GDPR erasure does; registering a name again replaces it."""
    _ERASERS[name] = eraser


@action(ActionName.ERASE_PERSONAL_DATA)
def do_erase_personal_data(ctx: SystemContext, person: Person) -> Outcome:
    ids = log.entries_about(ctx.organisation, person.pk, person.email)
    erased = log.erase_payloads(ctx.organisation, ids)
    log.forget_address(ctx.organisation, person.email)
    public: dict[str, int] = {"person": person.pk, "payloads_erased": erased}
    for name in sorted(_ERASERS):
        public.update(_ERASERS[name](ctx.organisation, person, ids))
    return Outcome(erased, public=public)


def erase_person(
    organisation: Organisation, person: Person, *, effective_on: date
) -> tuple[int, Entry]:
    """GDPR erasure: erase the personal payloads about or by ``person``, empty the texts of
    the notifications and e-mail to or about them, and append the entry that records it
    (``erase_personal_data``, by the system). The chain keeps verifying."""
    done = perform(
        organisation,
        SYSTEM,
        ActionName.ERASE_PERSONAL_DATA,
        f"person:{person.pk}",
        at=effective_on,
    )
    return done.result, done.entry
