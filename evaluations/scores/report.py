"""Scores shaped for pages, commands and snapshots: names beside codes, rows ready to show.

No rule lives here. Every number comes from ``scoring.py``; this module only labels, orders and
explains (e.g. turns the machine codes of an improvement into Indonesian phrases).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Question

from ..models import Cycle, Entry, OfficialResult, ScoreSnapshot
from . import scoring
from .loader import CycleData


def text(value: Decimal) -> str:
    """A score as JSON text: rounded half-up to 2 decimals, always two places ("12.50")."""
    return str(scoring.round2(value))


def tier_json(tier: scoring.Tier | None) -> dict | None:
    if tier is None:
        return None
    return {"code": tier.code, "name": tier.name, "min_score": text(tier.min_score)}


def parts_json(parts: tuple[scoring.PartScore, ...]) -> list[dict]:
    return [
        {"code": p.code, "name": p.name, "earned": text(p.earned), "max": text(p.max_points)}
        for p in parts
    ]


def score_json(data: CycleData, score: scoring.CycleScore) -> dict:
    """The keys of ``kla_score --json`` (documented in the README)."""
    return {
        "kode": data.cycle.kabupaten.code,
        "tahun": data.cycle.year,
        "track": score.track,
        "total": text(score.total),
        "max_score": text(score.max_score),
        "tier": tier_json(score.tier),
        "next_tier": tier_json(score.next_tier),
        "gap": None if score.gap is None else text(score.gap),
        "clusters": parts_json(score.clusters),
        "indicators": parts_json(score.indicators),
        "kecamatan_index": [
            {"code": k.code, "name": data.kecamatan_names[k.code], "index": text(k.index)}
            for k in score.kecamatan_index
        ],
    }


# --- Rows for the score page --------------------------------------------------------------------


@dataclass(frozen=True)
class PartRow:
    code: str
    name: str
    earned: Decimal
    max_points: Decimal
    is_cluster: bool

    @property
    def percent(self) -> Decimal:
        return self.earned * 100 / self.max_points if self.max_points else Decimal(0)


def part_rows(spec: scoring.InstrumentSpec, score: scoring.CycleScore) -> list[PartRow]:
    """Clusters, each followed by its indicators, in the instrument's order."""
    cluster_of = {i.code: i.cluster_code for i in spec.indicators}
    rows = []
    for cluster in score.clusters:
        rows.append(PartRow(cluster.code, cluster.name, cluster.earned, cluster.max_points, True))
        rows.extend(
            PartRow(i.code, i.name, i.earned, i.max_points, False)
            for i in score.indicators
            if cluster_of[i.code] == cluster.code
        )
    return rows


@dataclass(frozen=True)
class ClusterComparison:
    """One cluster in two scores: claimed vs verified, or now vs what-if."""

    code: str
    name: str
    max_points: Decimal
    left: Decimal
    right: Decimal

    @property
    def difference(self) -> Decimal:
        return self.right - self.left


def compare_clusters(
    left: scoring.CycleScore, right: scoring.CycleScore
) -> list[ClusterComparison]:
    right_earned = {c.code: c.earned for c in right.clusters}
    return [
        ClusterComparison(c.code, c.name, c.max_points, c.earned, right_earned[c.code])
        for c in left.clusters
    ]


@dataclass(frozen=True)
class KecamatanRow:
    rank: int
    code: str
    name: str
    index: Decimal


def kecamatan_rows(data: CycleData, score: scoring.CycleScore) -> list[KecamatanRow]:
    return [
        KecamatanRow(rank, k.code, data.kecamatan_names[k.code], k.index)
        for rank, k in enumerate(score.kecamatan_index, start=1)
    ]


@dataclass(frozen=True)
class EntryRisk:
    unit: str
    unit_name: str
    entry_id: int | None
    points: Decimal


@dataclass(frozen=True)
class RiskRow:
    code: str
    text: str
    opd_code: str
    opd_name: str
    points: Decimal
    entries: tuple[EntryRisk, ...]


def risk_rows(
    data: CycleData, claimed: scoring.CycleScore, verified: scoring.CycleScore
) -> list[RiskRow]:
    """Points at risk per question, and per entry: what the question would lose if that one
    claimed-but-unverified entry were struck (pooled percentages make the parts overlap)."""
    specs = {q.code: q for q in data.spec.questions}
    rows = []
    for code, points in scoring.points_at_risk(claimed, verified):
        info = data.questions[code]
        entries = tuple(_entry_risks(data, specs[code]))
        rows.append(RiskRow(code, info.text, info.opd_code, info.opd_name, points, entries))
    return rows


