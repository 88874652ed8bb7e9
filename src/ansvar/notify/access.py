"""Who administers the mail: sees the outbox on /utskick/ and sends a failed message again.

The organisation's technical administrators (``ansvar.accounts``): keeping Ansvar's mail
going is running Ansvar, not a decision of the policy, so it is theirs, and no policy role
(the CEO included) gives it.
"""

from datetime import date

from ansvar.accounts.selectors import is_technical_administrator
from ansvar.org.models import Person


def may_administer_mail(person: Person, at: date) -> bool:
    return is_technical_administrator(person, at)
