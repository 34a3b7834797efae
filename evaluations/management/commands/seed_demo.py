import json

from django.conf import settings
from django.core.management.base import BaseCommand

from indicators.exchange import import_instrument
from indicators.models import Instrument
from kla.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from kla.organisations.loader import load_opds
from kla.wilayah.loader import load_regions
from kla.wilayah.models import Region

DEFAULT_INSTRUMENT = settings.BASE_DIR / "fixtures" / "instrument_contoh.json"


class Command(BaseCommand):
    help = (
        "Siapkan data demo Kota Serang: wilayah, OPD, instrumen contoh, dan satu akun demo per "
        "peran (kata sandi dicetak di akhir; hanya untuk demo). Aman dijalankan ulang."
    )

    def handle(self, *args, **options):
        load_regions("36.73")
        city = Region.objects.get(code="36.73")
        load_opds(city)
        data = json.loads(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
        if not Instrument.objects.filter(code=data["code"]).exists():
            import_instrument(data)
        users = create_demo_accounts(city)
        self.stdout.write(self.style.SUCCESS(f"Data demo {city.name} siap."))
        self.stdout.write("Akun demo (HANYA UNTUK DEMO):")
        for user in users:
            self.stdout.write(f"  {user.username:<22} {user.get_role_display()}")
        self.stdout.write(f"Kata sandi semua akun demo: {DEMO_PASSWORD}")
