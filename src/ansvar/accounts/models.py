"""Technical administrators and invitations. The log-in itself is Django's ``auth.User``,
linked from ``org.Person.user``."""

from django.db import models
from django.db.models import Q

from ansvar.org.models import Organisation, Person


class TechnicalAdministrator(models.Model):
    """A person who manages the organisation's accounts from ``valid_from`` until
    ``valid_to`` (exclusive; empty while current). It gives no decision right of the policy."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="technical_administrators"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="technical_administrator_periods"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    # Empty for the first one, set from the server with `ansvar admin add`.
    appointed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="one_open_technical_administrator_period",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="technical_administrator_dates_in_order",
            ),
        ]


class Invitation(models.Model):
    """One e-mail with a one-time link to set a password, valid until ``expires_at``.

    The link is Django's password-reset token with a salt of its own (``accounts.tokens``):
    setting the password, or a newer invitation, makes every earlier link useless."""

    class Basis(models.TextChoices):
        INVITED = "invited", "Inbjuden"
        RESENT = "resent", "Skickad igen"
        HIRED = "hired", "Anställd"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invitations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    basis = models.CharField(max_length=10, choices=Basis.choices)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # The administrator who invited, or the area manager whose hire did.
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the mail server took the e-mail; empty while it has not (an error is logged).
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the person set their password through this invitation.
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
        ]
