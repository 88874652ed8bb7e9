"""Inserting many rows at once, cheaper than ``bulk_create``: ids reserved up front, the
rows as plain tuples, one ``executemany`` a batch on SQLite and ``COPY`` on PostgreSQL.

For builds that insert hundreds of thousands of rows in one transaction (the demo), where
Django building a model instance and an ``INSERT`` statement per row costs more than the
database. The values must already be what the column stores (``db_value`` adapts the
few Python types that need it); nothing is validated beyond the database's constraints.
"""

from collections.abc import Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.db import connection, connections, models

BATCH = 20_000
# Fields whose Python value is what the column takes, on SQLite and on PostgreSQL alike.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def reserve_ids(table: str, count: int) -> list[int]:
    """``count`` fresh primary keys for ``table``, inside the caller's transaction.

    PostgreSQL takes them from the column's sequence (``nextval``), so concurrent inserts of
    other transactions never collide with them. SQLite has one writer at a time (the
    IMMEDIATE transaction holds the database's write lock): the keys follow the largest in
    use, and the table's ``AUTOINCREMENT`` counter follows the inserted rows."""
    if count <= 0:
        return []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [quote(table), count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({quote('id')}) FROM {quote(table)}")
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(top, row[0] if row else 0)
    return list(range(top + 1, top + 1 + count))


def db_value(value: Any) -> Any:
    """A Python value as the database column takes it on this connection."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def create[M: models.Model](objs: Sequence[M]) -> Sequence[M]:
    """``Model.objects.bulk_create(objs)`` for new rows of one model, faster: the keys are
    reserved up front (``reserve_ids``) and set on the instances, each value is prepared as
    ``bulk_create`` prepares it (``pre_save``, ``get_db_prep_save``) except those a column
    takes as they are, and the rows go in a batch at a time (``insert``). Sends no signals,
    as ``bulk_create`` does not."""
    if not objs:
        return objs
    meta = type(objs[0])._meta
    if not isinstance(meta.pk, models.fields.AutoFieldMixin) or meta.pk.column != "id":
        return type(objs[0])._default_manager.bulk_create(objs)
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    plain = [
        isinstance(f, _PLAIN)
        or (isinstance(f, models.ForeignKey) and isinstance(f.target_field, _PLAIN))
        for f in fields
    ]
    # A day as the column takes it (what ``get_db_prep_save`` gives for a ``DateField``).
    days = [type(f) is models.DateField for f in fields]
    ids = reserve_ids(meta.db_table, len(objs))
    conn = connections[connection.alias]  # the connection itself, not the per-thread proxy
    alias = conn.alias
    sqlite = conn.vendor == "sqlite"
    rows = []
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        row = [pk]
        for f, as_is, day in zip(fields, plain, days, strict=True):
            if as_is:
                row.append(getattr(obj, f.attname))
            elif day and not f.auto_now and not f.auto_now_add:
                value = getattr(obj, f.attname)
                row.append(value.isoformat() if sqlite and value is not None else value)
            else:
                row.append(f.get_db_prep_save(f.pre_save(obj, True), conn))
        rows.append(row)
        obj._state.adding = False
        obj._state.db = alias
    columns = [meta.pk.column, *(f.column for f in fields)]
    it = iter(rows)
    while batch := list(islice(it, BATCH)):
        insert(meta.db_table, columns, batch)
    return objs


def insert(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table``.

    JSON columns take their text (PostgreSQL parses it into jsonb as it would a parameter);
    dates and moments go through ``db_value`` or come as the column's text."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
