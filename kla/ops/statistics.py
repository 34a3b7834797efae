"""Planner statistics after a bulk load.

PostgreSQL plans from statistics that autovacuum refreshes only after enough rows changed and
some time passed; right after a bulk load (the demo, the generated nation) a query can be
planned for the empty tables it saw before: the worklist's evidence query took 4 ms instead of
0.1 ms, by reading every current document through the wrong index, until the next ANALYZE.
Whatever loads many rows at once calls ``refresh_planner_statistics()`` when done.
"""

from django.db import connection


def refresh_planner_statistics() -> None:
    """ANALYZE the database on PostgreSQL (not on SQLite: the embedded default is a small
    local demo, planned well enough without gathered statistics)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
