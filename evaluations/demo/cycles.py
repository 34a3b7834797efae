"""Demo cycles of Kota Serang (demo only): past years with official results, 2025 and 2026
with answers loaded from fixtures/demo_answers_<year>.json through ``load_answers``.

The tiers of 2019, 2021 and 2023 (Pratama) are public facts; every score here is illustrative,
and each official result says so in its note. Idempotent: existing cycles are kept, loading the
same answers again changes nothing.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from indicators.models import Instrument

from ..models import Cycle, OfficialResult, Stage
from ..services.answers_file import LoadSummary, load_answers, read_answers_file
from ..services.cycles import create_cycle
from ..services.official_results import record_official_result

FIXTURES = settings.BASE_DIR / "fixtures"
ILLUSTRATIVE = "Skor demo ilustratif, bukan angka resmi."
# (year, stage, total, tier, note): Pratama in 2019, 2021 and 2023 is confirmed.
OFFICIAL = [
    (2019, OfficialResult.Stage.FINAL, "521.35", "pratama", "Predikat Pratama (terkonfirmasi)."),
    (2021, OfficialResult.Stage.FINAL, "538.70", "pratama", "Predikat Pratama (terkonfirmasi)."),
    (2023, OfficialResult.Stage.FINAL, "556.20", "pratama", "Predikat Pratama (terkonfirmasi)."),
    (2025, OfficialResult.Stage.SELF_ASSESSMENT, "574.10", "", "Evaluasi mandiri yang dikirim."),
    (2025, OfficialResult.Stage.PROVINCE, "551.40", "pratama", "Setelah verifikasi provinsi."),
]
WITH_ANSWERS = (2025, 2026)


def past_stages(year: int) -> dict[str, tuple[datetime.date, datetime.date]]:
    """A finished cycle: self-assessment in Q1, award on Hari Anak Nasional (23 July)."""
    day = datetime.date
    return {
        Stage.Kind.EVALUASI_MANDIRI: (day(year, 1, 15), day(year, 3, 15)),
        Stage.Kind.VERIFIKASI_INTERNAL: (day(year, 3, 16), day(year, 3, 31)),
        Stage.Kind.VERIFIKASI_PROVINSI: (day(year, 4, 1), day(year, 4, 30)),
        Stage.Kind.VERIFIKASI_LAPANGAN: (day(year, 5, 15), day(year, 5, 31)),
        Stage.Kind.PENETAPAN: (day(year, 7, 23), day(year, 7, 23)),
    }


def current_stages(today: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The current cycle: entry open around today, the later stages after it."""
    day = datetime.timedelta(days=1)
    end = today + 21 * day
    return {
        Stage.Kind.EVALUASI_MANDIRI: (today - 30 * day, end),
        Stage.Kind.VERIFIKASI_INTERNAL: (end + day, end + 14 * day),
        Stage.Kind.VERIFIKASI_PROVINSI: (end + 15 * day, end + 35 * day),
        Stage.Kind.VERIFIKASI_LAPANGAN: (end + 45 * day, end + 50 * day),
        Stage.Kind.PENETAPAN: (end + 80 * day, end + 80 * day),
    }


def demo_cycle(city, year: int, instrument: Instrument, admin, *, current: bool) -> Cycle:
    existing = Cycle.objects.filter(kabupaten=city, year=year).first()
    if existing is not None:
        return existing
    stages = current_stages(timezone.localdate()) if current else past_stages(year)
    return create_cycle(kabupaten=city, year=year, instrument=instrument, stages=stages, by=admin)


@transaction.atomic
def seed_demo_cycles(city, instrument: Instrument, admin) -> dict[int, LoadSummary]:
    """Create the demo cycles, record the official results and load the answers."""
    current_year = max(WITH_ANSWERS)
    cycles = {
        year: demo_cycle(city, year, instrument, admin, current=year == current_year)
        for year in (2019, 2021, 2023, 2025, 2026)
    }
    for year, stage, total, tier, note in OFFICIAL:
        record_official_result(
            cycles[year],
            stage,
            total=Decimal(total),
            tier_code=tier,
            note=f"{note} {ILLUSTRATIVE}",
            by=admin,
        )
    # The answers are history being set up, not news: nobody is notified of them.
    return {
        year: load_answers(
            read_answers_file(FIXTURES / f"demo_answers_{year}.json"), by=admin, notify=False
        )
        for year in WITH_ANSWERS
    }
