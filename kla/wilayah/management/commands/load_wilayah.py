from django.core.management.base import BaseCommand, CommandError

from kla.wilayah.loader import DEFAULT_SOURCE, load_regions


class Command(BaseCommand):
    help = (
        "Muat wilayah dari berkas Kemendagri: satu kabupaten/kota dengan kecamatan dan "
        "kelurahannya (default Kota Serang, 36.73), atau seluruh Indonesia dengan --semua. "
        "Aman dijalankan ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kode", default="36.73", help="kode kabupaten/kota (default 36.73)")
        parser.add_argument("--semua", action="store_true", help="muat seluruh Indonesia")
        parser.add_argument("--berkas", default=str(DEFAULT_SOURCE), help="berkas CSV(.gz)")

    def handle(self, *args, kode, semua, berkas, **options):
        from pathlib import Path

        try:
            result = load_regions(None if semua else kode, Path(berkas))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wilayah dimuat: {result.created} baru, {result.updated} diperbarui."
            )
        )
