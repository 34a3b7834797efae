"""Reading back the OPD's Excel template (excel_template.py): check every row, then save all
or nothing.

The rules are the entry form's own: each row becomes the data of ``entry_form`` (the same
form the entry page validates) after the cell is read; option labels are checked by
``answer_values.option_errors``. Saving goes through ``services.entries.save_entries`` (row
locks, optimistic version from the row's hidden key, version raised, audit record), with the
action ``imported`` and the file's SHA-256 in the record's note. A row whose values did not
change is left alone, so importing the same file twice changes nothing. An entry already
submitted or verified is under review: a change to it is refused (the trust rule: no
unverified value may stay verified).

The file itself is checked before openpyxl reads it: a real ZIP (an .xlsx is one), not too big
once unpacked (a zip bomb), then the identity written into the template: the city, the cycle
and the OPD must be the importer's own.
"""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from .. import access, names
from ..answer_values import option_errors, parse_number
from ..errors import DomainError
from ..forms.entry import entry_form
from ..models import AuditRecord, Cycle, Entry
from ..services import entries as services
from . import excel_template as layout

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # a template of thousands of rows stays far below
MAX_MEMBERS = 500
MAX_RATIO = 200  # XML compresses well, but not a thousandfold
NOT_XLSX = gettext_lazy(
    "Berkas ini bukan berkas Excel (.xlsx) yang sah. Unduh templat dari Tugas saya, isi, lalu "
    "simpan sebagai Buku Kerja Excel (.xlsx)."
)
ZIP_BOMB = gettext_lazy(
    "Isi berkas ini jauh lebih besar dari ukurannya (dicurigai bom zip); berkas ditolak."
)
NOT_TEMPLATE = gettext_lazy(
    "Berkas ini bukan templat isian Pantau KLA (lembar “Isian” atau data pengenalnya tidak "
    "ada). Unduh templat dari Tugas saya lalu isi berkas itu."
)
FIELD_COLUMNS = {"option": "answer", "yes": "answer", "numerator": "numerator"}
FIELD_COLUMNS |= {"denominator": "denominator", "note": "note"}


class TemplateRefused(DomainError):
    """The whole file is refused (not a template, another OPD's, closed window)."""


