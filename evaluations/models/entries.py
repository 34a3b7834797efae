"""Entries per question per unit, and the evidence attached to them."""

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import names
from ..querysets import EntryQuerySet
from .cycles import Cycle


def private_storage() -> Storage:
    """Evidence is stored with no public URL; a view streams it after checks.

    The "evidence" storage of settings.STORAGES: MEDIA_ROOT on disk (no explicit location, so
    it follows a changed MEDIA_ROOT in tests) or S3-compatible object storage in a scale-out.
    """
    return storages["evidence"]


class Entry(models.Model):
    """One answer: (cycle, question, unit); the unit is the kabupaten/kota or one kecamatan."""

    class Status(models.TextChoices):
        DRAFT = names.DRAFT, _("Draf")
        SUBMITTED = names.SUBMITTED, _("Diajukan")
        RETURNED = names.RETURNED, _("Dikembalikan")
        VERIFIED = names.VERIFIED, _("Diverifikasi")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="entries")
    question = models.ForeignKey(
        "indicators.Question", on_delete=models.PROTECT, related_name="entries"
    )
    unit = models.ForeignKey(
        "wilayah.Region", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="entries"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    option = models.ForeignKey(
        "indicators.AnswerOption",
        verbose_name=_("pilihan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    numerator = models.DecimalField(
        _("pembilang"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("penyebut"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    yes = models.BooleanField(_("ya/tidak"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    return_reason = models.TextField(_("alasan pengembalian"), blank=True)
    # Optimistic lock: a save must name the version it was edited from (no lost updates).
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("isian")
        verbose_name_plural = _("isian")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "question", "unit"], name="unique_entry")
        ]
        indexes = [
            models.Index(fields=["cycle", "status"]),
            # The cycle's latest change in one index probe (evaluations/scores/cached.py).
            models.Index(fields=["cycle", "updated_at"], name="entry_cycle_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code} / {self.unit.name}"

    @property
    def has_value(self) -> bool:
        kind = self.question.kind
        if kind == names.OPTION:
            return self.option_id is not None
        if kind == names.PERCENTAGE:
            return self.numerator is not None and self.denominator is not None
        return self.yes is not None

    @property
    def shown_status(self) -> str:
        """The status as worklists show it: EMPTY for a draft nobody has answered yet (the
        ``display_status`` annotation, for one entry already loaded)."""
        if self.status == self.Status.DRAFT and not self.has_value:
            return names.EMPTY
        return self.status

    @property
    def percentage(self):
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator * 100 / self.denominator


# What worklists, filters and progress show: the statuses, with "Kosong" before them for a
# draft nobody has answered yet.
DISPLAY_STATUSES = ((names.EMPTY, _("Kosong")), *Entry.Status.choices)


def evidence_path(instance: "Evidence", filename: str) -> str:
    entry = instance.entry
    return f"evidence/{entry.cycle_id}/{entry.id}/{filename}"


class EvidenceQuerySet(models.QuerySet):
    def current(self):
        """What counts: neither replaced by a newer version nor withdrawn."""
        return self.filter(superseded_by__isnull=True, withdrawn_at__isnull=True)


class Evidence(models.Model):
    """A document attached to an entry. Replacing keeps the old row, marked superseded;
    withdrawing keeps the row and its file, marked withdrawn: evidence is never deleted."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="evidence")
    requirement = models.ForeignKey(
        "indicators.DocumentRequirement",
        verbose_name=_("memenuhi dokumen"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=evidence_path, storage=private_storage)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran"))
    sha256 = models.CharField(_("checksum SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "uploaded_at"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None and self.withdrawn_at is None
