"""The whole cycle as an Excel workbook, for DP3AKB, the verifikator and the pimpinan.

Sheets: "Ringkasan" (totals and tier per track, clusters and indicators claimed vs verified),
one sheet per cluster (question x unit: value, status, evidence count, points claimed and
verified), "Kecamatan" (the kecamatan index per track). Numbers are stored as numbers with
number formats, so Excel shows them with the reader's (Indonesian) separators and they can be
summed; every figure comes from cycle_rows.py, that is from the scoring engine.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .. import names
from ..models import Cycle, ScoreSnapshot
from ..scores import scoring
from . import workbook as wb
from .cycle_rows import TRACKS, CycleExport, cycle_export

INVALID_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def track_label(track: str) -> str:
    return str(ScoreSnapshot.Track(track).label)


def build_cycle_workbook(cycle: Cycle) -> bytes:
    export = cycle_export(cycle)
    book = Workbook()
    _summary(book.active, export)
    for cluster in export.data.spec.clusters:
        _cluster_sheet(book.create_sheet(sheet_name(cluster)), export, cluster)
    _kecamatan_sheet(book.create_sheet(_("Kecamatan")), export)
    return wb.to_bytes(book)


def sheet_name(cluster: scoring.ClusterSpec) -> str:
    """ "Klaster I: Hak Sipil …" → "Klaster I" (Excel: at most 31 characters, no ":")."""
    short = cluster.name.split(":", 1)[0].translate(INVALID_IN_SHEET_NAMES).strip()
    return (short or cluster.code)[:31]


def _subtitle(export: CycleExport) -> str:
    cycle = export.cycle
    return _("%(city)s · %(cycle)s · %(instrument)s · dibuat %(when)s WIB") % {
        "city": cycle.kabupaten.name,
        "cycle": cycle.name,
        "instrument": cycle.instrument.name,
        "when": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
    }


def _summary(sheet, export: CycleExport) -> None:
    sheet.title = _("Ringkasan")
    wb.title(sheet, _("Rekap siklus %(cycle)s") % {"cycle": export.cycle.name}, _subtitle(export))
    headers = [_("Jalur"), _("Total"), _("Maksimum"), _("Predikat"), _("Berikutnya"), _("Kurang")]
    wb.header_row(sheet, 4, headers, [26, 12, 12, 16, 16, 12])
    for row, track in enumerate(TRACKS, start=5):
        score = export.scores[track]
        values = [
            track_label(track),
            score.total,
            score.max_score,
            score.tier.name if score.tier else _("Belum berpredikat"),
            score.next_tier.name if score.next_tier else "–",
            score.gap,
        ]
        _write(sheet, row, values, {2: wb.POINTS, 3: wb.POINTS, 6: wb.POINTS})
    top = 5 + len(TRACKS) + 1
    headers = [_("Kode"), _("Klaster / indikator"), _("Maksimum")]
    headers += [track_label(track) for track in TRACKS]
    wb.header_row(sheet, top, headers, [10, 60, 12, 14, 14, 14])
    parts = _parts(export)
    for row, (code, name, most, earned, is_cluster) in enumerate(parts, start=top + 1):
        values = [code, name if is_cluster else f"   {name}", most, *earned]
        _write(sheet, row, values, dict.fromkeys(range(3, 7), wb.POINTS), bold=is_cluster)
    sheet.freeze_panes = "A5"


def _parts(export: CycleExport) -> list[tuple]:
    """Clusters, each followed by its indicators (the score page's order)."""
    by_track = {
        track: {p.code: p.earned for p in (*s.clusters, *s.indicators)}
        for track, s in export.scores.items()
    }
    claimed = export.scores[names.CLAIMED]
    cluster_of = {i.code: i.cluster_code for i in export.data.spec.indicators}
    rows = []
    for cluster in claimed.clusters:
        rows.append(_part(cluster, by_track, True))
        rows += [
            _part(i, by_track, False)
            for i in claimed.indicators
            if cluster_of[i.code] == cluster.code
        ]
    return rows


def _part(part: scoring.PartScore, by_track: dict, is_cluster: bool) -> tuple:
    earned = [by_track[track][part.code] for track in TRACKS]
    return part.code, part.name, part.max_points, earned, is_cluster


CLUSTER_WIDTHS = [11, 13, 50, 12, 12, 22, 16, 22, 12, 12, 11, 13, 8, 11, 11, 11, 11]


def _cluster_sheet(sheet, export: CycleExport, cluster: scoring.ClusterSpec) -> None:
    wb.title(sheet, cluster.name, _subtitle(export))
    sheet["A3"] = _(
        "Poin unit: untuk pertanyaan per kecamatan, bagian kecamatan itu (poin ÷ jumlah "
        "kecamatan) bila dinilai sendiri. Persentase per kecamatan dinilai dari jumlah "
        "pembilang/penyebut semua kecamatan: poin pertanyaannya ada di lembar Ringkasan."
    )
    sheet["A3"].font = wb.MUTED_FONT
    headers = [
        _("Indikator"),
        _("Pertanyaan"),
        _("Teks pertanyaan"),
        _("OPD"),
        _("Kode wilayah"),
        _("Wilayah"),
        _("Jenis jawaban"),
        _("Jawaban"),
        _("Pembilang"),
        _("Penyebut"),
        _("Persentase"),
        _("Status"),
        _("Bukti"),
        _("Poin maks"),
        *(_("Poin %(track)s") % {"track": track_label(t).lower()} for t in TRACKS),
    ]
    wb.header_row(sheet, 4, headers, CLUSTER_WIDTHS)
    formats = {9: wb.AMOUNT, 10: wb.AMOUNT, 11: wb.PERCENT, 13: wb.COUNT}
    formats |= dict.fromkeys(range(14, 18), wb.POINTS)
    for row, unit_row in enumerate(export.rows_of_cluster(cluster.code), start=5):
        entry = unit_row.entry
        values = [
            entry.question.indicator.code,
            entry.question.code,
            entry.question.text,
            unit_row.opd_code,
            entry.unit.code,
            entry.unit.name,
            entry.question.get_kind_display(),
            unit_row.answer,
            entry.numerator,
            entry.denominator,
            entry.percentage,
            unit_row.status_label,
            unit_row.evidence,
            unit_row.max_points,
            *(unit_row.points[track] for track in TRACKS),
        ]
        _write(sheet, row, values, formats)
    sheet.freeze_panes = "D5"
    sheet.auto_filter.ref = f"A4:Q{max(sheet.max_row, 5)}"


def _kecamatan_sheet(sheet, export: CycleExport) -> None:
    wb.title(sheet, _("Indeks kecamatan (0–100)"), _subtitle(export))
    headers = [_("Peringkat"), _("Kode"), _("Kecamatan")]
    headers += [track_label(track) for track in TRACKS]
    wb.header_row(sheet, 4, headers, [11, 12, 26, 14, 14, 14])
    index = {
        track: {k.code: k.index for k in score.kecamatan_index}
        for track, score in export.scores.items()
    }
    ranked = export.scores[names.CLAIMED].kecamatan_index
    for row, (rank, kecamatan) in enumerate(enumerate(ranked, start=1), start=5):
        code = kecamatan.code
        values = [rank, code, export.data.kecamatan_names[code]]
        values += [index[track][code] for track in TRACKS]
        _write(sheet, row, values, dict.fromkeys(range(4, 7), wb.POINTS))
    if not ranked:
        sheet["A5"] = _("Instrumen ini tidak punya pertanyaan per kecamatan.")


def _write(sheet, row: int, values: list, formats: dict[int, str], bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        if column in formats:
            cell.number_format = formats[column]
        if bold:
            cell.font = wb.BOLD


def cycle_filename(cycle: Cycle, extension: str) -> str:
    return f"rekap-kla-{cycle.kabupaten.code}-{cycle.year}.{extension}"
