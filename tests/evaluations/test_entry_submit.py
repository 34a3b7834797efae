"""Submitting an entry: needs a value and every required document, only while entry is open."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Entry
from evaluations.services.entries import save_entry
from evaluations.services.evidence import replace_evidence
from loadtest import pages
from tests.factories import add_evidence, entry_of, ready_entry, submitted_entry, upload


def url(entry) -> str:
    return reverse("evaluations:entry-submit", args=[entry.pk])


def submit(client, entry):
    response = client.post(url(entry), follow=True)
    entry.refresh_from_db()
    return response.content.decode()


def test_url():
    assert reverse("evaluations:entry-submit", args=[7]) == "/evaluasi/isian/7/ajukan/"


def test_complete_entry_is_submitted(client, operator_dinkes, entry):
    ready_entry(entry, by=operator_dinkes)
    client.force_login(operator_dinkes)
    html = submit(client, entry)
    assert "Isian diajukan untuk diverifikasi." in html
    assert entry.status == Entry.Status.SUBMITTED
    assert entry.submitted_at is not None
    record = AuditRecord.objects.get(entry=entry, action="entry_submitted")
    assert record.changes["status"] == ["draft", "submitted"]
    assert record.actor == operator_dinkes


def test_missing_required_document_is_named(client, operator_dinkes, entry, document):
    save_entry(
        entry,
        user=operator_dinkes,
        values={"numerator": Decimal(1), "denominator": Decimal(2)},
        version=1,
    )
    add_evidence(entry, by=operator_dinkes)  # a file, but not for the required document
    client.force_login(operator_dinkes)
    html = submit(client, entry)
    assert "dokumen wajib belum diunggah: Rekap laporan KIA per puskesmas" in html
    assert entry.status == Entry.Status.DRAFT
    assert not AuditRecord.objects.filter(entry=entry, action="entry_submitted").exists()


def test_several_missing_documents_are_all_named(client, operator_dinkes, admin_dp3akb, cycle):
    entry = entry_of(cycle, "III-15.2")  # coverage, two required documents
    save_entry(entry, user=admin_dp3akb, values={"yes": True}, version=1)
    client.force_login(operator_dinkes)
    html = submit(client, entry)
    assert "SK Kepala Puskesmas tentang PKPR; Laporan kegiatan PKPR" in html
    assert entry.status == Entry.Status.DRAFT


def test_a_value_is_needed(client, operator_dinkes, entry, document):
    add_evidence(entry, by=operator_dinkes, requirement=document)
    client.force_login(operator_dinkes)
    assert "Isi nilai terlebih dahulu sebelum mengajukan." in submit(client, entry)
    assert entry.status == Entry.Status.DRAFT


def test_superseded_evidence_no_longer_counts_but_its_replacement_does(
    client, operator_dinkes, entry, document
):
    ready_entry(entry, by=operator_dinkes)
    old = entry.evidence.get()
    replace_evidence(old, user=operator_dinkes, upload=upload("versi-2.pdf"))
    client.force_login(operator_dinkes)
    submit(client, entry)
    assert entry.status == Entry.Status.SUBMITTED


def test_already_submitted_is_refused(client, operator_dinkes, entry):
    entry = submitted_entry(entry, by=operator_dinkes)
    client.force_login(operator_dinkes)
    assert "Isian ini sudah diajukan." in submit(client, entry)
    assert AuditRecord.objects.filter(entry=entry, action="entry_submitted").count() == 1


def test_locked_cycle_refuses_submission(client, operator_dinkes, closed_cycle):
    entry = entry_of(closed_cycle, "III-12.1")
    Entry.objects.filter(pk=entry.pk).update(numerator=1, denominator=2)
    client.force_login(operator_dinkes)
    assert "Masa pengisian sudah ditutup" in submit(client, entry)
    assert entry.status == Entry.Status.DRAFT


def test_anonymous_is_sent_to_login(client, entry):
    response = client.post(url(entry))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator_dindik", 404), ("outsider", 404), ("verifikator", 403), ("pimpinan", 403)],
)
def test_other_opd_or_city_is_404_and_read_only_roles_403(
    client, personas, operator_dinkes, entry, persona, status
):
    ready_entry(entry, by=operator_dinkes)
    client.force_login(personas[persona])
    assert client.post(url(entry)).status_code == status
    entry.refresh_from_db()
    assert entry.status == Entry.Status.DRAFT


def test_get_is_405(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    assert client.get(url(entry)).status_code == 405


def test_the_load_test_sees_ajukan_only_where_the_entry_page_offers_it(
    client, operator_dinkes, entry, cycle
):
    ready_entry(entry, by=operator_dinkes)
    other = submitted_entry(entry_of(cycle, "III-12.2"), by=operator_dinkes)
    client.force_login(operator_dinkes)

    draft_page = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    submitted_page = client.get(
        reverse("evaluations:entry-detail", args=[other.pk])
    ).content.decode()

    assert pages.can_submit(draft_page, entry.pk)  # loadtest/locustfile.py then submits it
    assert not pages.can_submit(submitted_page, other.pk)
