"""Background work of the evaluations app: Celery tasks named ``evaluations.<function>``.

Queued through ``services.side_effects.after_commit`` (a worker runs them when a broker is
configured, the request's process otherwise). Each takes ids, reloads what it needs, and is
safe to run again: a refresh recomputes the same snapshots, a notice or an e-mail is about the
entry's review. A failure of the mail server is retried with a growing pause.
"""

import datetime
import smtplib

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from kla.ops.jobs import enqueue

from .models import Cycle, Entry
from .scores.snapshots import refresh_snapshots
from .services import notifications

MAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(name="evaluations.refresh_scores")
def refresh_scores(cycle_id: int, committed_at: str | None = None) -> None:
    """The stored scores of one cycle after a change committed at ``committed_at``
    (idempotent: skipped when a later refresh already read the change)."""
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    since = datetime.datetime.fromisoformat(committed_at) if committed_at else None
    if cycle is not None:
        refresh_snapshots(cycle, unless_read_since=since)


def reviewed(entry_id: int, actor_id: int) -> tuple[Entry, object]:
    entry = Entry.objects.select_related("question", "unit", "cycle").get(pk=entry_id)
    return entry, get_user_model().objects.get(pk=actor_id)


@shared_task(name="evaluations.notice_reviewed")
def notice_reviewed(entry_id: int, actor_id: int) -> None:
    entry, actor = reviewed(entry_id, actor_id)
    notifications.notice_reviewed(entry, actor=actor)


@shared_task(name="evaluations.mail_reviewed", **MAIL_RETRY)
def mail_reviewed(entry_id: int, actor_id: int) -> None:
    entry, actor = reviewed(entry_id, actor_id)
    notifications.mail_reviewed(entry, actor=actor)


@shared_task(name="evaluations.notice_review_needed")
def notice_review_needed(entry_id: int, actor_id: int, was: str, what: str) -> None:
    """The review rule's notice to the city's reviewers (services/entries.review_again)."""
    entry, actor = reviewed(entry_id, actor_id)
    notifications.notice_review_needed(entry, actor=actor, was=was, what=what)


@shared_task(name="evaluations.mail_review_needed", **MAIL_RETRY)
def mail_review_needed(entry_id: int, actor_id: int, was: str, what: str) -> None:
    entry, actor = reviewed(entry_id, actor_id)
    notifications.mail_review_needed(entry, actor=actor, was=was, what=what)


@shared_task(name="evaluations.send_deadline_reminders")
def send_deadline_reminders(days: int | None = None) -> None:
    """From Celery beat every morning: one reminders job per day (its key), so a second beat,
    a retry or a manual run the same day sends nothing twice."""
    days = settings.KLA_REMINDER_DAYS if days is None else days
    today = timezone.localdate()
    enqueue(
        "evaluations.deadline_reminders",
        params={"days": days, "today": today.isoformat()},
        key=f"evaluations.deadline_reminders:{today.isoformat()}:{days}",
    )
