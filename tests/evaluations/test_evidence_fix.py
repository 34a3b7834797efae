"""Evidence that can be fixed: an explicit required-document choice, re-tagging and withdrawing
a file while the entry is editable, and a word about the same file attached twice."""

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Evidence
from evaluations.services.entries import missing_documents
from tests.factories import add_evidence, entry_of, make_cycle, pdf_bytes, set_entry_state, upload

XHR = {"headers": {"x-requested-with": "XMLHttpRequest"}}


@pytest.fixture
def entry(kota_serang, admin_dp3akb):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    return set_entry_state(entry_of(cycle, "III-12.1"), numerator=45, denominator=50)


def checklist(client, entry) -> str:
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    return html.split('data-testid="checklist"')[1].split("</ul>")[0]


def test_upload_without_choosing_the_document_is_refused(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    url = reverse("evaluations:entry-evidence-upload", args=[entry.pk])
    response = client.post(url, {"title": "", "requirement": "", "file": upload()}, **XHR)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "Pilih dokumen wajib yang dipenuhi berkas ini, atau “Bukan dokumen wajib”."
    ]
    assert not Evidence.objects.exists()
    form = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert '<option value="" selected>— pilih —</option>' in form
    assert "Bukan dokumen wajib (bukti tambahan)" in form


def test_retag_makes_the_document_present_and_is_audited(client, operator_dinkes, entry):
    evidence = add_evidence(entry, by=operator_dinkes, title="Rekap KIA")
    document = entry.question.documents.get()
    assert missing_documents(entry) == [document]
    client.force_login(operator_dinkes)
    response = client.post(
        reverse("evaluations:evidence-retag", args=[evidence.pk]), {"requirement": document.pk}
    )
    assert response.status_code == 302
    assert missing_documents(entry) == []
    assert "Belum ada:" not in checklist(client, entry)
    record = AuditRecord.objects.get(action=AuditRecord.Action.EVIDENCE_RETAGGED)
    assert record.changes == {"requirement": ["bukan dokumen wajib", document.name]}
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert "Dokumen wajib bukti diubah" in html


def test_withdraw_keeps_the_file_and_the_document_is_missing_again(client, operator_dinkes, entry):
    document = entry.question.documents.get()
    evidence = add_evidence(entry, by=operator_dinkes, requirement=document, title="SK")
    client.force_login(operator_dinkes)
    response = client.post(reverse("evaluations:evidence-withdraw", args=[evidence.pk]))
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.withdrawn_at is not None and evidence.withdrawn_by == operator_dinkes
    assert evidence.file.storage.exists(evidence.file.name)  # never deleted
    assert missing_documents(entry) == [document]
    assert "Belum ada:" in checklist(client, entry)
    record = AuditRecord.objects.get(action=AuditRecord.Action.EVIDENCE_WITHDRAWN)
    assert record.changes["evidence"][1] is None and "SK" in record.changes["evidence"][0]
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert "Berkas yang ditarik (1)" in html
    download = client.get(reverse("evaluations:evidence-download", args=[evidence.pk]))
    assert download.status_code == 200
    again = client.post(reverse("evaluations:evidence-withdraw", args=[evidence.pk]), **XHR)
    assert again.json()["errors"] == ["Berkas ini sudah ditarik."]


@pytest.mark.parametrize("action", ["evidence-retag", "evidence-withdraw"])
def test_nothing_changes_once_the_entry_is_submitted(client, operator_dinkes, entry, action):
    evidence = add_evidence(entry, by=operator_dinkes)
    set_entry_state(entry, status="submitted")
    audit = AuditRecord.objects.count()
    client.force_login(operator_dinkes)
    response = client.post(
        reverse(f"evaluations:{action}", args=[evidence.pk]),
        {"requirement": entry.question.documents.get().pk},
        **XHR,
    )
    assert response.status_code == 400
    assert "sudah diajukan" in response.json()["errors"][0]
    evidence.refresh_from_db()
    assert (evidence.requirement, evidence.withdrawn_at) == (None, None)
    assert AuditRecord.objects.count() == audit


def test_retag_to_a_document_of_another_question_is_refused(client, operator_dinkes, entry):
    evidence = add_evidence(entry, by=operator_dinkes)
    foreign = entry_of(entry.cycle, "III-14.3").question.documents.first()
    client.force_login(operator_dinkes)
    response = client.post(
        reverse("evaluations:evidence-retag", args=[evidence.pk]),
        {"requirement": foreign.pk},
        **XHR,
    )
    assert response.json()["errors"] == ["Pilih dokumen wajib dari daftar pertanyaan ini."]
    evidence.refresh_from_db()
    assert evidence.requirement is None


def test_the_same_file_again_is_pointed_out(client, operator_dinkes, entry):
    content = pdf_bytes("SK Wali Kota")
    client.force_login(operator_dinkes)
    url = reverse("evaluations:entry-evidence-upload", args=[entry.pk])
    first = {"title": "SK", "requirement": "lainnya", "file": upload("sk.pdf", content)}
    assert "Perhatian" not in client.post(url, first, **XHR).json()["message"]
    second = {"title": "SK lagi", "requirement": "lainnya", "file": upload("sk2.pdf", content)}
    message = client.post(url, second, **XHR).json()["message"]
    assert "berkas yang sama persis (SHA-256 sama) sudah dilampirkan sebagai “SK”" in message
    old = Evidence.objects.get(title="SK")
    replace = reverse("evaluations:evidence-replace", args=[old.pk])
    again = client.post(replace, {"file": upload("sk3.pdf", content)}, **XHR).json()
    assert "SHA-256 sama" in again["message"]
