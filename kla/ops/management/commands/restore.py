from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kla.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Pulihkan arsip dari 'manage.py backup' ke basis data dan penyimpanan bukti yang kosong "
        "(basis data baru, belum di-migrate). Semua checksum arsip diperiksa sebelum apa pun "
        "ditulis; setelah pemulihan jumlah baris dan checksum setiap bukti diperiksa lagi. "
        "Target yang tidak kosong ditolak kecuali dengan --paksa (menimpa isinya)."
    )

    def add_arguments(self, parser):
        parser.add_argument("arsip", help="Berkas pantau-kla-*.tar.gz")
        parser.add_argument(
            "--paksa",
            action="store_true",
            help="Timpa basis data dan berkas bukti yang sudah ada.",
        )

    def handle(self, *args, arsip: str, paksa: bool, **options):
        path = Path(arsip)
        if not path.is_file():
            raise CommandError(f"Arsip {arsip} tidak ditemukan.")
        try:
            restored = restore_backup(path, force=paksa)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari {path.name}: {restored['tables']} tabel, "
                f"{restored['files']} berkas bukti; semua checksum cocok."
            )
        )
