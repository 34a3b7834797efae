"""Loading answers from a JSON file (``pantau-kla-answers``, see docs/answers-format.md).

Every row is checked before anything is written: one bad row and the whole file is refused,
with every error listed by row number. Listed documents are attached as small generated PDF
files, so a submitted or verified entry really has its evidence. Each changed entry gets an
audit record (action ``imported``) and the cycle's score snapshots are refreshed.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import AnswerOption, DocumentRequirement, Question
from kla.wilayah.models import Region

from .. import audit, names
from ..answer_values import option_errors, parse_number, percentage_errors
from ..demo.pdf import demo_pdf
from ..errors import DomainError
from ..models import AuditRecord, Cycle, Entry, Evidence
from ..scores.snapshots import refresh_snapshots
from .entries import UNDER_REVIEW, locked, notify_reviewed, review_again
from .evidence import store

FORMAT = "pantau-kla-answers"
VERSION = 1
ROW_KEYS = {
    "question",
    "unit",
    "option",
    "numerator",
    "denominator",
    "yes",
    "note",
    "status",
    "reason",
    "documents",
}
VALUE_KEYS = {
    names.OPTION: {"option"},
    names.PERCENTAGE: {"numerator", "denominator"},
    names.COVERAGE: {"yes"},
    names.EXISTENCE: {"yes"},
}
COUNTED = {Entry.Status.SUBMITTED, Entry.Status.VERIFIED}
ANSWER_FIELDS = {"option", "numerator", "denominator", "yes"}
REVIEWED = {Entry.Status.VERIFIED, Entry.Status.RETURNED}  # what a review tells the operators


class AnswersFileError(DomainError):
    """The file was refused; ``errors`` lists every problem found (nothing was loaded)."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    number: int
    question: Question
    unit: Region
    status: str
    option: AnswerOption | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    yes: bool | None = None
    note: str = ""
    reason: str = ""
    documents: list[DocumentRequirement] = field(default_factory=list)


@dataclass(frozen=True)
class LoadSummary:
    cycle: Cycle
    rows: int
    changed: int
    documents: int


