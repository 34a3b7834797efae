"""The score of a cycle, and the path to the next tier (read-only pages).

Open to Admin KLA, Verifikator and Pimpinan: they watch the score; an Operator OPD works from
"Tugas saya". The cycle comes from ``?siklus=<id>`` (default: the city's latest cycle, another
city's is a 404) and the track from ``?jalur=claimed|verified|projection``.
"""

from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from kla.accounts.access import role_required

from .. import access
from ..models import ScoreSnapshot
from ..scores import next_tier
from ..scores.cached import computed
from ..scores.report import compare_clusters, kecamatan_rows, part_rows, risk_rows, step_rows
from ..scores.selection import Selection, select

PATH_ROWS_SHOWN = 30  # the rest behind "tampilkan semua"

score_readers = role_required(*access.OVERSEERS)
TRACK_HELP = {
    ScoreSnapshot.Track.CLAIMED: gettext_lazy(
        "Jalur diklaim: menghitung isian yang diajukan dan yang sudah diverifikasi."
    ),
    ScoreSnapshot.Track.VERIFIED: gettext_lazy(
        "Jalur terverifikasi: hanya isian yang sudah diverifikasi."
    ),
    ScoreSnapshot.Track.PROJECTION: gettext_lazy(
        "Jalur proyeksi: semua isian, termasuk draf, untuk perencanaan."
    ),
}


def with_cycle(view):
    """Pass the selection (evaluations/scores/selection.py) to ``view``; a city without a cycle gets
    the empty page."""

    @wraps(view)
    def wrapper(request):
        selection = select(request.user, request.GET)
        if selection.cycle is None:
            return render(request, "evaluations/scores/no_cycle.html")
        return view(request, selection)

    return wrapper


def page_context(selection: Selection) -> dict:
    return {
        "cycle": selection.cycle,
        "track": selection.track,
        "track_choices": selection.track_choices,
        "track_label": selection.track_label,
        "track_help": TRACK_HELP[selection.track],
        "cycles": selection.cycles,
    }


def score_parts(state, track: str) -> dict:
    """What the score page shows of the cycle in ``track`` (once per state of the cycle)."""
    data = state.data
    Track = ScoreSnapshot.Track
    # The kecamatan index (the costly part with many kecamatan) only for the track shown.
    claimed, verified = (
        state.score(t, with_index=t == track) for t in (Track.CLAIMED, Track.VERIFIED)
    )
    shown = {Track.CLAIMED: claimed, Track.VERIFIED: verified}.get(track) or state.score(track)
    return {
        "score": shown,
        "parts": part_rows(data.spec, shown),
        "kecamatan": kecamatan_rows(data, shown),
        "claimed": claimed,
        "verified": verified,
        "comparison": compare_clusters(claimed, verified),
        "risks": risk_rows(data, claimed, verified),
        "at_risk": claimed.total - verified.total,
    }


@score_readers
@require_GET
@with_cycle
def score(request, selection: Selection):
    track = selection.track
    state = computed(selection.cycle)
    context = {
        **page_context(selection),
        **state.get(("score page", track), lambda: score_parts(state, track)),
    }
    return render(request, "evaluations/scores/score.html", context)


def path_rows(state, selection: Selection):
    """The greedy path to the next tier, and every improvement as a row (once per state)."""
    data, track = state.data, selection.track
    found = next_tier.improvements(data.spec, data.answers, data.kecamatan, track)
    route = next_tier.path_to_next_tier(
        data.spec, data.answers, data.kecamatan, track, current=state.score(track), found=found
    )
    marked = len(route.steps) if route.crosses else 0
    return route, step_rows(data, found, marked), marked


@score_readers
@require_GET
@with_cycle
def path(request, selection: Selection):
    state = computed(selection.cycle)
    route, rows, marked = state.get(("path", selection.track), lambda: path_rows(state, selection))
    show_all = request.GET.get("semua") == "1"
    shown = rows if show_all else rows[: max(PATH_ROWS_SHOWN, marked)]
    context = {
        **page_context(selection),
        "route": route,
        "rows": shown,
        "hidden": len(rows) - len(shown),
        "total_rows": len(rows),
        "marked": marked,
    }
    return render(request, "evaluations/scores/path.html", context)
