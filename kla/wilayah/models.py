"""Regions (wilayah) of Indonesia, keyed by their Kemendagri code.

The code is the identity: names repeat (Kota Serang has two kelurahan named Sukawana), codes
do not. The hierarchy is provinsi > kabupaten/kota > kecamatan > desa/kelurahan.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    def kabupaten_kota(self):
        return self.filter(level=Region.Level.KABUPATEN_KOTA)

    def kecamatan_of(self, kabupaten: "Region"):
        return self.filter(level=Region.Level.KECAMATAN, parent=kabupaten).order_by("code")


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN_KOTA = "kabupaten_kota", _("Kabupaten/Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA_KELURAHAN = "desa_kelurahan", _("Desa/Kelurahan")

    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def natural_key(self) -> tuple[str]:
        return (self.code,)
