"""File checks before storing: type by content, size, empty, name; the checksum kept."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from evaluations.errors import DomainError
from evaluations.services.uploads import check_upload, safe_name
from tests.factories import docx_bytes, jpeg_bytes, ooxml_bytes, pdf_bytes, png_bytes, upload

JPEG = jpeg_bytes()
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes() -> bytes:
    return ooxml_bytes("xlsx")


@pytest.mark.parametrize(
    ("name", "content", "content_type", "stored_as"),
    [
        ("laporan.pdf", pdf_bytes(), "application/pdf", "laporan.pdf"),
        ("foto.png", png_bytes(), "image/png", "foto.png"),
        ("foto.jpeg", JPEG, "image/jpeg", "foto.jpeg"),
        ("rekap.xlsx", xlsx_bytes(), XLSX_TYPE, "rekap.xlsx"),
        (
            "surat.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "surat.docx",
        ),
    ],
)
def test_allowed_types_are_recognised_by_content(name, content, content_type, stored_as):
    checked = check_upload(upload(name, content))
    assert checked.content_type == content_type
    assert checked.name == stored_as
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_the_name_does_not_decide_the_type():
    checked = check_upload(upload("scan.png", pdf_bytes()))
    assert checked.content_type == "application/pdf"
    assert checked.name == "scan.pdf"  # stored with the extension of what it really is


@pytest.mark.parametrize(
    "content",
    [
        b"Ini hanya teks biasa, bukan PDF.\n" * 10,
        b"MZ\x90\x00" + b"\x00" * 100,  # a Windows program
        b"<html><script>alert(1)</script></html>",
    ],
)
def test_other_content_renamed_pdf_is_refused(content):
    with pytest.raises(DomainError, match="Jenis berkas tidak diizinkan"):
        check_upload(upload("laporan.pdf", content))


def test_plain_zip_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b")
    with pytest.raises(DomainError, match="Jenis berkas tidak diizinkan"):
        check_upload(upload("rekap.xlsx", buffer.getvalue()))


def test_empty_file_is_refused():
    with pytest.raises(DomainError, match="Berkas kosong"):
        check_upload(upload("kosong.pdf", b""))


def test_oversize_is_refused_before_reading(settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(DomainError, match="Berkas terlalu besar"):
        check_upload(upload("besar.pdf", pdf_bytes()))


def test_limit_is_named_in_megabytes(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(DomainError, match="maksimum 1 MB"):
        check_upload(upload("besar.pdf", pdf_bytes() + b"\x00" * 1024 * 1024))


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "C:\\x\\y.pdf", "C:bukti.pdf", "/tmp/bukti.pdf", "..bukti.pdf"],
)
def test_path_like_names_are_refused(name):
    # ContentFile keeps the name as given (an UploadedFile would already drop directories).
    with pytest.raises(DomainError, match="Nama berkas tidak sah"):
        check_upload(ContentFile(pdf_bytes(), name=name))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Laporan akhir (final).pdf", "Laporan_akhir_final.pdf"),
        ("rekap;rm -rf.pdf", "rekaprm_-rf.pdf"),
        ("???.pdf", "bukti.pdf"),
        ("tanpa-ekstensi", "tanpa-ekstensi.pdf"),
        ("FOTO.JPG", "FOTO.jpg"),
    ],
)
def test_names_are_sanitised(name, expected):
    assert safe_name(name, "jpg" if name.endswith("JPG") else "pdf") == expected
