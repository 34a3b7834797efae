"""Stored scores: one ScoreSnapshot per track of a cycle, refreshed when entries change state.

Pages that list many cycles (history, dashboards) read the snapshots instead of re-scoring
every cycle. Cluster scores are stored as ``[{code, name, earned, max}]`` with the decimals
as strings rounded half-up to 2 places (JSON has no Decimal).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .. import names
from ..models import Cycle, ScoreSnapshot
from ..services.side_effects import COMMIT_TIME, after_commit
from .cached import computed
from .report import parts_json


@transaction.atomic
def refresh_snapshots(
    cycle: Cycle, *, unless_read_since: datetime.datetime | None = None
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
    stored = list(ScoreSnapshot.objects.filter(cycle=cycle))
    if (
        unless_read_since is not None
        and len(stored) == len(names.TRACKS)
        and all(snapshot.computed_at >= unless_read_since for snapshot in stored)
    ):
        return stored
    now = timezone.now()
    # Read through the pages' keep (scores/cached.py), the state checked now: the totals this
    # refresh computes for the new state serve this process's next dashboard request too. The
    # snapshots store no kecamatan index, so none is computed.
    scores = computed(cycle, fresh=True).totals(names.TRACKS)
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
