"""The entry page, saving its values and submitting it; all kecamatan of a question at once."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kla.accounts.access import member_required, role_required
from kla.forms import reading_notes

from .. import access
from ..errors import DomainError
from ..forms.entry import entry_form
from ..forms.evidence import EvidenceForm
from ..forms.review import CommentForm, ReturnForm
from ..models import AuditRecord, Entry, IndicatorReview
from ..querysets import current_evidence
from ..services import entries as services
from ..services import notifications
from .back import back_link, entry_url
from .evidence import evidence_context

# What changes the value (who "last changed" it), and what reviews it (shown as a review).
VALUE_ACTIONS = (AuditRecord.Action.ENTRY_SAVED, AuditRecord.Action.IMPORTED)
REVIEW_ACTIONS = (AuditRecord.Action.ENTRY_VERIFIED, AuditRecord.Action.ENTRY_RETURNED)


def entry_context(request, entry: Entry, forms: dict) -> dict:
    user = request.user
    # The question's required documents, read once for the checklist and the upload form.
    prefetch_related_objects([entry.question], "documents")
    context = evidence_context(entry, user)
    editable, entry_open = context["editable"], entry.cycle.is_entry_open
    records = list(entry.audit_records.select_related("actor"))
    context.update(
        {
            "cycle": entry.cycle,
            "question": entry.question,
            "entry_open": entry_open,
            "closed_message": services.ENTRY_CLOSED,
            "form": forms.get("form") or (entry_form(entry) if editable else None),
            "evidence_form": EvidenceForm(question=entry.question) if editable else None,
            "can_submit": user.role in access.EDITORS
            and entry.status in services.EDITABLE
            and entry_open,
            "can_review": user.role in access.REVIEWERS and entry.status == Entry.Status.SUBMITTED,
            "can_withdraw": user.role in access.EDITORS
            and entry.status == Entry.Status.SUBMITTED
            and entry_open,
            "return_form": forms.get("return_form") or ReturnForm(),
            "comment_form": forms.get("comment_form") or CommentForm(),
            "can_comment": user.role in access.COMMENTERS,
            "comments": entry.comments.select_related("author"),
            "audit_records": records,
            "last_change": next((r for r in records if r.action in VALUE_ACTIONS), None),
            "last_review": next((r for r in records if r.action in REVIEW_ACTIONS), None),
            "back": back_link(request),
            # The province's mark on this entry's indicator (issue 12), one query.
            "province_review": IndicatorReview.objects.filter(
                cycle_id=entry.cycle_id, indicator_id=entry.question.indicator_id
            ).first(),
        }
    )
    return context


def render_entry(request, entry: Entry, **forms):
    """The entry page, with any bound form (and its errors) given by the calling view."""
    return render(request, "evaluations/entry_detail.html", entry_context(request, entry, forms))


def act(request, entry: Entry, service, success: str):
    """Run a state change without input; its refusal becomes an error message."""
    try:
        service(entry, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(entry_url(request, entry))


@member_required
@require_GET
def entry_detail(request, pk: int):
    entry = access.get_entry(request.user, pk)
    notifications.mark_read_for_entry(request.user, entry)
    return render_entry(request, entry)


@role_required(*access.EDITORS)
@require_POST
def entry_save(request, pk: int):
    entry = access.get_entry(request.user, pk)
    form = entry_form(entry, request.POST)
    if form.is_valid():
        version = form.cleaned_data["version"]
        try:
            saved = services.save_entry(
                entry, user=request.user, values=form.values(), version=version
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if saved.version == version:  # nothing changed: never say "saved" then
                messages.info(request, _("Tidak ada perubahan untuk disimpan."))
            else:
                messages.success(request, _("Isian disimpan."))
                tell_after_save(request, [form], [saved], per_unit=False)
            return redirect(entry_url(request, entry))
    return render_entry(request, entry, form=form)


def tell_after_save(request, forms: list, saved: list[Entry], *, per_unit: bool = True) -> None:
    """How an ambiguous number was read (docs/angka.md), and which entries are to be reviewed
    again (the review rule, docs/review-rule.md)."""
    for form in forms:
        for note in reading_notes(form, form.entry.unit.name if per_unit else ""):
            messages.warning(request, note)
    again = [entry for entry in saved if getattr(entry, "review_again_from", None)]
    if again:
        messages.warning(
            request,
            _(
                "Isian yang sudah diajukan atau diverifikasi diubah: %(units)s. Statusnya kini "
                "diajukan dan perlu ditinjau ulang; verifikator sudah diberi tahu."
            )
            % {"units": ", ".join(str(entry) for entry in again)},
        )


@role_required(*access.EDITORS)
@require_POST
def entry_submit(request, pk: int):
    entry = access.get_entry(request.user, pk)
    return act(request, entry, services.submit_entry, _("Isian diajukan untuk diverifikasi."))


@role_required(*access.EDITORS)
@require_POST
def entry_withdraw(request, pk: int):
    entry = access.get_entry(request.user, pk)
    message = _("Pengajuan ditarik kembali: isian kembali menjadi draf dan dapat diubah.")
    return act(request, entry, services.withdraw_entry, message)


def unit_rows(entries: list[Entry], user, data) -> list[dict]:
    """One row per kecamatan; a form only where this user may edit the entry now.

    A row that was read-only when the page was opened (no version posted) stays untouched.
    """
    documents = list(entries[0].question.documents.all())
    rows = []
    for entry in entries:
        prefix = f"isian-{entry.pk}"
        posted = data is None or f"{prefix}-version" in data
        form = None
        if posted and user.role in access.EDITORS and services.is_editable(entry, user):
            form = entry_form(entry, data, prefix=prefix)
        missing = services.unmet_requirements(documents, entry.current_evidence)
        rows.append({"entry": entry, "form": form, "missing": missing})
    return rows


def save_rows(request, rows: list[dict]) -> bool:
    """Save every changed row, or none: invalid or stale rows get their own error."""
    if not rows[0]["entry"].cycle.is_entry_open:
        messages.error(request, services.ENTRY_CLOSED)
        return True
    forms = [row["form"] for row in rows if row["form"] is not None]
    if not all([form.is_valid() for form in forms]):  # a list: every row gets validated
        return False
    edits = [
        services.Edit(form.entry, form.values(), form.cleaned_data["version"])
        for form in forms
        if form.changes_values
    ]
    if not edits:
        messages.info(request, _("Tidak ada perubahan untuk disimpan."))
        return True
    try:
        saved = services.save_entries(edits, user=request.user)
    except services.RowErrors as error:
        for form in forms:
            if form.entry.pk in error.errors:
                form.add_error(None, error.errors[form.entry.pk])
        return False
    count = len(saved)
    if not count:
        messages.info(request, _("Tidak ada perubahan untuk disimpan."))
        return True
    messages.success(
        request,
        ngettext("%(count)d isian disimpan.", "%(count)d isian disimpan.", count)
        % {"count": count},
    )
    tell_after_save(request, [form for form in forms if form.changes_values], saved)
    return True


@member_required
@require_http_methods(["GET", "POST"])
def question_units(request, cycle_id: int, question_id: int):
    """Every kecamatan of one question on one page (an operator: only their OPD's question)."""
    if request.method == "POST":
        access.require_role(request.user, access.EDITORS)
    cycle = access.get_cycle(request.user, cycle_id)
    prefetch_related_objects([cycle], "stages", "reopenings")
    entries = list(
        access.entries_for(request.user)
        .of_cycle(cycle)
        .filter(question_id=question_id)
        .select_related("question__indicator", "unit", "option")
        .prefetch_related(current_evidence())
        .order_by("unit__code")
    )
    if not entries:
        raise Http404
    for entry in entries:
        entry.cycle = cycle  # one cycle object: its stage dates are read once
    rows = unit_rows(entries, request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and save_rows(request, rows):
        return redirect(request.path)
    context = {
        "cycle": cycle,
        "question": entries[0].question,
        "rows": rows,
        "any_form": any(row["form"] for row in rows),
    }
    return render(request, "evaluations/question_units.html", context)
