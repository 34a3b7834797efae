"""The Excel template of one OPD for one cycle: its questions x units, ready to fill offline.

Sheet "Isian": one row per entry (question x kecamatan, or the city for a city-level
question) with codes, question text, unit, current value, status and what is missing. Only the
value cells that fit the answer kind are open for typing (a drop-down list for options and
Ya/Tidak, number cells with a ``>= 0`` check for numerator and denominator, a note); the
header, the codes and entries already under review are locked (sheet protection, no
password: it prevents slips, not a determined user; the import checks everything again).

Column A, hidden, holds each row's key ``<entry id>:<version>``: rows cannot be mixed up when
sorted or copied, and a row changed by someone else since the download is recognised. A very
hidden sheet holds the file's identity (city, cycle, OPD) and the keys it was given, so the
import can refuse another OPD's, cycle's or city's file and notice deleted rows. The workbook
structure is locked, so the hidden sheets cannot be shown or removed by accident.

The import (excel_import.py) reads the same layout from the constants below.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from kla.organisations.models import Opd

from .. import names
from ..models import DISPLAY_STATUSES, Cycle, Entry
from ..services.entries import EDITABLE, unmet_requirements
from . import workbook as wb

FORMAT = "pantau-kla-templat-isian"
VERSION = 1
SHEET = "Isian"
GUIDE = "Petunjuk"
OPTIONS = "Pilihan"
META = "_meta"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
META_KEYS_COLUMN = 4  # column D of the meta sheet: one row key per line
META_HEADERS_COLUMN = 6  # column F: the header texts as given, to notice a changed layout


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int

    @property
    def index(self) -> int:
        return next(n for n, column in enumerate(COLUMNS, start=1) if column.key == self.key)

    @property
    def letter(self) -> str:
        return get_column_letter(self.index)


COLUMNS = (
    Column("key", gettext_lazy("Kunci"), 12),
    Column("indicator", gettext_lazy("Kode indikator"), 11),
    Column("question", gettext_lazy("Kode pertanyaan"), 13),
    Column("text", gettext_lazy("Pertanyaan"), 60),
    Column("unit_code", gettext_lazy("Kode wilayah"), 12),
    Column("unit", gettext_lazy("Kecamatan / kota"), 20),
    Column("kind", gettext_lazy("Jenis jawaban"), 16),
    Column("status", gettext_lazy("Status"), 13),
    Column("missing", gettext_lazy("Yang kurang"), 36),
    Column("answer", gettext_lazy("Jawaban (pilihan atau Ya/Tidak)"), 30),
    Column("numerator", gettext_lazy("Pembilang"), 13),
    Column("denominator", gettext_lazy("Penyebut"), 13),
    Column("note", gettext_lazy("Catatan"), 36),
)
COLUMN = {column.key: column for column in COLUMNS}
INPUTS_BY_KIND = {
    names.OPTION: ("answer", "note"),
    names.PERCENTAGE: ("numerator", "denominator", "note"),
    names.COVERAGE: ("answer", "note"),
    names.EXISTENCE: ("answer", "note"),
}


def yes_no_words() -> tuple[str, str]:
    return _("Ya"), _("Tidak")


def row_key(entry: Entry) -> str:
    return f"{entry.pk}:{entry.version}"


def template_entries(cycle: Cycle, opd: Opd):
    """The OPD's entries of the cycle in worklist order, with what the rows show."""
    return list(
        Entry.objects.of_cycle(cycle)
        .assigned_to(opd)
        .worklist(with_opd=False)
        .select_related("question__indicator")
        .prefetch_related("question__options")
    )


def missing_text(entry: Entry) -> str:
    if entry.status == Entry.Status.VERIFIED:
        return _("Tuntas")
    parts = [] if entry.has_value else [_("Nilai belum diisi")]
    documents = unmet_requirements(entry.question.documents.all(), entry.current_evidence)
    if documents:
        parts.append(
            _("Dokumen belum ada: %(names)s") % {"names": "; ".join(d.name for d in documents)}
        )
    if entry.status == Entry.Status.RETURNED and entry.return_reason:
        parts.append(_("Dikembalikan: %(reason)s") % {"reason": entry.return_reason})
    return "; ".join(parts) or _("Lengkap")


