"""Log-in: only while employed. The accounts of people whose employment has ended (from the
day after their last day) neither log in nor keep a session; ``people.selectors`` says who."""

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from ansvar.people.selectors import users_who_may_log_in


class EmployedBackend(ModelBackend):
    """Django's password check, for accounts that may log in today."""

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        if user is None or user.pk is None or not super().user_can_authenticate(user):
            return False
        return users_who_may_log_in(timezone.localdate()).filter(pk=user.pk).exists()

    def get_user(self, user_id: Any) -> User | None:
        """The session's user in one query, or None once their employment has ended."""
        user = users_who_may_log_in(timezone.localdate()).filter(pk=user_id).first()
        return user if user is not None and super().user_can_authenticate(user) else None

    async def aget_user(self, user_id: Any) -> User | None:
        return await sync_to_async(self.get_user)(user_id)
