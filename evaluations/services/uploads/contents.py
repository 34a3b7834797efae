"""What is inside an uploaded file: the checks after its type is known (docs/uploads.md).

- DOCX/XLSX are ZIP packages: opened, a real ``[Content_Types].xml`` naming the document's
  main part, no program, script, macro or HTML member, no path outside the package, and limits
  on the unpacked size and on the compression ratio (a zip bomb is refused before it inflates:
  the declared sizes are checked first, then every member is read in chunks and counted, so a
  member that lies about its size is caught by zipfile's own size and CRC check).
- PDFs (pypdf): refused when any object holds JavaScript or a launch action (``/JS``,
  ``/S /JavaScript``, ``/S /Launch``), wherever it sits (open action, page or field actions,
  the names tree, object streams); refused when pypdf cannot read them.
- Images (Pillow): fully decoded; a corrupt or truncated image, a format other than the one
  the magic bytes named, or an image too large to decode safely is refused.
"""

import warnings
import zipfile
from xml.etree import ElementTree

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from ...errors import DomainError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# The main part each package must declare (macro-enabled variants are not accepted).
MAIN_PART = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
FORBIDDEN_SUFFIXES = (
    ".exe", ".dll", ".com", ".bat", ".cmd", ".msi", ".scr", ".pif", ".cpl", ".jar", ".js",
    ".jse", ".vbs", ".vbe", ".wsf", ".ps1", ".sh", ".hta", ".html", ".htm", ".xhtml", ".mht",
    ".mhtml", ".bin",
)  # fmt: skip
FORBIDDEN_STARTS = (b"mz", b"\x7felf", b"#!", b"<html", b"<!doctype html", b"<script")  # lowered
MAX_MEMBERS = 5000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
CHUNK = 64 * 1024
PDF_ACTIONS = {"/JavaScript", "/Launch"}
MAX_PDF_OBJECTS = 200_000
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo; beyond it decoding costs too much memory
IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def refuse(message: str):
    raise DomainError(message)


def check_inside(upload: UploadedFile, content_type: str) -> None:
    """Refuse (DomainError) a file whose inside is not what its type promises."""
    check = {DOCX: check_ooxml, XLSX: check_ooxml, "application/pdf": check_pdf}.get(
        content_type, check_image
    )
    upload.seek(0)
    try:
        check(upload, content_type)
    finally:
        upload.seek(0)


# OOXML (DOCX, XLSX)


def check_ooxml(upload: UploadedFile, content_type: str) -> None:
    broken = _("Berkas %(kind)s rusak atau bukan dokumen Office yang sah.") % {
        "kind": "DOCX" if content_type == DOCX else "XLSX"
    }
    try:
        with zipfile.ZipFile(upload) as package:
            members = package.infolist()
            check_members(members)
            check_content_types(package, content_type, broken)
            read_every_member(package, members)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError):
        refuse(broken)
    except RuntimeError:  # an encrypted member
        refuse(_("Dokumen Office terenkripsi tidak dapat diperiksa: simpan tanpa kata sandi."))


def check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        refuse(_("Dokumen Office berisi terlalu banyak bagian."))
    total = 0
    for member in members:
        name = member.filename.replace("\\", "/")
        lowered = name.lower()
        if name.startswith("/") or ".." in name.split("/") or ":" in name:
            refuse(_("Dokumen Office berisi jalur berkas yang tidak sah."))
        if lowered.endswith(FORBIDDEN_SUFFIXES) or "vbaproject" in lowered:
            refuse(
                _(
                    "Dokumen Office berisi program, makro, skrip atau HTML (%(name)s): simpan "
                    "ulang sebagai dokumen biasa (.docx/.xlsx) tanpa makro atau objek sisipan."
                )
                % {"name": name[:80]}
            )
        total += member.file_size
        if member.file_size > CHUNK and member.file_size > max_ratio() * max(
            member.compress_size, 1
        ):
            refuse_bomb()
    if total > settings.EVIDENCE_MAX_UNZIPPED_BYTES:
        refuse_bomb()


def max_ratio() -> int:
    return settings.EVIDENCE_MAX_ZIP_RATIO


def refuse_bomb():
    refuse(
        _(
            "Dokumen Office ini mengembang terlalu besar saat dibuka (maksimum %(mb)s MB, "
            "rasio kompresi %(ratio)s:1): berkas ini ditolak."
        )
        % {
            "mb": settings.EVIDENCE_MAX_UNZIPPED_BYTES // (1024 * 1024),
            "ratio": max_ratio(),
        }
    )


