"""Cycles, their stage dates and reopenings, and which OPD answers which question."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..querysets import AssignmentQuerySet


class Cycle(models.Model):
    kabupaten = models.ForeignKey(
        "wilayah.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    name = models.CharField(_("nama"), max_length=80)
    instrument = models.ForeignKey(
        "indicators.Instrument",
        verbose_name=_("instrumen"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["kabupaten", "-year"]
        verbose_name = _("siklus evaluasi")
        verbose_name_plural = _("siklus evaluasi")
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "year"], name="unique_cycle_per_year")
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def stage_by_kind(self) -> dict[str, "Stage"]:
        return {stage.kind: stage for stage in self.stages.all()}

    @cached_property
    def reopened_until(self) -> list[datetime.date]:
        return [r.until for r in self.reopenings.all()]

    def entry_open_on(self, day: datetime.date) -> bool:
        """Entry is open in the evaluasi mandiri window, or until an Admin KLA's reopening."""
        window = self.stage_by_kind.get(Stage.Kind.EVALUASI_MANDIRI)
        if window and window.starts_on <= day <= window.ends_on:
            return True
        reopened = self.reopened_until
        return bool(reopened) and day <= max(reopened)

    def entry_deadline(self) -> datetime.date | None:
        window = self.stage_by_kind.get(Stage.Kind.EVALUASI_MANDIRI)
        dates = self.reopened_until + ([window.ends_on] if window else [])
        return max(dates) if dates else None

    def entry_deadline_passed(self, day: datetime.date) -> bool:
        """Overdue: the entry deadline (with any reopening) is before ``day``."""
        deadline = self.entry_deadline()
        return deadline is not None and deadline < day

    @property
    def is_entry_open(self) -> bool:
        return self.entry_open_on(timezone.localdate())


class Stage(models.Model):
    class Kind(models.TextChoices):
        EVALUASI_MANDIRI = "evaluasi_mandiri", _("Evaluasi mandiri")
        VERIFIKASI_INTERNAL = "verifikasi_internal", _("Verifikasi internal")
        VERIFIKASI_PROVINSI = "verifikasi_provinsi", _("Verifikasi provinsi")
        VERIFIKASI_LAPANGAN = "verifikasi_lapangan", _("Verifikasi lapangan")
        PENETAPAN = "penetapan", _("Penetapan")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("tahap"), max_length=24, choices=Kind.choices)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))

    class Meta:
        ordering = ["cycle", "starts_on"]
        verbose_name = _("tahap")
        verbose_name_plural = _("tahap")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="unique_stage_per_cycle"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="stage_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%d-%m-%Y} – {self.ends_on:%d-%m-%Y}"


class Reopening(models.Model):
    """An Admin KLA reopened entry after its window closed (kept as a record)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="reopenings")
    until = models.DateField(_("dibuka sampai"))
    reason = models.TextField(_("alasan"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("pembukaan kembali")
        verbose_name_plural = _("pembukaan kembali")

    def __str__(self) -> str:
        return f"{self.cycle} → {self.until:%d-%m-%Y}"


class Assignment(models.Model):
    """Which OPD answers a question in a cycle (default: the instrument's responsible OPD)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assignments")
    question = models.ForeignKey(
        "indicators.Question", on_delete=models.CASCADE, related_name="assignments"
    )
    opd = models.ForeignKey(
        "organisations.Opd", on_delete=models.PROTECT, related_name="assignments"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "question"], name="unique_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.opd}"
