"""The access log: every allowed read of sensitive personal data (salaries, talk notes) is a
row here, written by the read itself, so a person can learn who looked (GDPR Art. 15)."""

from django.utils import timezone

from ansvar.decisions.models import AccessRecord
from ansvar.org.models import Organisation, Person


def record_access(
    organisation: Organisation, viewer: Person, subject: Person, what: str, purpose: str
) -> AccessRecord:
    return AccessRecord.objects.create(
        organisation=organisation,
        recorded_at=timezone.now(),
        viewer=viewer,
        subject=subject,
        what=what,
        purpose=purpose,
    )
