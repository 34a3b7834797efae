"""Browse the instrument: clusters > indicators > questions, with points and evidence needed."""

from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from kla.accounts.access import member_required
from kla.organisations.models import Opd

from .models import Cluster, Indicator, Instrument, Question


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
    instrument = get_object_or_404(Instrument, code=code)
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
