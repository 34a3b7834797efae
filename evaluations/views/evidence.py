"""Evidence of an entry: upload, replace, the list (also refreshed after an upload), download.

An upload sent by evidence_upload.js (XMLHttpRequest) gets JSON back, with the refusal in
Indonesian; a plain form post gets a message and a redirect to the entry page. Uploads are
counted while they stream in (``services/uploads/handler.py``); a file shown inline is sandboxed
so it can never run script in the app's origin (docs/uploads.md).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from kla.accounts.access import member_required, role_required

from .. import access
from ..errors import DomainError
from ..forms.evidence import EvidenceForm, ReplaceEvidenceForm, RequirementForm
from ..models import Entry, Evidence
from ..services import evidence as services
from ..services.entries import is_editable, unmet_requirements
from ..services.uploads import INLINE_TYPES, max_megabytes
from ..services.uploads.handler import install as install_size_limit
from .back import back_link, entry_url

# Evidence shown inline (PDF in a frame, an image) runs in a sandbox: no script, no forms, no
# plugins, an opaque origin; it may only show itself (its own images, fonts and styles).
# Only the app's own pages may frame it (the verification queue's preview).
INLINE_POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'"
)


def evidence_context(entry: Entry, user) -> dict:
    """Current files with their older versions, and which required documents are present."""
    rows = list(entry.evidence.select_related("requirement", "uploaded_by", "withdrawn_by"))
    older = {row.superseded_by_id: row for row in rows if row.superseded_by_id}
    groups, withdrawn = [], []
    for latest in (row for row in rows if row.superseded_by_id is None):
        previous, row = [], older.get(latest.pk)
        while row is not None:
            previous.append(row)
            row = older.get(row.pk)
        group = {"evidence": latest, "previous": previous}
        (groups if latest.withdrawn_at is None else withdrawn).append(group)
    documents = list(entry.question.documents.all())
    unmet = unmet_requirements(documents, [group["evidence"] for group in groups])
    checklist = [{"document": d, "present": d not in unmet} for d in documents]
    return {
        "entry": entry,
        "evidence_groups": groups,
        "withdrawn_groups": withdrawn,
        "documents": documents,
        "checklist": checklist,
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
        "editable": user.role in access.EDITORS and is_editable(entry, user),
    }


def same_file_warning(evidence: Evidence) -> str:
    """A word when the very same content (same SHA-256) was already attached to the entry."""
    if not evidence.copies:
        return ""
    return " " + _(
        "Perhatian: berkas yang sama persis (SHA-256 sama) sudah dilampirkan sebagai "
        "“%(other)s”; tarik salah satunya bila tidak sengaja."
    ) % {"other": evidence.copies[0].title}


def wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


def refused(request, entry: Entry, errors: list[str]):
    if wants_json(request):
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    for error in errors:
        messages.error(request, error)
    return redirect(entry_url(request, entry, "#bukti"))


def done(request, entry: Entry, message: str):
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message})
    messages.success(request, message)
    return redirect(entry_url(request, entry, "#bukti"))


def form_errors(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


def size_limited(view):
    """Count the upload against the size limit while it streams in.

    The limit has to be installed before anything reads the body, and CSRF protection reads
    it: so the check runs first (CSRF-exempt) and the view itself stays CSRF-protected. A body
    stopped for its size is refused here, before any lookup, storing nothing."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        install_size_limit(request)
        request.FILES  # noqa: B018 (read the body now, under the limit)
        if request.upload_too_big:
            return too_big(request)
        return protected(request, *args, **kwargs)

    return wrapper


def too_big(request):
    message = _("Berkas terlalu besar: maksimum %(mb)s MB.") % {"mb": max_megabytes()}
    if wants_json(request):
        return JsonResponse({"ok": False, "errors": [message]}, status=413)
    messages.error(request, message)
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("home")
    return redirect(back)


def answer(request, entry: Entry, form, store):
    """Validate ``form`` and call ``store(cleaned_data) -> message``; refusals are answered in
    kind (JSON or a message), nothing is stored then."""
    if not form.is_valid():
        return refused(request, entry, form_errors(form))
    try:
        message = store(form.cleaned_data)
    except DomainError as error:
        return refused(request, entry, [error.message])
    return done(request, entry, message)


@role_required(*access.EDITORS)
@require_POST
@size_limited
def evidence_upload(request, pk: int):
    entry = access.get_entry(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES, question=entry.question)

    def store(data: dict) -> str:
        evidence = services.upload_evidence(
            entry,
            user=request.user,
            upload=data["file"],
            title=data["title"],
            requirement=data["requirement"],
        )
        message = _("Bukti “%(title)s” diunggah.") % {"title": evidence.title}
        return message + same_file_warning(evidence)

    return answer(request, entry, form, store)


@role_required(*access.EDITORS)
@require_POST
@size_limited
def evidence_replace(request, pk: int):
    old = access.get_evidence(request.user, pk)
    form = ReplaceEvidenceForm(request.POST, request.FILES)

    def store(data: dict) -> str:
        new = services.replace_evidence(
            old, user=request.user, upload=data["file"], title=data["title"]
        )
        message = _("“%(title)s” diganti; versi lama tetap tersimpan di riwayat.")
        return message % {"title": new.title} + same_file_warning(new)

    return answer(request, old.entry, form, store)


@role_required(*access.EDITORS)
@require_POST
def evidence_retag(request, pk: int):
    """Change which required document a file fulfils (a plain form post)."""
    evidence = access.get_evidence(request.user, pk)
    form = RequirementForm(request.POST, question=evidence.entry.question)

    def store(data: dict) -> str:
        services.retag_evidence(evidence, user=request.user, requirement=data["requirement"])
        name = services.requirement_name(data["requirement"])
        return _("“%(title)s” kini: %(name)s.") % {"title": evidence.title, "name": name}

    return answer(request, evidence.entry, form, store)


@role_required(*access.EDITORS)
@require_POST
def evidence_withdraw(request, pk: int):
    """Withdraw a file: it stops counting; the file and its history are kept."""
    evidence = access.get_evidence(request.user, pk)
    try:
        services.withdraw_evidence(evidence, user=request.user)
    except DomainError as error:
        return refused(request, evidence.entry, [error.message])
    message = _("“%(title)s” ditarik; berkasnya tetap tersimpan di riwayat.")
    return done(request, evidence.entry, message % {"title": evidence.title})


@member_required
@require_GET
def entry_evidence_list(request, pk: int):
    """The evidence list alone: the entry page reloads it after an upload."""
    entry = access.get_entry(request.user, pk)
    context = {**evidence_context(entry, request.user), "back": back_link(request)}
    return render(request, "evaluations/_evidence_list.html", context)


@member_required
@require_GET
@xframe_options_sameorigin
def evidence_download(request, pk: int):
    """Stream a file after the access check; PDF and images may be shown ``?inline=1``."""
    evidence: Evidence = access.get_evidence(request.user, pk)
    inline = request.GET.get("inline") == "1" and evidence.content_type in INLINE_TYPES
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas tidak ditemukan di penyimpanan.")) from None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = INLINE_POLICY  # also for a download opened in a tab
    response["Cache-Control"] = "private, no-store"
    return response
