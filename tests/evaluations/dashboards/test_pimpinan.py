"""The Pimpinan dashboard: the walikota's home page (evaluations/dashboards/views.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.dashboards import selected
from evaluations.dashboards.pimpinan import heat_map, tier_history, top_improvements
from evaluations.models import Entry
from evaluations.scores import next_tier
from evaluations.scores.loader import load_cycle_data
from evaluations.scores.selection import select
from kla.formats import angka
from tests import factories

URL = reverse("evaluations:dashboard-pimpinan")


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    """Kota Serang 2026 with the demo answers (their scores: factories.demo_scores)."""
    return factories.demo_cycle(kota_serang, by=admin_dp3akb)


def page(client, user, url: str = URL, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_is_the_walikotas_home(client, pimpinan, demo):
    html = page(client, pimpinan, reverse("home"))
    assert 'data-testid="dashboard-pimpinan"' in html
    assert "Dasbor DP3AKB" not in html  # no link to a page the walikota may not open


def test_headline_is_the_verified_total_with_the_claimed_one_beside(client, pimpinan, demo):
    """Issue 11: the walikota reads first what is proven; what all claims would give stands
    beside it, each with its own gap (the claimed gap alone said 11,84 points to Madya)."""
    claimed, verified = factories.demo_scores(demo)
    html = page(client, pimpinan)
    assert claimed.total == factories.DEMO_CLAIMED_2026
    assert verified.total == factories.DEMO_VERIFIED_2026
    headline = angka(verified.total)
    assert f'<span class="score-total" data-testid="score-total">{headline}</span>' in html
    assert "Posisi yang sudah terbukti" in html and "Bila semua klaim diterima" in html
    assert f'data-testid="total-claimed">{angka(claimed.total)}<' in html
    assert f'data-testid="total-verified">{headline}<' in html
    card = html.split('data-testid="score-card"')[1].split("</section>")[0]
    assert card.index(headline) < card.index(angka(claimed.total))
    assert f"tier-{verified.tier.code if verified.tier else 'none'}" in card
    assert claimed.gap == factories.MADYA_FROM - claimed.total
    gap, gap_claimed = (card.split(f'data-testid="{key}">')[1] for key in ("gap", "gap-claimed"))
    assert gap.startswith(f"Kurang <strong>{angka(verified.gap)}</strong> poin menuju")
    assert gap_claimed.startswith(f"Kurang <strong>{angka(claimed.gap)}</strong> poin menuju")
    assert claimed.next_tier.name == "Madya"
    assert verified.gap > claimed.gap


def test_verified_track_changes_the_headline(client, pimpinan, demo):
    _claimed, verified = factories.demo_scores(demo)
    html = page(client, pimpinan, jalur="verified")
    assert f'data-testid="score-total">{angka(verified.total)}</span>' in html
    assert f"Kurang <strong>{angka(verified.gap)}</strong> poin menuju" in html
    assert "jalur=verified" in html  # the chart URLs carry the filter


def test_chart_cards_carry_the_filters_and_a_table_of_the_same_numbers(client, pimpinan, demo):
    html = page(client, pimpinan, siklus=demo.pk, jalur="verified")
    for name in ["chart-tier-progress", "chart-clusters", "chart-kecamatan"]:
        assert (
            f'data-chart-url="{reverse("evaluations:" + name)}?siklus={demo.pk}&amp;jalur=verified"'
            in html
        )
    score = load_cycle_data(demo).score("verified")
    best = score.kecamatan_index[0]
    assert f'<td class="text-end">{str(best.index).replace(".", ",")}</td>' in html
    assert "Tabel data" in html and 'role="img"' in html


def test_heat_map_rows_average_to_the_kecamatan_index(demo):
    """Weighted by each indicator's per-kecamatan points, the heat map's cells give back the
    kecamatan index: the same rule, restricted to one indicator per row."""
    scores = selected.load_scores(demo, "claimed")  # the index of the track shown
    heat = heat_map(scores, "claimed")
    spec = scores.data.spec
    weight = {
        i.code: sum(
            q.points
            for q in spec.questions
            if q.indicator_code == i.code and q.level == "kecamatan"
        )
        for i in spec.indicators
    }
    total_weight = sum(weight.values())
    index = {k.code: k.index for k in scores.claimed.kecamatan_index}
    for column, code in enumerate(scores.data.kecamatan):
        rebuilt = sum(weight[row.code] * row.values[column] for row in heat.rows) / total_weight
        assert abs(rebuilt - index[code]) < Decimal("0.05")
    assert len(heat.columns) == 6
    assert {row.code for row in heat.rows} == {c for c, w in weight.items() if w}


def test_heat_map_cell_is_the_share_reached_in_that_kecamatan(cycle):
    kecamatan = "36.73.01"
    Entry.objects.filter(
        cycle=cycle, question__indicator__code="III-12", unit__code=kecamatan
    ).update(numerator=100, denominator=100, status="submitted")
    scores = selected.load_scores(cycle)
    heat = heat_map(scores, "claimed")
    row = next(r for r in heat.rows if r.code == "III-12")
    column = scores.data.kecamatan.index(kecamatan)
    assert row.values[column] == Decimal("100.00")
    assert sum(row.values) == Decimal("100.00")
    assert row.cells[column] == (Decimal("100.00"), 4)
    assert heat_map(scores, "verified").rows[0].values == (Decimal(0),) * 6


def test_heat_map_is_written_in_the_cells(client, pimpinan, demo):
    html = page(client, pimpinan)
    assert 'data-testid="heat-map"' in html
    assert '<td class="heat heat-' in html
    assert "KL-02</span> Terlembaganya KLA" in html
    assert "KL-01" not in html.split('data-testid="heat-map"')[1].split("</table>")[0]  # kota only


def test_top_improvements_follow_the_path_with_their_opd(client, pimpinan, demo):
    data = load_cycle_data(demo)
    route = next_tier.path_to_next_tier(data.spec, data.answers, data.kecamatan, "claimed")
    found = next_tier.improvements(data.spec, data.answers, data.kecamatan, "claimed")
    assert route.crosses and tuple(found[: len(route.steps)]) == route.steps
    _route, rows = top_improvements(selected.load_scores(demo), "claimed")
    assert 5 <= len(rows) <= 8
    assert [r.code for r in rows] == [s.question_code for s in found[: len(rows)]]
    assert [r.marked for r in rows] == [n < len(route.steps) for n in range(len(rows))]
    html = page(client, pimpinan)
    first = rows[0]
    assert first.code in html and first.opd_code in html and first.opd_name
    assert f"{reverse('evaluations:path')}?siklus={demo.pk}&amp;jalur=claimed" in html


def test_history_sources_in_order(kota_serang, admin_dp3akb, instrument):
    final_and_province = factories.make_cycle(city=kota_serang, year=2023, by=admin_dp3akb)
    factories.official_result(final_and_province, "provinsi", total=Decimal("540"), by=admin_dp3akb)
    factories.official_result(
        final_and_province, "final", total=Decimal("556.20"), tier_code="pratama", by=admin_dp3akb
    )
    untracked = factories.make_cycle(city=kota_serang, year=2024, by=admin_dp3akb)
    current = factories.make_cycle(city=kota_serang, year=2026, by=admin_dp3akb)
    selection = select(admin_dp3akb, {"siklus": str(current.pk)})
    points = tier_history(selection, selected.load_scores(current))
    assert [(p.year, p.total) for p in points] == [
        (2023, Decimal("556.20")),
        (2024, None),
        (2026, Decimal("0.00")),
    ]
    assert points[0].source == "Hasil akhir (penetapan)" and points[0].tier.name == "Pratama"
    assert points[1].source == "Belum ada skor" and points[1].tier is None
    assert points[2].source == "Pantauan (dihitung saat ini)"
    assert untracked.year == 2024


def test_tier_bands_come_from_the_instrument(instrument, cycle):
    bands = selected.tier_bands(selected.load_scores(cycle).data.spec)
    assert [(b.name, b.low, b.high) for b in bands] == [
        ("Pratama", 500, 601),
        ("Madya", 601, 701),
        ("Nindya", 701, 801),
        ("Utama", 801, 901),
        ("KLA", 901, 1000),
    ]


def test_other_years_and_bad_filters(client, pimpinan, kota_serang, admin_dp3akb, demo):
    old = factories.make_cycle(city=kota_serang, year=2024, by=admin_dp3akb)
    html = page(client, pimpinan, siklus=old.pk)
    assert f'<option value="{old.pk}" selected>' in html
    assert 'data-testid="score-total">0,00</span>' in html
    html = page(client, pimpinan, jalur="projection")  # not a dashboard track: claimed
    assert '<option value="claimed" selected>' in html
    client.force_login(pimpinan)
    assert client.get(URL, {"siklus": "x"}).status_code == 404


def test_a_city_without_cycle(client, outsider, instrument):
    html = page(client, outsider)
    assert "Belum ada siklus evaluasi" in html
    assert "Instrumen contoh KLA (ilustratif)" in html
    assert "chart.umd.min.js" not in html


def test_verifikator_may_see_it_and_switch_back(client, verifikator, demo):
    html = page(client, verifikator)
    assert 'data-testid="dashboard-pimpinan"' in html
    assert reverse("evaluations:dashboard-dp3akb") in html


def test_operator_is_forbidden_and_anonymous_sent_to_login(client, operator_dinkes, demo):
    assert client.get(URL).status_code == 302
    client.force_login(operator_dinkes)
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
