"""Write generated kabupaten/kota into the database (demo and benchmarks only).

``generate_cities`` fills every given city with cycles of generated answers
(evaluations/demo/generated_answers.py), in bulk: per batch of cities one ``bulk_create`` per
table (cycles, stages, assignments, entries, evidence, snapshots, official results), never a
query per entry. Everything it makes says it is generated: the cycle's name, each entry's note,
each official result's note, and the evidence title (one shared placeholder file).
"""

import datetime
import hashlib
import json
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from indicators.models import AnswerOption, DocumentRequirement, Question
from kla.accounts.models import User
from kla.organisations.models import Opd
from kla.wilayah.models import Region

from .. import names
from ..models import Assignment, Cycle, Entry, Evidence, OfficialResult, ScoreSnapshot, Stage
from ..scores import scoring
from ..scores.loader import instrument_spec
from ..scores.report import parts_json
from . import generated_answers as gen
from .cycles import past_stages

MARK = "Data dibangkitkan"
GENERATOR_USERNAME = "pembangkit.data"
PLACEHOLDER = "generated/dokumen-dibangkitkan.pdf"
PLACEHOLDER_BYTES = b"%PDF-1.4\n% Dokumen dibangkitkan: bukan dokumen nyata.\n%%EOF\n"
CITIES_PER_BATCH = 10
OPD_FIXTURE = settings.BASE_DIR / "fixtures" / "opd_kota_serang.json"


@dataclass
class Summary:
    cities: int = 0
    skipped: int = 0
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0
    verified_tiers: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def generator_user() -> User:
    """The inactive account generated rows are attributed to (it has no role, cannot log in)."""
    user, _ = User.objects.get_or_create(
        username=GENERATOR_USERNAME, defaults={"first_name": MARK, "is_active": False}
    )
    return user


def province_check_stages(today: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """A current cycle whose province check (verifikasi administrasi) runs today."""
    day = datetime.timedelta(days=1)
    return {
        Stage.Kind.EVALUASI_MANDIRI: (today - 70 * day, today - 25 * day),
        Stage.Kind.VERIFIKASI_INTERNAL: (today - 24 * day, today - 11 * day),
        Stage.Kind.VERIFIKASI_PROVINSI: (today - 10 * day, today + 20 * day),
        Stage.Kind.VERIFIKASI_LAPANGAN: (today + 30 * day, today + 35 * day),
        Stage.Kind.PENETAPAN: (today + 70 * day, today + 70 * day),
    }


def ensure_opds(cities: list[Region]) -> dict[tuple[int, str], int]:
    """The fixture's OPDs for every city (bulk; existing ones kept): {(city id, code): id}."""
    listed = json.loads(OPD_FIXTURE.read_text(encoding="utf-8"))
    ids = [c.pk for c in cities]
    have = set(Opd.objects.filter(kabupaten_id__in=ids).values_list("kabupaten_id", "code"))
    Opd.objects.bulk_create(
        Opd(kabupaten_id=city.pk, code=o["code"], name=o["name"])
        for city in cities
        for o in listed
        if (city.pk, o["code"]) not in have
    )
    rows = Opd.objects.filter(kabupaten_id__in=ids).values_list("kabupaten_id", "code", "id")
    return {(city_id, code): pk for city_id, code, pk in rows}


def placeholder_file() -> str:
    """One small placeholder PDF that every generated evidence row points to."""
    path = Path(settings.MEDIA_ROOT) / PLACEHOLDER
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PLACEHOLDER_BYTES)
    return PLACEHOLDER


def instrument_kits(instrument):
    """The spec, a kit per question, the document requirement ids and each question's OPD."""
    spec = instrument_spec(instrument)
    rows = Question.objects.of_instrument(instrument).values_list("code", "pk", "default_opd_code")
    pks = {code: pk for code, pk, _opd in rows}
    opd_codes = {pk: opd for _code, pk, opd in rows}
    options = defaultdict(list)
    for question_id, option_id, share in AnswerOption.objects.filter(
        question_id__in=pks.values()
    ).values_list("question_id", "id", "share"):
        options[question_id].append((option_id, share))
    documents = {
        (question_id, code): pk
        for pk, question_id, code in DocumentRequirement.objects.filter(
            question_id__in=pks.values()
        ).values_list("pk", "question_id", "code")
    }
    kits = [gen.question_kit(q, pks[q.code], options[pks[q.code]]) for q in spec.questions]
    return spec, kits, documents, opd_codes


