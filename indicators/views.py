"""Browse the instrument (clusters > indicators > questions), download it as JSON or Excel, and,
for the Admin KLA, upload a new one: preview with every problem, then confirm."""

import json

from django.contrib import messages
from django.db.models import Prefetch, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kla.accounts.access import MANAGERS, member_required, role_required
from kla.organisations.models import Opd

from . import upload
from .exchange import InstrumentImportError, export_instrument
from .forms import InstrumentUploadForm
from .models import Cluster, Indicator, Instrument, Question
from .workbook import build_instrument_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@member_required
def instrument_current(request):
    instrument = Instrument.objects.current_for(request.user.kabupaten)
    if instrument is None:
        return render(request, "indicators/instrument_empty.html")
    return redirect("indicators:instrument-detail", code=instrument.code)


@require_GET
@member_required
def instrument_detail(request, code: str):
    instrument = get_object_or_404(Instrument.objects.select_related("imported_by"), code=code)
    questions = Question.objects.prefetch_related("options", "bands", "documents")
    indicators = Indicator.objects.annotate(points=Sum("questions__points")).prefetch_related(
        Prefetch("questions", queryset=questions)
    )
    clusters = (
        Cluster.objects.filter(instrument=instrument)
        .annotate(points=Sum("indicators__questions__points"))
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    opd_names = dict(Opd.objects.of_city(request.user.kabupaten).values_list("code", "name"))
    context = {
        "instrument": instrument,
        "clusters": clusters,
        "tiers": instrument.tiers.all(),
        "opd_names": opd_names,
    }
    return render(request, "indicators/instrument_detail.html", context)


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required
@require_GET
def instrument_json(request, code: str):
    instrument = get_object_or_404(Instrument, code=code)
    content = json.dumps(export_instrument(instrument), ensure_ascii=False, indent=2)
    return attachment(content.encode(), "application/json", f"instrumen-{instrument.code}.json")


@member_required
@require_GET
def instrument_excel(request, code: str):
    instrument = get_object_or_404(Instrument, code=code)
    content = build_instrument_workbook(instrument)
    return attachment(content, XLSX, f"instrumen-{instrument.code}.xlsx")


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def instrument_upload(request):
    """Upload → preview with every problem; a valid file waits for the confirmation."""
    posted = request.method == "POST"
    form = InstrumentUploadForm(request.POST, request.FILES) if posted else InstrumentUploadForm()
    preview, refusal = None, ""
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            raw, data = upload.read_upload(file)
        except upload.UploadRefused as error:
            refusal = error.message
        else:
            preview = upload.preview(raw, data, file.name or "")
            if preview.ok:
                upload.stash(raw, preview.sha256, request.session)
    context = {"form": form, "preview": preview, "refusal": refusal}
    return render(request, "indicators/instrument_upload.html", context)


@role_required(*MANAGERS)
@require_POST
def instrument_confirm(request, sha256: str):
    try:
        instrument = upload.confirm(sha256, request.session, by=request.user)
    except upload.UploadRefused as error:
        messages.error(request, error.message)
        return redirect("indicators:instrument-upload")
    except InstrumentImportError as error:
        for problem in error.problems:
            messages.error(request, problem)
        return redirect("indicators:instrument-upload")
    messages.success(
        request,
        _("Instrumen %(name)s diimpor. Pakai instrumen ini saat membuat siklus baru (menu Siklus).")
        % {"name": instrument.name},
    )
    return redirect("indicators:instrument-detail", code=instrument.code)
