"""Making erased values leave the database's files, not only its rows (GDPR art. 17).

An UPDATE that empties a text, or a DELETE, leaves the old bytes behind unless the database
is told otherwise:

- SQLite: every connection runs with ``PRAGMA secure_delete=ON`` (``config.settings``), so
  content is overwritten with zeros when it is freed, by any connection and at any time;
  the erased page images that then sit in the write-ahead log (``-wal`` file), and the
  earlier ones that still hold the old values, go with a ``wal_checkpoint(TRUNCATE)``.
- PostgreSQL: an UPDATE writes a new row version and leaves the old one (a dead tuple) in the
  table until VACUUM removes it; ``VACUUM`` of the tables an erasure touched does that. It
  cannot run inside a transaction, so it runs once the erasure has committed.

``scrub_after_commit`` is what an erasure calls inside its transaction; the work runs on
commit (``transaction.on_commit``), and not at all if the transaction rolls back. What stays
in PostgreSQL's WAL segments and in backups is described in docs/reliability.md, "Erasure".
"""

import logging
from collections.abc import Iterable

from django.db import connection, transaction

logger = logging.getLogger("ansvar.storage")


def scrub(tables: Iterable[str]) -> None:
    """Remove what is left of erased values in the database files: a WAL checkpoint that
    truncates the ``-wal`` file (SQLite), VACUUM of ``tables`` (PostgreSQL). Outside a
    transaction."""
    names = sorted(set(tables))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _, _ = cursor.fetchone()
            if busy:
                # A reader still holds an older snapshot; the next checkpoint (SQLite's own,
                # or the next erasure's) finishes the copy and the truncation.
                logger.warning("WAL checkpoint after an erasure was blocked by a reader")
        elif connection.vendor == "postgresql" and names:
            quoted = ", ".join(connection.ops.quote_name(n) for n in names)
            cursor.execute(f"VACUUM {quoted}")


def scrub_after_commit(tables: Iterable[str]) -> None:
    """Run ``scrub(tables)`` once the current transaction commits."""
    names = sorted(set(tables))
    transaction.on_commit(lambda: scrub(names))
