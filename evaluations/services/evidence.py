"""Evidence files: upload, and replace (the old version is kept, marked superseded).

New evidence on a submitted or verified entry makes it reviewed again (the review rule,
``entries.review_again``); an entry holds at most EVIDENCE_MAX_FILES current files.
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import DocumentRequirement

from .. import audit
from ..errors import DomainError
from ..models import AuditRecord, Entry, Evidence
from ..scores.snapshots import refresh_snapshots_on_commit
from . import uploads
from .entries import ensure_editable, lock_one, review_again


def store(entry: Entry, *, user, upload: UploadedFile, title: str, requirement) -> Evidence:
    """Check the file, then write it and its row; a failed row leaves no file behind."""
    checked = uploads.check_upload(upload)
    if requirement is not None and requirement.question_id != entry.question_id:
        raise DomainError(_("Dokumen wajib itu bukan milik pertanyaan ini."))
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
    evidence.file.save(checked.name, upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
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
    )
    what = _("Bukti ditambahkan: %(title)s.") % {"title": evidence.title}
    review_after_evidence(entry, user=user, what=what)
    refresh_snapshots_on_commit(entry.cycle)
    return evidence


@transaction.atomic
def replace_evidence(old: Evidence, *, user, upload: UploadedFile, title: str = "") -> Evidence:
    """A new version of ``old``: same entry and requirement; ``old`` stays, superseded."""
    entry = lock_one(old.entry)
    ensure_editable(entry, user)
    old = Evidence.objects.select_for_update().get(pk=old.pk)
    if not old.is_current:
        raise DomainError(_("Berkas ini sudah diganti; ganti versi terbarunya."))
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
