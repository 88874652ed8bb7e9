"""The facts of an account action, for the rules in ``policy.rules.accounts``."""

from datetime import date

from django.contrib.auth.models import User

from ansvar.accounts.models import TechnicalAdministrator
from ansvar.accounts.selectors import technical_administrators_on
from ansvar.org.models import Employment, Organisation, Person
from ansvar.policy.decision import Party
from ansvar.policy.facts import AccountFacts


def account_facts(organisation: Organisation, person: Person | None, at: date) -> AccountFacts:
    administrators = [a.person for a in technical_administrators_on(organisation, at)]
    parties = tuple(Party(p.email, p.name) for p in administrators)
    if person is None:
        return AccountFacts(administrators=parties)
    user = User.objects.filter(pk=person.user_id).first() if person.user_id else None
    employments = list(Employment.objects.filter(person=person))
    ahead = any(e.last_day is None or e.last_day >= at for e in employments)
    ended = [e.last_day for e in employments if e.last_day is not None]
    taken = user is None and User.objects.filter(username=person.email).exists()
    return AccountFacts(
        administrators=parties,
        has_account=user is not None,
        password_set=user is not None and user.has_usable_password(),
        account_active=user is not None and user.is_active,
        employed_ahead=ahead,
        last_day=None if ahead or not ended else max(ended),
        # An open period, from ``at`` or recorded from a later day, is one already.
        administrator=any(p.pk == person.pk for p in administrators)
        or TechnicalAdministrator.objects.filter(person=person, valid_to__isnull=True).exists(),
        login_taken=taken,
    )
