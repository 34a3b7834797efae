"""The cycle list and creating a cycle (Admin KLA only)."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Cycle, Entry
from evaluations.services.cycles import reassign_question
from indicators.models import Question
from kla.organisations.models import Opd
from tests.factories import make_cycle, stage_form_data

FIRST_DAY = datetime.date(2026, 1, 5)


def cycle_data(instrument, year=2026, **overrides) -> dict:
    data = {"year": year, "name": "", "instrument": instrument.pk, **stage_form_data(FIRST_DAY)}
    return {**data, **overrides}


def test_list_shows_the_citys_cycles(client, admin_dp3akb, kota_serang):
    cycle = make_cycle(city=kota_serang, year=2025, by=admin_dp3akb)
    client.force_login(admin_dp3akb)
    response = client.get(reverse("evaluations:cycle-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "KLA 2025" in html
    assert reverse("evaluations:cycle-detail", args=[cycle.pk]) in html
    assert "Pengisian terbuka" in html


def test_list_empty_state(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    html = client.get(reverse("evaluations:cycle-list")).content.decode()
    assert "Belum ada siklus evaluasi" in html


def test_other_city_sees_none_of_kota_serangs_cycles(client, outsider, admin_dp3akb, kota_serang):
    make_cycle(city=kota_serang, year=2025, by=admin_dp3akb)
    client.force_login(outsider)
    html = client.get(reverse("evaluations:cycle-list")).content.decode()
    assert "KLA 2025" not in html
    assert "Belum ada siklus evaluasi" in html


def test_create_form_proposes_next_year_with_dates_moved_on(client, admin_dp3akb, kota_serang):
    previous = make_cycle(city=kota_serang, year=2025, by=admin_dp3akb)
    window = previous.stage_by_kind["evaluasi_mandiri"]
    client.force_login(admin_dp3akb)
    html = client.get(reverse("evaluations:cycle-create")).content.decode()
    assert 'value="2026"' in html
    assert window.starts_on.replace(year=window.starts_on.year + 1).isoformat() in html
    assert "Penugasan OPD disalin dari siklus sebelumnya." in html


def test_create_cycle_copies_the_previous_cycles_assignments(
    client, admin_dp3akb, kota_serang, instrument
):
    previous = make_cycle(city=kota_serang, year=2025, by=admin_dp3akb, open_entry=False)
    question = Question.objects.get(code="III-12.1")
    dindik = Opd.objects.get(kabupaten=kota_serang, code="DINDIKBUD")
    reassign_question(previous, question, dindik, by=admin_dp3akb)
    client.force_login(admin_dp3akb)

    response = client.post(reverse("evaluations:cycle-create"), cycle_data(instrument))

    cycle = Cycle.objects.get(kabupaten=kota_serang, year=2026)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:cycle-detail", args=[cycle.pk])
    assert cycle.name == "KLA 2026"
    assert cycle.assignments.get(question=question).opd == dindik
    assert cycle.assignments.count() == previous.assignments.count()
    assert cycle.stages.count() == 5
    assert cycle.stage_by_kind["evaluasi_mandiri"].starts_on == FIRST_DAY
    assert Entry.objects.filter(cycle=cycle).count() == previous.entries.count()
    assert AuditRecord.objects.filter(cycle=cycle, action="cycle_created").exists()


def test_stage_ending_before_it_starts_is_refused(client, admin_dp3akb, instrument):
    data = cycle_data(instrument)
    data["verifikasi_provinsi_selesai"] = "2026-01-01"
    client.force_login(admin_dp3akb)
    response = client.post(reverse("evaluations:cycle-create"), data)
    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not Cycle.objects.exists()


def test_second_cycle_for_the_same_year_is_refused(client, admin_dp3akb, kota_serang, instrument):
    make_cycle(city=kota_serang, year=2026, by=admin_dp3akb)
    client.force_login(admin_dp3akb)
    response = client.post(reverse("evaluations:cycle-create"), cycle_data(instrument))
    assert "Siklus tahun 2026 sudah ada." in response.content.decode()
    assert Cycle.objects.count() == 1


def test_empty_form_has_indonesian_messages(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    html = client.post(reverse("evaluations:cycle-create"), {}).content.decode()
    assert "Tahun wajib diisi." in html
    assert "Pilih instrumen." in html
    assert "Tanggal wajib diisi." in html
    assert not Cycle.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    for url in (reverse("evaluations:cycle-list"), reverse("evaluations:cycle-create")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["verifikator", "operator_dinkes", "pimpinan"])
def test_only_admin_kla_manages_cycles(client, personas, instrument, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("evaluations:cycle-list")).status_code == 403
    assert client.get(reverse("evaluations:cycle-create")).status_code == 403
    response = client.post(reverse("evaluations:cycle-create"), cycle_data(instrument))
    assert response.status_code == 403
    assert not Cycle.objects.exists()


def test_wrong_method_is_405(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    assert client.post(reverse("evaluations:cycle-list")).status_code == 405
    assert client.put(reverse("evaluations:cycle-create")).status_code == 405
