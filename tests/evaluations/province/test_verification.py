"""The province's verification stage: the Verifikator provinsi marks each indicator lengkap or
perlu perbaikan (with a note) in the cycle's verifikasi provinsi window, the city's Admin KLA
sees the notes on the DP3AKB dashboard and on the indicator's entries, and the accepted result
becomes the official result of the stage "provinsi", audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import names
from evaluations.demo.nation import province_check_stages
from evaluations.errors import DomainError
from evaluations.models import AuditRecord, IndicatorReview, Notification, OfficialResult
from evaluations.scores.loader import load_cycle_data
from evaluations.services.cycles import create_cycle
from evaluations.services.province_review import accept_province_result, mark_indicator
from indicators.models import Indicator
from kla.accounts.models import Role
from tests import factories


@pytest.fixture
def banten(kota_serang):
    return factories.province("36", "Banten", [kota_serang])


@pytest.fixture
def checked_cycle(kota_serang, instrument, admin_dp3akb, banten):
    """Kota Serang's cycle with the demo answers, in its province window today."""
    cycle = factories.demo_cycle(kota_serang, by=admin_dp3akb)
    stages = province_check_stages(timezone.localdate())
    for stage in cycle.stages.all():
        stage.starts_on, stage.ends_on = stages[stage.kind]
        stage.save()
    cycle.__dict__.pop("stage_by_kind", None)
    return cycle


@pytest.fixture
def reviewer(banten):
    return factories.province_user(banten, Role.VERIFIKATOR_PROVINSI)


def indicators(cycle):
    return list(Indicator.objects.filter(cluster__instrument=cycle.instrument))


def test_mark_records_audits_and_notifies_the_city(
    checked_cycle, reviewer, admin_dp3akb, django_capture_on_commit_callbacks
):
    indicator = indicators(checked_cycle)[0]
    with django_capture_on_commit_callbacks(execute=True):
        review = mark_indicator(
            checked_cycle,
            indicator,
            state="perlu_perbaikan",
            note="SK Gugus Tugas kedaluwarsa",
            by=reviewer,
        )
    assert (review.state, review.note, review.reviewed_by) == (
        "perlu_perbaikan",
        "SK Gugus Tugas kedaluwarsa",
        reviewer,
    )
    record = AuditRecord.objects.get(action=AuditRecord.Action.PROVINCE_INDICATOR_MARKED)
    assert (record.actor, record.note) == (reviewer, indicator.code)
    assert record.changes == {
        "state": [None, "perlu_perbaikan"],
        "note": [None, "SK Gugus Tugas kedaluwarsa"],
    }
    assert Notification.objects.filter(recipient=admin_dp3akb).count() == 1
    # The same mark again changes nothing and writes no second record.
    mark_indicator(
        checked_cycle,
        indicator,
        state="perlu_perbaikan",
        note="SK Gugus Tugas kedaluwarsa",
        by=reviewer,
    )
    assert (
        AuditRecord.objects.filter(action=AuditRecord.Action.PROVINCE_INDICATOR_MARKED).count() == 1
    )


@pytest.mark.parametrize(
    ("state", "note", "message"),
    [
        ("perlu_perbaikan", "  ", "Tulis catatan"),
        ("setengah", "", "Pilih lengkap atau perlu perbaikan"),
    ],
)
def test_bad_marks_are_refused_and_change_nothing(checked_cycle, reviewer, state, note, message):
    with pytest.raises(DomainError, match=message):
        mark_indicator(
            checked_cycle, indicators(checked_cycle)[0], state=state, note=note, by=reviewer
        )
    assert not IndicatorReview.objects.exists()
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.PROVINCE_INDICATOR_MARKED)


def test_outside_the_window_or_the_province_is_refused(checked_cycle, reviewer, banten):
    indicator = indicators(checked_cycle)[0]
    window = checked_cycle.stages.get(kind="verifikasi_provinsi")
    window.starts_on = window.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    window.save()
    checked_cycle.__dict__.pop("stage_by_kind", None)
    with pytest.raises(DomainError, match="Di luar jadwal verifikasi provinsi"):
        mark_indicator(checked_cycle, indicator, state="lengkap", note="", by=reviewer)
    jabar = factories.province_user(factories.province("32", "Jawa Barat"))
    with pytest.raises(DomainError, match="bukan bagian dari provinsi Anda"):
        mark_indicator(checked_cycle, indicator, state="lengkap", note="", by=jabar)
    assert not IndicatorReview.objects.exists()


