import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.exchange import import_instrument
from indicators.models import Instrument
from kla.ops.statistics import refresh_planner_statistics
from kla.wilayah.loader import load_regions
from kla.wilayah.models import Region

from ...demo import generated_answers
from ...demo.nation import generate_cities

DEFAULT_INSTRUMENT = settings.BASE_DIR / "fixtures" / "instrument_contoh.json"
DEFAULT_YEARS = (2023, 2024, 2025)


def default_instrument() -> Instrument:
    data = json.loads(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    return Instrument.objects.filter(code=data["code"]).first() or import_instrument(data)


class Command(BaseCommand):
    help = (
        "Bangkitkan data nasional (HANYA untuk demo dan benchmark, bukan data nyata): setiap "
        "kabupaten/kota di fixtures/wilayah_kemendagri_2025.csv.gz dengan kecamatannya, tiga "
        "siklus masing-masing, jawaban dengan campuran status dan data kosong yang realistis, "
        "deterministik dari --seed, dikalibrasi agar predikat terverifikasi siklus terakhir "
        "mengikuti hasil nasional 2025 (22 Utama, 69 Nindya, 125 Madya, 139 Pratama dari 514). "
        "--kode membatasi ke satu provinsi (mis. 36) atau satu kabupaten/kota (mis. 36.73). "
        "Kabupaten/kota yang sudah punya siklus pada tahun tersebut dilewati."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--kode", default="", help="kode provinsi atau kabupaten/kota")
        parser.add_argument("--tahun", type=int, nargs="+", default=list(DEFAULT_YEARS))

    def handle(self, *args, seed: int, kode: str, tahun: list[int], **options):
        kode = kode.strip()
        try:
            loaded = load_regions(kode or None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Wilayah: {loaded.created} dibuat, {loaded.updated} diperbarui.")
        cities = Region.objects.kabupaten_kota().order_by("code")
        if kode:
            cities = cities.filter(code__startswith=kode.split(".")[0])
            if "." in kode:
                cities = cities.filter(code=kode)
        cities = list(cities)
        summary = generate_cities(
            cities, instrument=default_instrument(), years=tuple(sorted(tahun)), seed=seed
        )
        if summary.cities:
            refresh_planner_statistics()
        self.stdout.write(
            f"{summary.cities} kabupaten/kota dibangkitkan, {summary.skipped} dilewati "
            f"(sudah ada), dalam {summary.seconds:.1f} detik."
        )
        for label, rows in summary.rows.items():
            self.stdout.write(f"  {label:<14} {rows:>9} baris")
        expected = generated_answers.tier_quota(summary.cities)
        self.stdout.write(f"Predikat terverifikasi {max(tahun)} (dibangkitkan / target):")
        for code in ("utama", "nindya", "madya", "pratama", ""):
            got = summary.verified_tiers.get(code, 0)
            self.stdout.write(f"  {code or 'tanpa predikat':<14} {got:>5} / {expected[code]}")
