"""Fixtures for the demo generator: one demo organisation drawn for a fixed day."""

from datetime import date

import pytest

from ansvar import demo

TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _fast_password_hash(settings):
    """The demo hashes its password once per build; a fast hasher keeps the tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_org(db):
    return demo.load(people=45, seed=1, today=TODAY)
