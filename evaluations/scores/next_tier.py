"""The way up: what if some answers were different, and the shortest path to the next tier.

Pure, like evaluations/scores/scoring.py which it builds on: plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from ..names import HIGHER, KOTA, OPTION, PERCENTAGE, STEP_STATUS, YES_NO_KINDS
from .scoring import (
    ONE,
    ZERO,
    Answer,
    Answers,
    CycleScore,
    Improvement,
    InstrumentSpec,
    Path,
    PercentageRule,
    QuestionSpec,
    _has_value,
    _is_higher,
    _statuses,
    _unit_fraction,
    counts,
    score_cycle,
    score_question,
    units_of,
)


def what_if(
    spec: InstrumentSpec,
    answers: Answers,
    kecamatan: Sequence[str],
    track: str,
    changes: Mapping[tuple[str, str], Answer],
) -> CycleScore:
    """Score as if some (question, unit) answers were different; the input is left untouched."""
    merged = {code: dict(units) for code, units in answers.items()}
    for (code, unit), answer in changes.items():
        merged.setdefault(code, {})[unit] = answer
    return score_cycle(spec, merged, kecamatan, track)


def ideal_answer(
    q: QuestionSpec, current: Answer | None, status: str, *, unit: str | None = None
) -> Answer:
    """The answer that earns the unit's full share, keeping what the officer already entered."""
    unit = unit or (current.unit if current is not None else KOTA)
    documents = (current.documents if current is not None else frozenset()) | q.required_documents
    base = Answer(unit=unit, status=status, documents=documents)
    if q.kind == OPTION:
        return replace(base, option_share=q.best_option_share)
    if q.kind in YES_NO_KINDS:
        return replace(base, yes=True)
    if q.kind == PERCENTAGE:
        # Keep the real denominator: the population does not change, only the served count.
        den = current.denominator if current is not None else None
        den = den if den is not None and den > 0 else ONE
        higher = _is_higher((q.rule or PercentageRule(HIGHER)).direction)
        return replace(base, numerator=den if higher else ZERO, denominator=den)
    raise ValueError(f"unknown question kind: {q.kind!r}")


def _missing(q: QuestionSpec, current: Answer | None, ideal: Answer, track: str) -> tuple[str, ...]:
    """Short machine codes of what stands between this answer and its full share."""
    attached = current.documents if current is not None else frozenset()
    documents = [f"documents:{code}" for code in sorted(q.required_documents - attached)]
    if current is None or not _has_value(current, q.kind):
        return ("value", *documents)
    codes = list(documents)
    if not counts(current, q.kind, track):
        codes.append("status")
    # Judge the value alone: as if it were counted and fully documented.
    as_if_done = replace(current, status=ideal.status, documents=ideal.documents)
    if _unit_fraction(q, as_if_done, ideal.unit, track) < _unit_fraction(
        q, ideal, ideal.unit, track
    ):
        codes.append("better_value")
    return tuple(codes)


def _improvement(
    q: QuestionSpec,
    units: Mapping[str, Answer],
    unit: str,
    kecamatan: Sequence[str],
    track: str,
    earned_now: Decimal,
) -> Improvement | None:
    current = units.get(unit)
    ideal = ideal_answer(q, current, STEP_STATUS[track], unit=unit)
    full = _unit_fraction(q, ideal, unit, track)
    if counts(current, q.kind, track) and _unit_fraction(q, current, unit, track) >= full:
        return None
    # Only this question changes, so its own earned difference is the total's difference
    # (what_if would give the same number, minus the noise of re-adding every other part).
    gain = score_question(q, {**units, unit: ideal}, kecamatan, track).earned - earned_now
    if gain <= 0:
        return None
    missing = _missing(q, current, ideal, track)
    return Improvement(q.code, q.indicator_code, q.cluster_code, unit, gain, missing, ideal)


def improvements(
    spec: InstrumentSpec, answers: Answers, kecamatan: Sequence[str], track: str
) -> tuple[Improvement, ...]:
    """Every single (question, unit) fix that raises the total, biggest gain first."""
    _statuses(track)
    found = []
    for q in spec.questions:
        units = answers.get(q.code, {})
        earned_now = score_question(q, units, kecamatan, track).earned
        for unit in units_of(q, kecamatan):
            step = _improvement(q, units, unit, kecamatan, track, earned_now)
            if step is not None:
                found.append(step)
    return tuple(sorted(found, key=lambda i: (-i.gain, i.question_code, i.unit)))


def step_changes(steps: Iterable[Improvement]) -> dict[tuple[str, str], Answer]:
    """The `what_if` changes that apply these improvements together."""
    return {(s.question_code, s.unit): s.answer for s in steps}


def path_to_next_tier(
    spec: InstrumentSpec, answers: Answers, kecamatan: Sequence[str], track: str
) -> Path:
    """Greedy shortest list of fixes that lifts the rounded total into the next tier.

    Each step is re-scored together with the earlier ones, because pooled percentages are not
    additive: two kecamatan fixed together need not gain the sum of each fixed alone.
    """
    current = score_cycle(spec, answers, kecamatan, track)
    target = current.next_tier
    if target is None:
        return Path(current, None, None, (), False, current)
    steps: list[Improvement] = []
    projected = current
    for step in improvements(spec, answers, kecamatan, track):
        steps.append(step)
        projected = what_if(spec, answers, kecamatan, track, step_changes(steps))
        if projected.total >= target.min_score:
            return Path(current, target, current.gap, tuple(steps), True, projected)
    return Path(current, target, current.gap, tuple(steps), False, projected)
