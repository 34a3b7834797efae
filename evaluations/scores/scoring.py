"""Pure scoring of one KLA evaluation cycle.

Plain values in (Decimal, frozen dataclasses), plain values out: no Django, no ORM, no request.
Keeping the rules free of the database lets them be tested exactly and reused by dashboards,
what-if tools and reports alike. Loading entries into `Answers` is a separate, query-counted
function elsewhere.

Vocabulary: a *unit* is where an answer is given: "kota" for a city-level question, or a
kecamatan code for a per-kecamatan one. A *track* says which answers to believe: what the city
has claimed, what has been verified, or everything entered so far (a projection).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from ..names import (
    COVERAGE,
    EXISTENCE,
    HIGHER,
    KECAMATAN,
    KOTA,
    LOWER,
    OPTION,
    PERCENTAGE,
    TRACK_STATUSES,
    YES_NO_KINDS,
)
from .values import (  # noqa: F401 (re-exported: the app reads them as scoring.<name>)
    Answer,
    Answers,
    Band,
    ClusterSpec,
    CycleScore,
    Improvement,
    IndicatorSpec,
    InstrumentSpec,
    KecamatanIndex,
    PartScore,
    Path,
    PercentageRule,
    QuestionScore,
    QuestionSpec,
    Tier,
)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


# --- Fractions per answer kind ------------------------------------------------------------------


def round2(x: Decimal) -> Decimal:
    """Round half-up to 2 decimals, as the official score sheets do (not banker's rounding)."""
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def _clamp(x: Decimal) -> Decimal:
    return min(max(x, ZERO), ONE)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def option_fraction(share: Decimal | None) -> Decimal:
    """The chosen option's share; clamped so a mistyped instrument cannot pay over the points."""
    return ZERO if share is None else _clamp(share)


def existence_fraction(
    yes: bool | None, required: frozenset[str], attached: frozenset[str]
) -> Decimal:
    """All or nothing: a claim without its evidence earns nothing at verification."""
    return ONE if yes is True and required <= attached else ZERO


def percentage_value(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Pool numerators and denominators (not a mean of ratios), so big kecamatan weigh more."""
    numerator = denominator = ZERO
    for num, den in pairs:
        numerator += num
        denominator += den
    if denominator <= 0:
        return None
    return numerator * HUNDRED / denominator


def _is_higher(direction: str) -> bool:
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"unknown percentage direction: {direction!r}")
    return direction == HIGHER


def _linear(p: Decimal, floor: Decimal, target: Decimal) -> Decimal:
    """Higher-is-better ramp; reaching the target wins over touching the floor if they meet."""
    if p >= target:
        return ONE
    if p <= floor:
        return ZERO
    return _clamp((p - floor) / (target - floor))


def percentage_fraction(p: Decimal | None, rule: PercentageRule | None) -> Decimal:
    """Fraction for a pooled percentage; without a rule, a plain 0..100 ramp (higher is better)."""
    if p is None:
        return ZERO
    rule = rule or PercentageRule(HIGHER)
    higher = _is_higher(rule.direction)
    if rule.bands:
        met = [b.fraction for b in rule.bands if (p >= b.threshold if higher else p <= b.threshold)]
        return _clamp(max(met, default=ZERO))
    if higher:
        floor = ZERO if rule.floor is None else rule.floor
        target = HUNDRED if rule.target is None else rule.target
        return _linear(p, floor, target)
    # Lower is better: mirror the values so one ramp serves both directions.
    floor = HUNDRED if rule.floor is None else rule.floor
    target = ZERO if rule.target is None else rule.target
    return _linear(-p, -floor, -target)


def coverage_fraction(yes_count: int, all_units: int) -> Decimal:
    """Share of *all* kecamatan that meet the criterion: silence is not a yes."""
    if all_units <= 0:
        return ZERO
    return _clamp(Decimal(yes_count) / Decimal(all_units))


# --- One question -------------------------------------------------------------------------------


def _statuses(track: str) -> frozenset[str]:
    if track not in TRACK_STATUSES:
        raise ValueError(f"unknown track: {track!r}")
    return TRACK_STATUSES[track]


def _has_value(answer: Answer, kind: str) -> bool:
    if kind == OPTION:
        return answer.option_share is not None
    if kind == PERCENTAGE:
        den = answer.denominator
        return answer.numerator is not None and den is not None and den > 0
    if kind in YES_NO_KINDS:
        return answer.yes is not None
    raise ValueError(f"unknown question kind: {kind!r}")


def counts(answer: Answer | None, kind: str, track: str) -> bool:
    """Whether an answer is believed in this track and usable for its kind."""
    if answer is None or answer.status not in _statuses(track):
        return False
    return _has_value(answer, kind)


def units_of(q: QuestionSpec, kecamatan: Sequence[str]) -> tuple[str, ...]:
    """Where a question is answered: once for the city, or once per kecamatan."""
    return (KOTA,) if q.level == KOTA else tuple(kecamatan)


def _worth(q: QuestionSpec, counted: list[Answer]) -> Decimal:
    """What the counted units are worth, measured in units: fraction = worth / all units.

    Units that do not count add nothing, so they cost their share of the points. For coverage
    that is the very rule (yes count / all kecamatan), so it is not charged twice.
    """
    if q.kind == COVERAGE:
        return Decimal(sum(1 for a in counted if a.yes))
    if q.kind == PERCENTAGE:
        p = percentage_value((a.numerator, a.denominator) for a in counted)
        return percentage_fraction(p, q.rule) * len(counted)
    if q.kind == OPTION:
        return _sum(option_fraction(a.option_share) for a in counted)
    if q.kind == EXISTENCE:
        return _sum(existence_fraction(a.yes, q.required_documents, a.documents) for a in counted)
    raise ValueError(f"unknown question kind: {q.kind!r}")


def _usable(q: QuestionSpec, answers: Mapping[str, Answer], units: Sequence[str]) -> list[Answer]:
    """The units' answers, in unit order, that hold a value of the question's kind: what a track
    counts when it believes their status."""
    return [a for u in units if (a := answers.get(u)) is not None and _has_value(a, q.kind)]


def _score_counted(q: QuestionSpec, counted: list[Answer], all_units: int) -> QuestionScore:
    if not all_units:
        return QuestionScore(q.code, q.points, ZERO, ZERO, 0, 0)
    worth = min(_worth(q, counted), Decimal(all_units))
    # Divide last so earned stays exact whenever it can (120 x 4 / 6 = 80, not 79.99...).
    earned = q.points * worth / all_units
    return QuestionScore(q.code, q.points, worth / all_units, earned, len(counted), all_units)


def score_question(
    q: QuestionSpec, answers: Mapping[str, Answer], kecamatan: Sequence[str], track: str
) -> QuestionScore:
    """Points earned by one question from its units' answers (unit -> answer) in this track."""
    statuses = _statuses(track)
    units = units_of(q, kecamatan)
    counted = [a for a in _usable(q, answers, units) if a.status in statuses]
    return _score_counted(q, counted, len(units))


def _score_in_tracks(
    q: QuestionSpec,
    answers: Mapping[str, Answer],
    kecamatan: Sequence[str],
    statuses_of: Sequence[frozenset[str]],
) -> list[QuestionScore]:
    """``score_question`` in several tracks (given by the statuses each believes), scoring once
    for the tracks that count the same answers: when every answer is verified, all of them."""
    units = units_of(q, kecamatan)
    usable = _usable(q, answers, units)
    given = {a.status for a in usable}
    scored: dict[frozenset[str], QuestionScore] = {}
    for statuses in statuses_of:
        believed = statuses & given
        if believed not in scored:
            counted = [a for a in usable if a.status in believed]
            scored[believed] = _score_counted(q, counted, len(units))
    return [scored[statuses & given] for statuses in statuses_of]


def unit_fraction(q: QuestionSpec, answer: Answer | None, unit: str, track: str) -> Decimal:
    """Score one unit's answer as if the question had that single unit: ``score_question`` of
    ``{unit: answer}`` over ``(unit,)``, whose one unit is ``unit`` at either level."""
    counted = (
        answer is not None and _has_value(answer, q.kind) and answer.status in _statuses(track)
    )
    return _score_counted(q, [answer] if counted else [], 1).fraction


# --- Tiers --------------------------------------------------------------------------------------


def _ordered(tiers: Iterable[Tier]) -> list[Tier]:
    return sorted(tiers, key=lambda t: t.min_score)


def tier_for(total: Decimal, tiers: Sequence[Tier]) -> Tier | None:
    """Tiers are awarded on the rounded total, so 600.995 is already Madya."""
    reached = [t for t in _ordered(tiers) if round2(total) >= t.min_score]
    return reached[-1] if reached else None


def next_tier_after(tier: Tier | None, tiers: Sequence[Tier]) -> Tier | None:
    """The tier to aim for: the lowest one when no tier is reached yet, None at the top."""
    ordered = _ordered(tiers)
    if tier is None:
        return ordered[0] if ordered else None
    position = [t.code for t in ordered].index(tier.code)
    return ordered[position + 1] if position + 1 < len(ordered) else None


# --- The whole cycle ----------------------------------------------------------------------------


def _roll_up(
    groups: Iterable[IndicatorSpec | ClusterSpec], rows: Sequence[tuple[str, Decimal, Decimal]]
) -> tuple[PartScore, ...]:
    """Sum (group code, earned, max points) rows into their groups, in the instrument's order.

    One pass over the rows (not one per group): each sum still adds its rows in row order from
    zero, so the Decimals are the very ones a sum per group would give.
    """
    groups = tuple(groups)
    earned = {g.code: ZERO for g in groups}
    most = dict(earned)
    for code, row_earned, row_most in rows:
        if code in earned:
            earned[code] += row_earned
            most[code] += row_most
    return tuple(PartScore(g.code, g.name, earned[g.code], most[g.code]) for g in groups)


def unit_fractions(
    spec: InstrumentSpec, answers: Answers, kecamatan: Sequence[str], track: str
) -> dict[tuple[str, str], Decimal]:
    """(question, kecamatan) → the unit's own fraction, for every per-kecamatan question: what
    the kecamatan index and the heat map are made of (compute once per request, reuse)."""
    return {
        (q.code, code): unit_fraction(q, answers.get(q.code, {}).get(code), code, track)
        for q in spec.questions
        if q.level == KECAMATAN
        for code in kecamatan
    }


def kecamatan_index(
    spec: InstrumentSpec,
    answers: Answers,
    kecamatan: Sequence[str],
    track: str,
    *,
    fractions: Mapping[tuple[str, str], Decimal] | None = None,
) -> tuple[KecamatanIndex, ...]:
    """0-100 per kecamatan over the per-kecamatan questions: which kecamatan hold the city back.

    ``fractions`` (``unit_fractions``) spares recomputing each unit when the caller has them.
    """
    questions = [q for q in spec.questions if q.level == KECAMATAN]
    weight = _sum(q.points for q in questions)
    if not questions or weight <= 0:
        return ()
    if fractions is None:
        fractions = unit_fractions(spec, answers, kecamatan, track)
    rows = []
    for code in kecamatan:
        earned = _sum(q.points * fractions[(q.code, code)] for q in questions)
        rows.append(KecamatanIndex(code, round2(earned * HUNDRED / weight)))
    return tuple(sorted(rows, key=lambda r: (-r.index, r.code)))


def score_cycle(
    spec: InstrumentSpec,
    answers: Answers,
    kecamatan: Sequence[str],
    track: str,
    *,
    with_index: bool = True,
) -> CycleScore:
    """The city's score in one track, with every part unrounded and the total rounded.

    ``with_index=False`` leaves the kecamatan index out (empty): for callers that only need the
    totals (snapshots, generators), as it is the costliest part for a city with many kecamatan.
    """
    return score_tracks(spec, answers, kecamatan, (track,), with_index=with_index)[track]


def score_tracks(
    spec: InstrumentSpec,
    answers: Answers,
    kecamatan: Sequence[str],
    tracks: Sequence[str],
    *,
    with_index: bool = True,
) -> dict[str, CycleScore]:
    """``score_cycle`` in each of ``tracks``, sharing the work the tracks have in common."""
    # Fail early on a typo rather than score everything as zero.
    statuses_of = [_statuses(track) for track in tracks]
    by_question = [
        _score_in_tracks(q, answers.get(q.code, {}), kecamatan, statuses_of) for q in spec.questions
    ]
    scores = {}
    for position, track in enumerate(tracks):
        questions = tuple(row[position] for row in by_question)
        index = kecamatan_index(spec, answers, kecamatan, track) if with_index else ()
        scores[track] = assemble(spec, track, questions, index)
    return scores


def assemble(
    spec: InstrumentSpec,
    track: str,
    questions: tuple[QuestionScore, ...],
    index: tuple[KecamatanIndex, ...] = (),
) -> CycleScore:
    """A cycle's score from its question scores (in the instrument's order): the roll-up into
    indicators and clusters, the rounded total and the tiers. Callers that rescored only some
    questions (what-if) get exactly what scoring everything would give."""
    indicator_of = {q.code: q.indicator_code for q in spec.questions}
    indicators = _roll_up(
        spec.indicators, [(indicator_of[s.code], s.earned, s.points) for s in questions]
    )
    cluster_of = {ind.code: ind.cluster_code for ind in spec.indicators}
    clusters = _roll_up(
        spec.clusters, [(cluster_of[i.code], i.earned, i.max_points) for i in indicators]
    )
    total = round2(_sum(c.earned for c in clusters))  # parts stay unrounded until here
    tier = tier_for(total, spec.tiers)
    upcoming = next_tier_after(tier, spec.tiers)
    gap = None if upcoming is None else upcoming.min_score - total
    return CycleScore(
        track, total, spec.max_score, tier, upcoming, gap, clusters, indicators, questions, index
    )


def points_at_risk(claimed: CycleScore, verified: CycleScore) -> tuple[tuple[str, Decimal], ...]:
    """Points claimed but not (yet) verified, per question: what the province may strike."""
    verified_earned = {q.code: q.earned for q in verified.questions}
    risk = [(q.code, q.earned - verified_earned.get(q.code, ZERO)) for q in claimed.questions]
    return tuple(sorted(((c, d) for c, d in risk if d > 0), key=lambda r: (-r[1], r[0])))
