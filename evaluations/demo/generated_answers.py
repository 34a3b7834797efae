"""Generated answers (demo and benchmarks only, never real data): one kabupaten/kota's cycle
filled with a realistic mix of statuses, values and missing data, deterministic from a seed and
calibrated so that its verified total lands in a chosen tier.

How: every (question, unit) draws four fixed uniforms from a generator seeded with
``seed:kode:tahun``. One *quality* q in [0, 1] turns them into an answer: the status (the worse
the city, the more entries are empty, draft, returned or only submitted), the value (an option,
a percentage, a yes) and whether the required documents are attached. Each answer only gets
better as q grows, so the verified total is monotone in q and a bisection finds the q that
reaches a target total (``calibrate``). The scoring engine itself scores the candidates, so the
stored snapshots agree with what the pages compute.

The 2025 national result (22 Utama, 69 Nindya, 125 Madya, 139 Pratama of 514 kabupaten/kota,
the rest no award; ../shared/KLA-REFERENCE.md) is shared out over any number of cities by
``tier_quota``.
"""

import random
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .. import names
from ..scores import scoring

NATIONAL_CITIES = 514
NO_TIER = ""
NATIONAL_2025 = {"utama": 22, "nindya": 69, "madya": 125, "pratama": 139}
NATIONAL_SHARES = {**NATIONAL_2025, NO_TIER: NATIONAL_CITIES - sum(NATIONAL_2025.values())}
BISECTIONS = 11  # q to within 1/2048: about half a point of total
SPREAD = Decimal("0.5")  # how far one answer's value strays from the city's quality
HUNDRED = Decimal(100)


def tier_quota(n: int) -> dict[str, int]:
    """How many of ``n`` cities get each tier in the 2025 national proportions (largest
    remainder, ties by code): 514 gives the national counts themselves."""
    exact = {code: Fraction(count * n, NATIONAL_CITIES) for code, count in NATIONAL_SHARES.items()}
    counts = {code: int(value) for code, value in exact.items()}
    left = n - sum(counts.values())
    by_remainder = sorted(exact, key=lambda code: (-(exact[code] - counts[code]), code))
    for code in by_remainder[:left]:
        counts[code] += 1
    return counts


def assign_tiers(codes: list[str], seed: int) -> dict[str, str]:
    """Each city code → its target tier code ("" for none), shuffled deterministically."""
    quota = tier_quota(len(codes))
    tiers = [code for code, count in sorted(quota.items()) for _ in range(count)]
    random.Random(f"tiers:{seed}").shuffle(tiers)
    return dict(zip(sorted(codes), tiers, strict=True))


def target_total(tier_code: str, tiers: tuple[scoring.Tier, ...], rng: random.Random) -> Decimal:
    """A total inside the tier's band, kept a few points off its edges."""
    ordered = sorted(tiers, key=lambda t: t.min_score)
    if tier_code == NO_TIER:
        low, high = Decimal(300), ordered[0].min_score - 10
    else:
        position = [t.code for t in ordered].index(tier_code)
        low = ordered[position].min_score + 6
        high = ordered[position + 1].min_score - 8 if position + 1 < len(ordered) else low + 50
    return (low + (high - low) * Decimal(rng.random())).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class QuestionKit:
    """What generation needs of a question beyond its spec."""

    spec: scoring.QuestionSpec
    pk: int
    options: tuple[tuple[int, Decimal], ...]  # (option id, share), lowest share first
    fractions: tuple[Decimal, ...]  # percentage fraction at 0, 1, ..., 100 %


def question_kit(spec: scoring.QuestionSpec, pk: int, options) -> QuestionKit:
    fractions = ()
    if spec.kind == names.PERCENTAGE:
        fractions = tuple(scoring.percentage_fraction(Decimal(p), spec.rule) for p in range(101))
    return QuestionKit(spec, pk, tuple(sorted(options, key=lambda o: (o[1], o[0]))), fractions)


@dataclass(frozen=True)
class Generated:
    """One generated answer: what the engine reads and what the entry row stores."""

    answer: scoring.Answer
    option_id: int | None


