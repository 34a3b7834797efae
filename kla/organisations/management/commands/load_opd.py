from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kla.organisations.loader import DEFAULT_SOURCE, load_opds
from kla.wilayah.models import Region


class Command(BaseCommand):
    help = "Muat daftar OPD sebuah kabupaten/kota dari berkas JSON (default: OPD Kota Serang)."

    def add_arguments(self, parser):
        parser.add_argument("--kode", default="36.73", help="kode kabupaten/kota")
        parser.add_argument("--berkas", default=str(DEFAULT_SOURCE))

    def handle(self, *args, kode, berkas, **options):
        try:
            city = Region.objects.kabupaten_kota().get(code=kode)
        except Region.DoesNotExist as error:
            raise CommandError(f"Kabupaten/kota {kode} belum dimuat (load_wilayah).") from error
        created = load_opds(city, Path(berkas))
        self.stdout.write(self.style.SUCCESS(f"OPD {city.name}: {created} baru."))
