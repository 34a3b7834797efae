"""An entry's life: saving values (optimistic lock), submit, verify, return, comments.

draft → submitted → verified, or → returned (with a reason) → edited → submitted again.

The review rule (docs/review-rule.md): whoever changes the value or the evidence of a submitted
or verified entry (an Admin KLA on the page, an upload, the answers file), the entry is
submitted (to be reviewed) afterwards, never verified; the change is audited and the city's
reviewers are told after commit. ``review_again`` is the one place this happens.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import DocumentRequirement
from kla.formats import angka, poin

from .. import audit, names
from ..errors import DomainError
from ..models import AuditRecord, Comment, Entry
from ..scores.snapshots import refresh_snapshots_on_commit
from . import notifications
from .side_effects import after_commit

ENTRY_CLOSED = gettext_lazy(
    "Masa pengisian sudah ditutup: isian dan bukti tidak dapat diubah lagi. "
    "Bila perlu, hubungi Admin KLA untuk membuka kembali."
)
EDITABLE = (Entry.Status.DRAFT, Entry.Status.RETURNED)
UNDER_REVIEW = (Entry.Status.SUBMITTED, Entry.Status.VERIFIED)  # a change is reviewed (again)
VALUE_FIELDS = {
    names.OPTION: ("option",),
    names.PERCENTAGE: ("numerator", "denominator"),
    names.COVERAGE: ("yes",),
    names.EXISTENCE: ("yes",),
}


class StaleEntry(DomainError):
    """Someone saved the entry after this form was opened; nothing was written."""


class RowErrors(DomainError):
    """Refusals per entry id when saving several entries at once (none was saved)."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(" ".join(dict.fromkeys(errors.values())))
        self.errors = errors


@dataclass(frozen=True)
class Edit:
    """New values for one entry, and the version they were edited from."""

    entry: Entry
    values: dict
    version: int


def value_text(entry: Entry) -> str:
    """The stored answer in words, e.g. ``45/50 (90,00%)``, ``Ya``, an option's label."""
    if not entry.has_value:
        return _("belum diisi")
    kind = entry.question.kind
    if kind == names.OPTION:
        return entry.option.label
    if kind == names.PERCENTAGE:
        percentage = angka(entry.percentage) if entry.percentage is not None else "–"
        return f"{poin(entry.numerator)}/{poin(entry.denominator)} ({percentage}%)"
    return _("Ya") if entry.yes else _("Tidak")


def ensure_entry_open(entry: Entry) -> None:
    if not entry.cycle.is_entry_open:
        raise DomainError(str(ENTRY_CLOSED))


def ensure_editable(entry: Entry, user) -> None:
    """Open window, and a draft/returned entry (Admin KLA may correct any entry)."""
    ensure_entry_open(entry)
    if entry.status not in EDITABLE and not user.is_admin_kla:
        raise DomainError(
            _("Isian ini sudah %(status)s sehingga tidak dapat diubah oleh operator.")
            % {"status": entry.get_status_display().lower()}
        )


def is_editable(entry: Entry, user) -> bool:
    try:
        ensure_editable(entry, user)
    except DomainError:
        return False
    return True


def ensure_version(entry: Entry, version: int) -> None:
    if entry.version == version:
        return
    who = entry.updated_by.display_name if entry.updated_by else _("pengguna lain")
    when = date_format(timezone.localtime(entry.updated_at), "j F Y H:i")
    raise StaleEntry(
        _(
            "Isian %(unit)s sudah diubah oleh %(who)s pada %(when)s. Nilai tersimpan sekarang: "
            "%(value)s. Perubahan Anda tidak disimpan; muat ulang halaman lalu ulangi."
        )
        % {"unit": entry.unit.name, "who": who, "when": when, "value": value_text(entry)}
    )


def locked(entries: list[Entry]) -> dict[int, Entry]:
    """Fresh rows, locked until the transaction ends (only the entry table is locked; rows
    in primary-key order, so two overlapping multi-row saves cannot deadlock)."""
    queryset = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("cycle", "question", "unit", "option", "updated_by")
        .order_by("pk")
    )
    return queryset.in_bulk([entry.pk for entry in entries])


def lock_one(entry: Entry) -> Entry:
    return locked([entry])[entry.pk]


def fields_of(entry: Entry) -> tuple[str, ...]:
    return (*VALUE_FIELDS[entry.question.kind], "note")


