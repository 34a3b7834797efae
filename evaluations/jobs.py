"""Jobs of the evaluations app (``kla.ops.jobs``): work that outgrows a request."""

import datetime

from kla.ops.jobs import job

from .models import Cycle
from .scores.snapshots import refresh_snapshots
from .services.notifications import send_deadline_reminders


@job("evaluations.refresh_scores")
def refresh_scores(record) -> dict:
    """National rescoring: every cycle (or the ``cycle_ids`` asked for), one at a time, each in
    its own transaction; running it again computes the same snapshots."""
    cycles = Cycle.objects.order_by("pk")
    if record.params.get("cycle_ids"):
        cycles = cycles.filter(pk__in=record.params["cycle_ids"])
    count = 0
    for cycle in cycles.iterator():
        refresh_snapshots(cycle)
        count += 1
    return {"cycles": count}


@job("evaluations.deadline_reminders")
def deadline_reminders(record) -> dict:
    today = datetime.date.fromisoformat(record.params["today"])
    return {"sent": send_deadline_reminders(days=record.params["days"], today=today)}
