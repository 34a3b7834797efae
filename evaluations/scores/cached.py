"""A cycle's loaded data and what the pages compute from it, kept in this process while the
cycle is unchanged.

The dashboards, their charts and the score, path and what-if pages all start from the same
``CycleData`` (loader.py, eleven queries) and compute the same scores and searches from it; a
visit to the Pimpinan dashboard is the page and three chart requests. Here each cycle's data
and results are computed once per *state* of the cycle and reused by every request this
process serves until the state moves:

- the state is read in one query (``cycle_state``): the number of the cycle's entries, their
  latest ``updated_at`` (every save of an entry, by a service or the admin, moves it) and the
  cycle's latest audit record (evidence, assignments, reviews and every service's change are
  audited), with the instrument's creation time (an instrument is never edited once used);
- results are keyed by what the caller names (``Computed.get``) and computed at most once per
  state (two threads may compute the same value at the same moment; both get equal results);
- ``Computed.stamp`` names the state for the templates' fragment caches (``{% cache %}``):
  HTML rendered from the results is cached under it and never served for another state;
- at most ``KEPT`` cycles are kept per process, the least recently used dropped first.

Services that change data and pages that must show the rows themselves (exports, the
province's check, the snapshots) read ``load_cycle_data`` directly; nothing here is written.
Writers that bypass ``save()`` (``bulk_update``) must set ``updated_at`` themselves.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils.translation import get_language

from ..models import AuditRecord, Cycle, Entry
from .loader import CycleData, load_cycle_data

KEPT = 64  # cycles per process

ENTRIES, AUDIT = Entry._meta.db_table, AuditRecord._meta.db_table
STATE_SQL = f"""
SELECT
    (SELECT COUNT(*) FROM {ENTRIES} WHERE cycle_id = %(cycle)s),
    (SELECT MAX(updated_at) FROM {ENTRIES} WHERE cycle_id = %(cycle)s),
    (SELECT MAX(id) FROM {AUDIT} WHERE cycle_id = %(cycle)s)
"""


def cycle_state(cycle: Cycle) -> tuple:
    """What moves whenever anything a score reads changes (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL, {"cycle": cycle.pk})
        entries, changed, audited = cursor.fetchone()
    return (connection.alias, cycle.pk, cycle.instrument_id, entries, str(changed), audited)


class Computed:
    """One cycle in one state: its data, and the results computed from it so far."""

    def __init__(self, data: CycleData, state: tuple):
        self.data = data
        self._results: dict[Any, Any] = {}
        # Names this state in fragment caches (templates' {% cache %}): a new state, a new name.
        self.stamp = hashlib.sha256(repr(state).encode()).hexdigest()[:24]

    def get(self, key, compute: Callable[[], Any]):
        """The result named ``key``, computed by ``compute()`` the first time it is asked in
        the active language (results may carry translated words: labels, titles)."""
        return self._kept((get_language(), key), compute)

    def _kept(self, key, compute: Callable[[], Any]):
        try:
            return self._results[key]
        except KeyError:
            value = self._results[key] = compute()
            return value

    def score(self, track: str, *, with_index: bool = True):
        """The cycle's score in ``track`` (the kecamatan index, the costly part with many
        kecamatan, only when asked for)."""
        data = self.data
        if with_index:
            return self._kept(("score", track), lambda: data.score(track))
        return self._kept(("totals", track), lambda: data.score_totals(track))


class _Kept:
    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.items: OrderedDict[tuple, Computed] = OrderedDict()

    def get(self, key: tuple) -> Computed | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple, value: Computed) -> None:
        with self.lock:
            # An older state of the same cycle is never asked again.
            for old in [k for k in self.items if k[:2] == key[:2]]:
                del self.items[old]
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_kept = _Kept(KEPT)


def computed(cycle: Cycle) -> Computed:
    """The cycle in its current state: one query when this process has seen that state,
    the loader's queries when not."""
    key = cycle_state(cycle) + (cycle.instrument.created_at,)
    found = _kept.get(key)
    if found is None:
        found = Computed(load_cycle_data(cycle), key)
        _kept.put(key, found)
    return found


def forget_all() -> None:
    """Drop what this process keeps (tests that rewrite rows behind the app's back)."""
    _kept.clear()