def answer_text(entry: Entry) -> str | None:
    kind = entry.question.kind
    if kind == names.OPTION:
        return entry.option.label if entry.option_id else None
    if kind in names.YES_NO_KINDS and entry.yes is not None:
        yes, no = yes_no_words()
        return yes if entry.yes else no
    return None


def build_template(cycle: Cycle, opd: Opd) -> bytes:
    """The filled-in template as .xlsx bytes (a few hundred rows at most for one OPD)."""
    entries = template_entries(cycle, opd)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    _write_rows(book, sheet, cycle, opd, entries)
    _write_guide(book.create_sheet(GUIDE), cycle, opd)
    _write_meta(book.create_sheet(META), cycle, opd, entries)
    book.security = WorkbookProtection(lockStructure=True)
    book.active = 0
    return wb.to_bytes(book)


def _write_rows(book, sheet, cycle: Cycle, opd: Opd, entries: list[Entry]) -> None:
    wb.title(
        sheet,
        _("Templat isian %(opd)s · %(cycle)s") % {"opd": opd.name, "cycle": cycle.name},
        _(
            "%(city)s (%(code)s). Isi hanya sel putih; baca lembar “Petunjuk”. Unggah kembali "
            "lewat Tugas saya → Impor templat Excel."
        )
        % {"city": cycle.kabupaten.name, "code": cycle.kabupaten.code},
    )
    wb.header_row(sheet, HEADER_ROW, [str(c.header) for c in COLUMNS], [c.width for c in COLUMNS])
    statuses = dict(DISPLAY_STATUSES)
    lists = _option_lists(book, entries)
    validations = _validations(sheet)
    for row, entry in enumerate(entries, start=FIRST_ROW):
        question = entry.question
        values = {
            "key": row_key(entry),
            "indicator": question.indicator.code,
            "question": question.code,
            "text": question.text,
            "unit_code": entry.unit.code,
            "unit": entry.unit.name,
            "kind": question.get_kind_display(),
            "status": str(statuses[entry.display_status]),
            "missing": missing_text(entry),
            "answer": answer_text(entry),
            "numerator": entry.numerator,
            "denominator": entry.denominator,
            "note": entry.note or None,
        }
        open_inputs = INPUTS_BY_KIND[question.kind] if entry.status in EDITABLE else ()
        for column in COLUMNS:
            cell = sheet.cell(row=row, column=column.index, value=values[column.key])
            cell.alignment = wb.WRAP
            if column.key in ("numerator", "denominator"):
                cell.number_format = wb.AMOUNT
            if column.key in open_inputs:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = wb.LOCKED_FILL
        if "answer" in open_inputs:
            target = lists.get(question.pk) or validations["yes_no"]
            target.add(f"{COLUMN['answer'].letter}{row}")
        if "numerator" in open_inputs:
            validations["number"].add(f"{COLUMN['numerator'].letter}{row}")
            validations["number"].add(f"{COLUMN['denominator'].letter}{row}")
    sheet.column_dimensions[COLUMN["key"].letter].hidden = True
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=COLUMN["text"].index + 1)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widths may be changed
    sheet.protection.formatRows = False


def _validations(sheet) -> dict[str, DataValidation]:
    yes, no = yes_no_words()
    yes_no = DataValidation(type="list", formula1=f'"{yes},{no}"', allow_blank=True)
    number = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    for validation, message in (
        (yes_no, _("Pilih Ya atau Tidak.")),
        (number, _("Masukkan angka 0 atau lebih, tanpa rumus.")),
    ):
        validation.error, validation.errorTitle = message, _("Nilai tidak sah")
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    return {"yes_no": yes_no, "number": number}


