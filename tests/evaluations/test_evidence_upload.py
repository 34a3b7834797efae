"""Uploading evidence to an entry: real files, refusals that store nothing, permissions."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.errors import DomainError
from evaluations.models import AuditRecord, Evidence
from evaluations.services.evidence import upload_evidence
from tests.factories import entry_of, pdf_bytes, png_bytes, submitted_entry, upload

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def url(entry) -> str:
    return reverse("evaluations:entry-evidence-upload", args=[entry.pk])


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def assert_nothing_stored(entry):
    assert not Evidence.objects.filter(entry=entry).exists()
    assert stored_files() == []
    assert not AuditRecord.objects.filter(entry=entry, action="evidence_uploaded").exists()


def send(client, entry, file, xhr=False, **data):
    payload = {"title": "Rekap KIA 2025", "requirement": "lainnya", "file": file, **data}
    return client.post(url(entry), payload, **(XHR if xhr else {}))


def test_url():
    assert reverse("evaluations:entry-evidence-upload", args=[7]) == "/evaluasi/isian/7/bukti/"


def test_operator_uploads_a_pdf_for_the_required_document(client, operator_dinkes, entry, document):
    client.force_login(operator_dinkes)
    response = send(client, entry, upload("rekap kia.pdf"), requirement=document.pk)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/evaluasi/isian/{entry.pk}/#bukti")
    evidence = Evidence.objects.get(entry=entry)
    assert evidence.title == "Rekap KIA 2025"
    assert evidence.requirement == document
    assert evidence.original_name == "rekap_kia.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(pdf_bytes())
    assert evidence.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    assert evidence.uploaded_by == operator_dinkes
    [path] = stored_files()
    assert path.read_bytes() == pdf_bytes()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "evidence" / str(entry.cycle_id))
    record = AuditRecord.objects.get(entry=entry, action="evidence_uploaded")
    assert record.changes["evidence"][0] is None
    assert "rekap_kia.pdf" in record.changes["evidence"][1]
    page = client.get(response["Location"]).content.decode()
    assert "Bukti “Rekap KIA 2025” diunggah." in page


def test_xhr_upload_answers_json_and_the_list_shows_it(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    response = send(client, entry, upload("foto.png", png_bytes()), xhr=True, title="")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": "Bukti “foto.png” diunggah."}
    listing = client.get(reverse("evaluations:entry-evidence-list", args=[entry.pk]))
    assert "foto.png" in listing.content.decode()
    assert Evidence.objects.get(entry=entry).content_type == "image/png"


def test_several_files_per_entry(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    for name in ("satu.pdf", "dua.pdf", "tiga.png"):
        content = png_bytes() if name.endswith("png") else pdf_bytes()
        send(client, entry, upload(name, content), title=name)
    assert Evidence.objects.filter(entry=entry).count() == 3
    assert len(stored_files()) == 3


BAD_UPLOADS = [
    pytest.param(
        lambda: upload("laporan.pdf", b"Ini teks biasa yang diberi nama .pdf\n" * 20),
        "Jenis berkas tidak diizinkan",
        id="text-renamed-pdf",
    ),
    pytest.param(lambda: upload("besar.pdf", pdf_bytes()), "Berkas terlalu besar", id="oversize"),
    pytest.param(lambda: upload("kosong.pdf", b""), "Berkas kosong", id="empty"),
    pytest.param(lambda: upload("C:bukti.pdf"), "Nama berkas tidak sah", id="drive-path"),
]


@pytest.mark.parametrize("xhr", [False, True], ids=["form", "xhr"])
@pytest.mark.parametrize(("make_file", "message"), BAD_UPLOADS)
def test_bad_upload_is_refused_and_stores_nothing(
    client, settings, operator_dinkes, entry, make_file, message, xhr
):
    file = make_file()
    if file.name == "besar.pdf":
        settings.EVIDENCE_MAX_BYTES = file.size - 1
    client.force_login(operator_dinkes)
    response = send(client, entry, file, xhr=xhr)
    if xhr:
        # a body stopped by the streaming size limit is 413 (Payload Too Large)
        assert response.status_code == (413 if file.name == "besar.pdf" else 400)
        assert response.json()["ok"] is False
        assert message in " ".join(response.json()["errors"])
    else:
        assert response.status_code == 302
        assert message in client.get(response["Location"]).content.decode()
    assert_nothing_stored(entry)


def test_path_like_name_is_refused_by_the_service(operator_dinkes, entry):
    file = SimpleUploadedFile("C:\\Users\\x\\bukti.pdf", pdf_bytes())
    with pytest.raises(DomainError, match="Nama berkas tidak sah"):
        upload_evidence(entry, user=operator_dinkes, upload=file)
    assert_nothing_stored(entry)


def test_directories_in_a_posted_name_never_reach_the_disk(client, operator_dinkes, entry):
    """Django drops "../../" from a multipart file name; what is stored stays in its folder."""
    client.force_login(operator_dinkes)
    send(client, entry, upload("../../etc/passwd.pdf"))
    [path] = stored_files()
    assert path.parent == Path(settings.MEDIA_ROOT) / "evidence" / str(entry.cycle_id) / str(
        entry.pk
    )
    assert Evidence.objects.get(entry=entry).original_name == "passwd.pdf"


def test_no_file_is_a_form_error(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    response = client.post(url(entry), {"title": "x", "requirement": "lainnya"}, **XHR)
    assert response.json()["errors"] == ["Pilih berkas yang akan diunggah."]
    assert_nothing_stored(entry)


def test_requirement_of_another_question_is_refused(client, operator_dinkes, entry, cycle):
    foreign = entry_of(cycle, "III-15.2").question.documents.first()
    client.force_login(operator_dinkes)
    response = send(client, entry, upload(), xhr=True, requirement=foreign.pk)
    assert "Pilih dokumen wajib dari daftar pertanyaan ini." in response.json()["errors"]
    assert_nothing_stored(entry)


def test_locked_cycle_refuses_uploads(client, operator_dinkes, closed_cycle):
    entry = entry_of(closed_cycle, "III-12.1")
    client.force_login(operator_dinkes)
    response = send(client, entry, upload(), xhr=True)
    assert "Masa pengisian sudah ditutup" in response.json()["errors"][0]
    assert_nothing_stored(entry)


def test_submitted_entry_refuses_operator_uploads(client, operator_dinkes, entry):
    entry = submitted_entry(entry, by=operator_dinkes)
    before = Evidence.objects.filter(entry=entry).count()
    client.force_login(operator_dinkes)
    response = send(client, entry, upload("telat.pdf"), xhr=True)
    assert "sudah diajukan" in response.json()["errors"][0]
    assert Evidence.objects.filter(entry=entry).count() == before


def test_anonymous_is_sent_to_login(client, entry):
    response = send(client, entry, upload())
    assert response["Location"].startswith(reverse("login"))
    assert_nothing_stored(entry)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator_dindik", 404), ("outsider", 404), ("verifikator", 403), ("pimpinan", 403)],
)
def test_other_opd_or_city_is_404_and_read_only_roles_403(client, personas, entry, persona, status):
    client.force_login(personas[persona])
    assert send(client, entry, upload()).status_code == status
    assert_nothing_stored(entry)


def test_get_is_405(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    assert client.get(url(entry)).status_code == 405