def read_answers_file(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnswersFileError([_("Berkas tidak dapat dibaca sebagai JSON: %s") % error]) from None


def load_answers(data: dict, *, by, notify: bool = True) -> LoadSummary:
    """Validate the whole file, then load it in one transaction; AnswersFileError on any error.

    Status changes take the pages' path (services/entries.py): every entry is written under
    its row lock with its version raised, and an entry the file verifies or returns tells its
    operators after commit, as a verifikator's review does. ``notify=False`` is the one named
    difference, for loading history that nobody needs to hear about again (the demo's past
    cycles). The file carries no version tokens: it is the Admin KLA's authoritative load, and
    each audit record keeps the values it overwrote.
    """
    cycle = _cycle_of(data)
    context = _Context(cycle)
    rows, errors = [], []
    for number, raw in enumerate(data["answers"], start=1):
        row, row_errors = context.parse(number, raw)
        row_label = _("Baris %(number)d") % {"number": number}
        errors.extend(f"{row_label}{where}: {e}" for where, e in row_errors)
        if row is not None:
            rows.append(row)
    if errors:
        raise AnswersFileError(errors)
    return _apply(context, rows, by, notify=notify)


def _cycle_of(data) -> Cycle:
    if not isinstance(data, dict):
        raise AnswersFileError([_("Isi berkas harus berupa objek JSON.")])
    errors = []
    if data.get("format") != FORMAT:
        errors.append(_("“format” harus “%(format)s”.") % {"format": FORMAT})
    if data.get("version") != VERSION:
        errors.append(_("“version” harus %(version)s.") % {"version": VERSION})
    if not isinstance(data.get("answers"), list):
        errors.append(_("“answers” harus berupa daftar."))
    if not isinstance(data.get("kode"), str) or not isinstance(data.get("tahun"), int):
        errors.append(_("“kode” (teks, mis. “36.73”) dan “tahun” (angka) wajib diisi."))
    if errors:
        raise AnswersFileError(errors)
    cycle = (
        Cycle.objects.select_related("kabupaten", "instrument")
        .filter(kabupaten__code=data["kode"], year=data["tahun"])
        .first()
    )
    if cycle is None:
        raise AnswersFileError([_("Tidak ada siklus %(tahun)s untuk kode %(kode)s.") % data])
    return cycle


class _Context:
    """What checking rows needs, loaded once: questions, options, documents, units, entries."""

    def __init__(self, cycle: Cycle):
        self.cycle = cycle
        self.questions = {
            q.code: q for q in Question.objects.of_instrument(cycle.instrument).order_by()
        }
        self.options: dict[int, dict[str, AnswerOption]] = {}
        for option in AnswerOption.objects.filter(question__in=self.questions.values()):
            self.options.setdefault(option.question_id, {})[option.code] = option
        self.requirements: dict[int, dict[str, DocumentRequirement]] = {}
        for requirement in DocumentRequirement.objects.filter(question__in=self.questions.values()):
            self.requirements.setdefault(requirement.question_id, {})[requirement.code] = (
                requirement
            )
        self.kecamatan = {r.code: r for r in Region.objects.kecamatan_of(cycle.kabupaten)}
        self.entries = {
            (e.question_id, e.unit_id): e
            for e in Entry.objects.filter(cycle=cycle).select_related("option")
        }
        self.attached: dict[int, set[int]] = defaultdict(set)  # entry id → requirement ids
        for entry_id, requirement_id in (
            Evidence.objects.current()
            .filter(entry__cycle=cycle, requirement__isnull=False)
            .values_list("entry_id", "requirement_id")
        ):
            self.attached[entry_id].add(requirement_id)
        self.seen: dict[tuple[str, str], int] = {}

    def parse(self, number: int, raw) -> tuple[Row | None, list[tuple[str, str]]]:
        """The row as typed values, or the reasons it is refused (``(where, message)``)."""
        if not isinstance(raw, dict):
            return None, [("", _("setiap jawaban harus berupa objek JSON."))]
        where = f" ({raw.get('question', '?')}/{raw.get('unit', '?')})"
        errors = [_("kunci tidak dikenal: %s.") % k for k in sorted(set(raw) - ROW_KEYS)]
        question = self.questions.get(raw.get("question"))
        if question is None:
            errors.append(
                _("pertanyaan “%(code)s” tidak ada di instrumen siklus ini.")
                % {"code": raw.get("question")}
            )
            return None, [(where, e) for e in errors]
        unit, unit_error = self._unit(question, raw.get("unit"))
        errors += unit_error
        status = raw.get("status", Entry.Status.DRAFT)
        if status not in Entry.Status.values:
            errors.append(
                _("status “%(status)s” tidak dikenal; pilih salah satu: %(allowed)s.")
                % {"status": status, "allowed": ", ".join(Entry.Status.values)}
            )
        row = Row(number, question, unit, status)
        errors += self._values(row, raw)
        errors += self._documents(row, raw)
        errors += self._text(row, raw)
        if unit is not None:
            errors += self._duplicate(row)
        return (None if errors else row), [(where, e) for e in errors]

    def _unit(self, question: Question, code) -> tuple[Region | None, list[str]]:
        if question.is_per_kecamatan:
            unit = self.kecamatan.get(code)
            if unit is None:
                return None, [
                    _(
                        "pertanyaan per kecamatan: unit harus kode kecamatan %(city)s, bukan "
                        "“%(code)s”."
                    )
                    % {"city": self.cycle.kabupaten.name, "code": code}
                ]
            return unit, []
        if code != names.KOTA:
            return None, [
                _("pertanyaan tingkat kota: unit harus “kota”, bukan “%(code)s”.") % {"code": code}
            ]
        return self.cycle.kabupaten, []

    def _values(self, row: Row, raw: dict) -> list[str]:
        kind = row.question.kind
        errors = [
            _("kunci “%(key)s” tidak berlaku untuk jenis jawaban %(kind)s.")
            % {"key": key, "kind": row.question.get_kind_display().lower()}
            for key in sorted((set().union(*VALUE_KEYS.values()) - VALUE_KEYS[kind]) & set(raw))
        ]
        if kind == names.OPTION and "option" in raw:
            choices = self.options.get(row.question.pk, {})
            errors += option_errors(raw["option"], choices)
            row.option = choices.get(raw["option"])
        elif kind == names.PERCENTAGE and ("numerator" in raw or "denominator" in raw):
            errors += self._percentage(row, raw)
        elif kind in names.YES_NO_KINDS and "yes" in raw:
            if not isinstance(raw["yes"], bool):
                errors.append(_("“yes” harus true atau false."))
            row.yes = raw["yes"] if isinstance(raw["yes"], bool) else None
        has_value = row.option is not None or row.yes is not None or row.numerator is not None
        if row.status != Entry.Status.DRAFT and not has_value and not errors:
            errors.append(_("status selain draft memerlukan nilai jawaban."))
        return errors

    def _percentage(self, row: Row, raw: dict) -> list[str]:
        numbers = {}
        for key, label in (("numerator", _("pembilang")), ("denominator", _("penyebut"))):
            if raw.get(key) is None:
                numbers[key] = None
                continue
            try:
                numbers[key] = parse_number(raw[key])
            except ValueError as error:
                return [f"{label} {error}."]
        errors = percentage_errors(numbers["numerator"], numbers["denominator"])
        if not errors:
            row.numerator, row.denominator = numbers["numerator"], numbers["denominator"]
        return errors

    def _documents(self, row: Row, raw: dict) -> list[str]:
        codes = raw.get("documents", [])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            return [_("“documents” harus berupa daftar kode dokumen.")]
        known = self.requirements.get(row.question.pk, {})
        errors = [
            _("dokumen “%(code)s” bukan dokumen wajib pertanyaan ini; yang sah: %(allowed)s.")
            % {"code": code, "allowed": ", ".join(known) or "–"}
            for code in codes
            if code not in known
        ]
        if len(set(codes)) != len(codes):
            errors.append(_("ada kode dokumen yang disebut dua kali."))
        row.documents = [known[c] for c in dict.fromkeys(codes) if c in known]
        if row.status in COUNTED and row.unit is not None and not errors:
            errors += self._missing_for_status(row, known)
        return errors

    def _missing_for_status(self, row: Row, known: dict) -> list[str]:
        """As in the workflow: nothing is submitted while a required document is missing."""
        entry = self.entries.get((row.question.pk, row.unit.pk))
        present = {r.pk for r in row.documents}
        if entry is not None:
            present |= self.attached[entry.pk]
        missing = [r.name for r in known.values() if r.pk not in present]
        if not missing:
            return []
        return [
            _("status %(status)s memerlukan dokumen: %(names)s.")
            % {"status": Entry.Status(row.status).label.lower(), "names": "; ".join(missing)}
        ]

    def _text(self, row: Row, raw: dict) -> list[str]:
        errors = []
        for key in ("note", "reason"):
            if not isinstance(raw.get(key, ""), str):
                errors.append(_("“%(key)s” harus berupa teks.") % {"key": key})
        row.note = str(raw.get("note", "")).strip()
        row.reason = str(raw.get("reason", "")).strip()
        if row.status == Entry.Status.RETURNED and not row.reason:
            errors.append(_("status returned memerlukan alasan pengembalian (“reason”)."))
        return errors

    def _duplicate(self, row: Row) -> list[str]:
        key = (row.question.code, row.unit.code)
        if key in self.seen:
            return [_("jawaban ini sudah ada di baris %(row)s.") % {"row": self.seen[key]}]
        self.seen[key] = row.number
        return []


@transaction.atomic
def _apply(context: _Context, rows: list[Row], by, *, notify: bool) -> LoadSummary:
    changed = documents = 0
    keys = [(row.question.pk, row.unit.pk) for row in rows]
    fresh = locked([context.entries[key] for key in keys if key in context.entries])
    for row in rows:
        entry = context.entries.get((row.question.pk, row.unit.pk))
        if entry is None:
            entry = Entry.objects.create(cycle=context.cycle, question=row.question, unit=row.unit)
        else:
            entry = fresh[entry.pk]
        attached = _attach(context, entry, row, by)
        documents += len(attached)
        was = entry.status
        if _update(context.cycle, entry, row, attached, by, notify=notify):
            changed += 1
            if notify and entry.status != was and entry.status in REVIEWED:
                notify_reviewed(entry, by)
    refresh_snapshots(context.cycle)
    return LoadSummary(context.cycle, len(rows), changed, documents)


def _attach(context: _Context, entry: Entry, row: Row, by) -> list[str]:
    """Generated PDF evidence for each listed document the entry does not have yet."""
    added = []
    for requirement in row.documents:
        if requirement.pk in context.attached[entry.pk]:
            continue
        pdf = demo_pdf(requirement.name)  # one rendering per document name (demo/pdf.py)
        upload = SimpleUploadedFile(f"{requirement.code}.pdf", pdf, "application/pdf")
        store(entry, user=by, upload=upload, title=requirement.name, requirement=requirement)
        context.attached[entry.pk].add(requirement.pk)
        added.append(requirement.code)
    return added


def _update(cycle: Cycle, entry: Entry, row: Row, attached: list[str], by, *, notify) -> bool:
    """Write the row. The review rule holds here too: a file that changes the answer or the
    documents of a submitted or verified entry, and keeps it submitted or verified, leaves it
    submitted (to be reviewed again), whatever status the row names."""
    fields = ("option", "numerator", "denominator", "yes", "note", "status", "return_reason")
    before = {name: getattr(entry, name) for name in fields}
    reason = row.reason if row.status == Entry.Status.RETURNED else ""
    after = dict(
        zip(
            fields,
            (row.option, row.numerator, row.denominator, row.yes, row.note, row.status, reason),
            strict=True,
        )
    )
    changes = audit.diff(before, after)
    answer_changed = bool(attached or set(changes) & ANSWER_FIELDS)
    recheck = answer_changed and entry.status in UNDER_REVIEW and row.status in UNDER_REVIEW
    if recheck:  # review_again below moves the status and records that step itself
        after["status"] = entry.status
        changes = audit.diff(before, after)
    if attached:
        changes["documents"] = [None, ", ".join(attached)]
    if not changes:
        return False
    for name, value in after.items():
        setattr(entry, name, value)
    now = timezone.now()
    if row.status in COUNTED:
        entry.submitted_at = entry.submitted_at or now
    entry.verified_at = (entry.verified_at or now) if row.status == Entry.Status.VERIFIED else None
    entry.version += 1
    entry.updated_by = by
    entry.save()
    audit.record(
        cycle=cycle, entry=entry, actor=by, action=AuditRecord.Action.IMPORTED, changes=changes
    )
    if recheck:
        what = _("Diubah oleh berkas jawaban.")
        if review_again(entry, user=by, what=what, notify=notify):
            entry.save()
    return True
