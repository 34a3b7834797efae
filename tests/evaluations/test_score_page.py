"""The score page: total and tier, next tier and gap, clusters and indicators, kecamatan index,
claimed vs verified, and the points at risk linked to their entries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations import names
from evaluations.scores import scoring
from evaluations.scores.loader import load_cycle_data
from evaluations.scores.report import risk_rows
from kla.formats import angka
from tests import factories

URL = reverse("evaluations:score")


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    return factories.demo_cycle(kota_serang, by=admin_dp3akb)


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_shows_total_tier_gap_and_parts(client, demo, pimpinan):
    claimed, verified = factories.demo_scores(demo)
    response = page(client, pimpinan)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<span class="stat-value" data-testid="total">{angka(claimed.total)}</span>' in html
    assert "tier-badge tier-pratama" in html
    gap = angka(claimed.gap)
    assert f"Menuju <strong>Madya</strong> (≥ 601): kurang <strong>{gap}</strong> poin." in html
    assert "Kelembagaan" in html and "Akta kelahiran" in html  # a cluster and an indicator
    assert f'data-testid="verified-total">{angka(verified.total)}<' in html
    assert "Instrumen contoh (ilustratif)." in html


def test_verified_track(client, demo, verifikator):
    _claimed, verified = factories.demo_scores(demo)
    html = page(client, verifikator, siklus=demo.pk, jalur="verified").content.decode()
    assert f'data-testid="total">{angka(verified.total)}<' in html
    assert f"kurang <strong>{angka(verified.gap)}</strong> poin" in html


def test_unknown_track_falls_back_to_claimed(client, demo, admin_dp3akb):
    claimed, _verified = factories.demo_scores(demo)
    html = page(client, admin_dp3akb, jalur="emas").content.decode()
    assert f'data-testid="total">{angka(claimed.total)}<' in html


def test_kecamatan_index_is_ranked(client, demo, admin_dp3akb):
    data = load_cycle_data(demo)
    ranked = [data.kecamatan_names[k.code] for k in data.score("claimed").kecamatan_index]
    html = page(client, admin_dp3akb).content.decode()
    section = html[html.index('id="judul-kecamatan"') :]
    positions = [section.index(f"<td>{name}</td>") for name in ranked]
    assert positions == sorted(positions) and len(ranked) == 6


def test_points_at_risk_link_to_their_entries(client, demo, admin_dp3akb):
    data = load_cycle_data(demo)
    claimed, verified = data.score("claimed"), data.score("verified")
    rows = risk_rows(data, claimed, verified)
    # Each row is its question's claimed minus verified points, when positive (compared at
    # 2 decimals: 28-digit Decimal arithmetic leaves noise far below a cent).
    verified_earned = {q.code: q.earned for q in verified.questions}
    differences = [q.earned - verified_earned[q.code] for q in claimed.questions]
    positive = sum(d for d in differences if d > 0)
    assert scoring.round2(sum(r.points for r in rows)) == scoring.round2(positive)
    html = page(client, admin_dp3akb).content.decode()
    for row in rows:
        assert row.code in html
        for entry in row.entries:
            assert reverse("evaluations:entry-detail", args=[entry.entry_id]) in html
            assert data.answers[row.code][entry.unit].status == "submitted"


def test_per_kecamatan_risk_is_what_striking_that_entry_costs(kota_serang, admin_dp3akb):
    cycle = factories.make_cycle(city=kota_serang, by=admin_dp3akb)
    rows = [
        {"question": "KL-02.3", "unit": f"36.73.0{n}", "yes": True, "status": status,
         "documents": ["sk"]}
        for n, status in ((1, "verified"), (2, "submitted"), (3, "submitted"))
    ]  # fmt: skip
    factories.load_answers_rows(rows, by=admin_dp3akb)
    data = load_cycle_data(cycle)
    (row,) = risk_rows(data, data.score("claimed"), data.score("verified"))
    # Coverage, 25 points over six kecamatan: each submitted "yes" is worth 25/6.
    assert row.points == Decimal(50) / 6
    assert [(e.unit, e.points) for e in row.entries] == [
        ("36.73.02", Decimal(25) / 6),
        ("36.73.03", Decimal(25) / 6),
    ]


def test_no_risk_when_everything_claimed_is_verified(client, cycle, admin_dp3akb):
    html = page(client, admin_dp3akb).content.decode()
    assert "Tidak ada poin yang belum terbukti" in html
    assert "Belum berpredikat" in html  # an empty cycle has no tier yet


def test_other_city_cycle_is_404_and_bad_id_is_404(client, demo, outsider, admin_dp3akb):
    assert page(client, outsider, siklus=demo.pk).status_code == 404
    assert page(client, admin_dp3akb, siklus="satu").status_code == 404


def test_city_without_cycle_shows_empty_state(client, outsider):
    response = page(client, outsider)
    assert response.status_code == 200
    assert "Belum ada siklus evaluasi" in response.content.decode()


def test_anonymous_operator_and_wrong_method(client, demo, operator_dinkes, admin_dp3akb):
    assert client.get(URL)["Location"].startswith(reverse("login"))
    assert page(client, operator_dinkes).status_code == 403
    client.force_login(admin_dp3akb)
    assert client.post(URL).status_code == 405


QUERIES = 16  # one query fewer for the cycle, two lazy loads gone (selection.py), the user's
# city loaded with the user (kla/accounts/backends.py); the state
AGAIN = QUERIES - 11  # the cycle's state unchanged: its data is not loaded again (cached.py)


def test_query_count_is_pinned_and_does_not_grow_with_kecamatan(
    client, demo, admin_dp3akb, instrument, django_assert_num_queries
):
    for user in (admin_dp3akb, factories.one_kecamatan_admin(instrument)):
        client.force_login(user)
        factories.forget_kept()  # the first page this process serves for the instrument
        with django_assert_num_queries(QUERIES):
            assert client.get(URL).status_code == 200
        with django_assert_num_queries(AGAIN):
            assert client.get(URL).status_code == 200


def test_every_track_renders(client, demo, admin_dp3akb):
    for track in names.TRACKS:
        assert page(client, admin_dp3akb, jalur=track).status_code == 200
