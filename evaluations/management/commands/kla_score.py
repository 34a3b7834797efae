import json

from django.core.management.base import BaseCommand

from kla.formats import angka, poin

from ... import names
from ...models import ScoreSnapshot
from ...scores.loader import load_cycle_data
from ...scores.report import score_json
from ._cycle_options import add_cycle_arguments, one_cycle


class Command(BaseCommand):
    help = (
        "Cetak skor satu siklus: total, predikat, predikat berikutnya dan selisihnya, klaster, "
        "indikator dan indeks kecamatan. --json mencetak JSON (kunci: lihat README, bagian "
        "“Skor dari baris perintah”); tanpa --json ringkasan dalam bahasa Indonesia."
    )

    def add_arguments(self, parser):
        add_cycle_arguments(parser, required=True)
        parser.add_argument(
            "--track",
            choices=names.TRACKS,
            default=names.CLAIMED,
            help="claimed (diajukan+diverifikasi), verified (diverifikasi saja) atau "
            "projection (termasuk draf); bawaan: claimed",
        )
        parser.add_argument("--json", action="store_true", help="cetak JSON")

    def handle(self, *args, **options):
        data = load_cycle_data(one_cycle(options))
        result = score_json(data, data.score(options["track"]))
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.summary(data, result))

    def summary(self, data, result: dict) -> str:
        tier = result["tier"]["name"] if result["tier"] else "belum berpredikat"
        lines = [
            f"{data.cycle.kabupaten.name} · {data.cycle.name} · "
            f"jalur {ScoreSnapshot.Track(result['track']).label.lower()}",
            f"Total: {angka(result['total'])} dari {poin(result['max_score'])} → {tier}",
        ]
        upcoming = result["next_tier"]
        if upcoming:
            lines.append(
                f"Menuju {upcoming['name']} (≥ {poin(upcoming['min_score'])}): "
                f"kurang {angka(result['gap'])} poin"
            )
        lines.append("Klaster:")
        lines += [
            f"  {c['code']:<4} {angka(c['earned']):>8} / {poin(c['max']):>5}  {c['name']}"
            for c in result["clusters"]
        ]
        lines.append("Indeks kecamatan (0-100):")
        lines += [
            f"  {n}. {k['name']:<20} {angka(k['index'])}"
            for n, k in enumerate(result["kecamatan_index"], start=1)
        ]
        return "\n".join(lines)