def review_again(entry: Entry, *, user, what: str, notify: bool = True) -> bool:
    """The review rule: after a change to the value or evidence (``what`` says which) of a
    submitted or verified entry, it is submitted again (a verified one loses its verification),
    the step is audited and the city's reviewers are told after commit. The caller holds the
    entry's row lock and saves the entry. Returns whether the rule applied."""
    if entry.status not in UNDER_REVIEW:
        return False
    was = entry.status
    changes = audit.diff({"status": was}, {"status": Entry.Status.SUBMITTED})
    entry.status = Entry.Status.SUBMITTED
    entry.verified_at = None
    entry.submitted_at = entry.submitted_at or timezone.now()
    entry.review_again_from = was  # for the page's message; not a field
    audit.record(
        cycle=entry.cycle,
        entry=entry,
        actor=user,
        action=AuditRecord.Action.REVIEW_NEEDED_AGAIN,
        changes=changes,
        note=what,
    )
    if notify:
        after_commit("evaluations.notice_review_needed", entry.pk, user.pk, was, str(what))
        after_commit("evaluations.mail_review_needed", entry.pk, user.pk, was, str(what))
    return True


def apply(
    entry: Entry, values: dict, user, action=AuditRecord.Action.ENTRY_SAVED, note: str = ""
) -> bool:
    """Write the changed values (audited as ``action``, e.g. ``imported`` with the file's
    checksum as ``note``); False when nothing changed. A changed answer (the note alone is not
    the answer) of an entry under review is reviewed again."""
    before = {field: getattr(entry, field) for field in fields_of(entry)}
    after = {field: values.get(field, before[field]) for field in before}
    changes = audit.diff(before, after)
    if not changes:
        return False
    for field, value in after.items():
        setattr(entry, field, value)
    entry.version += 1
    entry.updated_by = user
    audit.record(
        cycle=entry.cycle,
        entry=entry,
        actor=user,
        action=action,
        changes=changes,
        note=note,
    )
    if set(changes) - {"note"}:
        what = _("Nilai diubah menjadi %(value)s.") % {"value": value_text(entry)}
        review_again(entry, user=user, what=what)
    entry.save()
    return True


@transaction.atomic
def save_entries(
    edits: list[Edit], *, user, action=AuditRecord.Action.ENTRY_SAVED, note: str = ""
) -> list[Entry]:
    """Save several entries, or none: every row is checked before any is written.

    Raises ``RowErrors`` naming each refused row (stale, locked or not editable). ``action``
    and ``note`` name where the values came from (the Excel import records ``imported`` with
    the file's checksum); the rules are the same whatever the source.
    """
    current = locked([edit.entry for edit in edits])
    errors = {}
    for edit in edits:
        entry = current[edit.entry.pk]
        try:
            ensure_editable(entry, user)
            ensure_version(entry, edit.version)
        except DomainError as error:
            errors[entry.pk] = error.message
    if errors:
        raise RowErrors(errors)
    saved = [
        current[edit.entry.pk]
        for edit in edits
        if apply(current[edit.entry.pk], edit.values, user, action, note)
    ]
    if saved:
        refresh_snapshots_on_commit(saved[0].cycle)
    return saved


@transaction.atomic
def save_entry(entry: Entry, *, user, values: dict, version: int) -> Entry:
    """Save one entry's values if ``version`` is still the stored one (no lost updates).
    The entry comes back with its version raised only if something changed (a page never
    says "saved" when nothing was)."""
    entry = lock_one(entry)
    ensure_editable(entry, user)
    ensure_version(entry, version)
    if apply(entry, values, user, action=AuditRecord.Action.ENTRY_SAVED):
        refresh_snapshots_on_commit(entry.cycle)
    return entry


def unmet_requirements(requirements, current_evidence) -> list[DocumentRequirement]:
    """The required documents that no current (non-superseded) evidence satisfies.

    The one rule behind "submit needs every required document", the worklists' "what is
    missing" and the entry page's checklist; pages pass what they prefetched."""
    met = {evidence.requirement_id for evidence in current_evidence}
    return [document for document in requirements if document.pk not in met]


def missing_documents(entry: Entry) -> list[DocumentRequirement]:
    current = entry.evidence.current().filter(requirement__isnull=False)
    return unmet_requirements(entry.question.documents.all(), current)


