"""Fixtures for the demo generator: one demo organisation drawn for a fixed day."""

from datetime import date

import pytest

from ansvar import demo

TODAY = date(2026, 11, 2)


@pytest.fixture
def demo_org(db):
    return demo.load(people=45, seed=1, today=TODAY)
