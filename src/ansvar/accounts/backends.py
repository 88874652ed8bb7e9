"""Log-in: Django's ModelBackend, refusing a person whose employment has ended.

A person may log in while employed and before the first day (a hire sets the password the
invitation asks for and can see their page); from the day after the last day they cannot,
and a session they still have ends on their next request. A log-in linked to no person (an
operator's) is not affected: it sees no organisation's data. The rule "employed on the day
or later" is ``accounts.selectors.employed_from``, used here, by the password reset and by
the accounts page. The address is matched in lower case, as people's addresses are stored.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone

from ansvar.accounts.selectors import (
    has_person_annotation,
    is_ceo_annotation,
    may_log_in_annotation,
)


def may_log_in(user: Any) -> bool:
    """Whether ``user`` may log in today: active, and not a person whose employment ended."""
    if not user.is_active:
        return False
    if hasattr(user, "_ansvar_employed"):
        return not user._ansvar_has_person or user._ansvar_employed
    checked = (
        User.objects.filter(pk=user.pk)
        .annotate(
            _ansvar_has_person=has_person_annotation(),
            _ansvar_employed=may_log_in_annotation(timezone.localdate()),
        )
        .values_list("_ansvar_has_person", "_ansvar_employed")
        .first()
    )
    return checked is not None and (not checked[0] or checked[1])


class EmployedBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.pop(User.USERNAME_FIELD, None)
        if username is not None:
            username = username.strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user: Any) -> bool:
        return may_log_in(user)

    def get_user(self, user_id: Any) -> Any:
        """The session's user in one query, with whether they may still log in and whether
        they are the CEO today (the header shows the CEO's menu to them only)."""
        today = timezone.localdate()
        user = (
            User._default_manager.filter(pk=user_id)
            .annotate(
                _ansvar_has_person=has_person_annotation(),
                _ansvar_employed=may_log_in_annotation(today),
                _ansvar_is_ceo=is_ceo_annotation(today),
            )
            .first()
        )
        return user if user is not None and may_log_in(user) else None
