"""The one way an account e-mail (invitation, password reset) leaves Ansvar.

Rendered in Swedish, then English: the recipient may not have chosen a language yet."""

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

LANGUAGES = ("sv", "en")


def render_account_mail(
    subject_template: str, body_template: str, context: dict[str, object]
) -> tuple[str, str]:
    """Subject and body, Swedish first and English after it."""
    subjects, bodies = [], []
    for language in LANGUAGES:
        with translation.override(language):
            subject = render_to_string(subject_template, context)
            subjects.append(" ".join(subject.split()))
            bodies.append(render_to_string(body_template, context).strip())
    return " / ".join(subjects), "\n\n\n".join(bodies) + "\n"


def send_account_mail(to: str, subject: str, body: str) -> bool:
    """Hand one e-mail to the mail server through Django's mail API; False (and an error in
    the log, without the address) when the server did not take it."""
    try:
        EmailMessage(subject, body, None, [to]).send()
    except OSError as error:  # refused connection, SMTP errors (SMTPException is an OSError)
        logger.error("account e-mail %r could not be sent: %s", subject, error)
        return False
    return True
