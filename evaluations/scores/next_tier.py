"""The way up: what if some answers were different, and the shortest path to the next tier.

Pure, like evaluations/scores/scoring.py which it builds on: plain values in, plain values out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from ..names import COVERAGE, EXISTENCE, HIGHER, KOTA, OPTION, PERCENTAGE, STEP_STATUS, YES_NO_KINDS
from .scoring import (
    HUNDRED,
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
    assemble,
    counts,
    existence_fraction,
    kecamatan_index,
    option_fraction,
    percentage_fraction,
    round2,
    score_cycle,
    score_question,
    unit_fraction,
    units_of,
)


def what_if(
    spec: InstrumentSpec,
    answers: Answers,
    kecamatan: Sequence[str],
    track: str,
    changes: Mapping[tuple[str, str], Answer],
    *,
    base: CycleScore | None = None,
    with_index: bool = True,
) -> CycleScore:
    """Score as if some (question, unit) answers were different; the input is left untouched.

    With ``base`` (the score of ``answers`` in ``track``) only the changed questions are scored
    again; the roll-up is the same, so the result equals scoring everything.
    """
    merged = dict(answers)
    for code in {code for code, _unit in changes}:
        merged[code] = dict(answers.get(code, {}))
    for (code, unit), answer in changes.items():
        merged[code][unit] = answer
    if base is None or base.track != track:
        return score_cycle(spec, merged, kecamatan, track, with_index=with_index)
    changed = {code for code, _unit in changes}
    questions = tuple(
        score_question(q, merged.get(q.code, {}), kecamatan, track) if q.code in changed else old
        for q, old in zip(spec.questions, base.questions, strict=True)
    )
    index = kecamatan_index(spec, merged, kecamatan, track) if with_index else ()
    return assemble(spec, track, questions, index)


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
    if unit_fraction(q, as_if_done, ideal.unit, track) < unit_fraction(q, ideal, ideal.unit, track):
        codes.append("better_value")
    return tuple(codes)


# --- Pooled sums: the gain of one change without rescoring its question ------------------------
# A question's score depends on its counted units only through a few sums (how many count, how
# many say yes, the pooled numerator and denominator, the sum of option or existence fractions).
# Replacing one unit's answer changes those sums by that unit's part alone. The sums are exact
# (Decimal with few places), so the result equals scoring the question again.


class Pool(NamedTuple):
    counted: int = 0
    yes: int = 0
    numerator: Decimal = ZERO
    denominator: Decimal = ZERO
    fractions: Decimal = ZERO

    def plus(self, other: Pool, sign: int = 1) -> Pool:
        return Pool(*(a + sign * b for a, b in zip(self, other, strict=True)))


def _unit_pool(q: QuestionSpec, answer: Answer) -> Pool:
    """What one counted answer adds to its question's sums."""
    if q.kind == COVERAGE:
        return Pool(1, 1 if answer.yes else 0)
    if q.kind == PERCENTAGE:
        return Pool(1, 0, answer.numerator, answer.denominator)
    if q.kind == OPTION:
        return Pool(1, fractions=option_fraction(answer.option_share))
    if q.kind == EXISTENCE:
        return Pool(
            1, fractions=existence_fraction(answer.yes, q.required_documents, answer.documents)
        )
    raise ValueError(f"unknown question kind: {q.kind!r}")


def _pool(q: QuestionSpec, units: Mapping[str, Answer], all_units, track: str) -> Pool:
    pool = Pool()
    for unit in all_units:
        answer = units.get(unit)
        if counts(answer, q.kind, track):
            pool = pool.plus(_unit_pool(q, answer))
    return pool


def _earned(q: QuestionSpec, pool: Pool, n_units: int) -> Decimal:
    """``score_question(...).earned`` from the sums (the same arithmetic, so the same value)."""
    if q.kind == COVERAGE:
        worth = Decimal(pool.yes)
    elif q.kind == PERCENTAGE:
        p = None if pool.denominator <= 0 else pool.numerator * HUNDRED / pool.denominator
        worth = percentage_fraction(p, q.rule) * pool.counted
    else:
        worth = pool.fractions
    return q.points * min(worth, Decimal(n_units)) / n_units


