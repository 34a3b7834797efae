"""A cycle's loaded data and what the pages compute from it, kept in this process while the
cycle is unchanged.

The dashboards, their charts and the score, path and what-if pages all start from the same
``CycleData`` (loader.py, eleven queries) and compute the same scores and searches from it; a
visit to the Pimpinan dashboard is the page and three chart requests. Here each cycle's data
and results are computed once per *state* of the cycle and reused by every request this
process serves until the state moves:

- the state is read in one query (``cycle_state``) from counts that only grow, so a change is
  seen whatever order concurrent transactions commit in: the number of the cycle's audit
  records (every service's change is audited: values, reviews, evidence, assignments, the
  province's marks, official results, stage dates), the number of its entries and their
  latest ``updated_at`` (writers outside the services), the number of the city's kecamatan
  (``load_wilayah`` adds them) and the latest Django admin log entry (an OPD or region renamed
  in the admin); with the instrument's creation time (an instrument is never edited once used).
  Reference data loaded by a command other than ``load_wilayah`` (``load_opd`` renaming an
  OPD) shows after the cycle's next change or a restart of the app (docs/deploy.md, upgrading);
- results are keyed by what the caller names (``Computed.get``, per language: results may
  carry translated words) and computed at most once per state; a state is loaded by one
  thread while the others asking for it wait for it;
- ``Computed.stamp`` names the state for the templates' fragment caches (``{% cache %}``):
  HTML rendered from the results is cached under it and never served for another state;
- a process checks a cycle's state at most every ``KLA_SCORES_RECHECK_SECONDS`` (5 s): in
  between, its requests use the state it last found, so another process's change shows within
  that time. Under ``make load`` a change lands every ~0.15 s: checking on every request, each
  of the four workers reloaded the cycle for nearly every dashboard, chart and score request
  (the Pimpinan dashboard ~15 ms more, its chart data ~3x); checking every second, the reload
  still sat in those pages' p95. The snapshot refresh always checks (``fresh=True``): what it
  stores is the state after the change it follows;
- a person's own changes show at once, whichever process answers: after a change they carry
  its time (``OwnChangesMiddleware``, the ``kla_ubah`` cookie, in ``own_change`` during their
  requests), and a state read before it is not trusted for them;
- at most ``KEPT`` cycles are kept per process, the least recently used dropped first.

Services that change data and pages that must show the rows themselves (exports, the
province's check) read ``load_cycle_data`` directly; the snapshot refresh, the summary PDF and
the what-if page ask for the state as it is now (``fresh=True``). Nothing here is written.
Writers that bypass ``save()`` and the services (``bulk_update``) must set ``updated_at``.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.utils.translation import get_language

from kla.wilayah.models import Region

from ..models import AuditRecord, Cycle, Entry
from . import scoring
from .loader import CycleData, load_cycle_data

KEPT = 64  # cycles per process

ENTRIES, AUDIT = Entry._meta.db_table, AuditRecord._meta.db_table
REGIONS, ADMIN_LOG = Region._meta.db_table, LogEntry._meta.db_table
STATE_SQL = f"""
SELECT
    (SELECT COUNT(*) FROM {AUDIT} WHERE cycle_id = %(cycle)s),
    (SELECT COUNT(*) FROM {ENTRIES} WHERE cycle_id = %(cycle)s),
    (SELECT MAX(updated_at) FROM {ENTRIES} WHERE cycle_id = %(cycle)s),
    (SELECT COUNT(*) FROM {REGIONS} WHERE parent_id = %(city)s),
    (SELECT MAX(id) FROM {ADMIN_LOG})
"""


def cycle_state(cycle: Cycle) -> tuple:
    """What moves whenever anything a score reads changes (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL, {"cycle": cycle.pk, "city": cycle.kabupaten_id})
        row = cursor.fetchone()
    return (connection.alias, cycle.pk, cycle.instrument_id, *map(str, row))