def generate_cities(
    cities: list[Region], *, instrument, years: tuple[int, ...], seed: int, current_stages=None
) -> Summary:
    """Generate ``years`` cycles for each city (cities that already have one are skipped).

    The latest year is calibrated to the city's target tier (``assign_tiers`` over all the given
    cities); earlier years are a little weaker, with a final official result each. With
    ``current_stages`` the latest cycle gets those stage dates (the demo's ongoing check).
    """
    started = time.perf_counter()
    summary = Summary()
    taken = set(Cycle.objects.filter(year__in=years).values_list("kabupaten_id", flat=True))
    todo = [c for c in cities if c.pk not in taken]
    summary.skipped = len(cities) - len(todo)
    targets = gen.assign_tiers([c.code for c in cities], seed)
    spec, kits, documents, opd_codes = instrument_kits(instrument)
    kecamatan = defaultdict(list)  # city id → [(code, id)] in code order
    for code, pk, parent_id in (
        Region.objects.filter(level=Region.Level.KECAMATAN, parent_id__in=[c.pk for c in todo])
        .order_by("code")
        .values_list("code", "pk", "parent_id")
    ):
        kecamatan[parent_id].append((code, pk))
    opds = ensure_opds(todo)
    context = {
        "spec": spec,
        "kits": kits,
        "documents": documents,
        "opds": opds,
        "opd_codes": opd_codes,
        "instrument_id": instrument.pk,
        "by": generator_user(),
        "placeholder": placeholder_file(),
        "seed": seed,
        "years": years,
        "current_stages": current_stages,
    }
    for start in range(0, len(todo), CITIES_PER_BATCH):
        batch = todo[start : start + CITIES_PER_BATCH]
        with transaction.atomic():
            _write_batch(batch, kecamatan, targets, context, summary)
    summary.cities = len(todo)
    summary.seconds = time.perf_counter() - started
    return summary


def _plan_city(city, kecamatan: tuple[str, ...], target_tier: str, context) -> list[tuple]:
    """(year, quality, generated answers) per year, latest calibrated."""
    spec, kits, seed, years = context["spec"], context["kits"], context["seed"], context["years"]
    rng = random.Random(f"{seed}:{city.code}")
    target = gen.target_total(target_tier, spec.tiers, rng)
    latest = max(years)
    uniforms = gen.draws(kits, kecamatan, random.Random(f"{seed}:{city.code}:{latest}"))
    quality = gen.calibrate(kits, kecamatan, uniforms, target)
    plans = [(latest, quality, gen.generate_cycle(kits, kecamatan, uniforms, quality))]
    for back, year in enumerate(sorted(years, reverse=True)[1:], start=1):
        q = quality - Decimal("0.04") * back + Decimal(rng.random() - 0.5) / 25
        q = min(max(q, Decimal(0)), Decimal(1))
        uniforms = gen.draws(kits, kecamatan, random.Random(f"{seed}:{city.code}:{year}"))
        plans.append((year, q, gen.generate_cycle(kits, kecamatan, uniforms, q)))
    return plans


