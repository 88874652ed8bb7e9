"""One model row by one indexed statement, without building a query set.

What a decision resolves (its target, the people and areas its arguments name) is one row
by a unique key: the ORM spends far longer composing that query than the database spends
answering it. ``one`` reads the model's columns in plain SQL and makes the instance as a
query set would (Django's ``Model.from_db``, each column through the converters the ORM
applies to it), so what the handler gets is the same row.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

Converter = Callable[[Any, Any, Any], Any]
_SHAPES: dict[
    tuple[str, type[Model]], tuple[str, list[str], list[tuple[int, Any, list[Converter]]]]
]
_SHAPES = {}


def _shape(model: type[Model]) -> tuple[str, list[str], list[tuple[int, Any, list[Converter]]]]:
    key = (connection.vendor, model)
    if key not in _SHAPES:
        table = model._meta.db_table
        fields = list(model._meta.concrete_fields)
        quote = connection.ops.quote_name
        select = ", ".join(f"{quote(table)}.{quote(str(f.column))}" for f in fields)
        converters = []
        for i, f in enumerate(fields):
            column = f.get_col(table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((i, column, found))
        _SHAPES[key] = (
            f"SELECT {select} FROM {quote(table)}",
            [f.attname for f in fields],
            converters,
        )
    return _SHAPES[key]


def one[M: Model](model: type[M], where: str, params: Sequence[Any]) -> M | None:
    """The first row of ``model`` that ``where`` (SQL on its own columns, ``%s`` for each of
    ``params``) selects, or None. ``where`` should name a unique key."""
    select, names, converters = _shape(model)
    with connection.cursor() as cursor:
        cursor.execute(f"{select} WHERE {where} LIMIT 1", list(params))
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for i, column, found in converters:
        for convert in found:
            values[i] = convert(values[i], column, connection)
    return model.from_db(connection.alias, names, values)
