"""Jobs: work that outgrows a request (national rescoring, large exports, daily reminders).

A job kind is a function registered with ``@job("<app>.<name>")`` in ``<app>/jobs.py``; it
receives the ``Job`` row and returns a small JSON result (and may save ``job.result_file``).
``enqueue`` records the job and hands it to ``after_commit``: a Celery worker runs it when a
broker is configured, the same process otherwise. Running a job twice is harmless: a job that
is done is not run again, and a retried job starts from its row, not from the queue message.

An export on another branch plugs in like this::

    @job("evaluations.export_xlsx")
    def export_xlsx(job):
        job.result_file.save("skor.xlsx", ContentFile(build_xlsx(**job.params)), save=False)
        return {"rows": ...}

    enqueue("evaluations.export_xlsx", params={"cycle": cycle.pk}, user=request.user)
"""

from collections.abc import Callable
from importlib import import_module

from django.db import transaction
from django.utils import timezone

from evaluations.services.side_effects import after_commit

from .models import Job

REGISTRY: dict[str, Callable[[Job], dict | None]] = {}


def job(kind: str):
    def register(func: Callable[[Job], dict | None]):
        REGISTRY[kind] = func
        return func

    return register


def job_function(kind: str) -> Callable[[Job], dict | None]:
    if kind not in REGISTRY:
        import_module(f"{kind.rsplit('.', 1)[0]}.jobs")
    return REGISTRY[kind]


def enqueue(kind: str, *, params: dict | None = None, key: str | None = None, user=None) -> Job:
    """Record a job and run or queue it after commit. With ``key``, a job already recorded
    under that key is returned instead (and re-queued only if it failed)."""
    job_function(kind)  # an unknown kind fails here, in the request, not later in a worker
    with transaction.atomic():
        if key:
            record, created = Job.objects.get_or_create(
                key=key, defaults={"kind": kind, "params": params or {}, "requested_by": user}
            )
            if not created and record.status != Job.Status.FAILED:
                return record
        else:
            record = Job.objects.create(kind=kind, params=params or {}, requested_by=user)
        after_commit("kla.ops.run_job", record.pk)
    return record


def run_job(job_id: int) -> Job:
    """Run one job if it is not done yet; its failure is recorded on the row and re-raised
    (so the queue retries it)."""
    with transaction.atomic():
        record = Job.objects.select_for_update().get(pk=job_id)
        if record.status == Job.Status.DONE:
            return record
        record.status = Job.Status.RUNNING
        record.attempts += 1
        record.started_at = timezone.now()
        record.save(update_fields=["status", "attempts", "started_at"])
    try:
        result = job_function(record.kind)(record)
    except Exception as error:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        raise
    record.status = Job.Status.DONE
    record.result = result or {}
    record.error = ""
    record.finished_at = timezone.now()
    record.save()
    return record
