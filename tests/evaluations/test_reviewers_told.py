"""Reviewers are told: a returned entry submitted again and comments reach the other side (in
the app and by e-mail, only after commit); opening the entry reads its notices; the entry page
names who changed the value apart from who reviewed it; a submission can be taken back."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from evaluations.errors import DomainError
from evaluations.models import AuditRecord, Entry, Notification
from evaluations.services import entries as services
from kla.accounts.models import Role
from tests.factories import entry_of, make_cycle, make_user, ready_entry


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


@pytest.fixture
def people(operator_dinkes, verifikator, kota_serang):
    operator_dinkes.email = "dinkes@serangkota.go.id"
    operator_dinkes.save()
    verifikator.email = "verif@serangkota.go.id"
    verifikator.save()
    other = make_user(city=kota_serang, role=Role.VERIFIKATOR, email="lain@serangkota.go.id")
    return {"operator": operator_dinkes, "verifikator": verifikator, "other": other}


@pytest.fixture
def returned(cycle, people, django_capture_on_commit_callbacks):
    entry = ready_entry(entry_of(cycle, "III-12.1"), by=people["operator"])
    entry = services.submit_entry(entry, user=people["operator"])
    with django_capture_on_commit_callbacks(execute=True):
        services.return_entry(
            entry, user=people["verifikator"], reason="Rekap belum ditandatangani"
        )
    Notification.objects.all().delete()
    mail.outbox.clear()
    return entry


def test_resubmission_tells_the_verifikator_who_returned_it_after_commit(
    returned, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.submit_entry(returned, user=people["operator"])
    assert not Notification.objects.exists() and not mail.outbox  # nothing before commit
    with django_capture_on_commit_callbacks(execute=True):  # the commit: notice, then e-mail
        for callback in pending:
            callback()
    notice = Notification.objects.get()
    assert notice.recipient == people["verifikator"]  # not the verifikator who did not return it
    assert notice.entry_id == returned.pk and notice.kind == Notification.Kind.RESUBMITTED
    assert "III-12.1" in notice.text and "diajukan ulang" in notice.text
    assert [m.to for m in mail.outbox] == [["verif@serangkota.go.id"]]
    assert "diajukan ulang" in mail.outbox[0].subject


def test_a_first_submission_tells_nobody(cycle, people, django_capture_on_commit_callbacks):
    entry = ready_entry(entry_of(cycle, "III-12.2"), by=people["operator"])
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_entry(entry, user=people["operator"])
    assert not Notification.objects.exists() and not mail.outbox


def test_a_rolled_back_submission_tells_nobody(
    returned, people, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.submit_entry(returned, user=people["operator"])
        raise RuntimeError("gagal setelah pengajuan")
    assert not Notification.objects.exists() and not mail.outbox


def test_an_operators_comment_goes_to_the_reviewer(
    returned, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(returned, user=people["operator"], text="Sudah kami perbaiki.")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        people["verifikator"].pk
    ]
    assert "Sudah kami perbaiki." in Notification.objects.get().text
    assert [m.to for m in mail.outbox] == [["verif@serangkota.go.id"]]


def test_a_first_comment_on_an_untouched_entry_goes_to_every_verifikator(
    cycle, people, django_capture_on_commit_callbacks
):
    entry = entry_of(cycle, "III-12.2")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(entry, user=people["operator"], text="Mohon arahan.")
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {people["verifikator"].pk, people["other"].pk}


def test_a_reviewers_comment_goes_to_the_operators_not_to_the_author(
    returned, people, operator_dindik, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(returned, user=people["verifikator"], text="Lampirkan SK.")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [people["operator"].pk]
    assert [m.to for m in mail.outbox] == [["dinkes@serangkota.go.id"]]


def test_opening_the_entry_reads_its_notices(client, returned, people):
    mine = Notification.objects.create(
        recipient=people["operator"],
        entry=returned,
        message="x",
        kind="reviewed",
        params={"code": "III-12.1", "unit": "Kota Serang", "status": "returned"},
    )
    other = Notification.objects.create(recipient=people["operator"], message="lain")
    client.force_login(people["operator"])
    client.get(reverse("evaluations:entry-detail", args=[returned.pk]))
    mine.refresh_from_db(), other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None


def test_notices_read_in_english_for_an_english_reader(client, returned, people):
    Notification.objects.create(
        recipient=people["operator"],
        entry=returned,
        message="Isian ...",
        kind="commented",
        params={"code": "III-12.1", "unit": "Kota Serang", "actor": "Verifikator", "text": "OK"},
    )
    client.force_login(people["operator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("evaluations:notification-list")).content.decode()
    assert "Comment by Verifikator on entry III-12.1 / Kota Serang: OK" in html
    assert "Komentar" not in html


def test_last_change_names_the_operator_and_the_review_apart(
    client, cycle, people, django_capture_on_commit_callbacks
):
    entry = ready_entry(entry_of(cycle, "III-12.2"), by=people["operator"])
    entry = services.submit_entry(entry, user=people["operator"])
    services.verify_entry(entry, user=people["verifikator"])
    client.force_login(people["operator"])
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    operator, verifikator = people["operator"].display_name, people["verifikator"].display_name
    assert f"Nilai terakhir diubah oleh {operator}" in html
    assert f"Ditinjau: Diverifikasi oleh {verifikator}" in html
    assert f"diubah oleh {verifikator}" not in html


def test_withdraw_a_submitted_entry_before_review(client, cycle, people):
    entry = services.submit_entry(
        ready_entry(entry_of(cycle, "III-12.2"), by=people["operator"]), user=people["operator"]
    )
    client.force_login(people["operator"])
    page = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert "Tarik kembali pengajuan" in page
    client.post(reverse("evaluations:entry-withdraw", args=[entry.pk]))
    entry.refresh_from_db()
    assert (entry.status, entry.submitted_at) == (Entry.Status.DRAFT, None)
    record = AuditRecord.objects.filter(entry=entry).first()
    assert record.action == AuditRecord.Action.ENTRY_WITHDRAWN
    assert record.changes == {"status": ["submitted", "draft"]}


@pytest.mark.parametrize("status", ["draft", "returned", "verified"])
def test_only_a_submitted_entry_can_be_withdrawn(cycle, people, status):
    entry = entry_of(cycle, "III-12.2")
    Entry.objects.filter(pk=entry.pk).update(status=status)
    entry.refresh_from_db()
    with pytest.raises(DomainError, match="Hanya isian yang diajukan"):
        services.withdraw_entry(entry, user=people["operator"])
    assert Entry.objects.get(pk=entry.pk).status == status


def test_no_withdrawal_once_the_window_has_closed(kota_serang, admin_dp3akb, people):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb, year=2025, open_entry=False)
    entry = entry_of(cycle, "III-12.2")
    Entry.objects.filter(pk=entry.pk).update(status="submitted")
    with pytest.raises(DomainError, match="Masa pengisian sudah ditutup"):
        services.withdraw_entry(entry, user=people["operator"])
