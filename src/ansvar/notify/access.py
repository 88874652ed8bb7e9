"""Who administers the mail: sees the outbox on /utskick/ and sends a failed message again.

One function, so the rule can change in one place: today the CEO (the organisation has no
other role that runs Ansvar itself); a technical administrator's role replaces it here.
"""

from datetime import date

from ansvar.org.models import Person
from ansvar.org.selectors import ceo_on


def may_administer_mail(person: Person, at: date) -> bool:
    ceo = ceo_on(person.organisation, at)
    return ceo is not None and ceo.pk == person.pk
