"""What every PostgreSQL connection of Ansvar's is set up with."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL pass runs it")
@pytest.mark.django_db
def test_queries_are_not_jit_compiled():
    # The signals' read at 10,000 people ran 60 ms and spent 1.3 s compiling (settings.py).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
