"""Official results: the service (upsert, validation, audit) and the history and form pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.errors import DomainError
from evaluations.models import AuditRecord, OfficialResult
from evaluations.scores.snapshots import refresh_snapshots
from evaluations.services.official_results import record_official_result
from tests.factories import make_cycle

FINAL = OfficialResult.Stage.FINAL


def record(cycle, by, stage=FINAL, **kwargs):
    values = {"total": Decimal("556.20"), "tier_code": "pratama", "note": "SK Menteri"} | kwargs
    return record_official_result(cycle, stage, by=by, **values)


# --- The service --------------------------------------------------------------------------------


def test_record_creates_then_replaces_with_audit(cycle, admin_dp3akb):
    record(cycle, admin_dp3akb)
    result = record(cycle, admin_dp3akb, total=Decimal("561.00"), note="Ralat")
    assert OfficialResult.objects.get() == result
    assert (result.total, result.tier_code, result.note) == (Decimal("561.00"), "pratama", "Ralat")
    first, second = AuditRecord.objects.filter(action="official_result_recorded").order_by("pk")
    assert first.changes["total"] == [None, "556.2"]
    assert second.changes == {"total": ["556.2", "561"], "note": ["SK Menteri", "Ralat"]}
    assert second.note == "Hasil akhir (penetapan)"


def test_same_values_again_are_not_audited_twice(cycle, admin_dp3akb):
    record(cycle, admin_dp3akb)
    record(cycle, admin_dp3akb)
    assert AuditRecord.objects.filter(action="official_result_recorded").count() == 1


def test_tier_only_or_total_only_is_enough(cycle, admin_dp3akb):
    assert record(cycle, admin_dp3akb, total=None).tier_code == "pratama"
    stage = OfficialResult.Stage.PROVINCE
    assert record(cycle, admin_dp3akb, stage=stage, tier_code="").total == Decimal("556.20")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"total": None, "tier_code": ""}, "Isi skor, predikat, atau keduanya."),
        ({"total": Decimal("1000.01")}, "Skor harus antara 0 dan 1000"),
        ({"total": Decimal("-1")}, "Skor harus antara 0 dan 1000"),
        ({"tier_code": "emas"}, "Predikat “emas” tidak ada di instrumen siklus ini."),
        ({"stage": "kementerian"}, "Tahap hasil resmi tidak dikenal"),
    ],
)
def test_invalid_results_are_refused(cycle, admin_dp3akb, values, message):
    with pytest.raises(DomainError, match=message):
        record(cycle, admin_dp3akb, **values)
    assert not OfficialResult.objects.exists()
    assert not AuditRecord.objects.filter(action="official_result_recorded").exists()


def test_boundaries_zero_and_max_are_accepted(cycle, admin_dp3akb):
    assert record(cycle, admin_dp3akb, total=Decimal(0), tier_code="").total == 0
    assert record(cycle, admin_dp3akb, total=Decimal(1000)).total == 1000


# --- History page -------------------------------------------------------------------------------


def history(client, user):
    client.force_login(user)
    return client.get(reverse("evaluations:score-history"))


def test_history_shows_official_results_beside_snapshots(client, cycle, admin_dp3akb, pimpinan):
    past = make_cycle(city=cycle.kabupaten, year=2023, by=admin_dp3akb, open_entry=False)
    record(past, admin_dp3akb, note="Predikat Pratama (terkonfirmasi).")
    refresh_snapshots(cycle)
    response = history(client, pimpinan)
    html = response.content.decode()
    assert response.status_code == 200
    assert "KLA 2023" in html and "556,20" in html and "Predikat Pratama (terkonfirmasi)." in html
    assert "tier-badge tier-pratama" in html
    assert "0,00" in html and "Belum berpredikat" in html  # the empty 2026 snapshot
    assert "Catat hasil resmi" not in html  # read-only for Pimpinan


def test_history_links_the_form_for_admin(client, cycle, admin_dp3akb):
    html = history(client, admin_dp3akb).content.decode()
    assert reverse("evaluations:official-result-edit", args=[cycle.pk]) in html


def test_history_query_count_does_not_grow_with_cycles(
    client, cycle, admin_dp3akb, django_assert_num_queries
):
    client.force_login(admin_dp3akb)
    url = reverse("evaluations:score-history")
    with django_assert_num_queries(QUERIES) as one:
        client.get(url)
    for year in (2019, 2021, 2023):
        past = make_cycle(city=cycle.kabupaten, year=year, by=admin_dp3akb, open_entry=False)
        record(past, admin_dp3akb)
        refresh_snapshots(past)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    assert one


QUERIES = 7  # session, user with kabupaten, notification badge, cycles, 3 prefetches


# --- The form -----------------------------------------------------------------------------------


def form_url(cycle, stage=""):
    url = reverse("evaluations:official-result-edit", args=[cycle.pk])
    return f"{url}?tahap={stage}" if stage else url


def test_admin_records_a_result(client, cycle, admin_dp3akb):
    client.force_login(admin_dp3akb)
    assert client.get(form_url(cycle)).status_code == 200
    data = {"stage": "provinsi", "total": "551.40", "tier_code": "pratama", "note": "Surat 1"}
    response = client.post(form_url(cycle), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:score-history")
    result = OfficialResult.objects.get(cycle=cycle, stage="provinsi")
    assert (result.total, result.tier_code, result.entered_by) == (
        Decimal("551.40"),
        "pratama",
        admin_dp3akb,
    )


def test_form_prefills_the_stage_asked_for(client, cycle, admin_dp3akb):
    record(cycle, admin_dp3akb, note="Hasil lama")
    client.force_login(admin_dp3akb)
    html = client.get(form_url(cycle, FINAL)).content.decode()
    assert "Hasil lama" in html and 'value="556,2"' in html  # shown the Indonesian way


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stage": "final", "total": "", "tier_code": ""}, "Isi skor, predikat, atau keduanya."),
        ({"stage": "final", "total": "1200", "tier_code": ""}, "lebih dari 1.000"),
        ({"stage": "final", "total": "-5", "tier_code": ""}, "0"),
        ({"stage": "final", "total": "500", "tier_code": "emas"}, "emas bukan salah satu"),
    ],
)
def test_bad_input_shows_an_error_and_saves_nothing(client, cycle, admin_dp3akb, data, message):
    record(cycle, admin_dp3akb)
    client.force_login(admin_dp3akb)
    response = client.post(form_url(cycle), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    result = OfficialResult.objects.get()
    result.refresh_from_db()
    assert (result.total, result.note) == (Decimal("556.20"), "SK Menteri")


def test_other_roles_cannot_record(client, cycle, personas):
    data = {"stage": "final", "total": "500", "tier_code": "pratama"}
    for persona in ("verifikator", "operator_dinkes", "pimpinan"):
        client.force_login(personas[persona])
        assert client.post(form_url(cycle), data).status_code == 403
    client.force_login(personas["outsider"])
    assert client.post(form_url(cycle), data).status_code == 404
    assert not OfficialResult.objects.exists()


def test_an_ambiguous_total_is_saved_and_its_reading_said(client, cycle, admin_dp3akb):
    """docs/angka.md: "1.000" is one thousand (the instrument's maximum), and the page says so."""
    client.force_login(admin_dp3akb)
    data = {"stage": "final", "total": "1.000", "tier_code": "", "note": ""}
    response = client.post(form_url(cycle, FINAL), data, follow=True)
    assert "dibaca sebagai 1.000" in response.content.decode()
    assert cycle.official_results.get(stage="final").total == 1000
