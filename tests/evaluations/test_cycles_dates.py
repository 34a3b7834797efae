"""Editing a cycle's stage windows: validated, audited with the old and new dates."""

import datetime

import pytest
from django.urls import reverse

from evaluations.errors import DomainError
from evaluations.models import AuditRecord
from evaluations.services.cycles import update_stage_dates
from tests.factories import make_cycle


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


def current_data(cycle, **changes) -> dict:
    data = {}
    for stage in cycle.stages.all():
        data[f"{stage.kind}_mulai"] = stage.starts_on.isoformat()
        data[f"{stage.kind}_selesai"] = stage.ends_on.isoformat()
    return {**data, **changes}


def url(cycle) -> str:
    return reverse("evaluations:cycle-dates", args=[cycle.pk])


def test_form_shows_the_current_dates(client, admin_dp3akb, cycle):
    client.force_login(admin_dp3akb)
    response = client.get(url(cycle))
    html = response.content.decode()
    assert response.status_code == 200
    for stage in cycle.stages.all():
        assert stage.starts_on.isoformat() in html
        assert stage.get_kind_display() in html


def test_changing_dates_is_recorded_with_old_and_new(client, admin_dp3akb, cycle):
    stage = cycle.stage_by_kind["penetapan"]
    old_end = stage.ends_on
    new_end = old_end + datetime.timedelta(days=7)
    client.force_login(admin_dp3akb)

    response = client.post(url(cycle), current_data(cycle, penetapan_selesai=new_end.isoformat()))

    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.ends_on == new_end
    record = AuditRecord.objects.get(cycle=cycle, action="stage_dates_changed")
    assert record.actor == admin_dp3akb
    assert list(record.changes) == ["penetapan"]
    old, new = record.changes["penetapan"]
    assert f"{old_end:%d-%m-%Y}" in old and f"{new_end:%d-%m-%Y}" in new
    detail = client.get(response["Location"]).content.decode()
    assert "Tanggal tahap disimpan." in detail
    assert "Tanggal tahap diubah" in detail
    assert f"{new_end:%d-%m-%Y}" in detail


def test_saving_unchanged_dates_records_nothing(client, admin_dp3akb, cycle):
    client.force_login(admin_dp3akb)
    response = client.post(url(cycle), current_data(cycle), follow=True)
    assert "Tidak ada tanggal yang berubah." in response.content.decode()
    assert not AuditRecord.objects.filter(action="stage_dates_changed").exists()


def test_end_before_start_is_refused_and_nothing_changes(client, admin_dp3akb, cycle):
    stage = cycle.stage_by_kind["evaluasi_mandiri"]
    before = (stage.starts_on, stage.ends_on)
    too_early = stage.starts_on - datetime.timedelta(days=1)
    client.force_login(admin_dp3akb)

    response = client.post(
        url(cycle), current_data(cycle, evaluasi_mandiri_selesai=too_early.isoformat())
    )

    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    stage.refresh_from_db()
    assert (stage.starts_on, stage.ends_on) == before
    assert not AuditRecord.objects.filter(action="stage_dates_changed").exists()


def test_service_refuses_end_before_start(cycle, admin_dp3akb):
    day = datetime.date(2026, 3, 1)
    with pytest.raises(DomainError, match="tanggal selesai sebelum tanggal mulai"):
        update_stage_dates(
            cycle, {"penetapan": (day, day - datetime.timedelta(days=1))}, by=admin_dp3akb
        )


def test_moving_the_entry_window_moves_the_deadline(cycle, admin_dp3akb):
    window = cycle.stage_by_kind["evaluasi_mandiri"]
    later = window.ends_on + datetime.timedelta(days=5)
    update_stage_dates(cycle, {"evaluasi_mandiri": (window.starts_on, later)}, by=admin_dp3akb)
    assert cycle.entry_deadline() == later


def test_anonymous_is_sent_to_login(client, cycle):
    response = client.get(url(cycle))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_other_city_gets_404(client, outsider, cycle):
    client.force_login(outsider)
    assert client.get(url(cycle)).status_code == 404
    assert client.post(url(cycle), current_data(cycle)).status_code == 404


@pytest.mark.parametrize("persona", ["verifikator", "operator_dinkes", "pimpinan"])
def test_read_only_roles_are_forbidden(client, personas, cycle, persona):
    stage = cycle.stage_by_kind["penetapan"]
    client.force_login(personas[persona])
    later = (stage.ends_on + datetime.timedelta(days=9)).isoformat()
    response = client.post(url(cycle), current_data(cycle, penetapan_selesai=later))
    assert response.status_code == 403
    stage.refresh_from_db()
    assert stage.ends_on != datetime.date.fromisoformat(later)


def test_wrong_method_is_405(client, admin_dp3akb, cycle):
    client.force_login(admin_dp3akb)
    assert client.put(url(cycle)).status_code == 405
