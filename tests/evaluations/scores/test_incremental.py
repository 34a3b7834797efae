"""The incremental what-if, improvements and path equal rescoring everything.

next_tier.py scores again only what changed (the changed questions for what-if, a unit's part
of the pooled sums for an improvement, the step's question for the greedy path). Here the
straightforward versions (every change rescored from scratch, as the engine did before) are the
reference, and hypothesis generates the cycles: small instruments with every answer kind and
level, a few kecamatan, answers in every status, with or without values and documents.
"""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from evaluations import names
from evaluations.scores import next_tier, scoring

KINDS = [
    ("option", "kota"),
    ("existence", "kota"),
    ("percentage", "kota"),
    ("percentage", "kecamatan"),
    ("coverage", "kecamatan"),
]
KECAMATAN = ("01", "02", "03", "04")
statuses = st.sampled_from(names.STATUSES)
shares = st.sampled_from([D(x) for x in ("0", "0.25", "0.5", "1")])


@st.composite
def question(draw, index: int) -> scoring.QuestionSpec:
    kind, level = draw(st.sampled_from(KINDS))
    rule = None
    if kind == "percentage":
        direction = draw(st.sampled_from(["higher", "lower"]))
        if draw(st.booleans()):
            bands = tuple(
                scoring.Band(D(t), f)
                for t, f in draw(st.lists(st.tuples(st.integers(0, 100), shares), max_size=3))
            )
            rule = scoring.PercentageRule(direction, bands=bands)
        else:
            rule = scoring.PercentageRule(
                direction, D(draw(st.integers(0, 40))), D(draw(st.integers(60, 100)))
            )
            if direction == "lower":
                rule = scoring.PercentageRule(direction, rule.target, rule.floor)
    return scoring.QuestionSpec(
        code=f"Q{index}",
        indicator_code=f"I{index % 3}",
        cluster_code=f"C{index % 3 % 2}",
        points=D(draw(st.integers(1, 60))),
        kind=kind,
        level=level,
        rule=rule,
        required_documents=frozenset({"sk"}) if kind == "existence" else frozenset(),
        best_option_share=D(1),
    )


@st.composite
def answer(draw, q: scoring.QuestionSpec, unit: str) -> scoring.Answer | None:
    if draw(st.integers(0, 5)) == 0:
        return None
    base = scoring.Answer(unit=unit, status=draw(statuses))
    if draw(st.integers(0, 6)) == 0:  # an entry without a value
        return base
    if q.kind == "option":
        return scoring.Answer(unit, base.status, option_share=draw(shares))
    if q.kind == "percentage":
        den = D(draw(st.integers(0, 200)))
        return scoring.Answer(
            unit, base.status, numerator=D(draw(st.integers(0, 200))), denominator=den
        )
    documents = frozenset({"sk"}) if draw(st.booleans()) else frozenset()
    return scoring.Answer(unit, base.status, yes=draw(st.booleans()), documents=documents)


@st.composite
def cycles(draw):
    count = draw(st.integers(2, 6))
    questions = tuple(draw(question(i)) for i in range(count))
    kecamatan = KECAMATAN[: draw(st.integers(1, 4))]
    answers = {}
    for q in questions:
        for unit in scoring.units_of(q, kecamatan):
            made = draw(answer(q, unit))
            if made is not None:
                answers.setdefault(q.code, {})[unit] = made
    spec = scoring.InstrumentSpec(
        clusters=(scoring.ClusterSpec("C0", "Nol"), scoring.ClusterSpec("C1", "Satu")),
        indicators=tuple(scoring.IndicatorSpec(f"I{i}", f"Ind {i}", f"C{i % 2}") for i in range(3)),
        questions=questions,
        tiers=(
            scoring.Tier("pratama", "Pratama", D(draw(st.integers(1, 40)))),
            scoring.Tier("madya", "Madya", D(draw(st.integers(41, 120)))),
        ),
        max_score=sum((q.points for q in questions), D(0)),
    )
    return spec, answers, kecamatan, draw(st.sampled_from(names.TRACKS))


