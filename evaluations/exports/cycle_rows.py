"""A cycle as rows, one per question x unit, for the Excel workbook and the CSV file.

Every score comes from the engine (scores/loader.py + scores/scoring.py), loaded once, so the
exports carry the same figures as the score page. Points of one unit: for a city-level
question, the question's points; for a per-kecamatan question, the unit's share
(``points / number of kecamatan``) scored as if that kecamatan stood alone: the measure of the
kecamatan index. For coverage and city-level questions the units add up to the question's
points exactly; a per-kecamatan percentage is scored on the pooled sums of every kecamatan, so
there the question's points (the summary's figures) are the ones that count.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from .. import names
from ..models import DISPLAY_STATUSES, Cycle, Entry, Evidence
from ..querysets import WORKLIST_ORDER
from ..scores import scoring
from ..scores.loader import CycleData, load_cycle_data
from ..services.entries import value_text

TRACKS = (names.CLAIMED, names.VERIFIED, names.PROJECTION)


@dataclass(frozen=True)
class UnitRow:
    entry: Entry
    cluster_code: str
    cluster_name: str
    opd_code: str
    unit: str  # "kota" or the kecamatan code (the engine's unit)
    status_label: str
    answer: str
    evidence: int
    max_points: Decimal  # what this unit can earn
    points: dict[str, Decimal]  # track → points of this unit

    @property
    def question(self):
        return self.entry.question


@dataclass(frozen=True)
class CycleExport:
    data: CycleData
    scores: dict[str, scoring.CycleScore]  # track → score
    rows: list[UnitRow]

    @property
    def cycle(self) -> Cycle:
        return self.data.cycle

    def rows_of_cluster(self, code: str) -> list[UnitRow]:
        return [row for row in self.rows if row.cluster_code == code]


def cycle_export(cycle: Cycle) -> CycleExport:
    """The cycle's data scored in every track, and its rows (a fixed number of queries)."""
    data = load_cycle_data(cycle)
    scores = {track: data.score(track) for track in TRACKS}
    return CycleExport(data, scores, list(_rows(data)))


def _rows(data: CycleData) -> Iterator[UnitRow]:
    specs = {q.code: q for q in data.spec.questions}
    cluster_names = {c.code: c.name for c in data.spec.clusters}
    statuses = dict(DISPLAY_STATUSES)
    evidence = dict(
        Evidence.objects.filter(entry__cycle=data.cycle, superseded_by__isnull=True)
        .values("entry_id")
        .annotate(n=Count("pk"))
        .values_list("entry_id", "n")
    )
    entries = (
        Entry.objects.of_cycle(data.cycle)
        .with_display_status()
        .select_related("question__indicator", "unit", "option")
        .order_by(*WORKLIST_ORDER)
    )
    for entry in entries:
        spec = specs[entry.question.code]
        unit = names.KOTA if spec.level == names.KOTA else entry.unit.code
        answer = data.answers.get(spec.code, {}).get(unit)
        share = spec.points / len(scoring.units_of(spec, data.kecamatan))
        yield UnitRow(
            entry=entry,
            cluster_code=spec.cluster_code,
            cluster_name=cluster_names[spec.cluster_code],
            opd_code=data.questions[spec.code].opd_code,
            unit=unit,
            status_label=str(statuses[entry.display_status]),
            answer=value_text(entry) if entry.has_value else "",
            evidence=evidence.get(entry.pk, 0),
            max_points=share,
            points={
                track: share * scoring.unit_fraction(spec, answer, unit, track) for track in TRACKS
            },
        )
