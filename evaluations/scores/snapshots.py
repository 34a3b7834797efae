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

# The first key of PostgreSQL's two-key advisory locks that say "a refresh of cycle <id> waits
# for its turn" (the second key). Any number no other lock of the database uses.
IN_LINE = 0x4B4C41  # "KLA"


class _PlaceInLine:
    """The one place in line behind the refresh that holds a cycle's row lock (a session-level
    advisory lock, so that it can be left before the transaction ends)."""

    def __init__(self, cycle: Cycle):
        self.cycle, self.held = cycle, False

    def take(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [IN_LINE, self.cycle.pk])
            (self.held,) = cursor.fetchone()
        return self.held

    def leave(self) -> None:
        if self.held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [IN_LINE, self.cycle.pk])
            self.held = False


def refresh_after_change(cycle: Cycle, committed_at: datetime.datetime | None) -> None:
    """The refresh a committed change asks for (evaluations/tasks.py).

    On PostgreSQL at most one refresh of a cycle waits for the one that runs: a change that
    finds that place taken asks for nothing more and returns at once. The refresh in line
    leaves its place only once it holds the row lock, before it reads anything, so whatever
    committed before another change found the place taken is read by it. Under load, saves
    then no longer queue one behind the other for refreshes that the next one makes
    pointless. (SQLite runs one writer at a time anyway: each change refreshes in turn, skipped
    when a refresh already read it.)"""
    if connection.vendor != "postgresql":
        refresh_snapshots(cycle, unless_read_since=committed_at)
        return
    place = _PlaceInLine(cycle)
    if not place.take():
        return
    try:
        # Never skipped: changes committed after ``committed_at`` may count on it too.
        refresh_snapshots(cycle, place=place)
    finally:
        place.leave()  # if the refresh failed before it left


@transaction.atomic
def refresh_snapshots(
    cycle: Cycle,
    *,
    unless_read_since: datetime.datetime | None = None,
    place: _PlaceInLine | None = None,
) -> list[ScoreSnapshot]:
    """Recompute the claimed, verified and projection scores (one load) and store them.

    Refreshes of one cycle take turns (the cycle's row lock): one that started before another
    change committed could otherwise read the older entries and write its scores last. A
    snapshot's ``computed_at`` is when its refresh started reading (after the lock), so a
    refresh asked for a change committed at ``unless_read_since`` is skipped when every stored
    snapshot was read after it: under load many saves then cost one refresh, not one each."""
    # FOR NO KEY UPDATE: audit and entry rows pointing at the cycle (FOR KEY SHARE) go on. The
    # cycle's row alone: without order_by() its default ordering joined (and locked) the city.
    cycle_row = Cycle.objects.select_for_update(no_key=True, of=("self",)).filter(pk=cycle.pk)
    cycle_row = cycle_row.order_by()
    list(cycle_row.values_list("pk", flat=True))
    if place is not None:
        place.leave()  # before reading: a change that now finds the place free takes it
    stored = list(ScoreSnapshot.objects.filter(cycle=cycle))
    if (
        unless_read_since is not None
        and len(stored) == len(names.TRACKS)
        and all(snapshot.computed_at >= unless_read_since for snapshot in stored)
    ):
        return stored
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
