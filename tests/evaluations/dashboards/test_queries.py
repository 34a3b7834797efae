"""Each dashboard page and chart view runs a fixed number of queries: the same for a city with
one kecamatan and one empty cycle as for Kota Serang with six kecamatan and ten filled cycles
(snapshots and official results included).

What the numbers are made of (client requests, so the session and the user count too):
- every request: session, user, the user's kabupaten/kota, the navbar's unread notices (pages
  only), the city's cycles (the filter);
- the cycle's state (evaluations/scores/cached.py): 1; then, the first time this process sees
  the state, ``load_cycle_data``: 11 (tests/evaluations/scores/test_loader.py), not again;
- the yearly history: official results, snapshots, tiers of the cycles' instruments;
- the DP3AKB dashboard: stages and reopenings (deadline, timeline), progress per OPD (one
  aggregate), the verification backlog (one aggregate), the province's marks (one).
"""

import pytest
from django.urls import reverse

from evaluations.scores.snapshots import refresh_snapshots
from kla.accounts.models import Role
from tests import factories

# Pinned counts; a change here must be explained (see the module docstring). One fewer each
# since the user comes with their city in the session's query (kla/accounts/backends.py).
EXPECTED = {
    "evaluations:dashboard-pimpinan": 19,
    "evaluations:dashboard-dp3akb": 21,
    "evaluations:chart-tier-progress": 18,
    "evaluations:chart-clusters": 15,
    "evaluations:chart-kecamatan": 15,
    "evaluations:chart-opd-progress": 6,
}
# Left out when the process has seen the cycle's state: the loader's 11 (the DP3AKB
# dashboard also keeps its OPD progress).
SAVED = {name: 11 for name in EXPECTED} | {
    "evaluations:dashboard-dp3akb": 12,
    "evaluations:chart-opd-progress": 0,
}


def small_city():
    """One kecamatan, one cycle, nothing answered."""
    city = factories.other_city(code="36.71", name="Kota Kecil", kecamatan=1)
    admin = factories.make_user(city=city, role=Role.ADMIN_KLA)
    factories.make_cycle(city=city, by=admin)
    return {"admin": admin, "pimpinan": factories.make_user(city=city, role=Role.PIMPINAN)}


def large_city():
    """Kota Serang: six kecamatan, ten cycles answered, snapshots and official results."""
    city = factories.kota_serang()
    admin = factories.make_user(city=city, role=Role.ADMIN_KLA)
    for year in range(2017, 2027):
        cycle = factories.make_cycle(city=city, year=year, by=admin)
        factories.fill_answers(cycle, status="verified" if year < 2026 else "submitted")
        refresh_snapshots(cycle)
        if year % 2:
            factories.official_result(cycle, "final", total=500 + year % 100, tier_code="pratama")
            factories.official_result(cycle, "provinsi", total=510 + year % 100, by=admin)
    return {"admin": admin, "pimpinan": factories.make_user(city=city, role=Role.PIMPINAN)}


def viewer(users, name: str):
    return users["admin"] if "dp3akb" in name or "opd" in name else users["pimpinan"]


@pytest.mark.parametrize("dataset", [small_city, large_city], ids=["small", "large"])
@pytest.mark.parametrize("name", list(EXPECTED))
def test_query_count_is_fixed(client, instrument, django_assert_num_queries, dataset, name):
    users = dataset()
    client.force_login(viewer(users, name))
    factories.forget_kept()  # the first page this process serves for the instrument
    with django_assert_num_queries(EXPECTED[name]):
        response = client.get(reverse(name))
    assert response.status_code == 200
    again = EXPECTED[name] - SAVED[name]
    with django_assert_num_queries(again):
        assert client.get(reverse(name)).status_code == 200


def test_home_costs_the_same_as_the_dashboard_it_shows(
    client, instrument, django_assert_num_queries
):
    users = small_city()
    client.force_login(users["pimpinan"])
    with django_assert_num_queries(EXPECTED["evaluations:dashboard-pimpinan"]):
        assert client.get(reverse("home")).status_code == 200