def _improvement(
    q: QuestionSpec,
    units: Mapping[str, Answer],
    unit: str,
    track: str,
    pool: Pool,
    n_units: int,
    earned_now: Decimal,
) -> Improvement | None:
    current = units.get(unit)
    ideal = ideal_answer(q, current, STEP_STATUS[track], unit=unit)
    counted = counts(current, q.kind, track)
    if counted and unit_fraction(q, current, unit, track) >= unit_fraction(q, ideal, unit, track):
        return None
    # Only this question changes, so its own earned difference is the total's difference.
    if counted:
        pool = pool.plus(_unit_pool(q, current), -1)
    if counts(ideal, q.kind, track):
        pool = pool.plus(_unit_pool(q, ideal))
    gain = _earned(q, pool, n_units) - earned_now
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
        all_units = units_of(q, kecamatan)
        if not all_units:
            continue
        pool = _pool(q, units, all_units, track)
        earned_now = _earned(q, pool, len(all_units))
        for unit in all_units:
            step = _improvement(q, units, unit, track, pool, len(all_units), earned_now)
            if step is not None:
                found.append(step)
    return tuple(sorted(found, key=lambda i: (-i.gain, i.question_code, i.unit)))


def step_changes(steps: Iterable[Improvement]) -> dict[tuple[str, str], Answer]:
    """The `what_if` changes that apply these improvements together."""
    return {(s.question_code, s.unit): s.answer for s in steps}


class _Tally:
    """A cycle's rounded total kept up to date as single questions change: each sum is made over
    the same parts in the same order as ``scoring.assemble``, so the total is identical."""

    def __init__(self, spec: InstrumentSpec, score: CycleScore):
        self.spec = spec
        self.earned = {s.code: s.earned for s in score.questions}
        self.questions_of = defaultdict(list)
        for q in spec.questions:
            self.questions_of[q.indicator_code].append(q.code)
        self.indicators_of = defaultdict(list)
        for indicator in spec.indicators:
            self.indicators_of[indicator.cluster_code].append(indicator.code)
        self.indicator = {i.code: i.earned for i in score.indicators}
        self.cluster = {c.code: c.earned for c in score.clusters}

    def set(self, q: QuestionSpec, earned: Decimal) -> Decimal:
        """Change one question's earned points; returns the new rounded total."""
        self.earned[q.code] = earned
        codes = self.questions_of[q.indicator_code]
        self.indicator[q.indicator_code] = sum((self.earned[c] for c in codes), ZERO)
        cluster = q.cluster_code
        parts = self.indicators_of[cluster]
        self.cluster[cluster] = sum((self.indicator[c] for c in parts), ZERO)
        return round2(sum((self.cluster[c.code] for c in self.spec.clusters), ZERO))


def path_to_next_tier(
    spec: InstrumentSpec,
    answers: Answers,
    kecamatan: Sequence[str],
    track: str,
    *,
    current: CycleScore | None = None,
    found: tuple[Improvement, ...] | None = None,
) -> Path:
    """Greedy shortest list of fixes that lifts the rounded total into the next tier.

    Each step is re-scored together with the earlier ones, because pooled percentages are not
    additive: two kecamatan fixed together need not gain the sum of each fixed alone. Only the
    question a step changes is scored again. ``current`` (the score of ``answers`` in
    ``track``) and ``found`` (``improvements``) spare computing them again.
    """
    current = current if current is not None else score_cycle(spec, answers, kecamatan, track)
    target = current.next_tier
    if target is None:
        return Path(current, None, None, (), False, current)
    if found is None:
        found = improvements(spec, answers, kecamatan, track)
    by_code = {q.code: q for q in spec.questions}
    tally = _Tally(spec, current)
    merged: dict[str, dict[str, Answer]] = {}
    steps: list[Improvement] = []
    for step in found:
        steps.append(step)
        units = merged.setdefault(step.question_code, dict(answers.get(step.question_code, {})))
        units[step.unit] = step.answer
        q = by_code[step.question_code]
        total = tally.set(q, score_question(q, units, kecamatan, track).earned)
        if total >= target.min_score:
            projected = what_if(spec, answers, kecamatan, track, step_changes(steps), base=current)
            return Path(current, target, current.gap, tuple(steps), True, projected)
    projected = (
        what_if(spec, answers, kecamatan, track, step_changes(steps), base=current)
        if steps
        else current
    )
    return Path(current, target, current.gap, tuple(steps), False, projected)
