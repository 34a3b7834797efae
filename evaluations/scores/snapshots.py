"""Stored scores: one ScoreSnapshot per track of a cycle, refreshed when entries change state.

Pages that list many cycles (history, dashboards) read the snapshots instead of re-scoring
every cycle. Cluster scores are stored as ``[{code, name, earned, max}]`` with the decimals
as strings rounded half-up to 2 places (JSON has no Decimal).
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from .. import names
from ..models import Cycle, ScoreSnapshot
from ..services.side_effects import COMMIT_TIME, after_commit
from .cached import computed
from .report import parts_json

# The first key of PostgreSQL's two-key advisory lock that says "a refresh of cycle <id> waits
# for its turn" (the second key). Any number no other lock of the database uses.
IN_LINE = 0x4B4C41  # "KLA"


def _lock_cycle_row(cycle: Cycle) -> None:
    """Refreshes of one cycle take turns on its row: one that started before another change
    committed could otherwise read the older entries and write its scores last."""
    # FOR NO KEY UPDATE: audit and entry rows pointing at the cycle (FOR KEY SHARE) go on. The
    # cycle's row alone: without order_by() its default ordering joined (and locked) the city.
    cycle_row = Cycle.objects.select_for_update(no_key=True, of=("self",)).filter(pk=cycle.pk)
    list(cycle_row.order_by().values_list("pk", flat=True))


def _in_line(function: str, cycle: Cycle) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [IN_LINE, cycle.pk])
        return cursor.fetchone()[0]


def refresh_after_change(cycle: Cycle, committed_at: datetime.datetime | None) -> None:
    """The refresh a committed change asks for (evaluations/tasks.py).

    On PostgreSQL at most one refresh of a cycle waits for the one that runs: a change that
    finds that place in line taken asks for nothing more and returns at once. The refresh in
    line leaves its place once it holds the row lock, before it reads anything, so whatever
    committed before another change found the place taken is read by it; it is never skipped
    (changes after its own count on it). Under load, saves then no longer queue one behind the
    other for refreshes that the next one makes pointless. The place is a session-level
    advisory lock taken and left inside one transaction (so a transaction pooler such as
    PgBouncer keeps one server connection for both), and left even when the wait for the row
    fails. SQLite runs one writer at a time anyway: there each change refreshes in turn,
    skipped when a refresh already read it."""
    if connection.vendor != "postgresql":
        refresh_snapshots(cycle, unless_read_since=committed_at)
        return
    with transaction.atomic():
        if not _in_line("pg_try_advisory_lock", cycle):
            return
        try:
            with transaction.atomic():  # a failed wait is rolled back to here, the place left
                _lock_cycle_row(cycle)
        finally:
            _in_line("pg_advisory_unlock", cycle)
        _store(cycle)


@transaction.atomic
def refresh_snapshots(
    cycle: Cycle, *, unless_read_since: datetime.datetime | None = None
) -> list[ScoreSnapshot]:
    """Recompute the claimed, verified and projection scores (one load) and store them, in
    turn with other refreshes of the cycle. A snapshot's ``computed_at`` is when its refresh
    started reading (after the lock), so a refresh asked for a change committed at
    ``unless_read_since`` is skipped when every stored snapshot was read after it."""
    _lock_cycle_row(cycle)
    stored = list(ScoreSnapshot.objects.filter(cycle=cycle))
    if (
        unless_read_since is not None
        and len(stored) == len(names.TRACKS)
        and all(snapshot.computed_at >= unless_read_since for snapshot in stored)
    ):
        return stored
    return _store(cycle)


def _store(cycle: Cycle) -> list[ScoreSnapshot]:
    """Score the cycle as it is now and store the three tracks (the row lock held)."""
    now = timezone.now()
    # Read through the pages' keep (scores/cached.py): the totals this refresh computes for
    # the new state serve this process's next dashboard request too. The snapshots store no
    # kecamatan index, so none is computed.
    scores = computed(cycle).totals(names.TRACKS)
    snapshots = []
    for track in names.TRACKS:
        score = scores[track]
        snapshot, _ = ScoreSnapshot.objects.update_or_create(
            cycle=cycle,
            track=track,
            defaults={
                "total": score.total,
                "tier_code": score.tier.code if score.tier else "",
                "tier_name": score.tier.name if score.tier else "",
                "clusters": parts_json(score.clusters),
                "computed_at": now,
            },
        )
        snapshots.append(snapshot)
    return snapshots


def refresh_snapshots_on_commit(cycle: Cycle) -> None:
    """Refresh after the surrounding transaction commits (a rolled-back change leaves the
    stored scores alone; a failed refresh is logged and never fails the committed change).
    Call from state-change services."""
    # evaluations/tasks.py; the commit's time lets a refresh that already saw it be skipped.
    after_commit("evaluations.refresh_scores", cycle.pk, committed_at=COMMIT_TIME)
