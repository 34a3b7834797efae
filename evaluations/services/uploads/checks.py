"""The door: type, size, name and checksum of an uploaded file; then what is inside.

The type is judged by the file's content (its magic bytes, via ``filetype``), never by its name:
a text file renamed ``.pdf`` is refused. The size limit comes from settings.EVIDENCE_MAX_BYTES.
What passes the door is opened and checked by ``contents`` (docs/uploads.md).
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...errors import DomainError
from . import contents

# Detected MIME type → the extension the stored file gets.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}  # a browser can show these
SNIFF_BYTES = 8192
SAME_EXTENSION = {"jpeg": "jpg"}
# Django already drops directories from an uploaded file's name; this refuses what is left of
# a path (a backslash, a drive letter "C:", a leading "..", a NUL) from any other caller too.
PATH_LIKE = re.compile(r"[/\\\x00]|^\.\.|^[A-Za-z]:")
EMPTY_FILE = gettext_lazy("Berkas kosong: pilih berkas yang berisi dokumen.")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def max_megabytes() -> str:
    return f"{settings.EVIDENCE_MAX_BYTES / (1024 * 1024):g}"


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse (DomainError) an empty, oversize, path-like or wrongly typed file."""
    if not upload.size:
        raise DomainError(str(EMPTY_FILE))
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise DomainError(_("Berkas terlalu besar: maksimum %(mb)s MB.") % {"mb": max_megabytes()})
    content_type = sniff(upload)
    contents.check_inside(upload, content_type)
    return CheckedFile(
        name=safe_name(upload.name or "", ALLOWED_TYPES[content_type]),
        content_type=content_type,
        size=upload.size,
        sha256=checksum(upload),
    )


def sniff(upload: UploadedFile) -> str:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise DomainError(
            _(
                "Jenis berkas tidak diizinkan: hanya PDF, JPEG, PNG, XLSX atau DOCX "
                "(diperiksa dari isi berkas, bukan dari namanya)."
            )
        )
    return kind.mime


def safe_name(name: str, extension: str) -> str:
    """A plain file name with the extension of the detected type; a path is refused."""
    if PATH_LIKE.search(name):
        raise DomainError(
            _("Nama berkas tidak sah: kirim berkas dengan nama biasa, tanpa folder atau jalur.")
        )
    try:
        cleaned = get_valid_filename(PurePosixPath(name).stem.strip(". "))
    except SuspiciousFileOperation:  # nothing usable left, e.g. "???.pdf"
        cleaned = "bukti"
    current = PurePosixPath(name).suffix.lower().lstrip(".")
    if SAME_EXTENSION.get(current, current) != extension:
        current = extension
    return f"{cleaned[:150]}.{current}"


def checksum(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
