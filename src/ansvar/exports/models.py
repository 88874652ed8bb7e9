"""What the data-out features keep: the secret addresses of people's calendar feeds."""

from django.db import models
from django.db.models import Q

from ansvar.org.models import Person


class CalendarFeed(models.Model):
    """A person's calendar feed. The address holds a secret token; only its SHA-256 is stored,
    so the address is shown once, and revoking makes it answer 404 from then on."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(revoked_at__isnull=True), name="one_open_feed"
            )
        ]
