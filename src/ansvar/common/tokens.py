"""Secret tokens handed to a person once (API tokens, calendar feed addresses): only their
SHA-256 digest is stored, so a copy of the database cannot be used to act or to read."""

import hashlib
import secrets


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
