"""The instrument as a readable Excel workbook (the JSON file is for machines; this is for
people checking points and documents): "Ringkasan" with tiers and clusters, "Pertanyaan" with
every question, its answer form and required documents."""

from django.db.models import Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook

from evaluations.exports import workbook as wb
from kla.formats import poin

from .models import Cluster, Instrument, Question


def answer_rule(question: Question) -> str:
    """The answer form in words: options with their share, bands or floor → target."""
    if question.kind == Question.Kind.OPTION:
        return "; ".join(f"{o.label} ({poin(o.share)})" for o in question.options.all())
    if question.kind == Question.Kind.PERCENTAGE:
        bands = list(question.bands.all())
        if bands:
            rule = "; ".join(f"{poin(b.threshold)}% → {poin(b.fraction)}" for b in bands)
        else:
            rule = f"{poin(question.floor)}% → {poin(question.target)}%"
        return f"{question.get_direction_display()}: {rule}"
    return ""


def build_instrument_workbook(instrument: Instrument) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = _("Ringkasan")
    subtitle = _("Kode %(code)s · skor maksimum %(max)s") % {
        "code": instrument.code,
        "max": poin(instrument.max_score),
    }
    if instrument.illustrative:
        subtitle += " · " + _("Instrumen contoh (ilustratif)")
    wb.title(summary, instrument.name, subtitle)
    wb.header_row(summary, 4, [_("Predikat"), _("Skor minimum")], [40, 16])
    tiers = list(instrument.tiers.all())
    for row, tier in enumerate(tiers, start=5):
        summary.cell(row=row, column=1, value=tier.name)
        summary.cell(row=row, column=2, value=tier.min_score).number_format = wb.POINTS
    top = 5 + len(tiers) + 1
    wb.header_row(summary, top, [_("Klaster"), _("Poin"), _("Indikator")], [60, 16, 12])
    clusters = Cluster.objects.filter(instrument=instrument).annotate(
        points=Sum("indicators__questions__points")
    )
    for row, cluster in enumerate(clusters, start=top + 1):
        summary.cell(row=row, column=1, value=f"{cluster.code} · {cluster.name}")
        summary.cell(row=row, column=2, value=cluster.points).number_format = wb.POINTS
        summary.cell(row=row, column=3, value=cluster.indicators.count())
    _questions(book.create_sheet(_("Pertanyaan")), instrument)
    return wb.to_bytes(book)


def _questions(sheet, instrument: Instrument) -> None:
    headers = [
        _("Klaster"),
        _("Indikator"),
        _("Nama indikator"),
        _("Kode"),
        _("Pertanyaan"),
        _("Tingkat"),
        _("Jenis jawaban"),
        _("Aturan jawaban"),
        _("Poin"),
        _("OPD"),
        _("Dokumen wajib"),
    ]
    wb.header_row(sheet, 1, headers, [10, 10, 30, 11, 60, 14, 18, 50, 9, 12, 50])
    questions = (
        Question.objects.of_instrument(instrument)
        .select_related("indicator__cluster")
        .prefetch_related("options", "bands", "documents")
    )
    for row, question in enumerate(questions, start=2):
        values = [
            question.indicator.cluster.code,
            question.indicator.code,
            question.indicator.name,
            question.code,
            question.text,
            question.get_level_display(),
            question.get_kind_display(),
            answer_rule(question),
            question.points,
            question.default_opd_code,
            "; ".join(d.name for d in question.documents.all()),
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.alignment = wb.WRAP
        sheet.cell(row=row, column=9).number_format = wb.POINTS
    sheet.freeze_panes = "E2"
    sheet.auto_filter.ref = f"A1:K{max(sheet.max_row, 2)}"
