"""Replacing an evidence file: a new version; the old one is kept, superseded, in history."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from evaluations.models import AuditRecord, Evidence
from tests.factories import (
    add_evidence,
    entry_of,
    evidence_row,
    pdf_bytes,
    submitted_entry,
    upload,
)

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def evidence(entry, document, operator_dinkes):
    return add_evidence(entry, by=operator_dinkes, requirement=document, title="Rekap KIA v1")


def url(evidence) -> str:
    return reverse("evaluations:evidence-replace", args=[evidence.pk])


def replace(client, evidence, content=None, name="rekap-v2.pdf", xhr=False, title=""):
    payload = {"title": title, "file": upload(name, content or pdf_bytes("Versi 2"))}
    return client.post(url(evidence), payload, **(XHR if xhr else {}))


def versions(entry) -> int:
    return Evidence.objects.filter(entry=entry).count()


def test_url():
    assert reverse("evaluations:evidence-replace", args=[7]) == "/evaluasi/bukti/7/ganti/"


def test_replacing_keeps_the_old_version(client, operator_dinkes, entry, document, evidence):
    client.force_login(operator_dinkes)
    response = replace(client, evidence)
    assert response.status_code == 302
    evidence.refresh_from_db()
    new = evidence.superseded_by
    assert new is not None and new.is_current and not evidence.is_current
    assert new.requirement == document
    assert new.title == "Rekap KIA v1"  # the old title unless a new one is given
    assert new.original_name == "rekap-v2.pdf"
    assert Path(evidence.file.path).read_bytes() == pdf_bytes()  # the old file is still there
    assert len([p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]) == 2
    record = AuditRecord.objects.get(entry=entry, action="evidence_replaced")
    assert "bukti.pdf" in record.changes["evidence"][0]
    assert "rekap-v2.pdf" in record.changes["evidence"][1]


def test_history_shows_superseded_versions(client, operator_dinkes, entry, evidence):
    client.force_login(operator_dinkes)
    replace(client, evidence, title="Rekap KIA v2")
    new = Evidence.objects.get(entry=entry, superseded_by__isnull=True)
    replace(client, new, name="rekap-v3.pdf", title="Rekap KIA v3")
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert "2 versi sebelumnya" in html
    assert "Rekap KIA v3" in html
    assert "rekap-v2.pdf" in html and "bukti.pdf" in html
    assert html.count('data-testid="evidence"') == 1  # one current file, its history inside
    assert versions(entry) == 3


def test_superseded_version_cannot_be_replaced_again(client, operator_dinkes, entry, evidence):
    client.force_login(operator_dinkes)
    replace(client, evidence)
    response = replace(client, evidence, xhr=True)
    assert response.status_code == 400
    assert response.json()["errors"] == ["Berkas ini sudah diganti; ganti versi terbarunya."]
    assert versions(entry) == 2


def test_bad_replacement_is_refused_and_stores_nothing(client, operator_dinkes, entry, evidence):
    client.force_login(operator_dinkes)
    response = replace(client, evidence, content=b"bukan pdf\n" * 50, xhr=True)
    assert "Jenis berkas tidak diizinkan" in response.json()["errors"][0]
    evidence.refresh_from_db()
    assert evidence.is_current
    assert versions(entry) == 1
    assert len([p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]) == 1


def test_locked_cycle_refuses_replacement(client, operator_dinkes, closed_cycle):
    entry = entry_of(closed_cycle, "III-12.1")
    old = evidence_row(entry, by=operator_dinkes)
    client.force_login(operator_dinkes)
    response = replace(client, old, xhr=True)
    assert "Masa pengisian sudah ditutup" in response.json()["errors"][0]
    old.refresh_from_db()
    assert old.is_current and versions(entry) == 1


def test_submitted_entry_refuses_operator_replacement(client, operator_dinkes, entry):
    entry = submitted_entry(entry, by=operator_dinkes)
    client.force_login(operator_dinkes)
    response = replace(client, entry.evidence.get(), xhr=True)
    assert "sudah diajukan" in response.json()["errors"][0]
    assert versions(entry) == 1


def test_anonymous_is_sent_to_login(client, evidence):
    response = replace(client, evidence)
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator_dindik", 404), ("outsider", 404), ("verifikator", 403), ("pimpinan", 403)],
)
def test_other_opd_or_city_is_404_and_read_only_roles_403(
    client, personas, entry, evidence, persona, status
):
    client.force_login(personas[persona])
    assert replace(client, evidence).status_code == status
    assert versions(entry) == 1


def test_get_is_405(client, operator_dinkes, evidence):
    client.force_login(operator_dinkes)
    assert client.get(url(evidence)).status_code == 405
