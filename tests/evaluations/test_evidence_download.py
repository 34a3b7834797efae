"""Downloading evidence only through the access check; inline for PDF and images."""

import pytest
from django.urls import reverse

from evaluations.services.evidence import replace_evidence, upload_evidence
from tests.factories import add_evidence, docx_bytes, evidence_row, pdf_bytes, png_bytes, upload


@pytest.fixture
def evidence(entry, operator_dinkes):
    return add_evidence(entry, by=operator_dinkes, name="rekap kia.pdf")


def url(evidence, inline=False) -> str:
    return reverse("evaluations:evidence-download", args=[evidence.pk]) + (
        "?inline=1" if inline else ""
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_url():
    assert reverse("evaluations:evidence-download", args=[7]) == "/evaluasi/bukti/7/"


@pytest.mark.parametrize("persona", ["admin_dp3akb", "verifikator", "operator_dinkes", "pimpinan"])
def test_download_is_an_attachment(client, personas, evidence, persona):
    client.force_login(personas[persona])
    response = client.get(url(evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rekap_kia.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == pdf_bytes()


def test_pdf_inline_for_viewing_in_the_page(client, verifikator, evidence):
    client.force_login(verifikator)
    response = client.get(url(evidence, inline=True))
    assert response["Content-Disposition"] == 'inline; filename="rekap_kia.pdf"'
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_image_inline(client, verifikator, entry, operator_dinkes):
    image = upload_evidence(
        entry, user=operator_dinkes, upload=upload("foto.png", png_bytes(), "image/png")
    )
    client.force_login(verifikator)
    response = client.get(url(image, inline=True))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


def test_office_files_are_never_inline(client, verifikator, entry):
    docx = evidence_row(
        entry,
        content=docx_bytes(),
        original_name="surat.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    client.force_login(verifikator)
    response = client.get(url(docx, inline=True))
    assert response["Content-Disposition"].startswith("attachment")


def test_superseded_versions_stay_downloadable(client, operator_dinkes, evidence):

    replace_evidence(evidence, user=operator_dinkes, upload=upload("baru.pdf"))
    client.force_login(operator_dinkes)
    assert client.get(url(evidence)).status_code == 200


def test_missing_file_is_404(client, admin_dp3akb, evidence):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(admin_dp3akb)
    assert client.get(url(evidence)).status_code == 404


def test_anonymous_is_sent_to_login(client, evidence):
    response = client.get(url(evidence))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["operator_dindik", "outsider"])
def test_other_opd_or_city_is_404(client, personas, evidence, persona):
    client.force_login(personas[persona])
    assert client.get(url(evidence)).status_code == 404
    assert client.get(url(evidence, inline=True)).status_code == 404


def test_post_is_405(client, admin_dp3akb, evidence):
    client.force_login(admin_dp3akb)
    assert client.post(url(evidence)).status_code == 405
