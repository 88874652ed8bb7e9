"""``IdList`` answers what ``field__in=ids`` answers, on SQLite and on PostgreSQL: with some
ids, with ids that match nothing, with none, and beside other filters and a subquery."""

import pytest

from ansvar.common.sql import IdList
from ansvar.org.models import Employment, Person


def _pks(query):
    return sorted(query.values_list("pk", flat=True))


@pytest.mark.parametrize("pick", ["some", "none_match", "empty", "all"])
def test_an_id_list_filters_as_a_list_does(org, people, pick):
    every = sorted(p.pk for p in people.values())
    ids = {
        "some": every[::2],
        "none_match": [max(every) + 1000, max(every) + 2000],
        "empty": [],
        "all": every,
    }[pick]
    rows = Person.objects.filter(organisation=org)
    assert _pks(rows.filter(pk__in=IdList(ids))) == _pks(rows.filter(pk__in=ids))
    if pick == "some":
        assert _pks(rows.filter(pk__in=IdList(ids))) == ids
    employed = Employment.objects.filter(person__organisation=org)
    assert _pks(employed.filter(person_id__in=IdList(ids))) == _pks(
        employed.filter(person_id__in=ids)
    )
    # Inside a subquery and negated, as the duties use it.
    inner = Person.objects.filter(pk__in=IdList(ids)).values("pk")
    assert _pks(employed.exclude(person_id__in=inner)) == _pks(employed.exclude(person_id__in=ids))


def test_an_id_list_takes_thousands_of_ids_as_one_parameter(org):
    ids = list(range(1, 5001))
    sql, params = Person.objects.filter(pk__in=IdList(ids)).query.sql_with_params()
    assert len(params) == 1 and " IN (SELECT " in sql
    assert Person.objects.filter(pk__in=IdList(ids)).count() == org.people.count()
