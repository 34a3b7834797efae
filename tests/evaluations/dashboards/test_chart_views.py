"""Chart JSON views (evaluations/dashboards/chart_views.py): the numbers are the scoring module's,
for the cycle and track of the query string; empty states; filters; 404 for another city's cycle."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import Entry
from evaluations.scores import scoring
from evaluations.scores.loader import load_cycle_data
from evaluations.scores.snapshots import refresh_snapshots
from tests import factories


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    """Kota Serang 2026 with the demo answers (their scores: factories.demo_scores)."""
    return factories.demo_cycle(kota_serang, by=admin_dp3akb)


def chart(client, user, name: str, **params) -> dict:
    client.force_login(user)
    response = client.get(reverse(f"evaluations:{name}"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def dataset(payload: dict, key: str) -> list:
    return next(d["data"] for d in payload["datasets"] if d["key"] == key)


def as_json(value: Decimal) -> float:
    return float(scoring.round2(value))


@pytest.mark.parametrize("track", ["claimed", "verified"])
def test_cluster_chart_holds_the_scored_clusters(client, pimpinan, demo, track):
    data = load_cycle_data(demo)
    claimed, verified = data.score("claimed"), data.score("verified")
    payload = chart(client, pimpinan, "chart-clusters", siklus=demo.pk, jalur=track)
    assert payload["labels"] == [c.name.split(":")[0] for c in claimed.clusters]
    assert payload["longLabels"] == [c.name for c in claimed.clusters]
    assert dataset(payload, "max") == [as_json(c.max_points) for c in claimed.clusters]
    assert dataset(payload, "claimed") == [as_json(c.earned) for c in claimed.clusters]
    assert dataset(payload, "verified") == [as_json(c.earned) for c in verified.clusters]
    assert payload["type"] == "bar" and payload["units"] == "Poin"
    assert payload["empty"] is False


@pytest.mark.parametrize("track", ["claimed", "verified"])
def test_kecamatan_chart_is_the_kecamatan_index_best_first(client, pimpinan, demo, track):
    data = load_cycle_data(demo)
    index = data.score(track).kecamatan_index
    payload = chart(client, pimpinan, "chart-kecamatan", siklus=demo.pk, jalur=track)
    assert payload["labels"] == [data.kecamatan_names[k.code] for k in index]
    assert dataset(payload, "index") == [float(k.index) for k in index]
    assert dataset(payload, "index") == sorted(dataset(payload, "index"), reverse=True)
    assert len(payload["labels"]) == 6
    assert payload["horizontal"] is True and (payload["yMin"], payload["yMax"]) == (0, 100)


def test_tier_progress_uses_the_live_score_and_the_instrument_tiers(client, pimpinan, demo):
    score = load_cycle_data(demo).score("verified")
    payload = chart(client, pimpinan, "chart-tier-progress", siklus=demo.pk, jalur="verified")
    assert payload["labels"] == ["2026"]
    assert dataset(payload, "score") == [as_json(score.total)]
    assert payload["datasets"][0]["pointKeys"] == [f"tier-{score.tier.code}"]
    tiers = sorted(demo.instrument.tiers.all(), key=lambda t: t.min_score)
    assert [(b["code"], b["low"]) for b in payload["bands"]] == [
        (t.code, float(t.min_score)) for t in tiers
    ]
    assert payload["bands"][-1]["high"] == float(demo.instrument.max_score)
    assert payload["yMax"] == float(demo.instrument.max_score)
    assert payload["type"] == "line"


def test_tier_progress_prefers_official_results_then_snapshots(
    client, pimpinan, kota_serang, admin_dp3akb, instrument
):
    old = factories.make_cycle(city=kota_serang, year=2023, by=admin_dp3akb)
    factories.fill_answers(old, status="verified", level=60)
    refresh_snapshots(old)
    older = factories.make_cycle(city=kota_serang, year=2021, by=admin_dp3akb)
    factories.official_result(older, "mandiri", total=Decimal("610.00"), by=admin_dp3akb)
    factories.official_result(older, "provinsi", total=Decimal("556.20"), by=admin_dp3akb)
    oldest = factories.make_cycle(city=kota_serang, year=2019, by=admin_dp3akb)
    factories.official_result(oldest, "final", tier_code="pratama", by=admin_dp3akb)
    current = factories.make_cycle(city=kota_serang, year=2026, by=admin_dp3akb)
    payload = chart(client, pimpinan, "chart-tier-progress", siklus=current.pk)
    snapshot = old.snapshots.get(track="claimed")
    assert payload["labels"] == ["2019", "2021", "2023", "2026"]
    # 2019 is known only by its predikat: no point on the line (its tier is in the table).
    assert dataset(payload, "score") == [None, 556.2, float(snapshot.total), 0.0]
    assert payload["datasets"][0]["pointKeys"][:2] == ["tier-pratama", "tier-pratama"]


def test_opd_progress_counts_entries_per_status(client, admin_dp3akb, cycle):
    dinkes = Entry.objects.filter(cycle=cycle).assigned_to(
        admin_dp3akb.kabupaten.opds.get(code="DINKES")
    )
    first, second, third = dinkes.order_by("pk")[:3]
    factories.set_entry_state(first, status="submitted", numerator=1, denominator=2)
    factories.set_entry_state(second, status="verified", numerator=1, denominator=2)
    factories.set_entry_state(third, numerator=1, denominator=2)  # a draft with a value
    payload = chart(client, admin_dp3akb, "chart-opd-progress", siklus=cycle.pk)
    row = payload["labels"].index("DINKES")
    counts = {d["key"]: d["data"][row] for d in payload["datasets"]}
    assert counts == {
        "status-empty": dinkes.count() - 3,
        "status-draft": 1,
        "status-submitted": 1,
        "status-returned": 0,
        "status-verified": 1,
    }
    assert payload["stacked"] is True and payload["places"] == 0
    total = sum(sum(d["data"]) for d in payload["datasets"])
    assert total == Entry.objects.filter(cycle=cycle).count()


def test_filters_pick_the_cycle_and_fall_back_to_the_latest(
    client, pimpinan, kota_serang, admin_dp3akb, instrument
):
    old = factories.make_cycle(city=kota_serang, year=2025, by=admin_dp3akb)
    factories.fill_answers(old, level=90)
    latest = factories.make_cycle(city=kota_serang, year=2026, by=admin_dp3akb)
    expected = load_cycle_data(old).score("claimed").clusters
    payload = chart(client, pimpinan, "chart-clusters", siklus=old.pk)
    assert dataset(payload, "claimed") == [as_json(c.earned) for c in expected]
    payload = chart(client, pimpinan, "chart-clusters", jalur="bogus")  # no siklus: the latest
    assert set(dataset(payload, "claimed")) == {0.0}
    assert latest.year == 2026


@pytest.mark.parametrize(
    "name", ["chart-tier-progress", "chart-clusters", "chart-kecamatan", "chart-opd-progress"]
)
def test_a_city_without_cycle_gets_an_empty_chart(client, outsider, name):
    payload = chart(client, outsider, name)
    assert payload["labels"] == []
    assert all(d["data"] == [] for d in payload["datasets"])
    assert payload["empty"] is True
    assert payload["emptyText"] == "Belum ada data"
    assert payload["title"]


@pytest.mark.parametrize("siklus", ["abc", "999999"])
def test_unknown_cycle_is_404(client, pimpinan, cycle, siklus):
    client.force_login(pimpinan)
    url = reverse("evaluations:chart-clusters")
    assert client.get(url, {"siklus": siklus}).status_code == 404


def test_another_citys_cycle_is_404(client, outsider, cycle):
    client.force_login(outsider)
    for name in ["chart-clusters", "chart-opd-progress", "dashboard-pimpinan"]:
        response = client.get(reverse(f"evaluations:{name}"), {"siklus": cycle.pk})
        assert response.status_code == 404


def test_operator_gets_no_chart_data(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    for name in ["chart-tier-progress", "chart-clusters", "chart-kecamatan", "chart-opd-progress"]:
        assert client.get(reverse(f"evaluations:{name}")).status_code == 403
