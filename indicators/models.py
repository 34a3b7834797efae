"""The KLA evaluation instrument (LKE): what a city is scored on in one cycle.

Everything here is data imported per cycle (see docs/instrument-format.md): the ministry's
official points are not public and change between cycles, so no number lives in code.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations import names

SHARE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class InstrumentQuerySet(models.QuerySet):
    def current_for(self, kabupaten) -> "Instrument | None":
        """The instrument of the city's latest cycle, else the newest one imported."""
        latest = self.filter(cycles__kabupaten=kabupaten).order_by("-cycles__year").first()
        return latest or self.order_by("-created_at", "-id").first()


class Instrument(models.Model):
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    illustrative = models.BooleanField(
        _("ilustratif"), default=False, help_text=_("Instrumen contoh, bukan instrumen resmi.")
    )
    max_score = models.DecimalField(_("skor maksimum"), max_digits=8, decimal_places=2)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # Where it came from (the audit of an import: an instrument is never edited in the app).
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diimpor oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_sha256 = models.CharField(_("SHA-256 berkas sumber"), max_length=64, blank=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "code"]
        verbose_name = _("instrumen")
        verbose_name_plural = _("instrumen")

    def __str__(self) -> str:
        return self.name


class Tier(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="tiers")
    code = models.SlugField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=40)
    min_score = models.DecimalField(_("skor minimum"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["instrument", "min_score"]
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="unique_tier_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} (≥ {self.min_score})"


class Cluster(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="clusters")
    code = models.CharField(_("kode"), max_length=10)
    name = models.CharField(_("nama"), max_length=160)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name = _("klaster")
        verbose_name_plural = _("klaster")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="unique_cluster_code")
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("kode"), max_length=12)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["cluster__position", "position"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class QuestionQuerySet(models.QuerySet):
    def of_instrument(self, instrument: Instrument):
        return self.filter(indicator__cluster__instrument=instrument)


class Question(models.Model):
    class Level(models.TextChoices):
        KOTA = names.KOTA, _("Kota")
        KECAMATAN = names.KECAMATAN, _("Per kecamatan")

    class Kind(models.TextChoices):
        OPTION = names.OPTION, _("Pilihan")
        PERCENTAGE = names.PERCENTAGE, _("Persentase")
        COVERAGE = names.COVERAGE, _("Cakupan kecamatan")
        EXISTENCE = names.EXISTENCE, _("Keberadaan")

    class Direction(models.TextChoices):
        HIGHER = names.HIGHER, _("Makin tinggi makin baik")
        LOWER = names.LOWER, _("Makin rendah makin baik")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("kode"), max_length=20)
    text = models.TextField(_("pertanyaan"))
    level = models.CharField(_("tingkat"), max_length=12, choices=Level.choices)
    kind = models.CharField(_("jenis jawaban"), max_length=12, choices=Kind.choices)
    points = models.DecimalField(_("poin"), max_digits=7, decimal_places=2)
    default_opd_code = models.CharField(_("OPD penanggung jawab"), max_length=20)
    # Percentage parameters; bands live in PercentageBand.
    direction = models.CharField(
        _("arah"), max_length=8, choices=Direction.choices, blank=True, default=""
    )
    floor = models.DecimalField(
        _("batas bawah (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    target = models.DecimalField(
        _("target (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    # What a percentage's two numbers count, in the operator's words (e.g. "Jumlah persalinan
    # di fasilitas kesehatan" over "Jumlah seluruh persalinan"); empty: "Pembilang"/"Penyebut".
    numerator_label = models.CharField(_("keterangan pembilang"), max_length=200, blank=True)
    denominator_label = models.CharField(_("keterangan penyebut"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__cluster__position", "indicator__position", "position"]
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "code"], name="unique_question_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_per_kecamatan(self) -> bool:
        return self.level == self.Level.KECAMATAN


class AnswerOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("kode"), max_length=30)
    label = models.CharField(_("label"), max_length=200)
    share = models.DecimalField(
        _("bagian poin"), max_digits=5, decimal_places=4, validators=SHARE_VALIDATORS
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="unique_option_code")
        ]

    def __str__(self) -> str:
        return self.label


class PercentageBand(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="bands")
    threshold = models.DecimalField(
        _("ambang (%)"), max_digits=6, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    fraction = models.DecimalField(
        _("bagian poin"), max_digits=5, decimal_places=4, validators=SHARE_VALIDATORS
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("pita persentase")
        verbose_name_plural = _("pita persentase")

    def __str__(self) -> str:
        return f"≥/≤ {self.threshold}% → {self.fraction}"


class DocumentRequirement(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="documents")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama dokumen"), max_length=200)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("dokumen wajib")
        verbose_name_plural = _("dokumen wajib")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="unique_document_code")
        ]

    def __str__(self) -> str:
        return self.name
