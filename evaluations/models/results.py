"""Scores: the stored snapshot per track, and results announced by the province or ministry."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import names
from .cycles import Cycle


class ScoreSnapshot(models.Model):
    """The last computed score of one track of a cycle (refreshed on each state change)."""

    class Track(models.TextChoices):
        CLAIMED = names.CLAIMED, _("Diklaim")
        VERIFIED = names.VERIFIED, _("Terverifikasi")
        PROJECTION = names.PROJECTION, _("Proyeksi")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="snapshots")
    track = models.CharField(_("jalur"), max_length=12, choices=Track.choices)
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2)
    tier_code = models.CharField(_("predikat"), max_length=20, blank=True)
    tier_name = models.CharField(_("nama predikat"), max_length=40, blank=True)
    clusters = models.JSONField(_("skor klaster"), default=list)
    computed_at = models.DateTimeField(_("dihitung"), default=timezone.now)

    class Meta:
        verbose_name = _("cuplikan skor")
        verbose_name_plural = _("cuplikan skor")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "track"], name="unique_snapshot_per_track")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.track}: {self.total}"


class OfficialResult(models.Model):
    """A result announced by the province or ministry, entered by Admin KLA."""

    class Stage(models.TextChoices):
        SELF_ASSESSMENT = "mandiri", _("Evaluasi mandiri (dikirim)")
        PROVINCE = "provinsi", _("Setelah verifikasi provinsi")
        FINAL = "final", _("Hasil akhir (penetapan)")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="official_results")
    stage = models.CharField(_("tahap"), max_length=12, choices=Stage.choices)
    total = models.DecimalField(_("skor"), max_digits=8, decimal_places=2, null=True, blank=True)
    tier_code = models.CharField(_("predikat"), max_length=20, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("dicatat"), auto_now=True)

    class Meta:
        verbose_name = _("hasil resmi")
        verbose_name_plural = _("hasil resmi")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "stage"], name="unique_official_result")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.get_stage_display()}: {self.total}"
