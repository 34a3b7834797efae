"""Side effects of a committed change: notices, e-mail, score refreshes, jobs.

They run after the surrounding transaction commits (never while a row lock is held, and never
for a change that was rolled back). A failing side effect is logged and swallowed: the change
it follows is already committed, so it must never turn into an error page or a rollback.

One mechanism for work in the background: ``after_commit`` takes a Celery task (or its
registered name, ``"<app>.<function>"`` defined in ``<app>/tasks.py``) with plain arguments
(ids, not model instances). With ``CELERY_BROKER_URL`` set the task is queued for a worker
(retried there on failure); with none, as in the embedded default, it runs here, in-process.
A plain function is accepted too and always runs in-process. A keyword argument given as
``COMMIT_TIME`` receives the moment the transaction committed (ISO 8601).
"""

import logging
from collections.abc import Callable
from importlib import import_module

from celery import Task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kla.celery import app as celery_app

logger = logging.getLogger("evaluations.side_effects")


def task_named(name: str) -> Task:
    """The registered task ``name``; its module (``<app>/tasks.py``) is imported if needed."""
    if name not in celery_app.tasks:
        import_module(f"{name.rsplit('.', 1)[0]}.tasks")
    return celery_app.tasks[name]


def dispatch(work: Task | str | Callable, args: tuple, kwargs: dict) -> None:
    """Queue a task when a broker is configured; otherwise (or if the broker refuses it) run
    it here. A plain callable always runs here."""
    task = task_named(work) if isinstance(work, str) else work
    if isinstance(task, Task) and settings.CELERY_BROKER_URL:
        try:
            task.apply_async(args, kwargs, retry=True, retry_policy=PUBLISH_RETRY)
            return
        # An unreachable broker: doing the work here beats losing it (it is idempotent).
        except Exception:
            logger.exception("Antrean tidak terjangkau; %s dijalankan di proses ini.", task.name)
    task(*args, **kwargs)


# Placeholder for a keyword argument: replaced by the time of the commit when the work is sent.
COMMIT_TIME = object()

# A broker that does not answer costs the request at most about two seconds.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5}


def after_commit(work: Task | str | Callable, *args, **kwargs) -> None:
    """Run or queue ``work(*args, **kwargs)`` once the current transaction commits (at once
    outside one)."""
    name = (
        work
        if isinstance(work, str)
        else getattr(work, "name", None) or getattr(work, "__qualname__", repr(work))
    )

    def run() -> None:
        committed = timezone.now().isoformat()
        values = {key: committed if v is COMMIT_TIME else v for key, v in kwargs.items()}
        try:
            dispatch(work, args, values)
        # Anything may fail here (an unreachable SMTP server, a full disk): the change is
        # committed, so the failure is reported to the operators' log, not to the user.
        except Exception:
            logger.exception("Efek samping %s gagal setelah commit; perubahan tersimpan.", name)

    run.__qualname__ = f"after_commit({name})"
    transaction.on_commit(run)
