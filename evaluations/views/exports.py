"""Files in and out of a cycle: the OPD's Excel template and its import (evaluations/exports/).

Who may do what (pinned by tests/evaluations/exports/test_permissions.py):
- the template and its import: Operator OPD, for their own OPD in the current cycle (it is
  "Tugas saya" in a spreadsheet);
- the cycle's Excel workbook and CSV: Admin KLA, Verifikator and Pimpinan (the score's readers);
- the walikota's PDF: the readers of the Pimpinan dashboard (the same three roles);
- the evidence bundle: Admin KLA and Verifikator only (it holds every document).
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from kla.accounts.access import role_required
from kla.accounts.models import Role

from .. import access
from ..dashboards.selected import select_for_dashboard
from ..errors import DomainError
from ..exports import (
    bundle,
    csv_long,
    excel_cycle,
    excel_import,
    excel_template,
    pdf_layout,
    pdf_summary,
)
from ..exports.cycle_rows import cycle_export
from ..exports.workbook import XLSX
from ..forms.exports import TemplateImportForm
from ..scores.selection import select
from .worklists import with_current_cycle


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.OPERATOR_OPD)
@require_GET
@with_current_cycle("evaluations/my_tasks.html")
def template_download(request, cycle):
    opd = request.user.opd
    content = excel_template.build_template(cycle, opd)
    return attachment(content, XLSX, excel_template.template_filename(cycle, opd))


@role_required(Role.OPERATOR_OPD)
@require_http_methods(["GET", "POST"])
@with_current_cycle("evaluations/exports/template_import.html")
def template_import(request, cycle):
    """The upload page; the result (every problem, or what was saved) is shown below the form.
    excel_import.js sends the file with a progress bar and swaps in only the result."""
    posted = request.method == "POST"
    form = TemplateImportForm(request.POST, request.FILES) if posted else TemplateImportForm()
    result, refusal = None, ""
    if posted and form.is_valid():
        try:
            result = excel_import.import_template(
                form.cleaned_data["file"], user=request.user, cycle=cycle
            )
        except DomainError as error:
            refusal = error.message
    context = {"cycle": cycle, "form": form, "result": result, "refusal": refusal}
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return render(request, "evaluations/exports/_import_result.html", context)
    return render(request, "evaluations/exports/template_import.html", context)


# --- The cycle: Excel workbook, CSV ------------------------------------------------------------


def selected_cycle(request):
    """``?siklus=<id>`` of the user's city (another city's is a 404), else the latest cycle."""
    selection = select(request.user, request.GET)
    if selection.cycle is None:
        raise Http404
    return selection.cycle


@role_required(*access.OVERSEERS)
@require_GET
def cycle_workbook(request):
    cycle = selected_cycle(request)
    content = excel_cycle.build_cycle_workbook(cycle)
    return attachment(content, XLSX, excel_cycle.cycle_filename(cycle, "xlsx"))


@role_required(*access.OVERSEERS)
@require_GET
def cycle_csv(request):
    cycle = selected_cycle(request)
    export = cycle_export(cycle)
    response = StreamingHttpResponse(csv_long.csv_lines(export), content_type="text/csv")
    filename = excel_cycle.cycle_filename(cycle, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The walikota's PDF ------------------------------------------------------------------------

PDF_BUSY = _(
    "Ringkasan PDF belum dapat dibuat sekarang karena server sedang sibuk. Coba lagi beberapa "
    "saat lagi."
)


@role_required(*access.OVERSEERS)
@require_GET
def summary_pdf(request):
    selection = select_for_dashboard(request.user, request.GET)
    if selection.cycle is None:
        raise Http404
    try:
        content = pdf_summary.render_summary_pdf(selection)
    except pdf_layout.LayoutUnavailable:
        messages.error(request, PDF_BUSY)
        query = request.GET.urlencode()  # the same cycle and track on the dashboard
        return redirect(reverse("evaluations:dashboard-pimpinan") + (f"?{query}" if query else ""))
    return attachment(content, "application/pdf", pdf_summary.summary_filename(selection))


# --- The evidence bundle -----------------------------------------------------------------------


@role_required(*access.REVIEWERS)
@require_GET
def evidence_bundle(request):
    """``?siklus=&klaster=<code>`` or ``&indikator=<code>`` narrows the bundle; an unknown code
    is a 404."""
    cycle = selected_cycle(request)
    scope = {
        "cluster": request.GET.get("klaster", "").strip(),
        "indicator": request.GET.get("indikator", "").strip(),
    }
    if any(scope.values()) and not bundle.entries_in_scope(cycle, **scope):
        raise Http404
    stream = bundle.build_bundle(cycle, **scope)
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Length"] = str(len(stream))
    filename = bundle.bundle_filename(cycle, **scope)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
