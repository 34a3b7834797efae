"""What-if: change answers hypothetically and see the total, tier and clusters move.

Admin KLA and Pimpinan only. Nothing is saved: the form's changes go to ``next_tier.what_if``
and the result is rendered. The page works as a plain form; ``static/js/what_if.js`` posts
the edited rows to ``what-if-score`` and swaps in the same result partial without a reload.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from indicators.models import AnswerOption
from kla.accounts.access import role_required
from kla.wilayah.models import Region

from .. import access, names
from ..forms.scores import WhatIfForm
from ..models import Entry, ScoreSnapshot
from ..scores import next_tier
from ..scores.cached import computed
from ..scores.report import compare_clusters
from ..scores.selection import Selection, select
from .scores import page_context, with_cycle

simulators = role_required(*access.SIMULATORS)
COUNT_LABELS = {
    ScoreSnapshot.Track.CLAIMED: gettext_lazy("anggap diajukan"),
    ScoreSnapshot.Track.VERIFIED: gettext_lazy("anggap diverifikasi"),
    ScoreSnapshot.Track.PROJECTION: "",  # every answer with a value counts in the projection
}


def load_options(cycle):
    """Each option question's choices, and the option code stored per (question, unit)."""
    options = {}
    for code, option, label, share in AnswerOption.objects.filter(
        question__indicator__cluster__instrument_id=cycle.instrument_id
    ).values_list("question__code", "code", "label", "share"):
        options.setdefault(code, []).append((option, label, share))
    stored = Entry.objects.filter(cycle=cycle, option__isnull=False).values_list(
        "question__code", "unit__code", "unit__level", "option__code"
    )
    current = {
        (code, names.KOTA if level == Region.Level.KABUPATEN_KOTA else unit): option
        for code, unit, level, option in stored
    }
    return options, current


OPEN_ALL_UP_TO = 12  # kecamatan: up to this many, every question shows its kecamatan rows


def simulate(request, cycle, track: str):
    """The bound form and, when it is valid, the current and hypothetical scores (with the
    stamp of the cycle's state they were computed in)."""
    # The state read now: the stored options below are read now too, and must match it.
    state = computed(cycle, fresh=True)
    data = state.data
    options, current = load_options(cycle)
    opened = set(request.GET.getlist("buka"))
    form = WhatIfForm(
        request.POST if request.method == "POST" else None,
        cycle_data=data,
        options=options,
        current_options=current,
        track=track,
        open_questions=None if len(data.kecamatan) <= OPEN_ALL_UP_TO else opened,
    )
    now = state.score(track, with_index=False)  # the page shows totals and clusters
    changes = form.changes() if form.is_bound and form.is_valid() else {}
    # Only the changed questions are scored again (the rest is taken from ``now``).
    after = next_tier.what_if(
        data.spec, data.answers, data.kecamatan, track, changes, base=now, with_index=False
    )
    result = {
        "now": now,
        "after": after,
        "changes": len(changes),
        "clusters": compare_clusters(now, after),
        "state": state.stamp,
    }
    return form, result


@simulators
@require_http_methods(["GET", "POST"])
@with_cycle
def what_if(request, selection: Selection):
    track = selection.track
    form, result = simulate(request, selection.cycle, track)
    context = {
        **page_context(selection),
        "form": form,
        "result": result,
        "state": result["state"],
        "status_labels": dict(Entry.Status.choices),
        "count_label": COUNT_LABELS[track],
        "opened": request.GET.getlist("buka"),
        "open_query": "".join(f"&buka={code}" for code in request.GET.getlist("buka")),
    }
    return render(request, "evaluations/scores/what_if.html", context)


@simulators
@require_POST
def what_if_score(request):
    selection = select(request.user, request.GET)
    if selection.cycle is None:
        raise Http404
    form, result = simulate(request, selection.cycle, selection.track)
    if form.errors:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    html = render_to_string(
        "evaluations/scores/_what_if_result.html", {"result": result}, request=request
    )
    after = result["after"]
    body = {
        "html": html,
        "total": str(after.total),
        "tier": after.tier.code if after.tier else None,
        "changes": result["changes"],
    }
    return JsonResponse(body)
