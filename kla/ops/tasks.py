"""Celery tasks of the ops app (names ``kla.ops.<function>``)."""

from celery import shared_task

from . import jobs


@shared_task(
    name="kla.ops.run_job",
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def run_job(job_id: int) -> None:
    jobs.run_job(job_id)