def _option_lists(book, entries: list[Entry]) -> dict[int, DataValidation]:
    """One column per option question on a hidden sheet; a drop-down list per question."""
    sheet = book.create_sheet(OPTIONS)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
    main = book[SHEET]
    validations = {}
    questions = {e.question.pk: e.question for e in entries if e.question.kind == names.OPTION}
    for column, question in enumerate(questions.values(), start=1):
        labels = [option.label for option in question.options.all()]
        sheet.cell(row=1, column=column, value=question.code)
        for row, label in enumerate(labels, start=2):
            sheet.cell(row=row, column=column, value=label)
        letter = get_column_letter(column)
        source = f"{quote_sheetname(OPTIONS)}!${letter}$2:${letter}${len(labels) + 1}"
        validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        validation.error = _("Pilih salah satu jawaban dari daftar.")
        validation.errorTitle = _("Nilai tidak sah")
        validation.showErrorMessage = True
        main.add_data_validation(validation)
        validations[question.pk] = validation
    return validations


def _write_guide(sheet, cycle: Cycle, opd: Opd) -> None:
    yes, no = yes_no_words()
    lines = [
        _("Petunjuk pengisian templat"),
        "",
        _("1. Isi lembar “Isian”: satu baris untuk satu pertanyaan di satu kecamatan (atau kota)."),
        _("2. Hanya sel putih yang dapat diisi; sel abu-abu (kode, pertanyaan, status) terkunci."),
        _(
            "3. Pertanyaan pilihan: pilih jawaban dari daftar di kolom Jawaban. Pertanyaan "
            "ya/tidak: pilih %(yes)s atau %(no)s."
        )
        % {"yes": yes, "no": no},
        _(
            "4. Pertanyaan persentase: isi Pembilang dan Penyebut sebagai angka (boleh desimal, "
            "mis. 12,5), bukan rumus. Pembilang tidak boleh lebih besar dari penyebut; penyebut "
            "harus lebih dari 0."
        ),
        _("5. Sel yang dikosongkan menghapus nilai draf itu; biarkan baris yang tidak berubah."),
        _(
            "6. Isian berstatus diajukan atau diverifikasi sedang ditinjau dan terkunci; "
            "perubahannya ditolak saat impor."
        ),
        _(
            "7. Jangan menghapus, menggabung (merge) atau menambah baris, dan jangan memindahkan "
            "kolom: setiap baris dikenali dari kunci tersembunyinya."
        ),
        _(
            "8. Unggah kembali berkas ini di Tugas saya → Impor templat Excel. Semua baris "
            "diperiksa dulu: bila ada satu saja yang salah, tidak ada yang disimpan dan setiap "
            "masalah ditunjukkan dengan lembar, baris dan kolomnya."
        ),
        _(
            "9. Nilai yang diimpor disimpan sebagai draf. Dokumen bukti diunggah dan isian "
            "diajukan di halaman isian masing-masing."
        ),
        "",
        _("Berkas ini hanya untuk %(opd)s, siklus %(cycle)s, %(city)s.")
        % {"opd": opd.name, "cycle": cycle.name, "city": cycle.kabupaten.name},
        _("Dibuat: %(when)s WIB.") % {"when": timezone.localtime().strftime("%d-%m-%Y %H:%M")},
    ]
    for row, line in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=line).alignment = wb.WRAP
    sheet["A1"].font = wb.TITLE_FONT
    sheet.column_dimensions["A"].width = 110
    sheet.protection.sheet = True


def _write_meta(sheet, cycle: Cycle, opd: Opd, entries: list[Entry]) -> None:
    pairs = [
        ("format", FORMAT),
        ("version", VERSION),
        ("kabupaten", cycle.kabupaten.code),
        ("siklus", cycle.pk),
        ("tahun", cycle.year),
        ("opd", opd.code),
        ("dibuat", timezone.localtime().isoformat(timespec="seconds")),
    ]
    for row, (key, value) in enumerate(pairs, start=1):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=value)
    for row, entry in enumerate(entries, start=1):
        sheet.cell(row=row, column=META_KEYS_COLUMN, value=row_key(entry))
    for row, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=row, column=META_HEADERS_COLUMN, value=str(column.header))
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def template_filename(cycle: Cycle, opd: Opd) -> str:
    return f"templat-isian-{opd.code.lower()}-{cycle.year}.xlsx"
