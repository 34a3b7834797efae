"""Background jobs: what was asked, by whom, and how it ended (the queue keeps no results)."""

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def job_storage() -> Storage:
    """A job's file (a large export) is private data: it goes where evidence goes."""
    return storages["evidence"]


def job_file_path(instance: "Job", filename: str) -> str:
    return f"jobs/{instance.pk}/{filename}"


class Job(models.Model):
    """One run of a registered job (``kla.ops.jobs``). ``key`` makes a job idempotent: a
    second request with the same key finds the first job instead of running again."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", pgettext_lazy("pekerjaan", "Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=100)
    key = models.CharField(_("kunci"), max_length=200, unique=True, null=True, blank=True)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    result = models.JSONField(_("hasil"), default=dict, blank=True)
    result_file = models.FileField(
        _("berkas hasil"), upload_to=job_file_path, storage=job_storage, blank=True
    )
    error = models.TextField(_("galat"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
