"""The writes of the mail pages. Neither is a policy decision, so neither is logged: a
person's own choice of e-mail, and the administrator sending a failed message again."""

from django.db import transaction

from ansvar.notify.delivery import send_again
from ansvar.notify.models import OutboxMessage, Preference
from ansvar.notify.record import enqueue_delivery
from ansvar.org.models import Person


def choose_mail(person: Person, mode: str, language: str) -> None:
    """The person's own choice; the caller has checked both values."""
    with transaction.atomic():
        Preference.objects.update_or_create(person=person, defaults={"mode": mode})
        Person.objects.filter(pk=person.pk).update(language=language)


def send_failed_again(message: OutboxMessage) -> bool:
    """Put a failed message back in line and wake the worker; False if it had not failed."""
    with transaction.atomic():
        again = send_again(message)
        if again:
            transaction.on_commit(enqueue_delivery)
    return again
