"""``AnyOf(F("entry_id"), ids)``: an integer column among many known ids, as one parameter.

Django turns ``filter(entry_id__in=ids)`` into ``IN (%s, %s, ...)`` and prepares every value on
its own: for a cycle's ~1,300 entries, as the score loader reads their evidence on every load
of a cycle (each refresh after a change, and each process's reload, under load several times a
second), ~2.6 ms of Python. On PostgreSQL this sends ``= ANY(%s)`` with the ids as one list
(psycopg2 writes it as an array); elsewhere (the embedded SQLite) it is the usual ``IN`` list.
"""

from django.db.models import Lookup
from django.db.models.lookups import In


class AnyOf(Lookup):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        """The ids, read once (a generator would be empty the second time the query is
        compiled); a queryset or an expression is refused: use ``__in`` for those."""
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("AnyOf takes a list of integer ids, not a query or an expression")
        return tuple(int(value) for value in self.rhs)

    def as_sql(self, compiler, connection):
        return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, list(self.rhs))