@dataclass(frozen=True)
class Problem:
    """One reason a row is refused, located the way Excel shows it."""

    row: int | None
    column: str  # a key of excel_template.COLUMN, or "" for the whole row
    message: str
    sheet: str = layout.SHEET

    @property
    def column_label(self) -> str:
        if not self.column:
            return ""
        column = layout.COLUMN[self.column]
        return f"{column.letter} ({column.header})"

    def __str__(self) -> str:
        where = [_("Lembar %(sheet)s") % {"sheet": self.sheet}]
        if self.row is not None:
            where.append(_("baris %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("kolom %(column)s") % {"column": self.column_label})
        return f"{', '.join(where)}: {self.message}"


@dataclass
class ImportResult:
    filename: str
    sha256: str
    rows: int = 0
    saved: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_number(raw) -> Decimal:
    """A number cell as it is, or a typed text read the Indonesian way ("12,5", "1.234,5",
    "1.250"), by the app's one number rule (kla.formats.parse_angka through
    answer_values.parse_number). ValueError otherwise."""
    return parse_number(raw)


def open_workbook(data: bytes):
    """The workbook, after checking it is a real .xlsx and not a zip bomb (TemplateRefused)."""
    if not data.startswith(b"PK\x03\x04"):
        raise TemplateRefused(str(NOT_XLSX))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise TemplateRefused(str(NOT_XLSX)) from None
    unpacked = sum(member.file_size for member in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or ratio > MAX_RATIO:
        raise TemplateRefused(str(ZIP_BOMB))
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # a third-party parser fed an untrusted file: any failure means "not xlsx"
        logger.info("Excel import: unreadable workbook", exc_info=True)
        raise TemplateRefused(str(NOT_XLSX)) from None


def read_meta(book) -> tuple[dict, list[str], list[str]]:
    """The template's identity, the row keys it was given and its header texts."""
    if layout.SHEET not in book.sheetnames or layout.META not in book.sheetnames:
        raise TemplateRefused(str(NOT_TEMPLATE))
    sheet = book[layout.META]
    meta = {str(row[0]): row[1] for row in sheet.iter_rows(max_col=2, values_only=True) if row[0]}
    if meta.get("format") != layout.FORMAT or meta.get("version") != layout.VERSION:
        raise TemplateRefused(str(NOT_TEMPLATE))
    keys = [
        str(value)
        for (value,) in sheet.iter_rows(
            min_col=layout.META_KEYS_COLUMN, max_col=layout.META_KEYS_COLUMN, values_only=True
        )
        if value
    ]
    headers = [
        str(value or "")
        for (value,) in sheet.iter_rows(
            min_row=1,
            max_row=len(layout.COLUMNS),
            min_col=layout.META_HEADERS_COLUMN,
            max_col=layout.META_HEADERS_COLUMN,
            values_only=True,
        )
    ]
    return meta, keys, headers


def check_identity(meta: dict, *, user, cycle: Cycle) -> None:
    """The file must be this city's, this cycle's and this operator's OPD's."""
    if meta.get("kabupaten") != cycle.kabupaten.code:
        raise TemplateRefused(
            _("Berkas ini templat kabupaten/kota lain (kode %(code)s); unduh templat Anda sendiri.")
            % {"code": meta.get("kabupaten")}
        )
    if meta.get("siklus") != cycle.pk:
        raise TemplateRefused(
            _(
                "Berkas ini templat siklus lain (tahun %(year)s), bukan %(cycle)s. Unduh templat "
                "siklus berjalan."
            )
            % {"year": meta.get("tahun"), "cycle": cycle.name}
        )
    if meta.get("opd") != user.opd.code:
        raise TemplateRefused(
            _("Berkas ini templat OPD %(opd)s, bukan OPD Anda (%(mine)s).")
            % {"opd": meta.get("opd"), "mine": user.opd.code}
        )


def import_template(upload, *, user, cycle: Cycle) -> ImportResult:
    """Check the uploaded template and, when every row is right, save the changed rows."""
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    result = ImportResult(filename=upload.name or "", sha256=hashlib.sha256(data).hexdigest())
    if len(data) > MAX_UPLOAD_BYTES:
        raise TemplateRefused(_("Berkas terlalu besar: maksimum 10 MB."))
    if not cycle.is_entry_open:
        raise TemplateRefused(str(services.ENTRY_CLOSED))
    book = open_workbook(data)
    meta, keys, headers = read_meta(book)
    check_identity(meta, user=user, cycle=cycle)
    sheet = book[layout.SHEET]
    given = [
        str(sheet.cell(row=layout.HEADER_ROW, column=c.index).value or "") for c in layout.COLUMNS
    ]
    if given != headers:
        raise TemplateRefused(
            _(
                "Kolom lembar Isian diubah (dipindah, dihapus atau diganti namanya). Unduh "
                "templat baru."
            )
        )
    result.problems += merged_problems(sheet)
    edits = RowReader(user, cycle, keys).read(sheet, result)
    if result.problems:
        return result
    if edits:
        save(edits, user=user, result=result)
    if result.ok:
        result.unchanged = result.rows - result.saved
    return result


def merged_problems(sheet) -> list[Problem]:
    return [
        Problem(
            merged.min_row,
            "",
            _("sel %(range)s digabung (merge); pisahkan lagi agar setiap sel punya nilainya.")
            % {"range": merged.coord},
        )
        for merged in sheet.merged_cells.ranges
    ]


def save(edits: list[tuple[int, services.Edit]], *, user, result: ImportResult) -> None:
    note = _("Impor templat Excel %(name)s, SHA-256 %(sha)s") % {
        "name": result.filename,
        "sha": result.sha256,
    }
    try:
        services.save_entries(
            [edit for _row, edit in edits],
            user=user,
            action=AuditRecord.Action.IMPORTED,
            note=note,
        )
    except services.RowErrors as error:
        result.problems += [
            Problem(row, "", error.errors[edit.entry.pk])
            for row, edit in edits
            if edit.entry.pk in error.errors
        ]
        return
    result.saved = len(edits)


class RowReader:
    """Turns the rows of sheet "Isian" into edits, collecting every problem on the way."""

    def __init__(self, user, cycle: Cycle, keys: list[str]):
        self.cycle = cycle
        self.expected = keys
        queryset = Entry.objects.of_cycle(cycle).select_related("question__indicator", "unit")
        self.all_entries = queryset.in_bulk()
        self.mine = set(access.entries_for(user).of_cycle(cycle).values_list("pk", flat=True))
        self.seen: dict[int, int] = {}

    def read(self, sheet, result: ImportResult) -> list[tuple[int, services.Edit]]:
        edits = []
        width = len(layout.COLUMNS)
        for cells in sheet.iter_rows(min_row=layout.FIRST_ROW, max_col=width):
            row = cells[0].row
            values = {column.key: cell for column, cell in zip(layout.COLUMNS, cells, strict=True)}
            if all(cell.value in (None, "") for cell in cells):
                continue
            entry, version, problems = self.entry_of(row, values)
            if entry is not None:
                result.rows += 1
                edit, value_problems = self.edit_of(row, entry, version, values)
                problems += value_problems
                if edit is not None:
                    edits.append((row, edit))
            result.problems += problems
        result.problems += self.deleted_rows()
        return edits

    def entry_of(self, row: int, values: dict) -> tuple[Entry | None, int, list[Problem]]:
        raw = str(values["key"].value or "").strip()
        pk, _sep, version = raw.partition(":")
        if not raw:
            return None, 0, [Problem(row, "", _("baris tanpa kunci (baris tambahan?); hapus."))]
        entry = self.all_entries.get(int(pk)) if pk.isdigit() and version.isdigit() else None
        if entry is None:
            return None, 0, [Problem(row, "", _("kunci baris tidak dikenal di siklus ini."))]
        if entry.pk not in self.mine:
            message = _("baris ini isian OPD lain; hapus baris itu dari berkas.")
            return None, 0, [Problem(row, "", message)]
        if entry.pk in self.seen:
            message = _("baris ini sama dengan baris %(row)d (disalin?).") % {
                "row": self.seen[entry.pk]
            }
            return None, 0, [Problem(row, "", message)]
        self.seen[entry.pk] = row
        codes = (str(values["question"].value or ""), str(values["unit_code"].value or ""))
        if codes != (entry.question.code, entry.unit.code):
            message = _("kode pertanyaan atau wilayah tidak cocok dengan kunci baris.")
            return None, 0, [Problem(row, "question", message)]
        return entry, int(version), []

    def deleted_rows(self) -> list[Problem]:
        seen = set(self.seen)
        problems = []
        for key in self.expected:
            pk = int(key.partition(":")[0])
            entry = self.all_entries.get(pk)
            if pk not in seen and entry is not None and pk in self.mine:
                message = _(
                    "baris %(question)s · %(unit)s hilang dari berkas (dihapus?); kembalikan "
                    "baris itu atau unduh templat baru."
                ) % {"question": entry.question.code, "unit": entry.unit.name}
                problems.append(Problem(None, "", message))
        return problems

    def edit_of(self, row: int, entry: Entry, version: int, values: dict):
        """The entry form's verdict on the row; an Edit when it is valid and changes something."""
        data, problems = form_data(row, entry, values)
        if problems:
            return None, problems
        form = entry_form(entry, data)
        if not form.is_valid():
            fallback = "numerator" if entry.question.kind == names.PERCENTAGE else "answer"
            return None, [
                Problem(row, FIELD_COLUMNS.get(name, fallback), str(message))
                for name, messages in form.errors.items()
                for message in messages
            ]
        if not form.changes_values:
            return None, []
        if entry.status not in services.EDITABLE:
            message = _(
                "isian ini sedang ditinjau (%(status)s); nilainya tidak dapat diubah lewat "
                "templat. Hubungi verifikator bila perlu diperbaiki."
            ) % {"status": entry.get_status_display().lower()}
            return None, [Problem(row, "", message)]
        return services.Edit(entry, form.values(), version), []


def form_data(row: int, entry: Entry, values: dict) -> tuple[dict, list[Problem]]:
    """The row's cells as the entry form's POST data, or the cells that cannot be read."""
    kind = entry.question.kind
    problems = []
    data = {"version": str(entry.version), "note": str(values["note"].value or "").strip()}
    inputs = layout.INPUTS_BY_KIND[kind]
    for key in ("answer", "numerator", "denominator", "note"):
        cell = values[key]
        if cell.data_type == "f":
            problems.append(Problem(row, key, _("berisi rumus; ketik nilainya saja.")))
        elif key not in inputs and cell.value not in (None, ""):
            message = _("kolom ini tidak dipakai untuk jawaban %(kind)s; kosongkan.") % {
                "kind": entry.question.get_kind_display().lower()
            }
            problems.append(Problem(row, key, message))
    if problems:
        return data, problems
    if kind == names.OPTION:
        data["option"], problems = option_value(row, entry, values["answer"].value)
    elif kind in names.YES_NO_KINDS:
        data["yes"] = yes_value(values["answer"].value)
    else:
        for key in ("numerator", "denominator"):
            raw = values[key].value
            if raw in (None, ""):
                data[key] = ""
                continue
            try:
                data[key] = str(read_number(raw))
            except ValueError as error:
                problems.append(Problem(row, key, f"{layout.COLUMN[key].header} {error}."))
    return data, problems


def option_value(row: int, entry: Entry, raw) -> tuple[str, list[Problem]]:
    if raw in (None, ""):
        return "", []
    text = str(raw).strip()
    options = list(entry.question.options.all())
    # The drop-down gives the label; a code typed by hand is accepted too.
    chosen = next((o for o in options if o.label == text), None)
    chosen = chosen or next((o for o in options if o.code == text), None)
    if chosen is None:
        labels = {option.label: option for option in options}
        return "", [Problem(row, "answer", message) for message in option_errors(text, labels)]
    return str(chosen.pk), []


def yes_value(raw) -> str:
    """ "1" for yes, "0" for no, "" for empty; anything else is left for the form to refuse."""
    if raw in (None, ""):
        return ""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    yes, no = layout.yes_no_words()
    text = str(raw).strip().lower()
    if text in {yes.lower(), "ya", "yes"}:
        return "1"
    if text in {no.lower(), "tidak", "no"}:
        return "0"
    return text
