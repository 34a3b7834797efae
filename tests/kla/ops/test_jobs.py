"""Background work without a broker (the embedded default): tasks and jobs run in-process
after commit; a failure is logged and recorded, never turned into an error for the user."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from evaluations.models import Entry, Notification, ScoreSnapshot
from evaluations.services.side_effects import after_commit
from kla.celery import app as celery_app
from kla.ops import jobs
from kla.ops.models import Job
from tests import factories

from .deployment import free_port


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return factories.make_cycle(city=kota_serang, by=admin_dp3akb)


@pytest.fixture
def submitted(cycle, operator_dinkes):
    operator_dinkes.email = "dinkes@serangkota.go.id"
    operator_dinkes.save()
    entry = factories.entry_of(cycle, "III-12.1")
    return factories.submitted_entry(entry, by=operator_dinkes)


@jobs.job("tests.failing")
def failing(record):
    raise OSError("disk penuh")


def test_a_task_named_runs_in_process_after_commit(cycle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        after_commit("evaluations.refresh_scores", cycle.pk)
        assert not ScoreSnapshot.objects.filter(cycle=cycle).exists()  # not before commit
    assert len(callbacks) == 1
    assert ScoreSnapshot.objects.filter(cycle=cycle).count() == 3


def test_enqueue_runs_the_job_after_commit_and_records_it(
    cycle, admin_dp3akb, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(
            "evaluations.refresh_scores", params={"cycle_ids": [cycle.pk]}, user=admin_dp3akb
        )
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, {"cycles": 1}, 1)
    assert job.finished_at >= job.started_at and job.requested_by == admin_dp3akb
    assert ScoreSnapshot.objects.filter(cycle=cycle).count() == 3


def test_a_key_makes_a_job_run_once(cycle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = jobs.enqueue("evaluations.refresh_scores", key="skor-harian")
        again = jobs.enqueue("evaluations.refresh_scores", key="skor-harian")
    assert first.pk == again.pk and len(callbacks) == 1
    assert Job.objects.get().attempts == 1
    jobs.run_job(first.pk)  # a retried message for a finished job does nothing
    assert Job.objects.get().attempts == 1


def test_a_failing_job_is_recorded_and_logged_never_raised_to_the_caller(
    db, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.ERROR, logger="evaluations.side_effects"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = jobs.enqueue("tests.failing")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "disk penuh" in job.error
    assert "kla.ops.run_job" in caplog.text and "perubahan tersimpan" in caplog.text


def test_an_unknown_job_kind_is_refused_at_once(db):
    with pytest.raises(ModuleNotFoundError):
        jobs.enqueue("tidakada.apapun")
    assert not Job.objects.exists()


def test_a_mail_failure_never_fails_a_verify(
    client, verifikator, submitted, settings, caplog, django_capture_on_commit_callbacks
):
    """A real SMTP backend pointed at a closed port: the verify stands, the notice is made."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    client.force_login(verifikator)
    with (
        caplog.at_level(logging.ERROR, logger="evaluations.side_effects"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("evaluations:entry-verify", args=[submitted.pk]))
    assert response.status_code == 302
    assert Entry.objects.get(pk=submitted.pk).status == Entry.Status.VERIFIED
    assert Notification.objects.filter(entry=submitted).exists()
    assert mail.outbox == []
    assert "evaluations.mail_reviewed" in caplog.text


def test_an_unreachable_broker_falls_back_to_running_here(
    cycle, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    settings.CELERY_BROKER_URL = closed
    monkeypatch.setattr(celery_app.conf, "broker_url", closed)
    with (
        caplog.at_level(logging.ERROR, logger="evaluations.side_effects"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        after_commit("evaluations.refresh_scores", cycle.pk)
    assert ScoreSnapshot.objects.filter(cycle=cycle).count() == 3
    assert "Antrean tidak terjangkau" in caplog.text


def test_a_refresh_that_already_read_the_change_is_skipped(cycle):
    """Many saves under load cost one refresh: a change committed before the stored snapshots
    were read needs no new refresh; one committed after them does."""
    from django.utils import timezone

    from evaluations.scores.snapshots import refresh_snapshots

    before = timezone.now()
    first = {s.track: s.computed_at for s in refresh_snapshots(cycle)}
    skipped = refresh_snapshots(cycle, unless_read_since=before)
    assert {s.track: s.computed_at for s in skipped} == first
    redone = refresh_snapshots(cycle, unless_read_since=timezone.now())
    assert all(s.computed_at > first[s.track] for s in redone)
