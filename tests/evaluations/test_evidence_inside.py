"""What is inside an uploaded file (docs/uploads.md): real files built here, each refused
with a message and nothing stored, or accepted; the size limit stops the stream; a per-entry
file count; evidence shown inline is sandboxed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from evaluations.errors import DomainError
from evaluations.forms.evidence import EXTRA
from evaluations.models import Evidence
from evaluations.services.uploads import check_upload
from evaluations.services.uploads import contents as inside
from evaluations.services.uploads.handler import EvidenceSizeLimit
from tests.factories import (
    add_evidence,
    jpeg_bytes,
    ooxml_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def refused(name: str, content: bytes, match: str):
    with pytest.raises(DomainError, match=match):
        check_upload(upload(name, content))


# OOXML


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_real_office_document_passes(kind):
    assert check_upload(upload(f"rekap.{kind}", ooxml_bytes(kind))).name == f"rekap.{kind}"


def test_a_zip_that_only_looks_like_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")  # no [Content_Types].xml
    refused("surat.docx", buffer.getvalue(), "rusak atau bukan dokumen Office")


@pytest.mark.parametrize(
    "content_types",
    [
        "<Types/>",  # no namespace, no parts
        "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>",
        "<Types",  # not XML
    ],
)
def test_content_types_must_be_real_and_name_the_main_part(content_types):
    refused("surat.docx", ooxml_bytes(content_types=content_types), "rusak atau bukan")


@pytest.mark.parametrize(
    "member",
    ["word/embeddings/setup.exe", "word/media/page.html", "xl/vbaProject.bin", "docProps/a.js"],
)
def test_programs_scripts_macros_and_html_inside_are_refused(member):
    content = ooxml_bytes("docx", extra={member: b"MZ\x90\x00 program"})
    refused("surat.docx", content, "program, makro, skrip atau HTML")


@pytest.mark.parametrize("data", [b"MZ\x90\x00\x03" + b"\x00" * 60, b"<!DOCTYPE html><script>"])
def test_a_program_or_html_under_an_innocent_name_is_refused(data):
    content = ooxml_bytes("docx", extra={"word/media/image1.png": data})
    refused("surat.docx", content, "program atau HTML")


def test_a_path_outside_the_package_is_refused():
    content = ooxml_bytes("docx", extra={"../../etc/cron.d/x": b"* * * * *"})
    refused("surat.docx", content, "jalur berkas yang tidak sah")


def test_a_zip_bomb_is_refused_before_it_inflates():
    bomb = b"\x00" * (50 * 1024 * 1024)  # 50 MiB of zeros deflate to about 50 KiB
    content = ooxml_bytes("xlsx", extra={"xl/worksheets/sheet1.xml": bomb})
    assert len(content) < 200 * 1024
    refused("rekap.xlsx", content, "mengembang terlalu besar")


def test_the_unpacked_total_is_limited(settings):
    settings.EVIDENCE_MAX_UNZIPPED_BYTES = 100 * 1024
    import os

    members = {f"xl/media/image{n}.bin.png": os.urandom(40 * 1024) for n in range(4)}
    refused("rekap.xlsx", ooxml_bytes("xlsx", extra=members), "mengembang terlalu besar")


def test_a_member_lying_about_its_size_is_caught():
    content = bytearray(ooxml_bytes("docx", extra={"word/styles.xml": b"<styles/>" * 5000}))
    # Make the central directory claim a smaller size for the member: zipfile's own check
    # stops reading at the claimed size and the CRC no longer matches.
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo("word/styles.xml")
    central = bytes(content).rfind(b"PK\x01\x02", 0, bytes(content).rfind(b"word/styles.xml"))
    content[central + 24 : central + 28] = (100).to_bytes(4, "little")
    assert info.file_size == 45000
    refused("surat.docx", bytes(content), "rusak atau bukan dokumen Office")


# PDF


def pdf_with(root_entries: dict | None = None, *, names_js: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if names_js:  # a document-level script in the names tree, run when the file opens
        script = action("/JavaScript", **{"/JS": TextStringObject("app.alert('hai');")})
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("a"), script])}
        )
        names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
        writer._root_object[NameObject("/Names")] = names
    for key, value in (root_entries or {}).items():
        writer._root_object[NameObject(key)] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def action(kind: str, **entries) -> DictionaryObject:
    values = {NameObject("/S"): NameObject(kind)}
    values.update({NameObject(k): v for k, v in entries.items()})
    return DictionaryObject(values)


def test_a_clean_pdf_passes():
    assert check_upload(upload("surat.pdf", pdf_with())).content_type == "application/pdf"
    assert check_upload(upload("demo.pdf", pdf_bytes())).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (pdf_with({"/OpenAction": action("/JavaScript", **{"/JS": TextStringObject("x=1")})}),
         "JavaScript"),
        (pdf_with({"/OpenAction": action("/Launch", **{"/F": TextStringObject("calc.exe")})}),
         "Launch"),
        (pdf_with(names_js=True), "JavaScript"),
    ],
)  # fmt: skip
def test_javascript_and_launch_actions_are_refused(content, what):
    refused("surat.pdf", content, f"berisi JavaScript atau tindakan.*{what}")


def test_a_broken_pdf_is_refused():
    refused("surat.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200, "PDF rusak")


# Images


def test_real_images_pass():
    assert check_upload(upload("foto.png", png_bytes())).content_type == "image/png"
    assert check_upload(upload("foto.jpg", jpeg_bytes())).content_type == "image/jpeg"


def test_a_corrupt_png_is_refused():
    data = bytearray(png_bytes(8, 8))
    idat = data.find(b"IDAT")
    data[idat + 6 : idat + 12] = b"\xff" * 6  # the pixel data no longer inflates
    refused("foto.png", bytes(data), "Gambar rusak")


def test_a_truncated_jpeg_is_refused():
    data = jpeg_bytes(64, 64)
    refused("foto.jpg", data[: len(data) // 2], "Gambar rusak")


def test_an_image_too_large_to_decode_is_refused(monkeypatch):
    monkeypatch.setattr(inside, "MAX_IMAGE_PIXELS", 10)
    refused("foto.png", png_bytes(4, 4), "Gambar terlalu besar")


# The upload stream, the file count, the inline sandbox (through the views)


def test_a_declared_too_big_body_is_refused_unread(client, settings, operator_dinkes, entry):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(operator_dinkes)
    big = SimpleUploadedFile("besar.pdf", pdf_bytes() + b"\x00" * 1_200_000, "application/pdf")
    url = reverse("evaluations:entry-evidence-upload", args=[entry.pk])
    response = client.post(url, {"title": "", "file": big}, **XHR)
    assert response.status_code == 413
    assert response.json()["errors"] == ["Berkas terlalu besar: maksimum 1 MB."]
    assert not Evidence.objects.filter(entry=entry).exists()


class CountingStream:
    def __init__(self, stream):
        self.stream, self.read_bytes = stream, 0

    def read(self, *args):
        data = self.stream.read(*args)
        self.read_bytes += len(data)
        return data

    def readline(self, *args):
        data = self.stream.readline(*args)
        self.read_bytes += len(data)
        return data


def test_the_stream_stops_as_soon_as_the_limit_is_passed(settings, monkeypatch):
    settings.EVIDENCE_MAX_BYTES = 100 * 1024
    monkeypatch.setattr(EvidenceSizeLimit, "check_declared_length", False)  # a lying length
    body = pdf_bytes() + b"\x00" * (5 * 1024 * 1024)
    request = RequestFactory().post(
        "/evaluasi/isian/1/bukti/", {"file": SimpleUploadedFile("b.pdf", body)}
    )
    counting = CountingStream(request._stream)
    request._stream = counting
    request.upload_handlers.insert(0, EvidenceSizeLimit(request))
    assert "file" not in request.FILES
    assert request.upload_too_big
    assert counting.read_bytes < 400 * 1024  # of a 5 MiB body


def test_the_page_says_too_big_for_a_plain_form_post(client, settings, operator_dinkes, entry):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(operator_dinkes)
    big = SimpleUploadedFile("besar.pdf", pdf_bytes() + b"\x00" * 200_000, "application/pdf")
    url = reverse("evaluations:entry-evidence-upload", args=[entry.pk])
    response = client.post(url, {"file": big}, follow=True)
    assert "Berkas terlalu besar" in response.content.decode()
    assert not Evidence.objects.filter(entry=entry).exists()


def test_files_per_entry_are_limited(client, settings, operator_dinkes, entry):
    settings.EVIDENCE_MAX_FILES = 2
    add_evidence(entry, by=operator_dinkes, name="a.pdf")
    add_evidence(entry, by=operator_dinkes, name="b.pdf")
    client.force_login(operator_dinkes)
    url = reverse("evaluations:entry-evidence-upload", args=[entry.pk])
    data = {"requirement": EXTRA, "title": "", "file": upload("c.pdf")}
    response = client.post(url, data, **XHR)
    assert response.status_code == 400
    assert "sudah memiliki 2 berkas bukti" in response.json()["errors"][0]
    assert Evidence.objects.filter(entry=entry).count() == 2


def test_a_replaced_file_does_not_count_twice(client, settings, operator_dinkes, entry):
    settings.EVIDENCE_MAX_FILES = 1
    old = add_evidence(entry, by=operator_dinkes, name="a.pdf")
    client.force_login(operator_dinkes)
    url = reverse("evaluations:evidence-replace", args=[old.pk])
    response = client.post(url, {"title": "", "file": upload("a2.pdf")}, **XHR)
    assert response.status_code == 200, response.content
    assert Evidence.objects.filter(entry=entry, superseded_by__isnull=True).count() == 1


@pytest.mark.parametrize("inline", ["1", ""])
def test_evidence_is_served_sandboxed_and_never_cached(
    client, operator_dinkes, verifikator, entry, inline
):
    evidence = add_evidence(entry, by=operator_dinkes, name="a.pdf")
    client.force_login(verifikator)
    url = reverse("evaluations:evidence-download", args=[evidence.pk])
    response = client.get(url, {"inline": inline})
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "script-src" not in policy
    assert "default-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
