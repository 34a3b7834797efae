"""The engine's plain values: what scoring takes in (the instrument's spec, answers) and what it
gives back (question, part and cycle scores, improvements, paths). Pure: no Django.

Everything here is re-exported by ``scoring`` (``scoring.Answer``, ``scoring.CycleScore``...),
the name the rest of the app uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


# --- Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    code: str
    name: str
    min_score: Decimal


@dataclass(frozen=True)
class Band:
    threshold: Decimal
    fraction: Decimal


@dataclass(frozen=True)
class PercentageRule:
    direction: str  # HIGHER | LOWER
    floor: Decimal | None = None
    target: Decimal | None = None
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    indicator_code: str
    cluster_code: str
    points: Decimal
    kind: str
    level: str
    rule: PercentageRule | None = None
    required_documents: frozenset[str] = frozenset()
    best_option_share: Decimal = Decimal(1)


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    cluster_code: str


@dataclass(frozen=True)
class ClusterSpec:
    code: str
    name: str


@dataclass(frozen=True)
class InstrumentSpec:
    clusters: tuple[ClusterSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    questions: tuple[QuestionSpec, ...]
    tiers: tuple[Tier, ...]
    max_score: Decimal


@dataclass(frozen=True)
class Answer:
    unit: str
    status: str
    option_share: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    yes: bool | None = None
    documents: frozenset[str] = frozenset()


Answers = Mapping[str, Mapping[str, Answer]]  # question code -> unit -> answer


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionScore:
    code: str
    points: Decimal
    fraction: Decimal
    earned: Decimal
    units_counted: int
    units_total: int


@dataclass(frozen=True)
class PartScore:
    code: str
    name: str
    earned: Decimal
    max_points: Decimal


@dataclass(frozen=True)
class KecamatanIndex:
    code: str
    index: Decimal


@dataclass(frozen=True)
class CycleScore:
    track: str
    total: Decimal
    max_score: Decimal
    tier: Tier | None
    next_tier: Tier | None
    gap: Decimal | None
    clusters: tuple[PartScore, ...]
    indicators: tuple[PartScore, ...]
    questions: tuple[QuestionScore, ...]
    kecamatan_index: tuple[KecamatanIndex, ...]

    @property
    def raw_total(self) -> Decimal:
        """The unrounded total: gains are measured on this so that rounding never hides them."""
        return sum((c.earned for c in self.clusters), ZERO)


@dataclass(frozen=True)
class Improvement:
    question_code: str
    indicator_code: str
    cluster_code: str
    unit: str
    gain: Decimal
    missing: tuple[str, ...]
    answer: Answer  # the ideal answer that earns `gain`; apply it with `step_changes`


@dataclass(frozen=True)
class Path:
    current: CycleScore
    target: Tier | None
    gap: Decimal | None
    steps: tuple[Improvement, ...]
    crosses: bool
    projected: CycleScore
