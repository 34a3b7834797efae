import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kla.ops.backup import BackupError, create_backup, prune


class Command(BaseCommand):
    help = (
        "Tulis satu arsip cadangan bertanggal (pantau-kla-YYYYmmdd-HHMMSS.tar.gz): basis data "
        "(pg_dump format custom di PostgreSQL, salinan konsisten di SQLite), semua berkas bukti, "
        "dan manifest SHA-256 setiap bagian. Jalankan setiap hari dari cron atau timer systemd "
        "(docs/deploy.md); --simpan N menghapus arsip lama selain N terbaru."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--folder",
            default=os.environ.get("KLA_BACKUP_DIR", str(Path(settings.VAR_DIR) / "backups")),
            help="Folder arsip (bawaan: KLA_BACKUP_DIR atau var/backups).",
        )
        parser.add_argument(
            "--simpan",
            type=int,
            default=0,
            help="Simpan hanya N arsip terbaru di folder itu (0: jangan hapus apa pun).",
        )

    def handle(self, *args, folder: str, simpan: int, **options):
        if simpan < 0:
            raise CommandError("--simpan tidak boleh negatif.")
        try:
            archive = create_backup(Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Arsip cadangan: {archive}"))
        for old in prune(Path(folder), simpan):
            self.stdout.write(f"Dihapus (retensi {simpan}): {old.name}")
