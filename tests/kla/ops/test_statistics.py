"""After a bulk load the planner's statistics are refreshed (kla/ops/statistics.py): PostgreSQL
only (CI runs it); SQLite gathers none."""

import pytest
from django.db import connection

from evaluations.models import Entry
from kla.ops.statistics import refresh_planner_statistics
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
)


def estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_the_planner_sees_the_rows_just_loaded(kota_serang, admin_dp3akb, instrument):
    refresh_planner_statistics()  # whatever an earlier test left: the planner sees no entry
    factories.make_cycle(city=kota_serang, by=admin_dp3akb)
    count = Entry.objects.count()
    assert count > 0
    assert estimated_rows(Entry._meta.db_table) != count  # not seen yet
    refresh_planner_statistics()
    assert estimated_rows(Entry._meta.db_table) == count
