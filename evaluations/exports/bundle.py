"""The evidence bundle: every current evidence file of a cycle (or of one cluster or
indicator) in one ZIP, for the province and the ministry's upload.

Layout: ``klaster/indikator/pertanyaan/unit/berkas``, with ``indeks-bukti.xlsx`` at the top
(file, question, unit, OPD, status, SHA-256, size, uploaded by and at). Superseded versions
are left out. The ZIP is streamed (zipstream-ng): each file is read from disk in chunks while
the response is sent, so memory stays flat however many files there are; files are stored, not
compressed (PDFs and images are compressed already), which also gives the response its length
before it starts.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from zipstream import ZIP_STORED, ZipStream

from ..models import Cycle, Entry, Evidence
from ..querysets import WORKLIST_ORDER
from . import workbook as wb

INDEX_NAME = "indeks-bukti.xlsx"
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
FOLDER_LENGTH = 60


def folder(*parts: str) -> str:
    """One path segment from a code and a name: no separators or characters Windows refuses."""
    text = UNSAFE.sub(" ", " ".join(p for p in parts if p)).strip().rstrip(".")
    return re.sub(r"\s+", " ", text)[:FOLDER_LENGTH] or "_"


@dataclass(frozen=True)
class BundleFile:
    evidence: Evidence
    path: str  # inside the ZIP
    present: bool  # the file is on disk


def bundle_evidence(cycle: Cycle, *, cluster: str = "", indicator: str = "") -> list[Evidence]:
    """Current evidence of the cycle, optionally of one cluster or indicator (by code)."""
    evidence = Evidence.objects.filter(entry__cycle=cycle, superseded_by__isnull=True)
    if cluster:
        evidence = evidence.filter(entry__question__indicator__cluster__code=cluster)
    if indicator:
        evidence = evidence.filter(entry__question__indicator__code=indicator)
    order = [f"entry__{field}" for field in WORKLIST_ORDER]
    return list(
        evidence.select_related(
            "entry__question__indicator__cluster", "entry__unit", "uploaded_by", "requirement"
        ).order_by(*order, "uploaded_at", "pk")
    )


def bundle_files(evidence: Iterable[Evidence]) -> list[BundleFile]:
    files, used = [], set()
    for item in evidence:
        entry = item.entry
        question, unit = entry.question, entry.unit
        indicator = question.indicator
        directory = "/".join(
            (
                folder(indicator.cluster.name.split(":", 1)[0] or indicator.cluster.code),
                folder(indicator.code, indicator.name),
                folder(question.code),
                folder(unit.code, unit.name),
            )
        )
        name = folder(item.original_name)
        path = f"{directory}/{name}"
        if path in used:  # two files of one entry with the same name
            stem, dot, extension = name.rpartition(".")
            path = f"{directory}/{stem or extension}-{item.pk}{dot}{extension if stem else ''}"
        used.add(path)
        present = bool(item.file.name) and item.file.storage.exists(item.file.name)
        files.append(BundleFile(item, path, present))
    return files


def index_workbook(cycle: Cycle, files: list[BundleFile], opd_of: dict[int, str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Indeks")
    wb.title(
        sheet,
        _("Indeks bukti dukung %(cycle)s") % {"cycle": cycle.name},
        _("%(city)s · dibuat %(when)s WIB · hanya versi terkini")
        % {
            "city": cycle.kabupaten.name,
            "when": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
        },
    )
    headers = [
        _("Berkas"),
        _("Judul"),
        _("Pertanyaan"),
        _("Teks pertanyaan"),
        _("Unit"),
        _("OPD"),
        _("Status isian"),
        _("SHA-256"),
        _("Ukuran (bita)"),
        _("Diunggah oleh"),
        _("Diunggah pada"),
    ]
    wb.header_row(sheet, 4, headers, [60, 30, 12, 50, 22, 12, 14, 66, 14, 22, 18])
    for row, file in enumerate(files, start=5):
        evidence, entry = file.evidence, file.evidence.entry
        uploaded = timezone.localtime(evidence.uploaded_at).replace(tzinfo=None)
        values = [
            file.path
            if file.present
            else _("%(path)s (berkas tidak ditemukan)") % {"path": file.path},
            evidence.title,
            entry.question.code,
            entry.question.text,
            entry.unit.name,
            opd_of.get(entry.question_id, ""),
            entry.get_status_display(),
            evidence.sha256,
            evidence.size,
            evidence.uploaded_by.display_name,
            uploaded,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if column == 9:
                cell.number_format = wb.COUNT
            if column == 11:
                cell.number_format = "dd-mm-yyyy hh:mm"
    if not files:
        sheet["A5"] = _("Belum ada bukti dukung pada pilihan ini.")
    sheet.freeze_panes = "A5"
    return wb.to_bytes(book)


def build_bundle(cycle: Cycle, *, cluster: str = "", indicator: str = "") -> ZipStream:
    """The streamed ZIP (iterate it for the bytes; ``len()`` is its size)."""
    files = bundle_files(bundle_evidence(cycle, cluster=cluster, indicator=indicator))
    opd_of = dict(cycle.assignments.values_list("question_id", "opd__code"))
    stream = ZipStream(compress_type=ZIP_STORED, sized=True)
    stream.add(index_workbook(cycle, files, opd_of), INDEX_NAME)
    for file in files:
        if file.present:
            stream.add_path(Path(file.evidence.file.path), file.path)
    return stream


def bundle_filename(cycle: Cycle, *, cluster: str = "", indicator: str = "") -> str:
    scope = f"-{folder(indicator or cluster).replace(' ', '-')}" if (indicator or cluster) else ""
    return f"bukti-kla-{cycle.kabupaten.code}-{cycle.year}{scope}.zip"


def entries_in_scope(cycle: Cycle, *, cluster: str = "", indicator: str = "") -> bool:
    """Whether the cluster or indicator code exists in the cycle's instrument."""
    entries = Entry.objects.of_cycle(cycle)
    if cluster:
        entries = entries.filter(question__indicator__cluster__code=cluster)
    if indicator:
        entries = entries.filter(question__indicator__code=indicator)
    return entries.exists()
