import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evaluations.models import ScoreSnapshot
from indicators.exchange import import_instrument
from indicators.models import Instrument
from kla.accounts.demo import DEMO_PASSWORD, create_demo_accounts, create_province_accounts
from kla.accounts.models import Role
from kla.formats import angka
from kla.ops.statistics import refresh_planner_statistics
from kla.organisations.loader import load_opds
from kla.wilayah.loader import load_regions
from kla.wilayah.models import Region

from ...demo.cycles import seed_demo_cycles
from ...demo.nation import generate_cities, province_check_stages

DEFAULT_INSTRUMENT = settings.BASE_DIR / "fixtures" / "instrument_contoh.json"
SHOWN_TRACKS = (ScoreSnapshot.Track.CLAIMED, ScoreSnapshot.Track.VERIFIED)


def refuse_unsafe_run(*, demo_confirmed: bool) -> None:
    """Demo accounts get a public password: never on a server (DEBUG off), and on a database
    other than the embedded SQLite default only when the operator says it holds demo data."""
    if not settings.DEBUG:
        raise CommandError(
            "seed_demo menolak berjalan dengan DEBUG mati: akun demo memakai kata sandi publik. "
            "Data demo hanya untuk mesin pengembang (DEBUG=1)."
        )
    if not settings.KLA_EMBEDDED_DATABASE and not demo_confirmed:
        raise CommandError(
            "seed_demo menolak berjalan pada DATABASE_URL: basis data ini bisa berisi data "
            "sungguhan. Bila ini memang basis data demo, jalankan ulang dengan "
            "--saya-tahu-ini-data-demo."
        )


class Command(BaseCommand):
    help = (
        "Siapkan data demo Kota Serang: wilayah, OPD, instrumen contoh, satu akun demo per "
        "peran (kata sandi dicetak di akhir; hanya untuk demo), siklus 2019-2026 dengan hasil "
        "resmi (skor ilustratif) dan jawaban 2025 dan 2026 dari fixtures/demo_answers_*.json; "
        "lalu kabupaten/kota lain di Provinsi Banten dengan jawaban DIBANGKITKAN (bukan data "
        "nyata, ditandai di nama siklus dan catatan isian) serta akun demo provinsi. "
        "Aman dijalankan ulang. Hanya dengan DEBUG=1, dan hanya pada basis data SQLite bawaan "
        "kecuali diberi --saya-tahu-ini-data-demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--saya-tahu-ini-data-demo",
            action="store_true",
            dest="demo_confirmed",
            help="Izinkan data demo (dan akun demo dengan kata sandi publik) pada basis data "
            "selain SQLite bawaan, mis. PostgreSQL uji coba. Jangan pada data sungguhan.",
        )

    def handle(self, *args, **options):
        refuse_unsafe_run(demo_confirmed=options["demo_confirmed"])
        load_regions("36.73")
        city = Region.objects.get(code="36.73")
        load_opds(city)
        data = json.loads(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
        instrument = Instrument.objects.filter(code=data["code"]).first()
        if instrument is None:
            instrument = import_instrument(data)
        users = create_demo_accounts(city)
        admin = next(user for user in users if user.role == Role.ADMIN_KLA)
        loaded = seed_demo_cycles(city, instrument, admin)
        self.stdout.write(self.style.SUCCESS(f"Data demo {city.name} siap."))
        for year, summary in loaded.items():
            self.stdout.write(
                f"Jawaban {year}: {summary.rows} baris, {summary.changed} isian berubah, "
                f"{summary.documents} dokumen dilampirkan."
            )
            self.write_scores(summary.cycle)
        users += self.seed_province(city.parent, instrument)
        refresh_planner_statistics()  # the pages' first queries are planned for these rows
        self.stdout.write("Akun demo (HANYA UNTUK DEMO):")
        for user in users:
            self.stdout.write(f"  {user.username:<22} {user.get_role_display()}")
        self.stdout.write(f"Kata sandi semua akun demo: {DEMO_PASSWORD}")

    def write_scores(self, cycle) -> None:
        snapshots = ScoreSnapshot.objects.filter(cycle=cycle, track__in=SHOWN_TRACKS)
        for snapshot in snapshots.order_by("track"):
            self.stdout.write(
                f"  {cycle.name} {snapshot.get_track_display().lower()}: "
                f"{angka(snapshot.total)} ({snapshot.tier_name or 'belum berpredikat'})"
            )

    # Provinsi Banten (issue 12): the other kabupaten/kota, generated, and the province accounts.
    PROVINCE_YEARS = (2024, 2025, 2026)
    PROVINCE_SEED = 7

    def seed_province(self, province, instrument) -> list:
        load_regions(province.code)
        others = list(Region.objects.kabupaten_kota().filter(parent=province).exclude(code="36.73"))
        summary = generate_cities(
            others,
            instrument=instrument,
            years=self.PROVINCE_YEARS,
            seed=self.PROVINCE_SEED,
            current_stages=province_check_stages(timezone.localdate()),
        )
        self.stdout.write(
            f"{province.name}: {summary.cities} kabupaten/kota lain dengan jawaban dibangkitkan "
            f"(bukan data nyata), {summary.skipped} sudah ada."
        )
        return create_province_accounts(province)