def draws(kits: list[QuestionKit], kecamatan: tuple[str, ...], rng: random.Random) -> dict:
    """(question code, unit) → four uniforms, in the instrument's order (deterministic)."""
    found = {}
    for kit in kits:
        for unit in scoring.units_of(kit.spec, kecamatan):
            found[(kit.spec.code, unit)] = tuple(Decimal(rng.random()) for _ in range(4))
    return found


def _status(q: Decimal, u: Decimal) -> str:
    """Empty, draft, returned, submitted or verified: a weaker city has more of the first."""
    weak = 1 - q
    limits = (
        (Decimal("0.02") + Decimal("0.06") * weak, names.EMPTY),
        (Decimal("0.04") + Decimal("0.10") * weak, names.DRAFT),
        (Decimal("0.05") + Decimal("0.13") * weak, names.RETURNED),
        (Decimal("0.07") + Decimal("0.23") * weak, names.SUBMITTED),
    )
    return next((status for limit, status in limits if u < limit), names.VERIFIED)


def _percent(kit: QuestionKit, goodness: Decimal) -> int:
    """The percentage whose fraction first reaches ``goodness`` (for a lower-is-better rule:
    the highest such percentage)."""
    reached = [p for p, fraction in enumerate(kit.fractions) if fraction >= goodness]
    higher = (kit.spec.rule.direction if kit.spec.rule else names.HIGHER) == names.HIGHER
    if not reached:
        return 100 if higher else 0
    return min(reached) if higher else max(reached)


def generate_answer(kit: QuestionKit, unit: str, u: tuple, q: Decimal) -> Generated | None:
    """The answer of quality ``q`` from the unit's four uniforms; None for an empty entry."""
    status = _status(q, u[0])
    if status == names.EMPTY:
        return None
    goodness = min(max(q + (u[1] - Decimal("0.5")) * SPREAD, Decimal(0)), Decimal(1))
    spec, option_id, values = kit.spec, None, {}
    if spec.kind == names.OPTION:
        chosen = [o for o in kit.options if o[1] <= goodness] or list(kit.options[:1])
        option_id, share = chosen[-1]
        values = {"option_share": share}
    elif spec.kind == names.PERCENTAGE:
        denominator = Decimal(50 + int(u[2] * 950))
        values = {
            "numerator": denominator * _percent(kit, goodness) / HUNDRED,
            "denominator": denominator,
        }
    elif spec.kind == names.COVERAGE:
        values = {"yes": u[1] < q * Decimal("1.05")}
    else:  # existence: worth its points only with every required document
        values = {"yes": u[1] < q * Decimal("1.1")}
    documents = (
        spec.required_documents if u[3] < Decimal("0.6") + q * Decimal("0.4") else frozenset()
    )
    answer = scoring.Answer(unit=unit, status=status, documents=documents, **values)
    return Generated(answer, option_id)


def generate_cycle(kits, kecamatan, uniforms, q: Decimal) -> dict[tuple[str, str], Generated]:
    found = {}
    for kit in kits:
        for unit in scoring.units_of(kit.spec, kecamatan):
            made = generate_answer(kit, unit, uniforms[(kit.spec.code, unit)], q)
            if made is not None:
                found[(kit.spec.code, unit)] = made
    return found


def as_answers(generated: dict[tuple[str, str], Generated]) -> dict[str, dict[str, scoring.Answer]]:
    answers: dict[str, dict[str, scoring.Answer]] = {}
    for (code, unit), made in generated.items():
        answers.setdefault(code, {})[unit] = made.answer
    return answers


def verified_total(kits, kecamatan, answers) -> Decimal:
    """The verified total without the kecamatan index (all calibration needs)."""
    earned = sum(
        (
            scoring.score_question(
                kit.spec, answers.get(kit.spec.code, {}), kecamatan, names.VERIFIED
            ).earned
            for kit in kits
        ),
        Decimal(0),
    )
    return scoring.round2(earned)


def calibrate(kits, kecamatan, uniforms, target: Decimal) -> Decimal:
    """The lowest quality (to 1/2048) whose verified total reaches ``target``."""
    low, high = Decimal(0), Decimal(1)
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        answers = as_answers(generate_cycle(kits, kecamatan, uniforms, middle))
        if verified_total(kits, kecamatan, answers) >= target:
            high = middle
        else:
            low = middle
    return high