def change_status(entry: Entry, *, user, status: str, action: str, note: str = "", **fields):
    """Move ``entry`` to ``status``; ``fields`` (timestamps, the return reason) are set but
    only the status is recorded as a change: the reason is the record's note."""
    changes = audit.diff({"status": entry.status}, {"status": status})
    entry.status = status
    for field, value in fields.items():
        setattr(entry, field, value)
    entry.version += 1
    entry.updated_by = user
    entry.save()
    audit.record(
        cycle=entry.cycle, entry=entry, actor=user, action=action, changes=changes, note=note
    )
    refresh_snapshots_on_commit(entry.cycle)
    return entry


@transaction.atomic
def submit_entry(entry: Entry, *, user) -> Entry:
    entry = lock_one(entry)
    ensure_entry_open(entry)
    if entry.status not in EDITABLE:
        raise DomainError(
            _("Isian ini sudah %(status)s.") % {"status": entry.get_status_display().lower()}
        )
    if not entry.has_value:
        raise DomainError(_("Isi nilai terlebih dahulu sebelum mengajukan."))
    missing = missing_documents(entry)
    if missing:
        raise DomainError(
            _("Belum dapat diajukan: dokumen wajib belum diunggah: %(names)s.")
            % {"names": "; ".join(document.name for document in missing)}
        )
    resubmitted = entry.status == Entry.Status.RETURNED
    entry = change_status(
        entry,
        user=user,
        status=Entry.Status.SUBMITTED,
        action=AuditRecord.Action.ENTRY_SUBMITTED,
        submitted_at=timezone.now(),
        return_reason="",
    )
    if resubmitted:
        # The verifikator who returned it is waiting for exactly this (after commit).
        after_commit(notifications.notify_resubmitted, entry, actor=user)
    return entry


@transaction.atomic
def withdraw_entry(entry: Entry, *, user) -> Entry:
    """Take back a submitted entry nobody has reviewed yet: it is a draft again (audited)."""
    entry = lock_one(entry)
    ensure_entry_open(entry)
    if entry.status != Entry.Status.SUBMITTED:
        raise DomainError(
            _(
                "Hanya isian yang diajukan dan belum ditinjau yang dapat ditarik kembali; "
                "isian ini %(status)s."
            )
            % {"status": entry.get_status_display().lower()}
        )
    return change_status(
        entry,
        user=user,
        status=Entry.Status.DRAFT,
        action=AuditRecord.Action.ENTRY_WITHDRAWN,
        submitted_at=None,
    )


def ensure_submitted(entry: Entry) -> None:
    if entry.status != Entry.Status.SUBMITTED:
        raise DomainError(
            _("Hanya isian berstatus diajukan yang dapat ditinjau; isian ini %(status)s.")
            % {"status": entry.get_status_display().lower()}
        )


def review(entry: Entry, *, user, status: str, action: str, **fields) -> Entry:
    """Verify or return a submitted entry, then tell its operators."""
    entry = lock_one(entry)
    ensure_submitted(entry)
    entry = change_status(entry, user=user, status=status, action=action, **fields)
    notify_reviewed(entry, user)
    return entry


@transaction.atomic
def verify_entry(entry: Entry, *, user) -> Entry:
    """Allowed after the entry window too: verification has its own stage."""
    return review(
        entry,
        user=user,
        status=Entry.Status.VERIFIED,
        action=AuditRecord.Action.ENTRY_VERIFIED,
        verified_at=timezone.now(),
    )


@transaction.atomic
def return_entry(entry: Entry, *, user, reason: str) -> Entry:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Alasan pengembalian wajib diisi."))
    return review(
        entry,
        user=user,
        status=Entry.Status.RETURNED,
        action=AuditRecord.Action.ENTRY_RETURNED,
        note=reason,
        return_reason=reason,
    )


def notify_reviewed(entry: Entry, user) -> None:
    """Tell the entry's operators, after commit: in-app first, then e-mail, each on its own so
    an unreachable mail server costs the e-mail only (services/side_effects.py; the tasks are
    in evaluations/tasks.py: on the queue when a broker is configured)."""
    after_commit("evaluations.notice_reviewed", entry.pk, user.pk)
    after_commit("evaluations.mail_reviewed", entry.pk, user.pk)


@transaction.atomic
def add_comment(entry: Entry, *, user, text: str) -> Comment:
    text = text.strip()
    if not text:
        raise DomainError(_("Komentar tidak boleh kosong."))
    comment = Comment.objects.create(entry=entry, author=user, text=text)
    audit.record(
        cycle=entry.cycle,
        entry=entry,
        actor=user,
        action=AuditRecord.Action.COMMENT_ADDED,
        note=text,
    )
    after_commit(notifications.notify_commented, comment)
    return comment
