import json

from django.core.management.base import BaseCommand, CommandError

from indicators.exchange import export_instrument
from indicators.models import Instrument


class Command(BaseCommand):
    help = (
        "Tulis instrumen sebagai JSON (format docs/instrument-format.md) ke stdout atau ke "
        "--keluaran. Tanpa kode: instrumen terbaru."
    )

    def add_arguments(self, parser):
        parser.add_argument("kode", nargs="?", help="kode instrumen (default: terbaru)")
        parser.add_argument("--keluaran", "-o", help="berkas tujuan (default: stdout)")

    def handle(self, *args, kode, keluaran, **options):
        instruments = Instrument.objects.all()
        instrument = instruments.filter(code=kode).first() if kode else instruments.first()
        if instrument is None:
            raise CommandError(f"Instrumen {kode or ''} tidak ditemukan.".replace("  ", " "))
        text = json.dumps(export_instrument(instrument), ensure_ascii=False, indent=2) + "\n"
        if keluaran:
            with open(keluaran, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(
                self.style.SUCCESS(f"Instrumen {instrument.code} ditulis ke {keluaran}.")
            )
        else:
            self.stdout.write(text, ending="")
