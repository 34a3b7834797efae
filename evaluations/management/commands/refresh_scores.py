from django.core.management.base import BaseCommand

from kla.formats import angka
from kla.ops.jobs import enqueue

from ...scores.snapshots import refresh_snapshots
from ._cycle_options import add_cycle_arguments, cycles_from


class Command(BaseCommand):
    help = (
        "Hitung ulang cuplikan skor (diklaim, terverifikasi, proyeksi) semua siklus, atau "
        "hanya siklus dengan --kode dan/atau --tahun. Aman dijalankan ulang. Dengan --antrekan "
        "pekerjaan diserahkan ke antrean (worker Celery bila CELERY_BROKER_URL diset)."
    )

    def add_arguments(self, parser):
        add_cycle_arguments(parser, required=False)
        parser.add_argument(
            "--antrekan",
            action="store_true",
            help="Jangan hitung di sini: catat satu pekerjaan latar dan serahkan ke antrean.",
        )

    def handle(self, *args, antrekan: bool = False, **options):
        if antrekan:
            ids = [cycle.pk for cycle in cycles_from(options)]
            job = enqueue("evaluations.refresh_scores", params={"cycle_ids": ids})
            self.stdout.write(
                self.style.SUCCESS(f"Pekerjaan #{job.pk} ({len(ids)} siklus): {job.status}.")
            )
            return
        count = 0
        for cycle in cycles_from(options):
            parts = [
                f"{s.get_track_display().lower()} {angka(s.total)} {s.tier_name or '–'}"
                for s in refresh_snapshots(cycle)
            ]
            self.stdout.write(f"{cycle.kabupaten.name} {cycle.name}: " + " · ".join(parts))
            count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} siklus dihitung ulang."))
