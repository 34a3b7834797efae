"""The province's check (verifikasi administrasi): one mark per indicator of a city's cycle."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cycles import Cycle


class IndicatorReview(models.Model):
    """The Verifikator provinsi's mark on one indicator of a cycle, with a note for the city."""

    class State(models.TextChoices):
        COMPLETE = "lengkap", _("Lengkap")
        NEEDS_REPAIR = "perlu_perbaikan", _("Perlu perbaikan")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="indicator_reviews")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="province_reviews"
    )
    state = models.CharField(_("hasil"), max_length=16, choices=State.choices)
    note = models.TextField(_("catatan untuk kabupaten/kota"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("ditandai"), auto_now=True)

    class Meta:
        ordering = ["cycle", "indicator__cluster__position", "indicator__position"]
        verbose_name = _("verifikasi provinsi per indikator")
        verbose_name_plural = _("verifikasi provinsi per indikator")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "indicator"], name="unique_indicator_review_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.indicator.code}: {self.get_state_display()}"