def check_content_types(package: zipfile.ZipFile, content_type: str, broken: str) -> None:
    try:
        info = package.getinfo("[Content_Types].xml")
    except KeyError:
        refuse(broken)
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        refuse(broken)
    try:
        root = ElementTree.fromstring(package.read(info))
    except ElementTree.ParseError:
        refuse(broken)
    if root.tag != f"{CONTENT_TYPES_NS}Types":
        refuse(broken)
    declared = {
        element.get("ContentType", "")
        for element in root
        if element.tag in {f"{CONTENT_TYPES_NS}Override", f"{CONTENT_TYPES_NS}Default"}
    }
    if MAIN_PART[content_type] not in declared:
        refuse(broken)
    if any("macroenabled" in value.lower() or "vbaproject" in value.lower() for value in declared):
        refuse(_("Dokumen Office dengan makro tidak diterima: simpan sebagai .docx/.xlsx biasa."))


def read_every_member(package: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Inflate every member in chunks, counting: the real sizes, not the declared ones."""
    total = 0
    for member in members:
        if member.is_dir():
            continue
        size = 0
        with package.open(member) as stream:
            head = stream.read(CHUNK)
            if head.lstrip().lower().startswith(FORBIDDEN_STARTS):
                refuse(
                    _("Dokumen Office berisi program atau HTML (%(name)s).")
                    % {"name": member.filename[:80]}
                )
            chunk = head
            while chunk:
                size += len(chunk)
                total += len(chunk)
                if total > settings.EVIDENCE_MAX_UNZIPPED_BYTES or (
                    size > CHUNK and size > max_ratio() * max(member.compress_size, 1)
                ):
                    refuse_bomb()
                chunk = stream.read(CHUNK)


# PDF


def check_pdf(upload: UploadedFile, content_type: str) -> None:
    unreadable = _("PDF rusak atau tidak dapat dibaca: simpan ulang sebagai PDF lalu unggah.")
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            refuse(_("PDF terkunci kata sandi tidak dapat diperiksa: unggah PDF tanpa sandi."))
        found = pdf_actions(reader)
    except DomainError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError, OSError):
        refuse(unreadable)
    if found:
        refuse(
            _(
                "PDF ini berisi JavaScript atau tindakan yang menjalankan program (%(what)s) "
                "dan ditolak. Cetak ulang dokumen ke PDF (Print → Save as PDF) lalu unggah."
            )
            % {"what": ", ".join(sorted(found))}
        )


def pdf_actions(reader: PdfReader) -> set[str]:
    """The dangerous actions found in any object of the file (by object number, so an
    action no page refers to is found too)."""
    found: set[str] = set()
    numbers = {
        (number, generation) for generation, table in reader.xref.items() for number in table
    }
    numbers |= {(number, 0) for number in reader.xref_objStm}
    if len(numbers) > MAX_PDF_OBJECTS:
        refuse(_("PDF berisi terlalu banyak objek untuk diperiksa."))
    scan(reader.trailer, found)
    for number, generation in numbers:
        try:
            scan(IndirectObject(number, generation, reader).get_object(), found)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
            continue  # a broken object: the viewer cannot run it either
    return found


def scan(obj, found: set[str], depth: int = 0) -> None:
    """Direct dictionaries and arrays inside ``obj`` (indirect ones are scanned on their own)."""
    if depth > 40 or isinstance(obj, IndirectObject):
        return
    if isinstance(obj, DictionaryObject):
        if "/JS" in obj or "/JavaScript" in obj:
            found.add("JavaScript")
        if obj.get("/S") in PDF_ACTIONS:
            found.add(str(obj.get("/S")).lstrip("/"))
        for value in obj.values():
            scan(value, found, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            scan(value, found, depth + 1)


# Images


def check_image(upload: UploadedFile, content_type: str) -> None:
    corrupt = _("Gambar rusak atau tidak utuh: simpan ulang gambarnya lalu unggah.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image.verify()  # the file's structure (chunks and their checksums)
            upload.seek(0)
            with Image.open(upload) as image:
                if image.format != IMAGE_FORMATS[content_type]:
                    refuse(corrupt)
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    refuse(_("Gambar terlalu besar (lebih dari 60 megapiksel): perkecil dulu."))
                image.load()  # decodes every pixel: a truncated or corrupt image fails here
    except DomainError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        refuse(corrupt)