def test_accept_needs_every_indicator_then_records_the_verified_result(checked_cycle, reviewer):
    marks = indicators(checked_cycle)
    mark_indicator(checked_cycle, marks[0], state="lengkap", note="", by=reviewer)
    with pytest.raises(DomainError, match=f"1 dari {len(marks)} sudah ditandai"):
        accept_province_result(checked_cycle, by=reviewer)
    assert not OfficialResult.objects.filter(cycle=checked_cycle).exists()
    for indicator in marks[1:]:
        state = "perlu_perbaikan" if indicator.code == "III-13" else "lengkap"
        mark_indicator(
            checked_cycle, indicator, state=state, note="Data stunting belum lengkap", by=reviewer
        )
    result = accept_province_result(checked_cycle, by=reviewer)
    verified = load_cycle_data(checked_cycle).score(names.VERIFIED)
    assert result.stage == OfficialResult.Stage.PROVINCE
    assert (result.total, result.tier_code) == (verified.total, verified.tier.code)
    assert f"{len(marks) - 1} indikator lengkap, 1 perlu perbaikan" in result.note
    actions = set(
        AuditRecord.objects.filter(cycle=checked_cycle, actor=reviewer).values_list(
            "action", flat=True
        )
    )
    assert {
        AuditRecord.Action.OFFICIAL_RESULT_RECORDED,
        AuditRecord.Action.PROVINCE_RESULT_ACCEPTED,
    } <= actions


def test_the_city_sees_the_notes(client, checked_cycle, reviewer, admin_dp3akb):
    indicator = Indicator.objects.get(cluster__instrument=checked_cycle.instrument, code="III-12")
    mark_indicator(
        checked_cycle,
        indicator,
        state="perlu_perbaikan",
        note="Lampirkan data Puskesmas",
        by=reviewer,
    )
    client.force_login(admin_dp3akb)
    dashboard = client.get(reverse("evaluations:dashboard-dp3akb")).content.decode()
    notes = dashboard.split('data-testid="province-notes"', 1)[1].split("</section>", 1)[0]
    assert "III-12" in notes and "Lampirkan data Puskesmas" in notes and "Perlu perbaikan" in notes
    entry = factories.entry_of(checked_cycle, "III-12.1")
    page = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert 'data-testid="province-review"' in page and "Lampirkan data Puskesmas" in page
    other = factories.entry_of(checked_cycle, "I-04.1")
    assert (
        'data-testid="province-review"'
        not in client.get(reverse("evaluations:entry-detail", args=[other.pk])).content.decode()
    )


def test_pages_mark_and_accept(client, checked_cycle, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("evaluations:province-review", args=["36.73"]))
    assert page.status_code == 200
    assert "Terima hasil provinsi" in page.content.decode()
    marks = indicators(checked_cycle)
    url = reverse("evaluations:province-mark", args=[checked_cycle.pk, marks[0].pk])
    refused = client.post(url, {"state": "perlu_perbaikan", "note": ""}, follow=True)
    assert "Tulis catatan" in refused.content.decode()
    assert not IndicatorReview.objects.exists()
    for indicator in marks:
        url = reverse("evaluations:province-mark", args=[checked_cycle.pk, indicator.pk])
        assert client.post(url, {"state": "lengkap"}).status_code == 302
    assert IndicatorReview.objects.filter(cycle=checked_cycle).count() == len(marks)
    done = client.post(reverse("evaluations:province-accept", args=[checked_cycle.pk]), follow=True)
    assert "Hasil verifikasi provinsi dicatat sebagai hasil resmi." in done.content.decode()
    assert checked_cycle.official_results.filter(stage="provinsi").exists()


def test_a_cycle_created_for_the_demo_window_is_open_to_the_province(
    kota_serang, instrument, banten, reviewer
):
    """The demo's generated cycles use these stage dates: the window contains today."""
    admin = factories.make_user(city=kota_serang)
    cycle = create_cycle(
        kabupaten=kota_serang,
        year=2030,
        instrument=instrument,
        stages=province_check_stages(timezone.localdate()),
        by=admin,
    )
    review = mark_indicator(cycle, indicators(cycle)[0], state="lengkap", note="", by=reviewer)
    assert review.pk
