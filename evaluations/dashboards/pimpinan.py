"""The Pimpinan dashboard (the walikota's home): where the city stands, how it moved over the
years, which clusters and kecamatan hold it back, and what would lift it.

Every score comes from evaluations/scores/ through one ``load_scores`` per request (both tracks
scored from it). A function that queries says so in its docstring; the others only shape plain
values. The query counts of the pages and chart views are pinned in
tests/evaluations/dashboards/test_queries.py.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kla.formats import angka

from ..models import ScoreSnapshot
from ..scores import next_tier, scoring
from ..scores.report import HISTORY_TRACKS, StepRow, history_rows, step_rows
from ..scores.selection import Selection
from .charts import Chart, Series
from .selected import Scores, load_scores, no_cycle, tier_bands

IMPROVEMENTS_SHOWN = (5, 8)  # rows: at least, at most
TRACKER_SOURCE = {
    "snapshot": gettext_lazy("Pantauan (cuplikan skor)"),
    "live": gettext_lazy("Pantauan (dihitung saat ini)"),
}


# --- Yearly tier progress -----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    year: int
    total: Decimal | None
    tier: scoring.Tier | None
    source: str


def tier_history(selection: Selection, scores: Scores | None) -> list[HistoryPoint]:
    """Totals per cycle, oldest first (3 queries, whatever the number of cycles).

    Built on the score history page's rows (scores/report.py.history_rows). A cycle's point is its
    official result where one was entered (final, else the province's check, else the
    self-assessment as sent); otherwise the tracker's own figure: the live score for the
    selected cycle (the same number as the badge), the stored snapshot for the others.
    """
    cycles = sorted(selection.cycles, key=lambda c: c.year)
    prefetch_related_objects(cycles, "official_results", "snapshots", "instrument__tiers")
    live = scores.of(selection.track) if scores else None
    track_index = HISTORY_TRACKS.index(selection.track)
    points = []
    for row in history_rows(cycles):
        if row.cycle == selection.cycle and live is not None:
            tracker = (live.total, live.tier.code if live.tier else "", TRACKER_SOURCE["live"])
        elif snapshot := row.tracked[track_index]:
            tracker = (snapshot.total, snapshot.tier_code, TRACKER_SOURCE["snapshot"])
        else:
            tracker = None
        official = [cell for cell in reversed(row.official) if cell]  # final result first
        tiers = [
            scoring.Tier(t.code, t.name, t.min_score) for t in row.cycle.instrument.tiers.all()
        ]
        points.append(_history_point(row.cycle.year, official, tracker, tiers))
    return points


def _history_point(year: int, official: list, tracker, tiers: list) -> HistoryPoint:
    if official:
        # The first official result with a total; a year known only by its predikat (as Kota
        # Serang's Pratama years often are) keeps that predikat without a point on the line.
        scored = [cell for cell in official if cell.total is not None]
        chosen = scored[0] if scored else official[0]
        tier_code = chosen.tier_code or next((c.tier_code for c in official if c.tier_code), "")
        total, source = chosen.total, str(chosen.label)
    elif tracker is not None:
        total, tier_code, source = tracker
        source = str(source)
    else:
        return HistoryPoint(year, None, None, _("Belum ada skor"))
    by_code = {t.code: t for t in tiers}
    if tier_code:
        tier = by_code.get(tier_code, scoring.Tier(tier_code, tier_code, Decimal(0)))
    else:
        tier = None if total is None else scoring.tier_for(total, tiers)
    return HistoryPoint(year, total, tier, source)


def tier_progress_chart(points: list[HistoryPoint], scores: Scores | None) -> Chart:
    """The totals as a line over the tier bands of the selected cycle's instrument."""
    spec = scores.data.spec if scores else None
    totals = [p.total for p in points if p.total is not None]
    bands = tier_bands(spec) if spec else ()
    lowest = min([*totals, *(b.low for b in bands[:1])], default=Decimal(0))
    return Chart(
        title=_("Kemajuan predikat per tahun"),
        units=_("Skor total (maksimum %(max)s)")
        % {"max": angka(spec.max_score, 0) if spec else "–"},
        heading=_("Tahun"),
        labels=tuple(str(p.year) for p in points),
        series=(
            Series(
                "score",
                _("Skor total"),
                tuple(None if p.total is None else scoring.round2(p.total) for p in points),
                point_keys=tuple(f"tier-{p.tier.code}" if p.tier else "tier-none" for p in points),
            ),
        ),
        kind="line",
        bands=bands,
        # Start one hundred below the lowest figure (or the first tier) so the bands show.
        y_min=max(Decimal(0), (lowest // 100) * 100 - 100),
        y_max=spec.max_score if spec else None,
        notes=(_("Predikat"), _("Sumber")),
        note_rows=tuple(
            (p.tier.name if p.tier else _("Belum berpredikat"), p.source) for p in points
        ),
    )


# --- Clusters, kecamatan, heat map, improvements --------------------------------------------------


def _short(name: str) -> str:
    """ "Klaster I: Hak Sipil dan Kebebasan" → "Klaster I" (axis labels must stay short)."""
    return name.split(":", 1)[0]


def cluster_chart(scores: Scores | None) -> Chart:
    """Claimed and verified points per cluster beside the cluster's maximum."""
    claimed = scores.claimed.clusters if scores else ()
    verified = {c.code: c.earned for c in scores.verified.clusters} if scores else {}
    return Chart(
        title=_("Skor per klaster"),
        units=_("Poin"),
        heading=_("Klaster"),
        labels=tuple(_short(c.name) for c in claimed),
        long_labels=tuple(c.name for c in claimed),
        series=(
            Series("max", _("Maksimum"), tuple(scoring.round2(c.max_points) for c in claimed)),
            Series(
                ScoreSnapshot.Track.CLAIMED,
                str(ScoreSnapshot.Track.CLAIMED.label),
                tuple(scoring.round2(c.earned) for c in claimed),
            ),
            Series(
                ScoreSnapshot.Track.VERIFIED,
                str(ScoreSnapshot.Track.VERIFIED.label),
                tuple(scoring.round2(verified[c.code]) for c in claimed),
            ),
        ),
    )


def kecamatan_chart(scores: Scores | None, track: str) -> Chart:
    """The kecamatan index (0-100) of the track, best first."""
    index = scores.of(track).kecamatan_index if scores else ()
    names = scores.data.kecamatan_names if scores else {}
    return Chart(
        title=_("Perbandingan kecamatan"),
        units=_("Indeks kecamatan (0–100)"),
        heading=_("Kecamatan"),
        labels=tuple(names[k.code] for k in index),
        series=(
            Series("index", str(ScoreSnapshot.Track(track).label), tuple(k.index for k in index)),
        ),
        horizontal=True,
        y_min=Decimal(0),
        y_max=Decimal(100),
    )


@dataclass(frozen=True)
class HeatRow:
    code: str
    name: str
    values: tuple[Decimal, ...]  # 0-100 per kecamatan, in the columns' order

    @property
    def cells(self) -> list[tuple[Decimal, int]]:
        """(value, shade 0-4) per cell: the shade only repeats what the number says."""
        return [(v, min(int(v // 20), 4)) for v in self.values]


@dataclass(frozen=True)
class HeatMap:
    columns: tuple[str, ...]
    rows: tuple[HeatRow, ...]
    codes: tuple[str, ...] = ()  # the kecamatan codes of the columns (links to their entries)

    def links(self, row: HeatRow, url: str) -> list[tuple[Decimal, int, str]]:
        """(value, shade, the entries behind the cell in "Daftar isian") per cell of ``row``."""
        return [
            (value, shade, f"{url}?{urlencode({'indikator': row.code, 'kecamatan': code})}")
            for (value, shade), code in zip(row.cells, self.codes, strict=True)
        ]


def heat_map(scores: Scores, track: str) -> HeatMap:
    """Indicator x kecamatan: the kecamatan index restricted to each indicator's per-kecamatan
    questions (the same rule as ``scoring.kecamatan_index``, from the unit fractions the
    dashboard already computed); city-level indicators are left out."""
    data = scores.data
    fractions = (
        scores.fractions
        if scores.index_track == track
        else scoring.unit_fractions(data.spec, data.answers, data.kecamatan, track)
    )
    rows = []
    for indicator in data.spec.indicators:
        questions = tuple(q for q in data.spec.questions if q.indicator_code == indicator.code)
        spec = replace(data.spec, questions=questions)
        index = {
            k.code: k.index
            for k in scoring.kecamatan_index(
                spec, data.answers, data.kecamatan, track, fractions=fractions
            )
        }
        if index:
            values = tuple(index[code] for code in data.kecamatan)
            rows.append(HeatRow(indicator.code, indicator.name, values))
    names = tuple(data.kecamatan_names[c] for c in data.kecamatan)
    return HeatMap(names, tuple(rows), tuple(data.kecamatan))


def top_improvements(scores: Scores, track: str) -> tuple[scoring.Path, list[StepRow]]:
    """The first steps of the path to the next tier, each with its OPD (marked). A path shorter
    than five steps is followed by the next best improvements, so there is a choice."""
    data = scores.data
    found = next_tier.improvements(data.spec, data.answers, data.kecamatan, track)
    route = next_tier.path_to_next_tier(
        data.spec, data.answers, data.kecamatan, track, current=scores.of(track), found=found
    )
    marked = len(route.steps) if route.crosses else 0
    shown = min(max(len(route.steps), IMPROVEMENTS_SHOWN[0]), IMPROVEMENTS_SHOWN[1])
    return route, step_rows(data, found[:shown], marked)


def pimpinan_dashboard(selection: Selection, *, fresh: bool = False) -> dict:
    """Everything the Pimpinan dashboard shows: scores/loader.py's queries plus three (history).
    ``fresh``: the cycle's state read now (the summary PDF, which also reads rows itself)."""
    if selection.cycle is None:
        return no_cycle(selection)
    track = selection.track
    scores = load_scores(selection.cycle, track, fresh=fresh)
    route, steps = scores.keep(("top improvements", track), lambda: top_improvements(scores, track))
    heat = scores.keep(("heat map", track), lambda: heat_map(scores, track))
    list_url = reverse("evaluations:entry-list")
    return {
        "selection": selection,
        "scores": scores,
        "score": scores.of(track),
        # Rendered once per state of the cycle ({% cache %} keyed by ``state``); the history
        # reads other cycles too, so it is built for every request.
        "state": scores.computed.stamp,
        "history": tier_progress_chart(tier_history(selection, scores), scores),
        "clusters": scores.keep("cluster chart", lambda: cluster_chart(scores)),
        "kecamatan": scores.keep(
            ("kecamatan chart", track), lambda: kecamatan_chart(scores, track)
        ),
        "heat_map": heat,
        "heat_rows": scores.keep(
            ("heat rows", track), lambda: [(row, heat.links(row, list_url)) for row in heat.rows]
        ),
        "route": route,
        "steps": steps,
    }
