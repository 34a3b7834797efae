"""What the two dashboards show, assembled in a fixed number of queries.

- The Pimpinan dashboard (the walikota's home): where the city stands, how it moved over the
  years, which clusters and kecamatan hold it back, and what would lift it.
- The DP3AKB dashboard (home of Admin KLA and Verifikator): which OPD is behind, what waits for
  verification, which claimed points the province may strike, and the cycle's deadlines.

Every score comes from ``scoring.py`` through one ``load_cycle_data`` per request (both tracks
scored from it); counts come from one aggregate query. Nothing is recomputed differently here.
A function that queries says so in its docstring; the others only shape plain values. The query
counts of the pages and chart views are pinned in tests/evaluations/test_dashboard_queries.py.
"""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Min, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Instrument
from indicators.templatetags.kla_format import angka

from . import scoring
from .chart_data import Chart, Series, TierBand
from .models import Cycle, Entry
from .score_loader import CycleData, load_cycle_data
from .score_report import (
    HISTORY_TRACKS,
    TRACK_LABELS,
    RiskRow,
    StepRow,
    history_rows,
    risk_rows,
    step_rows,
)
from .selection import Selection, select

DASHBOARD_TRACKS = ("claimed", "verified")
IMPROVEMENTS_SHOWN = (5, 8)  # rows: at least, at most
RISKS_SHOWN = 8
TRACKER_SOURCE = {
    "snapshot": gettext_lazy("Pantauan (cuplikan skor)"),
    "live": gettext_lazy("Pantauan (dihitung saat ini)"),
}
PROGRESS_STATUSES = (
    ("empty", gettext_lazy("Kosong")),
    ("draft", gettext_lazy("Draf")),
    ("submitted", gettext_lazy("Diajukan")),
    ("returned", gettext_lazy("Dikembalikan")),
    ("verified", gettext_lazy("Diverifikasi")),
)


# --- Scores of the selected cycle ---------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    data: CycleData
    claimed: scoring.CycleScore
    verified: scoring.CycleScore

    def of(self, track: str) -> scoring.CycleScore:
        return self.verified if track == "verified" else self.claimed

    @property
    def at_risk(self) -> Decimal:
        """Claimed points the verification has not (yet) confirmed."""
        return self.claimed.total - self.verified.total


def load_scores(cycle: Cycle | None) -> Scores | None:
    """The cycle's data (score_loader's fixed queries), scored in both tracks."""
    if cycle is None:
        return None
    data = load_cycle_data(cycle)
    return Scores(data, data.score("claimed"), data.score("verified"))


def tier_bands(spec: scoring.InstrumentSpec) -> tuple[TierBand, ...]:
    """Each tier from its minimum up to the next tier's (the top one up to the maximum score)."""
    tiers = sorted(spec.tiers, key=lambda t: t.min_score)
    tops = [t.min_score for t in tiers[1:]] + [spec.max_score]
    return tuple(
        TierBand(t.code, t.name, t.min_score, top) for t, top in zip(tiers, tops, strict=True)
    )


# --- Yearly tier progress -----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    year: int
    total: Decimal | None
    tier: scoring.Tier | None
    source: str


def tier_history(selection: Selection, scores: Scores | None) -> list[HistoryPoint]:
    """Totals per cycle, oldest first (3 queries, whatever the number of cycles).

    Built on the score history page's rows (score_report.history_rows). A cycle's point is its
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
            Series("claimed", _("Diklaim"), tuple(scoring.round2(c.earned) for c in claimed)),
            Series(
                "verified",
                _("Terverifikasi"),
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
        series=(Series("index", str(TRACK_LABELS[track]), tuple(k.index for k in index)),),
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


def heat_map(scores: Scores, track: str) -> HeatMap:
    """Indicator x kecamatan: the kecamatan index restricted to each indicator's per-kecamatan
    questions (the same rule as ``scoring.kecamatan_index``); city-level indicators are left
    out."""
    data = scores.data
    rows = []
    for indicator in data.spec.indicators:
        questions = tuple(q for q in data.spec.questions if q.indicator_code == indicator.code)
        spec = replace(data.spec, questions=questions)
        index = {
            k.code: k.index
            for k in scoring.kecamatan_index(spec, data.answers, data.kecamatan, track)
        }
        if index:
            values = tuple(index[code] for code in data.kecamatan)
            rows.append(HeatRow(indicator.code, indicator.name, values))
    return HeatMap(tuple(data.kecamatan_names[c] for c in data.kecamatan), tuple(rows))


def top_improvements(scores: Scores, track: str) -> tuple[scoring.Path, list[StepRow]]:
    """The first steps of the path to the next tier, each with its OPD (marked). A path shorter
    than five steps is followed by the next best improvements, so there is a choice."""
    data = scores.data
    route = scoring.path_to_next_tier(data.spec, data.answers, data.kecamatan, track)
    # The path's steps are the first improvements, biggest gain first (a greedy prefix), so
    # the list is only needed again when the path is too short to show.
    found = route.steps
    if len(found) < IMPROVEMENTS_SHOWN[0] and route.crosses:
        found = scoring.improvements(data.spec, data.answers, data.kecamatan, track)
    marked = len(route.steps) if route.crosses else 0
    shown = min(max(len(route.steps), IMPROVEMENTS_SHOWN[0]), IMPROVEMENTS_SHOWN[1])
    return route, step_rows(data, found[:shown], marked)


def no_cycle(selection: Selection) -> dict:
    """A city without a cycle yet: the page says so, naming the instrument a cycle would use."""
    return {"selection": selection, "instrument": Instrument.objects.current_for(selection.city)}


def pimpinan_dashboard(selection: Selection) -> dict:
    """Everything the Pimpinan dashboard shows: score_loader's queries plus three (history)."""
    if selection.cycle is None:
        return no_cycle(selection)
    scores = load_scores(selection.cycle)
    track = selection.track
    route, steps = top_improvements(scores, track)
    return {
        "selection": selection,
        "scores": scores,
        "score": scores.of(track),
        "history": tier_progress_chart(tier_history(selection, scores), scores),
        "clusters": cluster_chart(scores),
        "kecamatan": kecamatan_chart(scores, track),
        "heat_map": heat_map(scores, track),
        "route": route,
        "steps": steps,
    }


