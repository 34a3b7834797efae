"""Exact tests for the pure scoring rules: one rule per test, exact Decimals, no database."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluations.names import STATUSES, TRACKS
from evaluations.scores.next_tier import (
    ideal_answer,
    improvements,
    path_to_next_tier,
    step_changes,
    what_if,
)
from evaluations.scores.scoring import (
    Answer,
    Band,
    ClusterSpec,
    IndicatorSpec,
    InstrumentSpec,
    PercentageRule,
    QuestionSpec,
    Tier,
    assemble,
    counts,
    coverage_fraction,
    existence_fraction,
    kecamatan_index,
    next_tier_after,
    option_fraction,
    percentage_fraction,
    percentage_value,
    points_at_risk,
    round2,
    score_cycle,
    score_question,
    score_tracks,
    tier_for,
)

KEC = tuple(f"36.73.0{i}" for i in range(1, 7))  # Kota Serang's six kecamatan
TIERS = (
    Tier("pratama", "Pratama", D("500")),
    Tier("madya", "Madya", D("601")),
    Tier("nindya", "Nindya", D("701")),
    Tier("utama", "Utama", D("801")),
    Tier("kla", "KLA", D("901")),
)
HIGHER = PercentageRule("higher", floor=D("50"), target=D("100"))
LOWER = PercentageRule("lower", floor=D("20"), target=D("10"))
HIGHER_BANDS = PercentageRule("higher", bands=(Band(D("60"), D("0.5")), Band(D("90"), D("1"))))
LOWER_BANDS = PercentageRule("lower", bands=(Band(D("20"), D("0.5")), Band(D("10"), D("1"))))


def question(kind="option", level="kota", points="100", rule=None, docs=(), code="Q-01.1"):
    return QuestionSpec(
        code=code,
        indicator_code=code.split(".")[0],
        cluster_code=code.split("-")[0],
        points=D(points),
        kind=kind,
        level=level,
        rule=rule,
        required_documents=frozenset(docs),
    )


def answer(unit="kota", status="verified", **kwargs):
    return Answer(unit=unit, status=status, **kwargs)


def pct(num, den, unit="kota", status="verified"):
    return answer(unit, status, numerator=D(num), denominator=D(den))


def earned(q, answers, track="verified"):
    return score_question(q, answers, KEC, track).earned


def instrument(questions, tiers=TIERS, max_score="1000"):
    """An instrument whose clusters and indicators are read off the question codes."""
    indicators = {q.indicator_code: q.cluster_code for q in questions}
    return InstrumentSpec(
        clusters=tuple(ClusterSpec(c, f"Klaster {c}") for c in dict.fromkeys(indicators.values())),
        indicators=tuple(IndicatorSpec(i, f"Indikator {i}", c) for i, c in indicators.items()),
        questions=tuple(questions),
        tiers=tiers,
        max_score=D(max_score),
    )


# --- option -------------------------------------------------------------------------------------


def test_option_earns_the_chosen_share():
    assert earned(question("option"), {"kota": answer(option_share=D("0.5"))}) == D("50")


def test_option_share_zero_earns_nothing():
    assert earned(question("option"), {"kota": answer(option_share=D("0"))}) == D("0")


def test_option_full_share_earns_all_points():
    assert earned(question("option"), {"kota": answer(option_share=D("1"))}) == D("100")


def test_option_without_answer_earns_nothing():
    assert earned(question("option"), {}) == D("0")


def test_option_fraction_is_clamped_to_one():
    assert option_fraction(D("1.2")) == D("1")
    assert option_fraction(None) == D("0")


# --- existence ----------------------------------------------------------------------------------


def test_existence_yes_with_every_document_earns_all():
    q = question("existence", docs=("sk", "rad"))
    assert earned(q, {"kota": answer(yes=True, documents=frozenset({"sk", "rad"}))}) == D("100")


def test_existence_missing_document_earns_nothing():
    q = question("existence", docs=("sk", "rad"))
    assert earned(q, {"kota": answer(yes=True, documents=frozenset({"sk"}))}) == D("0")


def test_existence_no_earns_nothing_even_with_documents():
    assert existence_fraction(False, frozenset({"sk"}), frozenset({"sk"})) == D("0")


def test_existence_extra_documents_do_no_harm():
    assert existence_fraction(True, frozenset({"sk"}), frozenset({"sk", "foto"})) == D("1")


# --- percentage: linear, higher is better (floor 50, target 100) --------------------------------


@pytest.mark.parametrize(
    ("p", "fraction"),
    [
        ("0", "0"),
        ("40", "0"),  # below floor
        ("50", "0"),  # at floor
        ("75", "0.5"),  # halfway
        ("100", "1"),  # at target
        ("110", "1"),  # above target
    ],
)
def test_percentage_higher_linear(p, fraction):
    assert percentage_fraction(D(p), HIGHER) == D(fraction)


def test_percentage_higher_linear_through_a_question():
    q = question("percentage", rule=HIGHER)
    assert earned(q, {"kota": pct(75, 100)}) == D("50")


# --- percentage: linear, lower is better (floor 20, target 10) ----------------------------------


@pytest.mark.parametrize(
    ("p", "fraction"),
    [
        ("25", "0"),  # beyond floor
        ("20", "0"),  # at floor
        ("15", "0.5"),  # between
        ("10", "1"),  # at target
        ("5", "1"),  # beyond target
        ("0", "1"),
    ],
)
def test_percentage_lower_linear_is_mirrored(p, fraction):
    assert percentage_fraction(D(p), LOWER) == D(fraction)


# --- percentage: bands --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "fraction"),
    [("0", "0"), ("59.99", "0"), ("60", "0.5"), ("75", "0.5"), ("90", "1"), ("100", "1")],
)
def test_percentage_higher_bands(p, fraction):
    assert percentage_fraction(D(p), HIGHER_BANDS) == D(fraction)


@pytest.mark.parametrize(
    ("p", "fraction"),
    [("100", "0"), ("20.01", "0"), ("20", "0.5"), ("15", "0.5"), ("10", "1"), ("0", "1")],
)
def test_percentage_lower_bands(p, fraction):
    assert percentage_fraction(D(p), LOWER_BANDS) == D(fraction)


def test_percentage_floor_equal_to_target_is_a_step():
    rule = PercentageRule("higher", floor=D("80"), target=D("80"))
    assert (percentage_fraction(D("79.9"), rule), percentage_fraction(D("80"), rule)) == (0, 1)


def test_percentage_without_rule_ramps_from_0_to_100():
    assert percentage_fraction(D("40"), None) == D("0.4")


def test_percentage_bands_take_the_largest_fraction_met_in_any_order():
    rule = PercentageRule("higher", bands=(Band(D("90"), D("1")), Band(D("60"), D("0.5"))))
    assert percentage_fraction(D("95"), rule) == D("1")


# --- percentage: pooling and missing data -------------------------------------------------------


def test_percentage_value_pools_sums_not_ratios():
    # 30/40 and 50/60 pool to 80/100; a mean of ratios would say 79.17.
    assert percentage_value([(D("30"), D("40")), (D("50"), D("60"))]) == D("80")


def test_percentage_value_without_denominator_is_none():
    assert percentage_value([]) is None
    assert percentage_value([(D("0"), D("0"))]) is None


def test_percentage_without_value_earns_nothing():
    assert percentage_fraction(None, HIGHER) == D("0")


def test_percentage_empty_denominator_earns_nothing():
    q = question("percentage", rule=HIGHER)
    assert earned(q, {"kota": pct(0, 0)}) == D("0")


def test_unit_with_zero_denominator_does_not_count():
    assert counts(pct(0, 0), "percentage", "verified") is False
    assert counts(pct(5, 10), "percentage", "verified") is True


def test_missing_kecamatan_cost_points():
    # 4 of 6 kecamatan counted at 100 %: the full fraction times 4/6.
    q = question("percentage", level="kecamatan", points="60", rule=HIGHER)
    answers = {k: pct(10, 10, k) for k in KEC[:4]}
    answers[KEC[4]] = answer(KEC[4])  # answered without a value
    answers[KEC[5]] = pct(10, 10, KEC[5], status="draft")  # not in the verified track
    score = score_question(q, answers, KEC, "verified")
    assert (score.earned, score.units_counted, score.units_total) == (D("40"), 4, 6)


def test_percentage_pools_over_kecamatan():
    q = question("percentage", level="kecamatan", points="60", rule=HIGHER)
    answers = {k: pct(n, 100, k) for k, n in zip(KEC, (50, 100, 50, 100, 75, 75), strict=True)}
    assert earned(q, answers) == D("30")  # pooled 75 % is half way from 50 to 100


def test_kota_question_has_exactly_one_unit():
    q = question("option")
    answers = {"kota": answer(option_share=D("1")), KEC[0]: answer(KEC[0], option_share=D("0"))}
    score = score_question(q, answers, KEC, "verified")
    assert (score.earned, score.units_total) == (D("100"), 1)


# --- coverage -----------------------------------------------------------------------------------


def test_coverage_three_of_six_is_half():
    q = question("coverage", level="kecamatan", points="120")
    answers = {k: answer(k, yes=i < 3) for i, k in enumerate(KEC)}
    assert earned(q, answers) == D("60")


def test_coverage_missing_kecamatan_are_not_charged_twice():
    q = question("coverage", level="kecamatan", points="120")
    answers = {k: answer(k, yes=True) for k in KEC[:3]} | {KEC[3]: answer(KEC[3], yes=False)}
    assert earned(q, answers) == D("60")  # 3 yes / 6, not 3/4 x 4/6 x ...


def test_coverage_fraction_boundaries():
    assert coverage_fraction(0, 6) == D("0")
    assert coverage_fraction(6, 6) == D("1")
    assert coverage_fraction(0, 0) == D("0")


# --- tracks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "claimed", "verified", "projection"),
    [
        ("draft", False, False, True),
        ("submitted", True, False, True),
        ("returned", False, False, True),
        ("verified", True, True, True),
    ],
)
def test_which_statuses_count_in_which_track(status, claimed, verified, projection):
    a = answer(status=status, option_share=D("1"))
    assert [counts(a, "option", t) for t in TRACKS] == [claimed, verified, projection]


def test_unknown_track_is_an_error():
    with pytest.raises(ValueError, match="track"):
        counts(answer(option_share=D("1")), "option", "hoped")


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="kind"):
        score_question(question("rating"), {"kota": answer(option_share=D("1"))}, KEC, "verified")


def test_submitted_earns_in_claimed_but_not_verified():
    q = question("option")
    answers = {"kota": answer(status="submitted", option_share=D("1"))}
    assert [earned(q, answers, t) for t in TRACKS] == [D("100"), D("0"), D("100")]


# --- tiers and rounding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "tier"),
    [
        ("0", None),
        ("499.99", None),
        ("500", "pratama"),
        ("600", "pratama"),
        ("600.99", "pratama"),
        ("601", "madya"),
        ("900.99", "utama"),
        ("1000", "kla"),
    ],
)
def test_tier_boundaries(total, tier):
    found = tier_for(D(total), TIERS)
    assert (found.code if found else None) == tier


def test_tier_is_awarded_on_the_rounded_total():
    assert tier_for(D("600.995"), TIERS).code == "madya"


@pytest.mark.parametrize(
    ("tier", "expected"),
    [(None, "pratama"), ("pratama", "madya"), ("utama", "kla"), ("kla", None)],
)
def test_next_tier(tier, expected):
    current = next(t for t in TIERS if t.code == tier) if tier else None
    found = next_tier_after(current, TIERS)
    assert (found.code if found else None) == expected


def test_round2_is_half_up_not_bankers():
    assert round2(D("0.125")) == D("0.13")
    assert round2(D("600.985")) == D("600.99")
    assert round2(D("600.995")) == D("601.00")


def test_total_rounds_half_up_into_madya():
    # 500 + 201.99 x 0.5 = 600.995 -> 601.00
    spec = instrument(
        [question(code="A-01.1", points="500"), question(code="B-02.1", points="201.99")]
    )
    answers = {
        "A-01.1": {"kota": answer(option_share=D("1"))},
        "B-02.1": {"kota": answer(option_share=D("0.5"))},
    }
    score = score_cycle(spec, answers, KEC, "verified")
    assert (score.raw_total, score.total, score.tier.code) == (D("600.995"), D("601.00"), "madya")
    assert (score.next_tier.code, score.gap) == ("nindya", D("100.00"))


def test_parts_are_not_rounded_before_summing():
    # 300.005 + 300.005 = 600.01; rounding each part first would give 600.02.
    spec = instrument(
        [question(code="A-01.1", points="600.01"), question(code="B-02.1", points="600.01")]
    )
    answers = {c: {"kota": answer(option_share=D("0.5"))} for c in ("A-01.1", "B-02.1")}
    score = score_cycle(spec, answers, KEC, "verified")
    assert score.total == D("600.01")
    assert [c.earned for c in score.clusters] == [D("300.005"), D("300.005")]


def test_below_the_lowest_tier_the_next_is_pratama():
    spec = instrument([question(code="A-01.1", points="1000")])
    score = score_cycle(spec, {"A-01.1": {"kota": answer(option_share=D("0.4"))}}, KEC, "verified")
    assert (score.tier, score.next_tier.code, score.gap) == (None, "pratama", D("100"))


# --- cycle structure ----------------------------------------------------------------------------


def test_indicators_and_clusters_sum_their_parts():
    spec = instrument(
        [
            question(code="A-01.1", points="100"),
            question(code="A-01.2", points="50"),
            question(code="A-02.1", points="30"),
            question(code="B-03.1", points="20"),
        ]
    )
    answers = {c: {"kota": answer(option_share=D("0.5"))} for c in ("A-01.1", "A-01.2", "A-02.1")}
    score = score_cycle(spec, answers, KEC, "verified")
    parts = [(i.code, i.earned, i.max_points) for i in score.indicators]
    assert parts == [
        ("A-01", D("75"), D("150")),
        ("A-02", D("15"), D("30")),
        ("B-03", D("0"), D("20")),
    ]
    assert [(c.code, c.earned, c.max_points) for c in score.clusters] == [
        ("A", D("90"), D("180")),
        ("B", D("0"), D("20")),
    ]
    assert score.total == D("90.00")


def test_kecamatan_index_ranks_best_first_with_ties_by_code():
    coverage = question("coverage", level="kecamatan", points="30", code="A-01.1")
    share = question("percentage", level="kecamatan", points="70", rule=HIGHER, code="A-02.1")
    spec = instrument([coverage, share, question(code="B-03.1", points="900")])
    answers = {
        "A-01.1": {k: answer(k, yes=True) for k in KEC[:3]} | {KEC[3]: answer(KEC[3], yes=False)},
        "A-02.1": {KEC[0]: pct(75, 100, KEC[0]), KEC[2]: pct(100, 100, KEC[2])},
    }
    index = kecamatan_index(spec, answers, KEC, "verified")
    assert [(r.code, r.index) for r in index] == [
        (KEC[2], D("100.00")),  # 30 + 70
        (KEC[0], D("65.00")),  # 30 + 70 x 0.5
        (KEC[1], D("30.00")),
        (KEC[3], D("0.00")),
        (KEC[4], D("0.00")),
        (KEC[5], D("0.00")),
    ]


def test_kecamatan_index_is_empty_without_per_kecamatan_questions():
    spec = instrument([question(code="A-01.1")])
    assert kecamatan_index(spec, {}, KEC, "verified") == ()


def test_points_at_risk_lists_claimed_but_unverified_points():
    spec = instrument([question(code="A-01.1", points="60"), question(code="A-02.1", points="40")])
    answers = {
        "A-01.1": {"kota": answer(status="submitted", option_share=D("0.5"))},
        "A-02.1": {"kota": answer(option_share=D("1"))},
    }
    claimed = score_cycle(spec, answers, KEC, "claimed")
    verified = score_cycle(spec, answers, KEC, "verified")
    assert points_at_risk(claimed, verified) == (("A-01.1", D("30")),)


def test_pooled_percentage_can_lose_points_when_more_units_count():
    # A known exception to verified <= claimed: a poor kecamatan submitted pulls the pool down.
    q = question("percentage", level="kecamatan", points="60", rule=HIGHER)
    answers = {KEC[0]: pct(100, 100, KEC[0]), KEC[1]: pct(0, 100, KEC[1], status="submitted")}
    assert (earned(q, answers, "verified"), earned(q, answers, "claimed")) == (D("10"), D("0"))


# --- what if, ideal answers, improvements -------------------------------------------------------


def test_what_if_replaces_answers_without_touching_the_input():
    spec = instrument([question(code="A-01.1", points="1000")])
    answers = {"A-01.1": {"kota": answer(option_share=D("0.5"))}}
    changed = what_if(
        spec, answers, KEC, "verified", {("A-01.1", "kota"): answer(option_share=D("1"))}
    )
    assert changed.total == D("1000.00")
    assert answers == {"A-01.1": {"kota": answer(option_share=D("0.5"))}}


def test_what_if_can_add_a_missing_answer():
    spec = instrument([question("coverage", level="kecamatan", points="60", code="A-01.1")])
    changed = what_if(spec, {}, KEC, "verified", {("A-01.1", KEC[0]): answer(KEC[0], yes=True)})
    assert changed.total == D("10.00")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (question("option"), {"option_share": D("1")}),
        (question("existence", docs=("sk",)), {"yes": True}),
        (question("coverage", level="kecamatan"), {"yes": True}),
    ],
)
def test_ideal_answer_per_kind(q, expected):
    ideal = ideal_answer(q, None, "verified", unit="kota")
    assert {k: getattr(ideal, k) for k in expected} == expected
    assert ideal.status == "verified"
    assert ideal.documents == q.required_documents


def test_ideal_percentage_keeps_the_denominator():
    q = question("percentage", rule=HIGHER, docs=("data",))
    current = answer(numerator=D("40"), denominator=D("80"), documents=frozenset({"foto"}))
    ideal = ideal_answer(q, current, "submitted")
    assert (ideal.numerator, ideal.denominator, ideal.status) == (D("80"), D("80"), "submitted")
    assert ideal.documents == frozenset({"foto", "data"})


def test_ideal_percentage_lower_is_zero_and_defaults_the_denominator():
    ideal = ideal_answer(question("percentage", rule=LOWER_BANDS), pct(3, 0), "draft")
    assert (ideal.numerator, ideal.denominator) == (D("0"), D("1"))


def test_improvements_say_what_is_missing():
    existence = question("existence", points="40", docs=("rad", "sk"), code="A-01.1")
    share = question("percentage", level="kecamatan", points="60", rule=HIGHER, code="A-02.1")
    spec = instrument([existence, share])
    answers = {
        "A-01.1": {"kota": answer(yes=True, documents=frozenset({"sk"}))},
        "A-02.1": {k: pct(100, 100, k) for k in KEC[:4]}
        | {KEC[4]: pct(75, 100, KEC[4], status="submitted")},
    }
    found = {
        (i.question_code, i.unit): i.missing for i in improvements(spec, answers, KEC, "verified")
    }
    assert found == {
        ("A-01.1", "kota"): ("documents:rad",),
        ("A-02.1", KEC[4]): ("status", "better_value"),
        ("A-02.1", KEC[5]): ("value",),
    }


def test_improvements_are_sorted_and_gains_match_what_if():
    spec, answers = _pratama_city()
    found = improvements(spec, answers, KEC, "verified")
    current = score_cycle(spec, answers, KEC, "verified").raw_total
    assert [i.gain for i in found] == sorted((i.gain for i in found), reverse=True)
    for step in found:
        projected = what_if(spec, answers, KEC, "verified", step_changes([step]))
        assert projected.raw_total - current == step.gain > 0


def test_improvements_skip_fixes_that_gain_nothing():
    # Raising one kecamatan to 100 % lifts the pool to 87.5 %: still under the 90 % band.
    q = question("percentage", level="kecamatan", rule=HIGHER_BANDS, code="A-01.1")
    spec = instrument([q])
    answers = {"A-01.1": {k: pct(85, 100, k) for k in KEC}}
    assert improvements(spec, answers, KEC, "verified") == ()


# --- the way to the next tier -------------------------------------------------------------------


def _pratama_city():
    """A city at 560 (Pratama): no single fix is worth the 41 points to Madya."""
    spec = instrument(
        [
            question("option", points="60", code="KL-01.1"),
            question("existence", points="40", docs=("sk", "rad"), code="KL-02.1"),
            question("coverage", level="kecamatan", points="120", code="KL-02.2"),
            question("percentage", level="kecamatan", points="180", rule=HIGHER, code="I-04.1"),
            question("percentage", level="kecamatan", points="100", rule=LOWER, code="II-07.1"),
            question("percentage", "kecamatan", "100", rule=HIGHER_BANDS, code="II-10.1"),
            question("option", points="400", code="II-08.1"),
        ]
    )
    answers = {
        "KL-01.1": {"kota": answer(option_share=D("0.5"))},
        "KL-02.1": {"kota": answer(yes=True, documents=frozenset({"sk"}))},
        "KL-02.2": {k: answer(k, yes=i < 2) for i, k in enumerate(KEC[:4])},
        "I-04.1": {
            k: pct(70, 100, k, "verified" if i < 4 else "submitted") for i, k in enumerate(KEC)
        },
        "II-07.1": {k: pct(18, 100, k) for k in KEC},
        "II-10.1": {k: pct(85, 100, k) for k in KEC},
        "II-08.1": {"kota": answer(option_share=D("0.93"))},
    }
    return spec, answers


def _units(q):
    return ("kota",) if q.level == "kota" else KEC


def test_pratama_city_fixture_sits_in_pratama():
    spec, answers = _pratama_city()
    score = score_cycle(spec, answers, KEC, "verified")
    assert (spec.max_score, sum(q.points for q in spec.questions)) == (D("1000"), D("1000"))
    assert (score.total, score.tier.code, score.gap) == (D("560.00"), "pratama", D("41.00"))


def test_path_steps_reach_the_next_tier():
    spec, answers = _pratama_city()
    path = path_to_next_tier(spec, answers, KEC, "verified")
    assert (path.target.code, path.gap, path.crosses) == ("madya", D("41.00"), True)
    # The 40-point document alone reaches 600.00, still Pratama; the next 30 points cross.
    assert [(s.question_code, s.unit) for s in path.steps] == [
        ("KL-02.1", "kota"),
        ("I-04.1", KEC[4]),
    ]
    assert path.steps == improvements(spec, answers, KEC, "verified")[:2]
    applied = what_if(spec, answers, KEC, "verified", step_changes(path.steps))
    assert applied == path.projected
    assert (applied.total, applied.tier.code) == (D("630.00"), "madya")


def test_path_without_its_last_step_falls_short():
    spec, answers = _pratama_city()
    path = path_to_next_tier(spec, answers, KEC, "verified")
    short = what_if(spec, answers, KEC, "verified", step_changes(path.steps[:-1]))
    assert short.total < path.target.min_score
    assert short.tier.code == "pratama"


@pytest.mark.parametrize(("track", "status"), [("verified", "verified"), ("claimed", "submitted")])
def test_path_steps_carry_the_status_of_the_track(track, status):
    spec, answers = _pratama_city()
    path = path_to_next_tier(spec, answers, KEC, track)
    assert {s.answer.status for s in path.steps} == {status}


def test_path_at_the_top_tier_is_empty():
    spec, _ = _pratama_city()
    answers = {
        q.code: {u: ideal_answer(q, None, "verified", unit=u) for u in _units(q)}
        for q in spec.questions
    }
    path = path_to_next_tier(spec, answers, KEC, "verified")
    assert (path.current.total, path.current.tier.code) == (D("1000.00"), "kla")
    assert (path.target, path.steps, path.crosses) == (None, (), False)


def test_path_that_cannot_cross_tries_every_improvement():
    spec = instrument([question("coverage", level="kecamatan", points="300", code="A-01.1")])
    path = path_to_next_tier(spec, {}, KEC, "verified")
    assert (path.target.code, path.crosses, len(path.steps)) == ("pratama", False, 6)
    assert path.projected.total == D("300.00")


# --- properties ---------------------------------------------------------------------------------

shares = st.sampled_from([D(x) for x in ("0", "0.25", "0.5", "0.75", "1")])
percents = st.integers(0, 100).map(D)
amounts = st.integers(0, 50).map(D)
directions = st.sampled_from(["higher", "lower"])


@st.composite
def rules(draw, direction=None):
    direction = direction or draw(directions)
    if draw(st.booleans()):
        bands = draw(st.lists(st.tuples(percents, shares), min_size=1, max_size=3))
        return PercentageRule(direction, bands=tuple(Band(t, f) for t, f in bands))
    low, high = sorted([draw(percents), draw(percents)])
    if direction == "higher":
        return PercentageRule(direction, floor=low, target=high)
    return PercentageRule(direction, floor=high, target=low)


@st.composite
def question_specs(draw, code="Q-01.1", pooled=True):
    kind = draw(st.sampled_from(["option", "percentage", "coverage", "existence"]))
    level = "kecamatan" if kind == "coverage" else draw(st.sampled_from(["kota", "kecamatan"]))
    if kind == "percentage" and not pooled:
        level = "kota"
    points = draw(st.integers(1, 300).map(D))
    rule = draw(rules()) if kind == "percentage" else None
    docs = draw(st.frozensets(st.sampled_from(["sk", "rad"])))
    return replace(question(kind, level, "1", rule, docs, code), points=points)


def answers_for(unit):
    return st.builds(
        Answer,
        unit=st.just(unit),
        status=st.sampled_from(STATUSES),
        option_share=st.none() | shares,
        numerator=st.none() | amounts,
        denominator=st.none() | amounts,
        yes=st.none() | st.booleans(),
        documents=st.frozensets(st.sampled_from(["sk", "rad"])),
    )


unit_answers = st.fixed_dictionaries({}, optional={u: answers_for(u) for u in ("kota", *KEC)})
tracks = st.sampled_from(TRACKS)


@given(question_specs(), unit_answers, tracks)
def test_earned_stays_within_the_points(q, answers, track):
    score = score_question(q, answers, KEC, track)
    assert D(0) <= score.fraction <= D(1)
    assert D(0) <= score.earned <= q.points


@given(rules(), percents, percents)
def test_fraction_is_monotone_in_the_percentage(rule, p, more):
    low, high = sorted([p, more])
    if rule.direction == "higher":
        assert percentage_fraction(low, rule) <= percentage_fraction(high, rule)
    else:
        assert percentage_fraction(low, rule) >= percentage_fraction(high, rule)


@given(
    rules(),
    st.lists(st.tuples(amounts, st.integers(1, 50).map(D)), min_size=6, max_size=6),
    st.integers(0, 5),
    st.integers(0, 50).map(D),
)
def test_raising_a_numerator_moves_the_fraction_the_right_way(rule, pairs, which, extra):
    q = question("percentage", level="kecamatan", rule=rule)
    answers = {k: pct(n, d, k) for k, (n, d) in zip(KEC, pairs, strict=True)}
    raised = answers | {KEC[which]: replace(answers[KEC[which]], numerator=pairs[which][0] + extra)}
    before = score_question(q, answers, KEC, "verified").fraction
    after = score_question(q, raised, KEC, "verified").fraction
    assert after >= before if rule.direction == "higher" else after <= before


@given(shares, shares)
def test_a_higher_option_share_never_lowers_the_fraction(a, b):
    low, high = sorted([a, b])
    q = question("option")
    before = score_question(q, {"kota": answer(option_share=low)}, KEC, "verified").fraction
    after = score_question(q, {"kota": answer(option_share=high)}, KEC, "verified").fraction
    assert before <= after


@st.composite
def cities(draw, pooled=True):
    """A random instrument (1-3 clusters, 1-2 indicators each, 1-3 questions each) and answers."""
    specs = []
    for c in "ABC"[: draw(st.integers(1, 3))]:
        for i in range(draw(st.integers(1, 2))):
            for n in range(draw(st.integers(1, 3))):
                specs.append(draw(question_specs(f"{c}-0{i}.{n}", pooled)))
    answers = {q.code: draw(unit_answers) for q in specs}
    return instrument(specs), answers


@settings(max_examples=50)
@given(cities(), tracks)
def test_total_is_the_rounded_sum_of_its_parts(city, track):
    spec, answers = city
    score = score_cycle(spec, answers, KEC, track)
    assert score.total == round2(sum((c.earned for c in score.clusters), D(0)))
    for cluster in score.clusters:
        parts = [i.earned for i in score.indicators if i.code.startswith(f"{cluster.code}-")]
        assert cluster.earned == sum(parts, D(0))
    for indicator in score.indicators:
        parts = [q.earned for q in score.questions if q.code.startswith(f"{indicator.code}.")]
        assert indicator.earned == sum(parts, D(0))


@settings(max_examples=50)
@given(cities(pooled=False))
def test_verified_at_most_claimed_at_most_projection(city):
    # Pooled per-kecamatan percentages are left out on purpose: see the exception test above.
    spec, answers = city
    verified, claimed, projection = (
        score_cycle(spec, answers, KEC, t) for t in ("verified", "claimed", "projection")
    )
    for v, c, p in zip(verified.questions, claimed.questions, projection.questions, strict=True):
        assert v.earned <= c.earned <= p.earned
    assert verified.total <= claimed.total <= projection.total


@settings(max_examples=50)
@given(cities())
def test_scoring_the_tracks_together_equals_scoring_each_alone(city):
    """score_tracks shares a question's score between tracks that count the same answers: the
    very Decimals (repr, not just equal values) of each track's questions scored by themselves."""
    spec, answers = city
    alone = {
        track: assemble(
            spec,
            track,
            tuple(score_question(q, answers.get(q.code, {}), KEC, track) for q in spec.questions),
            kecamatan_index(spec, answers, KEC, track),
        )
        for track in TRACKS
    }
    assert repr(score_tracks(spec, answers, KEC, TRACKS)) == repr(alone)


tier_rank = {None: -1} | {t.code: n for n, t in enumerate(TIERS)}


@given(
    st.decimals(0, 1000, places=3, allow_nan=False),
    st.decimals(0, 1000, places=3, allow_nan=False),
)
def test_tier_is_monotone_in_the_score(a, b):
    low, high = sorted([a, b])
    rank = [tier_rank[t.code if t else None] for t in (tier_for(low, TIERS), tier_for(high, TIERS))]
    assert rank[0] <= rank[1]
