"""Returning a submitted entry needs a reason; the operator sees it, fixes and resubmits."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Entry, Notification
from evaluations.services.entries import save_entry, submit_entry
from tests.factories import submitted_entry

REASON = "Rekap belum ditandatangani kepala dinas."


@pytest.fixture
def submitted(entry, operator_dinkes):
    return submitted_entry(entry, by=operator_dinkes)


def url(entry) -> str:
    return reverse("evaluations:entry-return", args=[entry.pk])


def give_back(client, entry, reason=REASON):
    response = client.post(url(entry), {"reason": reason}, follow=True)
    entry.refresh_from_db()
    return response


def test_url():
    assert reverse("evaluations:entry-return", args=[7]) == "/evaluasi/isian/7/kembalikan/"


def test_reviewer_returns_with_a_reason(
    client, verifikator, submitted, operator_dinkes, django_capture_on_commit_callbacks
):
    client.force_login(verifikator)
    with django_capture_on_commit_callbacks(execute=True):
        response = give_back(client, submitted)
    assert "Isian dikembalikan ke operator beserta alasannya." in response.content.decode()
    assert submitted.status == Entry.Status.RETURNED
    assert submitted.return_reason == REASON
    record = AuditRecord.objects.get(entry=submitted, action="entry_returned")
    assert record.changes["status"] == ["submitted", "returned"]
    assert record.note == REASON
    notice = Notification.objects.get(recipient=operator_dinkes)
    assert REASON in notice.message


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_a_reason_is_required(client, verifikator, submitted, reason):
    client.force_login(verifikator)
    response = give_back(client, submitted, reason)
    assert response.status_code == 200
    assert "Alasan pengembalian wajib diisi." in response.content.decode()
    assert submitted.status == Entry.Status.SUBMITTED
    assert not Notification.objects.exists()


def test_only_a_submitted_entry_can_be_returned(client, verifikator, entry):
    client.force_login(verifikator)
    response = give_back(client, entry)
    assert "Hanya isian berstatus diajukan yang dapat ditinjau" in response.content.decode()
    assert entry.status == Entry.Status.DRAFT


def test_operator_fixes_and_resubmits(client, verifikator, submitted, operator_dinkes):
    client.force_login(verifikator)
    give_back(client, submitted)
    client.force_login(operator_dinkes)
    page = client.get(reverse("evaluations:entry-detail", args=[submitted.pk])).content.decode()
    assert REASON in page
    fixed = save_entry(
        submitted,
        user=operator_dinkes,
        values={"numerator": Decimal(44), "denominator": Decimal(50)},
        version=submitted.version,
    )
    fixed = submit_entry(fixed, user=operator_dinkes)
    assert fixed.status == Entry.Status.SUBMITTED
    assert fixed.return_reason == ""  # the reason stays in the audit trail
    actions = list(
        AuditRecord.objects.filter(entry=fixed).order_by("id").values_list("action", flat=True)
    )
    assert actions[-3:] == ["entry_returned", "entry_saved", "entry_submitted"]


def test_anonymous_is_sent_to_login(client, submitted):
    response = client.post(url(submitted), {"reason": REASON})
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 404), ("operator_dinkes", 403), ("operator_dindik", 403), ("pimpinan", 403)],
)
def test_other_city_is_404_and_others_403(client, personas, submitted, persona, status):
    client.force_login(personas[persona])
    assert client.post(url(submitted), {"reason": REASON}).status_code == status
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.SUBMITTED


def test_get_is_405(client, verifikator, submitted):
    client.force_login(verifikator)
    assert client.get(url(submitted)).status_code == 405
