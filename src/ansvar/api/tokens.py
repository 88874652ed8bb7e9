"""Making, finding and revoking personal API tokens."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ansvar.api.models import ApiToken
from ansvar.common.tokens import digest, new_token
from ansvar.org.models import Person

PREFIX = "ansvar_"


@dataclass(frozen=True)
class NewToken:
    token: str  # shown once, never stored
    row: ApiToken


def issue(person: Person, name: str = "", expires_in_days: int | None = None) -> NewToken:
    token = new_token(PREFIX)
    now = timezone.now()
    row = ApiToken.objects.create(
        person=person,
        name=(name or "token").strip()[:100],
        prefix=token[: len(PREFIX) + 5],
        token_hash=digest(token),
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    return NewToken(token, row)


def owner(token: str) -> Person | None:
    """The person a live token belongs to (noting its use); None for any other string."""
    now = timezone.now()
    row = (
        ApiToken.objects.filter(token_hash=digest(token), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("person__organisation")
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.person


def of(person: Person) -> list[ApiToken]:
    return list(ApiToken.objects.filter(person=person))


def revoke(person: Person, token_id: int) -> bool:
    return bool(
        ApiToken.objects.filter(person=person, pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
