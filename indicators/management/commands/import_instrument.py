import hashlib
import json

from django.core.management.base import BaseCommand, CommandError

from indicators.exchange import InstrumentImportError, import_instrument
from indicators.models import Question


class Command(BaseCommand):
    help = (
        "Impor instrumen dari berkas JSON (format docs/instrument-format.md). Semua kesalahan "
        "dicetak beserta lokasinya; bila ada satu saja, tidak ada yang diubah."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas JSON instrumen")

    def handle(self, *args, berkas, **options):
        try:
            with open(berkas, "rb") as handle:
                raw = handle.read()
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise CommandError(f"Berkas bukan teks UTF-8: {error}") from error
        except OSError as error:
            raise CommandError(f"Berkas tidak dapat dibaca: {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                "Berkas bukan JSON yang sah "
                f"(baris {error.lineno}, kolom {error.colno}): {error.msg}"
            ) from error
        try:
            instrument = import_instrument(data, sha256=hashlib.sha256(raw).hexdigest())
        except InstrumentImportError as error:
            for problem in error.problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(
                f"Impor dibatalkan: {len(error.problems)} kesalahan, tidak ada yang diubah."
            ) from error
        questions = Question.objects.of_instrument(instrument).count()
        self.stdout.write(
            self.style.SUCCESS(f"Instrumen {instrument.code} diimpor: {questions} pertanyaan.")
        )
