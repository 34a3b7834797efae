"""The DP3AKB dashboard (home of Admin KLA and Verifikator): which OPD is behind, what waits for
verification, which claimed points the province may strike, and the cycle's deadlines.

Counts come from aggregate queries; scores from ``load_scores`` (evaluations/dashboards/
selected.py). The query counts are pinned in tests/evaluations/dashboards/test_queries.py.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DISPLAY_STATUSES, Cycle, Entry, IndicatorReview
from ..scores.report import RiskRow, risk_rows
from ..scores.selection import Selection
from .charts import Chart, Series
from .selected import Scores, load_scores, no_cycle

RISKS_SHOWN = 8
PROGRESS_STATUSES = DISPLAY_STATUSES  # Entry.Status, after "Kosong" (a draft not answered)


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
        links=tuple(progress_links(r) for r in rows),
    )


def progress_links(row: OpdProgress) -> tuple[str, ...]:
    """Each count of an OPD's row leads to those entries in "Daftar isian" (the same filters as
    the progress page); a row without an OPD has no links."""
    if row.code == "–":
        return ()
    url = reverse("evaluations:entry-list")
    by_status = [
        f"{url}?{urlencode({'opd': row.code, 'status': status})}"
        for status, _label in PROGRESS_STATUSES
    ]
    return (*by_status, f"{url}?{urlencode({'opd': row.code, 'terlambat': 1})}")


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


def province_reviews(cycle: Cycle) -> list[IndicatorReview]:
    """The province's marks on the cycle's indicators, those needing repair first (one query)."""
    reviews = cycle.indicator_reviews.select_related("indicator", "reviewed_by")
    return sorted(reviews, key=lambda r: r.state != IndicatorReview.State.NEEDS_REPAIR)


def dp3akb_dashboard(selection: Selection, today: datetime.date) -> dict:
    """Everything the DP3AKB dashboard shows: scores/loader.py's queries plus six."""
    cycle = selection.cycle
    if cycle is None:
        return no_cycle(selection)
    deadline, late = entry_deadline(cycle, today)
    scores = load_scores(cycle)
    # Counted once per state of the cycle (its entries' statuses and assignments move it).
    progress = scores.keep(("opd progress", late), lambda: opd_progress(cycle, late=late))
    return {
        "selection": selection,
        "scores": scores,
        "score": scores.of(selection.track),
        "state": scores.computed.stamp,  # the fragments rendered once per state
        "deadline": deadline,
        "late": late,
        "overdue": sum(r.overdue for r in progress),
        "progress": scores.keep(("opd progress chart", late), lambda: opd_progress_chart(progress)),
        "backlog": verification_backlog(cycle, today),
        "risks": scores.keep("top risks", lambda: top_risks(scores)),
        "timeline": stage_timeline(cycle, today),
        "today": today,
        "province_reviews": province_reviews(cycle),
    }