# --- The DP3AKB dashboard -----------------------------------------------------------------------


@dataclass(frozen=True)
class OpdProgress:
    code: str
    name: str
    counts: dict[str, int]  # status → entries (see PROGRESS_STATUSES)
    total: int
    overdue: int  # entries not yet submitted once the entry deadline has passed


def opd_progress(cycle: Cycle | None, *, late: bool) -> list[OpdProgress]:
    """One aggregate query (Count with a filter per status) over the cycle's entries."""
    if cycle is None:
        return []
    return [
        OpdProgress(
            code=row["opd_code"] or "–",
            name=row["opd_name"] or _("Tanpa OPD"),
            counts={status: row[status] for status, _label in PROGRESS_STATUSES},
            total=row["total"],
            overdue=row["pending"] if late else 0,
        )
        for row in Entry.objects.of_cycle(cycle).progress_by_opd()
    ]


def opd_progress_chart(rows: list[OpdProgress]) -> Chart:
    return Chart(
        title=_("Progres pengisian per OPD"),
        units=_("Jumlah isian"),
        heading=_("OPD"),
        labels=tuple(r.code for r in rows),
        long_labels=tuple(f"{r.code} – {r.name}" for r in rows),
        series=tuple(
            Series(f"status-{status}", str(label), tuple(r.counts[status] for r in rows))
            for status, label in PROGRESS_STATUSES
        ),
        horizontal=True,
        stacked=True,
        places=0,
        notes=(_("Terlambat"),),
        note_rows=tuple((str(r.overdue),) for r in rows),
    )


def entry_deadline(cycle: Cycle | None, today: datetime.date) -> tuple[datetime.date | None, bool]:
    """The entry deadline and whether it has passed. Two queries (stages, reopenings); the
    cycle keeps its stages for the timeline."""
    if cycle is None:
        return None, False
    return cycle.entry_deadline(), cycle.entry_deadline_passed(today)


@dataclass(frozen=True)
class Backlog:
    count: int
    oldest_days: int | None  # how long the oldest submitted entry has waited


def verification_backlog(cycle: Cycle, today: datetime.date) -> Backlog:
    """One query: the submitted entries and the oldest submission."""
    row = (
        Entry.objects.of_cycle(cycle)
        .awaiting_review()
        .aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    )
    oldest = row["oldest"]
    days = None if oldest is None else (today - timezone.localdate(oldest)).days
    return Backlog(row["count"], days)


@dataclass(frozen=True)
class TimelineStage:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    state: str  # "past" | "current" | "future", or "today" for the marker between stages


def stage_timeline(cycle: Cycle, today: datetime.date) -> list[TimelineStage]:
    """The cycle's stages in date order, with a "today" marker between them when no stage is
    running (no query of its own: uses ``cycle.stage_by_kind``)."""
    stages = sorted(cycle.stage_by_kind.values(), key=lambda s: (s.starts_on, s.ends_on))
    timeline = [
        TimelineStage(
            s.get_kind_display(),
            s.starts_on,
            s.ends_on,
            "past" if s.ends_on < today else "future" if s.starts_on > today else "current",
        )
        for s in stages
    ]
    if not any(stage.state == "current" for stage in timeline):
        position = sum(1 for stage in timeline if stage.state == "past")
        timeline.insert(position, TimelineStage(_("Hari ini"), today, today, "today"))
    return timeline


def top_risks(scores: Scores) -> list[RiskRow]:
    """The questions with the most points claimed but not verified, with their OPD."""
    return risk_rows(scores.data, scores.claimed, scores.verified)[:RISKS_SHOWN]


def dp3akb_dashboard(selection: Selection, today: datetime.date) -> dict:
    """Everything the DP3AKB dashboard shows: score_loader's queries plus five."""
    cycle = selection.cycle
    if cycle is None:
        return no_cycle(selection)
    deadline, late = entry_deadline(cycle, today)
    progress = opd_progress(cycle, late=late)
    scores = load_scores(cycle)
    return {
        "selection": selection,
        "scores": scores,
        "score": scores.of(selection.track),
        "deadline": deadline,
        "late": late,
        "overdue": sum(r.overdue for r in progress),
        "progress": opd_progress_chart(progress),
        "backlog": verification_backlog(cycle, today),
        "risks": top_risks(scores),
        "timeline": stage_timeline(cycle, today),
        "today": today,
    }


def select_for_dashboard(user, params) -> Selection:
    """The dashboards offer the claimed and verified tracks."""
    return select(user, params, DASHBOARD_TRACKS)
