"""Every write of the people processes, each an action through the one action path.

Who may act is the rule's business (``policy.rules``); a handler checks its input, makes the
effect and says what the log records. Amounts, notes, names and e-mail addresses go in the
personal payload only (the arguments are there already), never in ``public``. One module per
sub-domain; importing the package registers them all.
"""

from ansvar.people.actions import (
    coaching,
    employment,
    erasure,
    recruitment,
    retention,
    rotation,
    salary,
    talks,
)
from ansvar.people.actions.recruitment import erase_expired_candidates
from ansvar.people.actions.retention import erase_expired_texts

__all__ = [
    "coaching",
    "employment",
    "erase_expired_candidates",
    "erase_expired_texts",
    "erasure",
    "recruitment",
    "retention",
    "rotation",
    "salary",
    "talks",
]
