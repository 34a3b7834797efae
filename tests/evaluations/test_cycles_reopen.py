"""The cycle page, a locked entry window, and reopening it (reason kept on record)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Cycle, Reopening
from evaluations.services.cycles import reopen_entry
from tests.factories import make_cycle

DAY = datetime.timedelta(days=1)


@pytest.fixture
def closed_cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=False)


def url(cycle) -> str:
    return reverse("evaluations:cycle-reopen", args=[cycle.pk])


def test_entry_is_locked_after_its_window(closed_cycle):
    today = timezone.localdate()
    assert not closed_cycle.is_entry_open
    assert closed_cycle.entry_open_on(today - DAY)
    assert closed_cycle.entry_deadline() == today - DAY


def test_reopening_opens_entry_until_the_date(client, admin_dp3akb, closed_cycle):
    today = timezone.localdate()
    client.force_login(admin_dp3akb)

    response = client.post(
        url(closed_cycle), {"until": (today + 7 * DAY).isoformat(), "reason": "Data Dinkes telat"}
    )

    assert response.status_code == 302
    cycle = Cycle.objects.get(pk=closed_cycle.pk)
    assert cycle.is_entry_open
    assert cycle.entry_open_on(today + 7 * DAY)
    assert not cycle.entry_open_on(today + 8 * DAY)
    assert cycle.entry_deadline() == today + 7 * DAY
    reopening = Reopening.objects.get(cycle=cycle)
    assert (reopening.by, reopening.reason) == (admin_dp3akb, "Data Dinkes telat")
    detail = client.get(response["Location"]).content.decode()
    assert "Pengisian dibuka kembali sampai" in detail
    assert "Data Dinkes telat" in detail
    assert "Pengisian terbuka" in detail


def test_reason_is_required(client, admin_dp3akb, closed_cycle):
    until = (timezone.localdate() + 7 * DAY).isoformat()
    client.force_login(admin_dp3akb)
    response = client.post(url(closed_cycle), {"until": until, "reason": "   "})
    assert response.status_code == 200
    assert "Alasan membuka kembali wajib diisi." in response.content.decode()
    assert not Reopening.objects.exists()
    closed_cycle.refresh_from_db()
    assert not Cycle.objects.get(pk=closed_cycle.pk).is_entry_open


def test_date_in_the_past_is_refused(client, admin_dp3akb, closed_cycle):
    client.force_login(admin_dp3akb)
    until = (timezone.localdate() - DAY).isoformat()
    response = client.post(url(closed_cycle), {"until": until, "reason": "x"})
    assert "Tanggal tidak boleh sebelum hari ini." in response.content.decode()
    assert not Reopening.objects.exists()


def test_date_inside_the_open_window_is_refused(client, admin_dp3akb, kota_serang):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)  # open until today + 20
    client.force_login(admin_dp3akb)
    until = (timezone.localdate() + 5 * DAY).isoformat()
    response = client.post(url(cycle), {"until": until, "reason": "x"})
    assert "pilih tanggal sesudahnya" in response.content.decode()
    assert not Reopening.objects.exists()


def test_cycle_page_shows_stages_reopenings_and_history(client, admin_dp3akb, closed_cycle):
    today = timezone.localdate()
    reopen_entry(cycle=closed_cycle, until=today + 3 * DAY, reason="Susulan", by=admin_dp3akb)
    client.force_login(admin_dp3akb)
    response = client.get(reverse("evaluations:cycle-detail", args=[closed_cycle.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Verifikasi lapangan" in html
    assert "Susulan" in html
    assert "Siklus dibuat" in html
    assert f"{today + 3 * DAY:%d-%m-%Y}" in html


def test_cycle_page_empty_states(client, admin_dp3akb, closed_cycle):
    client.force_login(admin_dp3akb)
    html = client.get(reverse("evaluations:cycle-detail", args=[closed_cycle.pk])).content
    assert "Belum ada pembukaan kembali." in html.decode()


def test_anonymous_is_sent_to_login(client, closed_cycle):
    for name in ("evaluations:cycle-reopen", "evaluations:cycle-detail"):
        response = client.get(reverse(name, args=[closed_cycle.pk]))
        assert response["Location"].startswith(reverse("login"))


def test_other_city_gets_404(client, outsider, closed_cycle):
    client.force_login(outsider)
    until = (timezone.localdate() + 7 * DAY).isoformat()
    assert (
        client.get(reverse("evaluations:cycle-detail", args=[closed_cycle.pk])).status_code == 404
    )
    assert client.post(url(closed_cycle), {"until": until, "reason": "x"}).status_code == 404
    assert not Reopening.objects.exists()


@pytest.mark.parametrize("persona", ["verifikator", "operator_dinkes", "pimpinan"])
def test_only_admin_kla_reopens(client, personas, closed_cycle, persona):
    client.force_login(personas[persona])
    until = (timezone.localdate() + 7 * DAY).isoformat()
    assert client.post(url(closed_cycle), {"until": until, "reason": "x"}).status_code == 403
    assert not Reopening.objects.exists()


def test_wrong_method_is_405(client, admin_dp3akb, closed_cycle):
    client.force_login(admin_dp3akb)
    assert client.put(url(closed_cycle)).status_code == 405
    assert (
        client.post(reverse("evaluations:cycle-detail", args=[closed_cycle.pk])).status_code == 405
    )
