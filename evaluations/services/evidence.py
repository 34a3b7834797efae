"""Evidence files: upload, replace (the old version is kept, marked superseded), change the
required document a file fulfils, withdraw a file (kept, marked withdrawn). Nothing is deleted:
the audit trail names every version, and every file stays in storage.

New evidence on a submitted or verified entry makes it reviewed again (the review rule,
``entries.review_again``); an entry holds at most EVIDENCE_MAX_FILES current files.
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import DocumentRequirement

from .. import audit
from ..errors import DomainError
from ..models import AuditRecord, Entry, Evidence
from ..scores.snapshots import refresh_snapshots_on_commit
from . import uploads
from .entries import ensure_editable, lock_one, review_again


def ensure_requirement_of(entry: Entry, requirement) -> None:
    if requirement is not None and requirement.question_id != entry.question_id:
        raise DomainError(_("Dokumen wajib itu bukan milik pertanyaan ini."))


def same_file(entry: Entry, sha256: str) -> list[Evidence]:
    """The entry's current files with exactly this content."""
    return list(entry.evidence.current().filter(sha256=sha256).select_related("requirement"))


def store(entry: Entry, *, user, upload: UploadedFile, title: str, requirement) -> Evidence:
    """Check the file, then write it and its row; a failed row leaves no file behind."""
    checked = uploads.check_upload(upload)
    ensure_requirement_of(entry, requirement)
    evidence = Evidence(
        entry=entry,
        requirement=requirement,
        title=(title.strip() or (requirement.name if requirement else checked.name))[:200],
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    copies = same_file(entry, checked.sha256)
    evidence.file.save(checked.name, upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    # The same content already attached: stored all the same (it may serve another document)
    # but the upload's answer says so, naming the earlier copy.
    evidence.copies = copies
    return evidence


def describe(evidence: Evidence) -> str:
    return f"{evidence.title} ({evidence.original_name}, sha256 {evidence.sha256[:12]})"


def ensure_room_for_file(entry: Entry) -> None:
    limit = settings.EVIDENCE_MAX_FILES
    if entry.evidence.filter(superseded_by__isnull=True).count() >= limit:
        raise DomainError(
            _(
                "Isian ini sudah memiliki %(limit)d berkas bukti (batas per isian). Ganti berkas "
                "yang ada, atau gabungkan beberapa dokumen menjadi satu PDF."
            )
            % {"limit": limit}
        )


def review_after_evidence(entry: Entry, *, user, what: str) -> None:
    """The review rule for evidence: a submitted or verified entry is reviewed again."""
    if review_again(entry, user=user, what=what):
        entry.version += 1
        entry.updated_by = user
        entry.save()


def requirement_name(requirement) -> str:
    return requirement.name if requirement else str(_("bukan dokumen wajib"))


@transaction.atomic
def upload_evidence(
    entry: Entry,
    *,
    user,
    upload: UploadedFile,
    title: str = "",
    requirement: DocumentRequirement | None = None,
) -> Evidence:
    entry = lock_one(entry)
    ensure_editable(entry, user)
    ensure_room_for_file(entry)
    evidence = store(entry, user=user, upload=upload, title=title, requirement=requirement)
    audit.record(
        cycle=entry.cycle,
        entry=entry,
        actor=user,
        action=AuditRecord.Action.EVIDENCE_UPLOADED,
        changes={"evidence": [None, describe(evidence)]},
        note=requirement_name(requirement),
    )
    what = _("Bukti ditambahkan: %(title)s.") % {"title": evidence.title}
    review_after_evidence(entry, user=user, what=what)
    refresh_snapshots_on_commit(entry.cycle)
    return evidence


def lock_current(evidence: Evidence, user) -> tuple[Entry, Evidence]:
    """The entry (editable by ``user``) and the file, both locked; the file must be current."""
    entry = lock_one(evidence.entry)
    ensure_editable(entry, user)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.withdrawn_at is not None:
        raise DomainError(_("Berkas ini sudah ditarik."))
    if not evidence.is_current:
        raise DomainError(_("Berkas ini sudah diganti; ganti versi terbarunya."))
    return entry, evidence


@transaction.atomic
def replace_evidence(old: Evidence, *, user, upload: UploadedFile, title: str = "") -> Evidence:
    """A new version of ``old``: same entry and requirement; ``old`` stays, superseded."""
    entry, old = lock_current(old, user)
    new = store(
        entry, user=user, upload=upload, title=title or old.title, requirement=old.requirement
    )
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    audit.record(
        cycle=entry.cycle,
        entry=entry,
        actor=user,
        action=AuditRecord.Action.EVIDENCE_REPLACED,
        changes={"evidence": [describe(old), describe(new)]},
    )
    what = _("Bukti diganti: %(title)s.") % {"title": new.title}
    review_after_evidence(entry, user=user, what=what)
    refresh_snapshots_on_commit(entry.cycle)
    return new


@transaction.atomic
def retag_evidence(evidence: Evidence, *, user, requirement) -> Evidence:
    """Change which required document ``evidence`` fulfils (None: an extra document)."""
    entry, evidence = lock_current(evidence, user)
    ensure_requirement_of(entry, requirement)
    if evidence.requirement_id == (requirement.pk if requirement else None):
        raise DomainError(_("Berkas ini sudah memenuhi dokumen itu; tidak ada yang diubah."))
    before = requirement_name(evidence.requirement)
    evidence.requirement = requirement
    evidence.save(update_fields=["requirement"])
    audit.record(
        cycle=entry.cycle,
        entry=entry,
        actor=user,
        action=AuditRecord.Action.EVIDENCE_RETAGGED,
        changes={"requirement": [before, requirement_name(requirement)]},
        note=describe(evidence),
    )
    refresh_snapshots_on_commit(entry.cycle)
    return evidence


@transaction.atomic
def withdraw_evidence(evidence: Evidence, *, user) -> Evidence:
    """Take a file back: it no longer counts, but its row, its file and its history stay."""
    entry, evidence = lock_current(evidence, user)
    evidence.withdrawn_at = timezone.now()
    evidence.withdrawn_by = user
    evidence.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(
        cycle=entry.cycle,
        entry=entry,
        actor=user,
        action=AuditRecord.Action.EVIDENCE_WITHDRAWN,
        changes={"evidence": [describe(evidence), None]},
        note=requirement_name(evidence.requirement),
    )
    refresh_snapshots_on_commit(entry.cycle)
    return evidence