def _write_batch(batch, kecamatan_of, targets, context, summary: Summary) -> None:
    plans = {
        city.pk: _plan_city(
            city, tuple(code for code, _pk in kecamatan_of[city.pk]), targets[city.code], context
        )
        for city in batch
    }
    cycles = Cycle.objects.bulk_create(
        Cycle(
            kabupaten_id=city.pk,
            year=year,
            instrument_id=context["instrument_id"],
            name=f"KLA {year} ({MARK.lower()})",
        )
        for city in batch
        for year, _q, _answers in plans[city.pk]
    )
    owners = [(city, plan) for city in batch for plan in plans[city.pk]]
    summary.rows["siklus"] += len(cycles)
    stages, assignments, entries, made_of = [], [], [], []
    latest = max(context["years"])
    for cycle, (city, (year, _q, answers)) in zip(cycles, owners, strict=True):
        windows = (
            context["current_stages"] if year == latest and context["current_stages"] else None
        )
        for kind, (starts, ends) in (windows or past_stages(year)).items():
            stages.append(Stage(cycle=cycle, kind=kind, starts_on=starts, ends_on=ends))
        units = {names.KOTA: city.pk, **dict(kecamatan_of[city.pk])}
        for kit in context["kits"]:
            opd_id = context["opds"].get((city.pk, context["opd_codes"][kit.pk]))
            if opd_id is not None:
                assignments.append(Assignment(cycle=cycle, question_id=kit.pk, opd_id=opd_id))
            for unit in scoring.units_of(kit.spec, tuple(units)[1:]):
                made = answers.get((kit.spec.code, unit))
                entries.append(_entry(cycle, kit, units[unit], made, context))
                made_of.append((kit, made))
    Stage.objects.bulk_create(stages)
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    Entry.objects.bulk_create(entries, batch_size=2000)
    evidence = [
        _evidence(entry, context["documents"][(kit.pk, code)], context)
        for entry, (kit, made) in zip(entries, made_of, strict=True)
        if made is not None
        for code in sorted(made.answer.documents)
    ]
    Evidence.objects.bulk_create(evidence, batch_size=2000)
    snapshots, results = _scores(cycles, owners, kecamatan_of, context, summary)
    ScoreSnapshot.objects.bulk_create(snapshots)
    OfficialResult.objects.bulk_create(results)
    for label, rows in (
        ("tahap", stages),
        ("penugasan", assignments),
        ("isian", entries),
        ("bukti", evidence),
        ("cuplikan skor", snapshots),
        ("hasil resmi", results),
    ):
        summary.rows[label] += len(rows)


def _entry(cycle, kit, unit_id: int, made, context) -> Entry:
    now = timezone.now()
    entry = Entry(
        cycle=cycle,
        question_id=kit.pk,
        unit_id=unit_id,
        status=names.DRAFT,
        note=f"{MARK} (seed {context['seed']}), bukan data nyata.",
        updated_by=context["by"],
    )
    if made is None:  # missing data: an entry nobody answered
        return entry
    answer = made.answer
    entry.status = answer.status
    entry.option_id = made.option_id
    entry.numerator, entry.denominator, entry.yes = answer.numerator, answer.denominator, answer.yes
    if answer.status != names.DRAFT:
        entry.submitted_at = now
    if answer.status == names.VERIFIED:
        entry.verified_at = now
    if answer.status == names.RETURNED:
        entry.return_reason = f"{MARK}: dikembalikan untuk dilengkapi."
    return entry


def _evidence(entry: Entry, requirement_id: int, context) -> Evidence:
    return Evidence(
        entry=entry,
        requirement_id=requirement_id,
        title=f"{MARK} (bukan dokumen nyata)",
        file=context["placeholder"],
        original_name="dokumen-dibangkitkan.pdf",
        content_type="application/pdf",
        size=len(PLACEHOLDER_BYTES),
        sha256=hashlib.sha256(PLACEHOLDER_BYTES).hexdigest(),
        uploaded_by=context["by"],
    )


def _scores(cycles, owners, kecamatan_of, context, summary):
    """Snapshots of every track, and a final official result for each earlier year."""
    spec, latest, now = context["spec"], max(context["years"]), timezone.now()
    snapshots, results = [], []
    for cycle, (city, (year, _q, generated)) in zip(cycles, owners, strict=True):
        kecamatan = tuple(code for code, _pk in kecamatan_of[city.pk])
        answers = gen.as_answers(generated)
        for track in names.TRACKS:
            score = scoring.score_cycle(spec, answers, kecamatan, track, with_index=False)
            code = score.tier.code if score.tier else ""
            snapshots.append(
                ScoreSnapshot(
                    cycle=cycle,
                    track=track,
                    total=score.total,
                    tier_code=code,
                    tier_name=score.tier.name if score.tier else "",
                    clusters=parts_json(score.clusters),
                    computed_at=now,
                )
            )
            if track == names.VERIFIED and year == latest:
                summary.verified_tiers[code] += 1
            if track == names.VERIFIED and year != latest:
                results.append(
                    OfficialResult(
                        cycle=cycle,
                        stage=OfficialResult.Stage.FINAL,
                        total=score.total,
                        tier_code=code,
                        note=f"{MARK}: hasil akhir ilustratif, bukan angka resmi.",
                        entered_by=context["by"],
                    )
                )
    return snapshots, results
