"""Background work through a real queue: Redis as the broker and a real Celery worker.

The worker and the web server run as processes of a fresh deployment (PostgreSQL when
DATABASE_URL is set, as in CI; the embedded SQLite file otherwise). Redis: ``redis_url``
(conftest.py).
"""

import time

import pytest
import requests

from kla.accounts.demo import DEMO_PASSWORD
from loadtest import pages

from .deployment import deployment, seeded

SUBMITTED_ENTRY = """
from evaluations.models import Entry
from kla.accounts.models import User
User.objects.filter(role="operator_opd").update(email="operator@serangkota.go.id")
entry = Entry.objects.filter(status="submitted").order_by("-cycle__year", "pk").first()
result = [entry.pk, entry.question.code]
"""


def wait_until(condition, seconds: float = 90, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.fixture(scope="module")
def queued(tmp_path_factory, redis_url):
    """A seeded deployment, its worker, and gunicorn configured with the broker."""
    with deployment(tmp_path_factory.mktemp("queue")) as deploy:
        seeded(deploy)
        deploy.manage("collectstatic", "--noinput", "-v0")
        web_mail = deploy.dir / "web-mail"  # what the web process would send lands elsewhere
        with (
            deploy.worker(redis_url),
            deploy.served(CELERY_BROKER_URL=redis_url, EMAIL_FILE_PATH=str(web_mail)) as url,
        ):
            yield deploy, url, web_mail


def test_the_probe_checks_the_broker(queued):
    _, url, _ = queued
    response = requests.get(f"{url}/sehat/", timeout=30)
    assert response.status_code == 200
    assert response.text == "database: ok\nevidence-storage: ok\nbroker: ok\n"


def test_a_verify_mail_is_delivered_by_the_worker(queued):
    deploy, url, web_mail = queued
    pk, code = deploy.query(SUBMITTED_ENTRY)
    session = requests.Session()
    assert pages.login(session, url, "verifikator", DEMO_PASSWORD)

    response = session.post(
        f"{url}/evaluasi/isian/{pk}/verifikasi/", data=pages.csrf(session), allow_redirects=False
    )

    assert response.status_code == 302
    mails = wait_until(
        lambda: [m for m in deploy.mails() if f"[Pantau KLA] {code}" in m], what="the e-mail"
    )
    assert "operator@serangkota.go.id" in mails[0] and "diverifikasi" in mails[0]
    assert not web_mail.exists()  # sent by the worker, not by the request
    status = deploy.query(
        f"from evaluations.models import Entry\nresult = Entry.objects.get(pk={pk}).status"
    )
    assert status == "verified"


def test_a_queued_job_is_finished_by_the_worker(queued, redis_url):
    deploy, _, _ = queued
    out = deploy.manage("refresh_scores", "--antrekan", env={"CELERY_BROKER_URL": redis_url})
    assert "queued" in out
    job = """
from kla.ops.models import Job
from evaluations.models import Cycle
job = Job.objects.get(kind="evaluations.refresh_scores")
result = [job.status, job.result, job.attempts, Cycle.objects.count()]
"""
    status, result, attempts, cycles = wait_until(
        lambda: (row := deploy.query(job))[0] == "done" and row, what="the job"
    )
    assert result == {"cycles": cycles} and attempts == 1
