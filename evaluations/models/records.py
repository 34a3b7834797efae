"""What happened: the audit trail, comments on entries, notices to users."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .cycles import Cycle
from .entries import Entry


class AuditRecord(models.Model):
    """Who changed what and when. Written by services only; never edited."""

    class Action(models.TextChoices):
        """Every action a service records, with the words the audit trails show."""

        ENTRY_SAVED = "entry_saved", _("Nilai disimpan")
        ENTRY_SUBMITTED = "entry_submitted", _("Diajukan")
        ENTRY_VERIFIED = "entry_verified", _("Diverifikasi")
        ENTRY_RETURNED = "entry_returned", _("Dikembalikan")
        COMMENT_ADDED = "comment_added", _("Komentar")
        EVIDENCE_UPLOADED = "evidence_uploaded", _("Bukti diunggah")
        EVIDENCE_REPLACED = "evidence_replaced", _("Bukti diganti")
        IMPORTED = "imported", _("Dimuat dari berkas jawaban")
        CYCLE_CREATED = "cycle_created", _("Siklus dibuat")
        STAGE_DATES_CHANGED = "stage_dates_changed", _("Tanggal tahap diubah")
        ENTRY_REOPENED = "entry_reopened", _("Pengisian dibuka kembali")
        ASSIGNMENT_CHANGED = "assignment_changed", _("Penugasan dipindahkan")
        OFFICIAL_RESULT_RECORDED = "official_result_recorded", _("Hasil resmi dicatat")
        # The review rule (docs/review-rule.md): a changed value or evidence is reviewed again.
        REVIEW_NEEDED_AGAIN = "review_needed_again", _("Perlu ditinjau ulang")
        # The province's check (issue 12)
        PROVINCE_INDICATOR_MARKED = (
            "province_indicator_marked",
            _("Indikator ditandai verifikator provinsi"),
        )
        PROVINCE_RESULT_ACCEPTED = (
            "province_result_accepted",
            _("Hasil verifikasi provinsi diterima"),
        )
        # Issue 11: evidence that can be fixed, a submission that can be taken back.
        EVIDENCE_RETAGGED = "evidence_retagged", _("Dokumen wajib bukti diubah")
        EVIDENCE_WITHDRAWN = "evidence_withdrawn", _("Bukti ditarik")
        ENTRY_WITHDRAWN = "entry_withdrawn", _("Pengajuan ditarik kembali")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="audit_records")
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_records"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("tindakan"), max_length=40, choices=Action.choices)
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
    # What happened, in words chosen when the notice is shown (in the reader's language):
    # services/notifications.py turns ``kind`` and ``params`` into a sentence; ``message``
    # keeps the Indonesian text written at the time (older notices have only that).
    kind = models.CharField(_("jenis"), max_length=20, blank=True)
    params = models.JSONField(_("rincian"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return self.message

    class Kind(models.TextChoices):
        REVIEWED = "reviewed", _("Isian ditinjau")
        RESUBMITTED = "resubmitted", _("Isian diajukan ulang")
        COMMENTED = "commented", _("Komentar baru")

    @property
    def text(self) -> str:
        """The notice in the current language (its stored Indonesian text if it has no kind)."""
        return notice_text(self.kind, self.params) or self.message


def notice_text(kind: str, params: dict) -> str:
    """A notice's sentence in the active language, from its kind and plain ``params``
    (``code``, ``unit``, ``status``, ``actor``, ``reason``, ``text``)."""
    values = {"code": "", "unit": "", "actor": "", "reason": "", "text": "", **params}
    if kind == Notification.Kind.REVIEWED:
        status = Entry.Status(values.get("status", Entry.Status.SUBMITTED)).label
        message = gettext("Isian %(code)s / %(unit)s: %(status)s.") % {
            **values,
            "status": str(status).lower(),
        }
        if values["reason"]:
            message += " " + gettext("Alasan: %(reason)s") % values
        return message
    if kind == Notification.Kind.RESUBMITTED:
        return (
            gettext("Isian %(code)s / %(unit)s diajukan ulang oleh %(actor)s setelah dikembalikan.")
            % values
        )
    if kind == Notification.Kind.COMMENTED:
        return gettext("Komentar %(actor)s pada isian %(code)s / %(unit)s: %(text)s") % values
    return ""
