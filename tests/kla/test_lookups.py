"""kla/lookups.py: ``AnyOf`` finds what ``__in`` finds, with the ids as one parameter on
PostgreSQL (the score loader reads a cycle's evidence with it)."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from kla.lookups import AnyOf
from kla.wilayah.models import Region


def test_any_of_finds_the_rows_in_finds_and_none_for_no_ids(kota_serang):
    regions = list(Region.objects.order_by("pk"))
    wanted = [regions[0].pk, regions[-1].pk, 987_654]  # one id that is no row

    found = Region.objects.filter(AnyOf(F("id"), wanted)).order_by("pk")

    assert list(found) == list(Region.objects.filter(id__in=wanted).order_by("pk"))
    assert [r.pk for r in found] == [regions[0].pk, regions[-1].pk]
    assert not Region.objects.filter(AnyOf(F("id"), [])).exists()


def test_on_postgresql_the_ids_are_one_array_parameter(kota_serang):
    ids = list(Region.objects.values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as queries:
        assert Region.objects.filter(AnyOf(F("id"), ids)).count() == len(ids)

    sql = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:  # the embedded SQLite: the usual IN list
        assert " IN (" in sql


def test_ids_are_read_once_and_a_query_is_refused(kota_serang):
    ids = list(Region.objects.values_list("pk", flat=True))
    found = Region.objects.filter(AnyOf(F("id"), (pk for pk in ids)))

    assert found.count() == len(ids)
    assert found.count() == len(ids)  # compiled again: the generator was read once, up front
    with pytest.raises(TypeError, match="list of integer ids"):
        Region.objects.filter(AnyOf(F("id"), Region.objects.values("pk")))
