"""The one-time link of an invitation: Django's password-reset token, with its own salt and
the invitation's validity (``ANSVAR_INVITATION_DAYS``) instead of the reset's."""

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Like Django's reset token, the hash covers the stored password, so choosing one (or
    a newer invitation, which replaces the unusable password) ends every earlier link."""

    key_salt = "ansvar.accounts.tokens.InvitationTokenGenerator"

    def check_token(self, user: Any, token: str | None) -> bool:
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - ts
        return age <= settings.ANSVAR_INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()
