"""The access log: every allowed read of sensitive personal data (salaries, talk notes) is a
row here, written by the read itself, so a person can learn who looked (GDPR Art. 15).
The rows are chained per organisation (``decisions.records``) and the database refuses to
change or delete them."""

from django.utils import timezone

from ansvar.decisions import records
from ansvar.decisions.models import AccessRecord
from ansvar.org.models import Organisation, Person


def record_access(
    organisation: Organisation,
    viewer: Person | None,
    subject: Person | None,
    what: str,
    purpose: str,
) -> AccessRecord:
    """One read. No ``viewer``: read on the server (a command), not by a person of the
    organisation; no ``subject``: a read of everyone's data (the organisation's export)."""
    (row,) = records.add_accesses(
        organisation,
        timezone.now(),
        [(viewer.pk if viewer else None, subject.pk if subject else None, what, purpose)],
    )
    return row


def record_accesses(
    organisation: Organisation,
    viewer: Person,
    reads: list[tuple[Person, str]],
    purpose: str,
) -> list[AccessRecord]:
    """Several reads at once (a page of the log showing many salaries): one insert."""
    return records.add_accesses(
        organisation,
        timezone.now(),
        [(viewer.pk, subject.pk, what, purpose) for subject, what in reads],
    )
