"""OPD (organisasi perangkat daerah): the offices of one kabupaten/kota that supply evidence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpdQuerySet(models.QuerySet):
    def of_city(self, kabupaten):
        return self.filter(kabupaten=kabupaten)


class Opd(models.Model):
    kabupaten = models.ForeignKey(
        "wilayah.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="opds",
        limit_choices_to={"level": "kabupaten_kota"},
    )
    code = models.CharField(
        _("kode"), max_length=20, help_text=_("Kode singkat, mis. DINKES; dipakai instrumen.")
    )
    name = models.CharField(_("nama"), max_length=160)

    objects = OpdQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "code"], name="unique_opd_code_per_city")
        ]

    def __str__(self) -> str:
        return self.code
