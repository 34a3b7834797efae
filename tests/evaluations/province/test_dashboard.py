"""The province dashboard: every kabupaten/kota of the provinsi with its stored scores, progress,
stage and last year's official tier; sortable; the tier distribution chart; a fixed number of
queries whatever the number of cities."""

import pytest
from django.urls import reverse

from evaluations.models import OfficialResult, ScoreSnapshot
from kla.accounts.models import Role
from kla.formats import angka
from tests import factories


@pytest.fixture
def banten(db):
    return factories.province("36", "Banten")


def nation(banten, count: int):
    cities = factories.small_cities(banten, count)
    factories.generated_cities(cities)
    return cities


def test_lists_each_city_with_its_snapshot_totals(client, banten):
    cities = nation(banten, 3)
    client.force_login(factories.province_user(banten, Role.PIMPINAN_PROVINSI))
    response = client.get(reverse("evaluations:dashboard-province"))
    assert response.status_code == 200
    page = response.content.decode()
    for city in cities:
        latest = city.cycles.get(year=2026)
        verified = ScoreSnapshot.objects.get(cycle=latest, track="verified")
        claimed = ScoreSnapshot.objects.get(cycle=latest, track="claimed")
        row = page.split(f'data-testid="city-{city.code}"', 1)[1].split("</tr>", 1)[0]
        assert angka(verified.total) in row and angka(claimed.total) in row
        assert f"?kota={city.code}" in row  # links to the city's Pimpinan view
        last = OfficialResult.objects.get(cycle__kabupaten=city, cycle__year=2025, stage="final")
        assert (last.tier_code and last.tier_code.capitalize() in row) or "Belum berpredikat" in row


def test_sorts_by_verified_total_both_ways(client, banten):
    cities = nation(banten, 3)
    client.force_login(factories.province_user(banten))
    totals = {
        city.code: ScoreSnapshot.objects.get(
            cycle__kabupaten=city, cycle__year=2026, track="verified"
        ).total
        for city in cities
    }
    ascending = sorted(totals, key=lambda code: (totals[code], code))
    for param, expected in (("terverifikasi", ascending), ("-terverifikasi", ascending[::-1])):
        page = client.get(reverse("evaluations:dashboard-province"), {"urut": param})
        rows = [row.code for row in page.context["rows"]]
        assert rows == expected
    fallback = client.get(reverse("evaluations:dashboard-province"), {"urut": "tidak-ada"})
    assert [row.name for row in fallback.context["rows"]] == sorted(c.name for c in cities)


def test_tier_chart_counts_every_city_once(client, banten):
    nation(banten, 3)
    client.force_login(factories.province_user(banten))
    payload = client.get(reverse("evaluations:chart-province-tiers")).json()
    verified = next(d for d in payload["datasets"] if d["key"] == "verified")
    assert sum(verified["data"]) == 3
    assert payload["labels"][0] == "Belum berpredikat"
    tiers = {s.tier_code for s in ScoreSnapshot.objects.filter(cycle__year=2026, track="verified")}
    for code in tiers - {""}:
        label = code.capitalize()
        index = payload["labels"].index(label)
        assert verified["data"][index] >= 1


def test_empty_province_says_so(client, banten):
    client.force_login(factories.province_user(banten))
    page = client.get(reverse("evaluations:dashboard-province")).content.decode()
    assert "Belum ada kabupaten/kota di provinsi ini." in page


def test_home_shows_the_province_dashboard(client, banten):
    nation(banten, 1)
    client.force_login(factories.province_user(banten, Role.PIMPINAN_PROVINSI))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'data-testid="dashboard-province"' in response.content.decode()


# Session, user (with their provinsi), then cities, cycles, snapshots, entry counts, stages,
# tiers and last year's official results: one query each (nine in all), whatever the number of
# cities.
PROVINCE_QUERIES = 9


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_is_the_same_for_3_and_30_cities(
    client, banten, django_assert_num_queries, count
):
    nation(banten, count)
    client.force_login(factories.province_user(banten))
    with django_assert_num_queries(PROVINCE_QUERIES):
        response = client.get(reverse("evaluations:dashboard-province"))
    assert len(response.context["rows"]) == count
