"""Evaluation cycles, entries per question per unit, evidence, review trail and scores."""

import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .querysets import AssignmentQuerySet, EntryQuerySet


def private_storage() -> FileSystemStorage:
    """Evidence is stored under MEDIA_ROOT with no public URL; a view streams it after checks.

    No explicit location: the storage reads MEDIA_ROOT when it is used (and follows a changed
    setting), where ``location=settings.MEDIA_ROOT`` froze it at import time, so tests that
    point MEDIA_ROOT at a temporary folder wrote into var/private-media instead.
    """
    return FileSystemStorage()


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
        return f"{self.get_kind_display()} {self.starts_on:%d-%m-%Y} s.d. {self.ends_on:%d-%m-%Y}"


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


class Entry(models.Model):
    """One answer: (cycle, question, unit); the unit is the kabupaten/kota or one kecamatan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        VERIFIED = "verified", _("Diverifikasi")

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
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.question.code} / {self.unit.name}"

    @property
    def has_value(self) -> bool:
        kind = self.question.kind
        if kind == "option":
            return self.option_id is not None
        if kind == "percentage":
            return self.numerator is not None and self.denominator is not None
        return self.yes is not None

    @property
    def percentage(self):
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator * 100 / self.denominator


def evidence_path(instance: "Evidence", filename: str) -> str:
    entry = instance.entry
    return f"evidence/{entry.cycle_id}/{entry.id}/{filename}"


class Evidence(models.Model):
    """A document attached to an entry. Replacing keeps the old row, marked superseded."""

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

    class Meta:
        ordering = ["entry", "uploaded_at"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None


class AuditRecord(models.Model):
    """Who changed what and when. Written by services only; never edited."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="audit_records")
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_records"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("tindakan"), max_length=40)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"


class Comment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("komentar"))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    message = models.CharField(_("pesan"), max_length=300)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return self.message


class ScoreSnapshot(models.Model):
    """The last computed score of one track of a cycle (refreshed on each state change)."""

    class Track(models.TextChoices):
        CLAIMED = "claimed", _("Diklaim")
        VERIFIED = "verified", _("Terverifikasi")
        PROJECTION = "projection", _("Proyeksi")

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