class Computed:
    """One cycle in one state: its data, and the results computed from it so far."""

    def __init__(self, data: CycleData, state: tuple):
        self.data = data
        self._results: dict[Any, Any] = {}
        # Names this state in fragment caches (templates' {% cache %}): a new state, a new name.
        self.stamp = hashlib.sha256(repr(state).encode()).hexdigest()[:24]

    def get(self, key, compute: Callable[[], Any], *, words: bool = True):
        """The result named ``key``, computed by ``compute()`` the first time it is asked: in
        the active language when it may carry translated words (labels, titles), once for
        every language when ``words=False`` (numbers only)."""
        return self._once(("words", get_language(), key) if words else ("plain", key), compute)

    def _once(self, key, compute: Callable[[], Any]):
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
            return self._once(("score", track), lambda: data.score(track))
        return self.totals((track,))[track]

    def totals(self, tracks: Sequence[str]) -> dict:
        """The scores without the kecamatan index in ``tracks``, scored together (the work
        the tracks share done once: scoring.score_tracks)."""
        missing = [t for t in tracks if ("totals", t) not in self._results]
        if missing:
            data = self.data
            scored = scoring.score_tracks(
                data.spec, data.answers, data.kecamatan, missing, with_index=False
            )
            for track, score in scored.items():
                self._results.setdefault(("totals", track), score)
        return {t: self._results[("totals", t)] for t in tracks}


clock = time.monotonic  # seconds; tests move it
# Seconds since the epoch: comparable across the processes of one machine, and across servers
# only as far as their clocks agree (docs/deploy.md, scale-out: keep them in sync).
wall_clock = time.time

# When (wall_clock()) the person of the current request last changed something: a state read
# before that is not trusted for them (OwnChangesMiddleware sets it; 0: no change known).
own_change: ContextVar[float] = ContextVar("own_change", default=0.0)


class Reading(NamedTuple):
    """When a process read a cycle's state, and which state it found."""

    at: float  # clock() before the read: how long it is trusted
    key: tuple  # the state
    wall: float  # wall_clock() before the read: against a person's own change


class _Kept:
    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.items: OrderedDict[tuple, Computed] = OrderedDict()
        self.loaders: dict[tuple, tuple[threading.Lock, int]] = {}  # key → (lock, its users)
        self.checked: dict[tuple, Reading] = {}  # (database alias, cycle) → its last reading

    def trusted(self, cycle: tuple, seconds: float, since: float = 0.0) -> Computed | None:
        """The state of ``cycle`` read less than ``seconds`` ago and not before the wall time
        ``since``, if it is still kept."""
        with self.lock:
            reading = self.checked.get(cycle)
            if reading is None or clock() - reading.at >= seconds or reading.wall < since:
                return None
            return self._used(reading.key)

    def read_at(self, cycle: tuple, reading: Reading) -> None:
        """The state of ``cycle`` as ``reading`` found it: trusted from then on, unless another
        thread has read the state later (a slower thread never takes the process back)."""
        with self.lock:
            last = self.checked.get(cycle)
            if last is None or last.at <= reading.at:
                self.checked[cycle] = reading

    def get(self, key: tuple) -> Computed | None:
        with self.lock:
            return self._used(key)

    def _used(self, key: tuple) -> Computed | None:
        """The state ``key`` if kept, now the most recently used (the lock held)."""
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
                dropped, _ = self.items.popitem(last=False)
                last = self.checked.get(dropped[:2])
                if last is not None and last.key == dropped:
                    del self.checked[dropped[:2]]

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.checked.clear()

    @contextmanager
    def loading(self, key: tuple):
        """Held by the one thread that loads ``key``; the others wait for it, then find it."""
        with self.lock:
            lock, users = self.loaders.get(key, (threading.Lock(), 0))
            self.loaders[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self.lock:
                lock, users = self.loaders[key]
                if users == 1:
                    del self.loaders[key]
                else:
                    self.loaders[key] = (lock, users - 1)


_kept = _Kept(KEPT)


def computed(cycle: Cycle, *, fresh: bool = False) -> Computed:
    """The cycle in its current state: no query when this process read the state less than
    ``KLA_SCORES_RECHECK_SECONDS`` ago and after the person's own last change (``fresh``: read
    it anyway), one when it has seen that state, the loader's queries when not (one thread
    loads; others asking meanwhile wait)."""
    which = (connection.alias, cycle.pk)
    if not fresh:
        found = _kept.trusted(which, settings.KLA_SCORES_RECHECK_SECONDS, own_change.get())
        if found is not None:
            return found
    at, wall = clock(), wall_clock()  # before the read: the state is at least this recent
    key = cycle_state(cycle) + (str(cycle.instrument.created_at),)
    found = _kept.get(key)
    if found is None:
        with _kept.loading(key):
            found = _kept.get(key)
            if found is None:
                found = Computed(load_cycle_data(cycle), key)
                _kept.put(key, found)
    _kept.read_at(which, Reading(at, key, wall))
    return found


def forget_all() -> None:
    """Drop what this process keeps (tests that rewrite rows behind the app's back)."""
    _kept.clear()