def _entry_risks(data: CycleData, q: scoring.QuestionSpec):
    units = data.answers.get(q.code, {})
    claimed = ScoreSnapshot.Track.CLAIMED
    claimed_now = scoring.score_question(q, units, data.kecamatan, claimed).earned
    for unit in scoring.units_of(q, data.kecamatan):
        answer = units.get(unit)
        if not scoring.counts(answer, q.kind, claimed) or answer.status == Entry.Status.VERIFIED:
            continue
        without = {u: a for u, a in units.items() if u != unit}
        lost = claimed_now - scoring.score_question(q, without, data.kecamatan, claimed).earned
        if lost > 0:
            entry_id = data.entry_ids.get((q.code, unit))
            yield EntryRisk(unit, data.unit_name(unit), entry_id, lost)


# --- Rows for the path page ---------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    number: int
    marked: bool
    code: str
    text: str
    unit: str
    unit_name: str
    entry_id: int | None
    gain: Decimal
    opd_code: str
    opd_name: str
    missing: tuple[str, ...]


def step_rows(
    data: CycleData, found: tuple[scoring.Improvement, ...], marked: int
) -> list[StepRow]:
    """Every improvement, biggest gain first; the first ``marked`` are the path's steps."""
    rows = []
    for number, step in enumerate(found, start=1):
        info = data.questions[step.question_code]
        current = data.answers.get(step.question_code, {}).get(step.unit)
        rows.append(
            StepRow(
                number=number,
                marked=number <= marked,
                code=step.question_code,
                text=info.text,
                unit=step.unit,
                unit_name=data.unit_name(step.unit),
                entry_id=data.entry_ids.get((step.question_code, step.unit)),
                gain=step.gain,
                opd_code=info.opd_code,
                opd_name=info.opd_name,
                missing=tuple(missing_phrase(code, info, current) for code in step.missing),
            )
        )
    return rows


def missing_phrase(code: str, info, current: scoring.Answer | None) -> str:
    """One of scoring's machine codes ("value", "documents:<code>", "status", "better_value")
    in words an OPD officer understands."""
    if code == "value":
        return _("Nilai belum diisi")
    if code.startswith("documents:"):
        requirement = code.split(":", 1)[1]
        name = info.documents.get(requirement, requirement)
        return _("Dokumen belum diunggah: %(name)s") % {"name": name}
    if code == "status":
        status = current.status if current is not None else Entry.Status.DRAFT
        return {
            Entry.Status.DRAFT: _("Masih draf: belum diajukan"),
            Entry.Status.RETURNED: _("Dikembalikan verifikator: perbaiki lalu ajukan ulang"),
            Entry.Status.SUBMITTED: _("Sudah diajukan, belum diverifikasi"),
        }.get(status, _("Belum dihitung pada jalur ini"))
    if code == "better_value":
        return {
            Question.Kind.OPTION: _("Jawaban belum pada pilihan tertinggi"),
            Question.Kind.PERCENTAGE: _("Capaian belum mencapai target"),
            Question.Kind.EXISTENCE: _("Jawaban masih “tidak”"),
            Question.Kind.COVERAGE: _("Kecamatan ini belum memenuhi kriteria"),
        }[info.kind]
    return code


# --- Rows for the history page ------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryCell:
    label: str
    total: Decimal | None
    tier_code: str
    tier_name: str
    note: str = ""


@dataclass(frozen=True)
class HistoryRow:
    cycle: Cycle
    official: tuple[HistoryCell | None, ...]  # one per OfficialResult stage, in order
    tracked: tuple[HistoryCell | None, ...]  # claimed and verified snapshots


HISTORY_TRACKS = (ScoreSnapshot.Track.CLAIMED, ScoreSnapshot.Track.VERIFIED)


def history_rows(cycles) -> list[HistoryRow]:
    """Official results and the tracker's snapshots side by side, one row per cycle.

    Expects ``cycles`` with ``official_results``, ``snapshots`` and ``instrument__tiers``
    prefetched (the page's query count does not grow with the number of cycles).
    """
    rows = []
    for cycle in cycles:
        tiers = {t.code: t.name for t in cycle.instrument.tiers.all()}
        results = {r.stage: r for r in cycle.official_results.all()}
        snapshots = {s.track: s for s in cycle.snapshots.all()}
        official = tuple(
            HistoryCell(label, r.total, r.tier_code, tiers.get(r.tier_code, r.tier_code), r.note)
            if (r := results.get(stage))
            else None
            for stage, label in OfficialResult.Stage.choices
        )
        tracked = tuple(
            HistoryCell(ScoreSnapshot.Track(track).label, s.total, s.tier_code, s.tier_name)
            if (s := snapshots.get(track))
            else None
            for track in HISTORY_TRACKS
        )
        rows.append(HistoryRow(cycle, official, tracked))
    return rows
