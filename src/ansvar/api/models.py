"""Personal API tokens: a script acts with exactly its owner's rights and nothing more."""

from django.db import models

from ansvar.org.models import Person


class ApiToken(models.Model):
    """A token is shown once when made; only its SHA-256 is stored, with a short prefix so
    its owner can tell their tokens apart. Revoked or expired tokens authenticate nobody."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