# --- The straightforward references: everything rescored for every change ----------------------


def full_what_if(spec, answers, kecamatan, track, changes):
    merged = {code: dict(units) for code, units in answers.items()}
    for (code, unit), made in changes.items():
        merged.setdefault(code, {})[unit] = made
    return scoring.score_cycle(spec, merged, kecamatan, track)


def full_improvements(spec, answers, kecamatan, track):
    found = []
    for q in spec.questions:
        units = answers.get(q.code, {})
        earned_now = scoring.score_question(q, units, kecamatan, track).earned
        for unit in scoring.units_of(q, kecamatan):
            current = units.get(unit)
            ideal = next_tier.ideal_answer(q, current, names.STEP_STATUS[track], unit=unit)
            full = scoring.unit_fraction(q, ideal, unit, track)
            if (
                scoring.counts(current, q.kind, track)
                and scoring.unit_fraction(q, current, unit, track) >= full
            ):
                continue
            gain = (
                scoring.score_question(q, {**units, unit: ideal}, kecamatan, track).earned
                - earned_now
            )
            if gain > 0:
                missing = next_tier._missing(q, current, ideal, track)
                found.append(
                    scoring.Improvement(
                        q.code, q.indicator_code, q.cluster_code, unit, gain, missing, ideal
                    )
                )
    return tuple(sorted(found, key=lambda i: (-i.gain, i.question_code, i.unit)))


def full_path(spec, answers, kecamatan, track):
    current = scoring.score_cycle(spec, answers, kecamatan, track)
    target = current.next_tier
    if target is None:
        return scoring.Path(current, None, None, (), False, current)
    steps, projected = [], current
    for step in full_improvements(spec, answers, kecamatan, track):
        steps.append(step)
        projected = full_what_if(spec, answers, kecamatan, track, next_tier.step_changes(steps))
        if projected.total >= target.min_score:
            return scoring.Path(current, target, current.gap, tuple(steps), True, projected)
    return scoring.Path(current, target, current.gap, tuple(steps), False, projected)


@settings(max_examples=150, deadline=None)
@given(cycles(), st.data())
def test_incremental_what_if_equals_full_rescoring(cycle, data):
    spec, answers, kecamatan, track = cycle
    units = [(q, u) for q in spec.questions for u in scoring.units_of(q, kecamatan)]
    chosen = data.draw(st.lists(st.sampled_from(units), max_size=4))
    changes = {}
    for q, unit in chosen:
        made = data.draw(answer(q, unit))
        changes[(q.code, unit)] = made or scoring.Answer(unit, names.DRAFT)
    base = scoring.score_cycle(spec, answers, kecamatan, track)
    assert next_tier.what_if(spec, answers, kecamatan, track, changes, base=base) == full_what_if(
        spec, answers, kecamatan, track, changes
    )


@settings(max_examples=150, deadline=None)
@given(cycles())
def test_pooled_improvements_equal_rescoring_each_change(cycle):
    spec, answers, kecamatan, track = cycle
    assert next_tier.improvements(spec, answers, kecamatan, track) == full_improvements(
        spec, answers, kecamatan, track
    )


@settings(max_examples=150, deadline=None)
@given(cycles())
def test_path_rescoring_only_changed_questions_equals_full_rescoring(cycle):
    spec, answers, kecamatan, track = cycle
    assert next_tier.path_to_next_tier(spec, answers, kecamatan, track) == full_path(
        spec, answers, kecamatan, track
    )


@settings(max_examples=60, deadline=None)
@given(cycles())
def test_index_from_shared_fractions_equals_the_index(cycle):
    spec, answers, kecamatan, track = cycle
    fractions = scoring.unit_fractions(spec, answers, kecamatan, track)
    assert scoring.kecamatan_index(
        spec, answers, kecamatan, track, fractions=fractions
    ) == scoring.kecamatan_index(spec, answers, kecamatan, track)
