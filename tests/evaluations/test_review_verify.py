"""Verifying a submitted entry (also after the entry window) and telling its operators."""

import pytest
from django.core import mail
from django.urls import reverse

from evaluations.models import AuditRecord, Entry, Notification
from tests.factories import entry_of, ready_entry, submitted_entry


@pytest.fixture
def submitted(entry, operator_dinkes):
    return submitted_entry(entry, by=operator_dinkes)


def url(entry) -> str:
    return reverse("evaluations:entry-verify", args=[entry.pk])


def verify(client, entry):
    response = client.post(url(entry), follow=True)
    entry.refresh_from_db()
    return response


def test_url():
    assert reverse("evaluations:entry-verify", args=[7]) == "/evaluasi/isian/7/verifikasi/"


@pytest.mark.parametrize("persona", ["verifikator", "admin_dp3akb"])
def test_reviewer_verifies_a_submitted_entry(client, personas, submitted, persona):
    client.force_login(personas[persona])
    response = verify(client, submitted)
    assert "Isian diverifikasi." in response.content.decode()
    assert submitted.status == Entry.Status.VERIFIED
    assert submitted.verified_at is not None
    record = AuditRecord.objects.get(entry=submitted, action="entry_verified")
    assert record.changes["status"] == ["submitted", "verified"]
    assert record.actor == personas[persona]


def test_operators_of_the_opd_are_notified(client, verifikator, submitted, operator_dinkes):
    operator_dinkes.email = "dinkes@serangkota.go.id"
    operator_dinkes.save()
    client.force_login(verifikator)
    verify(client, submitted)
    notice = Notification.objects.get(recipient=operator_dinkes)
    assert notice.entry == submitted
    assert "diverifikasi" in notice.message
    assert [message.to for message in mail.outbox] == [["dinkes@serangkota.go.id"]]


def test_verified_entry_is_read_only_for_the_operator(
    client, verifikator, submitted, operator_dinkes
):
    client.force_login(verifikator)
    verify(client, submitted)
    client.force_login(operator_dinkes)
    html = client.get(reverse("evaluations:entry-detail", args=[submitted.pk])).content.decode()
    assert 'name="numerator"' not in html
    assert "Diverifikasi" in html


@pytest.mark.parametrize("status", ["draft", "returned", "verified"])
def test_only_a_submitted_entry_can_be_verified(client, verifikator, submitted, status):
    Entry.objects.filter(pk=submitted.pk).update(status=status)
    client.force_login(verifikator)
    response = verify(client, submitted)
    assert "Hanya isian berstatus diajukan yang dapat ditinjau" in response.content.decode()
    assert submitted.status == status
    assert not AuditRecord.objects.filter(entry=submitted, action="entry_verified").exists()


def test_verification_is_allowed_after_the_entry_window(
    client, verifikator, operator_dinkes, closed_cycle
):
    entry = entry_of(closed_cycle, "III-12.1")
    Entry.objects.filter(pk=entry.pk).update(status="submitted", numerator=1, denominator=2)
    client.force_login(verifikator)
    verify(client, entry)
    assert entry.status == Entry.Status.VERIFIED


def test_anonymous_is_sent_to_login(client, submitted):
    response = client.post(url(submitted))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 404), ("operator_dinkes", 403), ("operator_dindik", 403), ("pimpinan", 403)],
)
def test_other_city_is_404_and_others_403(client, personas, submitted, persona, status):
    client.force_login(personas[persona])
    assert client.post(url(submitted)).status_code == status
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.SUBMITTED


def test_get_is_405(client, verifikator, entry, operator_dinkes):
    ready_entry(entry, by=operator_dinkes)
    client.force_login(verifikator)
    assert client.get(url(entry)).status_code == 405
