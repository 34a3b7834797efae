"""Verifying a submitted entry (also after the entry window) and telling its operators."""

import socket

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


def test_operators_of_the_opd_are_notified_after_commit(
    client, verifikator, submitted, operator_dinkes, django_capture_on_commit_callbacks
):
    operator_dinkes.email = "dinkes@serangkota.go.id"
    operator_dinkes.save()
    client.force_login(verifikator)
    with django_capture_on_commit_callbacks() as after_commit:
        verify(client, submitted)
    assert submitted.status == Entry.Status.VERIFIED
    assert not Notification.objects.exists() and mail.outbox == []  # nothing before commit
    for callback in after_commit:
        callback()
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


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (a mail server that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("action", ["verify", "return"])
def test_an_unreachable_mail_server_fails_neither_verify_nor_return(
    client,
    settings,
    caplog,
    verifikator,
    submitted,
    operator_dinkes,
    django_capture_on_commit_callbacks,
    action,
):
    operator_dinkes.email = "dinkes@serangkota.go.id"
    operator_dinkes.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 5
    client.force_login(verifikator)
    name = "entry-verify" if action == "verify" else "entry-return"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(f"evaluations:{name}", args=[submitted.pk]), {"reason": "Belum lengkap."}
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    expected = Entry.Status.VERIFIED if action == "verify" else Entry.Status.RETURNED
    assert submitted.status == expected
    assert AuditRecord.objects.filter(entry=submitted, changes__status__1=expected).exists()
    assert Notification.objects.filter(recipient=operator_dinkes, entry=submitted).exists()
    failures = [r for r in caplog.records if r.name == "evaluations.side_effects"]
    assert [r.levelname for r in failures] == ["ERROR"]
    assert "mail_reviewed" in failures[0].getMessage()
