"""Who acts: a person of the organisation, or the system itself.

The system founds organisations, imports history, settles veto windows that closed without a
veto and erases personal data when its time is up. It is no ``Person``: the decision log
records no actor id for it and the role "system", and the rules let it take only its own
actions (``policy.rules.system``), which no person may take.
"""

from dataclasses import dataclass

from ansvar.decisions.log import SYSTEM_LABEL
from ansvar.org.models import Person


@dataclass(frozen=True)
class SystemActor:
    """The system as an actor; ``SYSTEM`` is its one instance."""

    name: str = "Systemet"
    name_en: str = "the system"

    def __str__(self) -> str:
        return SYSTEM_LABEL


SYSTEM = SystemActor()

Actor = Person | SystemActor
