"""The cycle in long format (one row per question x unit) for people who analyse elsewhere.

A machine-readable file: UTF-8, comma-separated, a decimal point, fixed column names (a format,
not a page: they are not translated), empty for "no value". Points per track are the unit's
points of cycle_rows.py, rounded half-up to 4 decimals.
"""

import csv
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from .cycle_rows import TRACKS, CycleExport, UnitRow

COLUMNS = (
    "kode_wilayah_kota",
    "tahun",
    "kode_klaster",
    "kode_indikator",
    "kode_pertanyaan",
    "tingkat",
    "jenis",
    "opd",
    "kode_wilayah",
    "nama_wilayah",
    "pilihan",
    "pembilang",
    "penyebut",
    "persentase",
    "ya",
    "status",
    "jumlah_bukti",
    "poin_maks",
    *(f"poin_{track}" for track in TRACKS),
)
PLACES = Decimal("0.0001")


class Echo:
    """A file-like object whose write returns the line (csv.writer into a streamed response)."""

    def write(self, value: str) -> str:
        return value


def number(value: Decimal | None) -> str:
    """``45.0000`` → ``45``, ``13.33333…`` → ``13.3333`` (half-up); None → empty."""
    if value is None:
        return ""
    return format(value.quantize(PLACES, rounding=ROUND_HALF_UP).normalize(), "f")


def values(export: CycleExport, row: UnitRow) -> list:
    entry = row.entry
    return [
        export.cycle.kabupaten.code,
        export.cycle.year,
        row.cluster_code,
        entry.question.indicator.code,
        entry.question.code,
        entry.question.level,
        entry.question.kind,
        row.opd_code,
        entry.unit.code,
        entry.unit.name,
        entry.option.code if entry.option_id else "",
        number(entry.numerator),
        number(entry.denominator),
        number(entry.percentage),
        "" if entry.yes is None else int(entry.yes),
        entry.status,
        row.evidence,
        number(row.max_points),
        *(number(row.points[track]) for track in TRACKS),
    ]


def csv_lines(export: CycleExport) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield writer.writerow(COLUMNS)
    for row in export.rows:
        yield writer.writerow(values(export, row))
