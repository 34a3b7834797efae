"""The score of a cycle, and the path to the next tier (read-only pages).

Open to Admin KLA, Verifikator and Pimpinan: they watch the score; an Operator OPD works from
"Tugas saya". The cycle comes from ``?siklus=<id>`` (default: the city's latest cycle, another
city's is a 404) and the track from ``?jalur=claimed|verified|projection``.
"""

from functools import wraps

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kla.accounts.access import role_required
from kla.accounts.models import Role

from .. import access, scoring
from ..score_loader import load_cycle_data
from ..score_report import (
    TRACK_LABELS,
    compare_clusters,
    kecamatan_rows,
    part_rows,
    risk_rows,
    step_rows,
)

SCORE_READERS = (Role.ADMIN_KLA, Role.VERIFIKATOR, Role.PIMPINAN)
DEFAULT_TRACK = "claimed"
PATH_ROWS_SHOWN = 30  # the rest behind "tampilkan semua"

score_readers = role_required(*SCORE_READERS)


def chosen(request):
    """The cycle and track asked for in the query string (see module docstring)."""
    raw = request.GET.get("siklus", "")
    if raw and not raw.isdigit():
        raise Http404
    cycle = access.get_cycle(request.user, int(raw)) if raw else access.current_cycle(request.user)
    track = request.GET.get("jalur", DEFAULT_TRACK)
    return cycle, (track if track in scoring.TRACKS else DEFAULT_TRACK)


def with_cycle(view):
    """Pass the chosen cycle and track to ``view``; a city without a cycle gets the empty page."""

    @wraps(view)
    def wrapper(request):
        cycle, track = chosen(request)
        if cycle is None:
            return render(request, "evaluations/scores/no_cycle.html")
        return view(request, cycle, track)

    return wrapper


def page_context(request, cycle, track: str) -> dict:
    return {
        "cycle": cycle,
        "track": track,
        "track_labels": TRACK_LABELS,
        "cycles": access.cycles_for(request.user),
    }


@score_readers
@require_GET
@with_cycle
def score(request, cycle, track: str):
    data = load_cycle_data(cycle)
    claimed, verified = data.score("claimed"), data.score("verified")
    shown = {"claimed": claimed, "verified": verified}.get(track) or data.score(track)
    context = {
        **page_context(request, cycle, track),
        "score": shown,
        "parts": part_rows(data.spec, shown),
        "kecamatan": kecamatan_rows(data, shown),
        "claimed": claimed,
        "verified": verified,
        "comparison": compare_clusters(claimed, verified),
        "risks": risk_rows(data, claimed, verified),
        "at_risk": claimed.total - verified.total,
    }
    return render(request, "evaluations/scores/score.html", context)


@score_readers
@require_GET
@with_cycle
def path(request, cycle, track: str):
    data = load_cycle_data(cycle)
    route = scoring.path_to_next_tier(data.spec, data.answers, data.kecamatan, track)
    found = scoring.improvements(data.spec, data.answers, data.kecamatan, track)
    marked = len(route.steps) if route.crosses else 0
    rows = step_rows(data, found, marked)
    show_all = request.GET.get("semua") == "1"
    shown = rows if show_all else rows[: max(PATH_ROWS_SHOWN, marked)]
    context = {
        **page_context(request, cycle, track),
        "route": route,
        "rows": shown,
        "hidden": len(rows) - len(shown),
        "total_rows": len(rows),
        "marked": marked,
    }
    return render(request, "evaluations/scores/path.html", context)
