"""Score history: official results per cycle and stage beside the tracker's own snapshots.

Everyone who reads scores sees the history; only Admin KLA records an official result.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kla.accounts.access import role_required
from kla.forms import reading_notes

from .. import access
from ..errors import DomainError
from ..forms.scores import OfficialResultForm
from ..models import OfficialResult, ScoreSnapshot
from ..scores.report import HISTORY_TRACKS, history_rows
from ..services.official_results import record_official_result
from .scores import score_readers

manager_required = role_required(*access.MANAGERS)


@score_readers
@require_GET
def score_history(request):
    cycles = (
        access.cycles_for(request.user)
        .select_related("instrument")
        .prefetch_related("official_results", "snapshots", "instrument__tiers")
    )
    context = {
        "rows": history_rows(cycles),
        "stages": OfficialResult.Stage.choices,
        "tracks": [ScoreSnapshot.Track(track).label for track in HISTORY_TRACKS],
    }
    return render(request, "evaluations/scores/history.html", context)


@manager_required
@require_http_methods(["GET", "POST"])
def official_result_edit(request, cycle_id: int):
    cycle = access.get_cycle(request.user, cycle_id)
    stage = request.GET.get("tahap", OfficialResult.Stage.FINAL)
    existing = cycle.official_results.filter(stage=stage).first()
    initial = {"stage": stage}
    if existing:
        initial |= {"total": existing.total, "tier_code": existing.tier_code, "note": existing.note}
    form = OfficialResultForm(request.POST or None, cycle=cycle, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_official_result(
                cycle,
                data["stage"],
                total=data["total"],
                tier_code=data["tier_code"],
                note=data["note"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Hasil resmi %(cycle)s disimpan.") % {"cycle": cycle})
            for note in reading_notes(form):  # e.g. "1.000" read as one thousand
                messages.warning(request, note)
            return redirect("evaluations:score-history")
    context = {"cycle": cycle, "form": form, "existing": existing}
    return render(request, "evaluations/scores/official_result_form.html", context)
