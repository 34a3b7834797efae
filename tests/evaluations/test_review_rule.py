"""The review rule (docs/review-rule.md): no changed value or evidence stays verified.

Whoever changes the answer or the evidence of a submitted or verified entry (an Admin KLA on
the entry page or the all-kecamatan page, an upload, a replaced file, the answers file), the
entry is submitted afterwards, the step is audited, and the city's reviewers are told after
commit; the one who made the change and other cities' reviewers are not.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from evaluations.models import AuditRecord, Entry, Notification
from evaluations.services.entries import save_entry, verify_entry
from evaluations.services.evidence import replace_evidence, upload_evidence
from tests import factories

AGAIN = AuditRecord.Action.REVIEW_NEEDED_AGAIN


@pytest.fixture
def reviewers(verifikator, outsider):
    verifikator.email = "verifikator@serang.example"
    verifikator.save()
    outsider.email = "admin@cilegon.example"
    outsider.save()
    return verifikator


@pytest.fixture
def verified(entry, operator_dinkes, verifikator):
    submitted = factories.submitted_entry(entry, by=operator_dinkes)
    return verify_entry(submitted, user=verifikator)


def assert_reviewed_again(entry, *, was: str, by, verifikator, outsider):
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED
    assert entry.verified_at is None
    record = AuditRecord.objects.filter(entry=entry, action=AGAIN).latest("id")
    assert record.actor == by
    assert record.changes.get("status", [was, "submitted"]) == [was, "submitted"]
    notice = Notification.objects.get(recipient=verifikator, entry=entry)
    assert "perlu ditinjau ulang" in notice.message
    assert not Notification.objects.filter(recipient__in=[by, outsider]).exists()
    assert [m.to for m in mail.outbox if "ditinjau ulang" in m.subject] == [[verifikator.email]]


def test_admin_changing_a_verified_value_sends_it_back_to_review(
    verified, admin_dp3akb, reviewers, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_entry(
            verified,
            user=admin_dp3akb,
            values={"numerator": Decimal(0), "denominator": Decimal(1000)},
            version=verified.version,
        )
    assert_reviewed_again(
        verified, was="verified", by=admin_dp3akb, verifikator=reviewers, outsider=outsider
    )
    saved = AuditRecord.objects.filter(entry=verified, action=AuditRecord.Action.ENTRY_SAVED)
    assert saved.latest("id").changes["numerator"] == ["45", "0"]


def test_a_note_alone_does_not_reopen_the_review(verified, admin_dp3akb, reviewers):
    save_entry(verified, user=admin_dp3akb, values={"note": "ejaan"}, version=verified.version)
    verified.refresh_from_db()
    assert verified.status == Entry.Status.VERIFIED
    assert not AuditRecord.objects.filter(entry=verified, action=AGAIN).exists()


def test_a_submitted_entry_changed_stays_submitted_and_the_reviewer_is_told(
    entry, operator_dinkes, admin_dp3akb, reviewers, outsider, django_capture_on_commit_callbacks
):
    submitted = factories.submitted_entry(entry, by=operator_dinkes)
    with django_capture_on_commit_callbacks(execute=True):
        values = {"numerator": Decimal(1)}
        save_entry(submitted, user=admin_dp3akb, values=values, version=submitted.version)
    assert_reviewed_again(
        submitted, was="submitted", by=admin_dp3akb, verifikator=reviewers, outsider=outsider
    )


def test_new_evidence_on_a_verified_entry_sends_it_back_to_review(
    verified, admin_dp3akb, reviewers, outsider, django_capture_on_commit_callbacks
):
    version = verified.version
    with django_capture_on_commit_callbacks(execute=True):
        upload_evidence(verified, user=admin_dp3akb, upload=factories.upload("baru.pdf"))
    assert_reviewed_again(
        verified, was="verified", by=admin_dp3akb, verifikator=reviewers, outsider=outsider
    )
    assert verified.version == version + 1  # an open form of the old state is now stale


def test_a_replaced_file_sends_it_back_to_review(
    verified, admin_dp3akb, reviewers, outsider, django_capture_on_commit_callbacks
):
    old = verified.evidence.get()
    with django_capture_on_commit_callbacks(execute=True):
        replace_evidence(old, user=admin_dp3akb, upload=factories.upload("versi2.pdf"))
    assert_reviewed_again(
        verified, was="verified", by=admin_dp3akb, verifikator=reviewers, outsider=outsider
    )


def test_the_answers_file_cannot_keep_a_changed_value_verified(
    verified, admin_dp3akb, reviewers, outsider, django_capture_on_commit_callbacks
):
    row = {
        "question": "III-12.1",
        "unit": verified.unit.code,
        "numerator": "10",
        "denominator": "50",
        "status": "verified",
    }
    with django_capture_on_commit_callbacks(execute=True):
        factories.load_answers_rows([row], by=admin_dp3akb)
    assert_reviewed_again(
        verified, was="verified", by=admin_dp3akb, verifikator=reviewers, outsider=outsider
    )
    assert verified.numerator == 10


def test_the_answers_file_repeating_the_verified_value_changes_nothing(
    verified, admin_dp3akb, reviewers
):
    row = {
        "question": "III-12.1",
        "unit": verified.unit.code,
        "numerator": "45",
        "denominator": "50",
        "status": "verified",
    }
    factories.load_answers_rows([row], by=admin_dp3akb)
    verified.refresh_from_db()
    assert verified.status == Entry.Status.VERIFIED
    assert not AuditRecord.objects.filter(entry=verified, action=AGAIN).exists()


def test_the_entry_page_says_the_entry_is_to_be_reviewed_again(
    client, verified, admin_dp3akb, reviewers
):
    client.force_login(admin_dp3akb)
    data = {"numerator": "0", "denominator": "1.000", "note": "", "version": verified.version}
    response = client.post(reverse("evaluations:entry-save", args=[verified.pk]), data, follow=True)
    html = response.content.decode()
    assert "Isian disimpan." in html
    assert "perlu ditinjau ulang" in html
    verified.refresh_from_db()
    assert (verified.status, verified.denominator) == (Entry.Status.SUBMITTED, 1000)


def test_the_verified_total_no_longer_counts_the_changed_value(verified, admin_dp3akb):
    assert Entry.objects.filter(pk=verified.pk, status=Entry.Status.VERIFIED).exists()
    save_entry(
        verified, user=admin_dp3akb, values={"numerator": Decimal(0)}, version=verified.version
    )
    assert not Entry.objects.filter(status=Entry.Status.VERIFIED).exists()
