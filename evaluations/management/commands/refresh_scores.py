from django.core.management.base import BaseCommand

from kla.formats import angka

from ...scores.snapshots import refresh_snapshots
from ._cycle_options import add_cycle_arguments, cycles_from


class Command(BaseCommand):
    help = (
        "Hitung ulang cuplikan skor (diklaim, terverifikasi, proyeksi) semua siklus, atau "
        "hanya siklus dengan --kode dan/atau --tahun. Aman dijalankan ulang."
    )

    def add_arguments(self, parser):
        add_cycle_arguments(parser, required=False)

    def handle(self, *args, **options):
        count = 0
        for cycle in cycles_from(options):
            parts = [
                f"{s.get_track_display().lower()} {angka(s.total)} {s.tier_name or '–'}"
                for s in refresh_snapshots(cycle)
            ]
            self.stdout.write(f"{cycle.kabupaten.name} {cycle.name}: " + " · ".join(parts))
            count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} siklus dihitung ulang."))
