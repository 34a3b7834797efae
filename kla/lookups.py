"""``AnyOf(F("entry_id"), ids)``: a column among many known ids, as one parameter.

Django turns ``filter(entry_id__in=ids)`` into ``IN (%s, %s, ...)`` and prepares every value on
its own: for a cycle's ~1,300 entries, as the score loader reads their evidence on every load
of a cycle (each refresh after a change, and each process's reload, under load several times a
second), ~2.6 ms of Python and a longer statement for PostgreSQL to parse. On PostgreSQL this
sends ``= ANY(%s)`` with the ids as one array (psycopg2 adapts a list); elsewhere (the embedded
SQLite) it is the usual ``IN`` list.
"""

from django.db.models import Lookup
from django.db.models.lookups import In


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False  # the list is one value, not a value of the column

    def as_sql(self, compiler, connection):
        return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, [int(value) for value in self.rhs])
