"""Permission matrix: every dashboard page and chart-data URL x persona.

Decisions (evaluations/dashboards/views.py): the Pimpinan dashboard and its charts are read by
Pimpinan, Admin KLA and Verifikator; the DP3AKB dashboard and its chart by Admin KLA and
Verifikator; an Operator OPD gets 403 for both. Another city's Admin KLA asking for a Kota
Serang cycle (``?siklus=``) gets 404. Read-only: any other method than GET is 405 for a reader,
and changes nothing.
"""

import pytest
from django.urls import reverse

from tests.factories import make_cycle
from tests.matrix import (
    MATRIX_ARGS,
    Row,
    cases,
    check,
    expect,
    of_cycle,
    row_counts,
    scenario_fixture,
)

PIMPINAN_READERS = ("admin_dp3akb", "verifikator", "pimpinan")
DP3AKB_READERS = ("admin_dp3akb", "verifikator")


def readers(names, status: int) -> dict[str, int]:
    return expect(403, **dict.fromkeys(names, status), outsider=404 if status == 200 else status)


def page(name: str):
    """The page or chart of Kota Serang's cycle, chosen by ``?siklus=``."""
    return of_cycle(name, jalur="verified")


PIMPINAN_URLS = [
    "evaluations:dashboard-pimpinan",
    "evaluations:chart-tier-progress",
    "evaluations:chart-clusters",
    "evaluations:chart-kecamatan",
]
DP3AKB_URLS = ["evaluations:dashboard-dp3akb", "evaluations:chart-opd-progress"]

ROWS = [
    *(Row(name, page(name), "GET", readers(PIMPINAN_READERS, 200)) for name in PIMPINAN_URLS),
    *(Row(name, page(name), "POST", readers(PIMPINAN_READERS, 405)) for name in PIMPINAN_URLS),
    *(Row(name, page(name), "GET", readers(DP3AKB_READERS, 200)) for name in DP3AKB_URLS),
    *(Row(name, page(name), "POST", readers(DP3AKB_READERS, 405)) for name in DP3AKB_URLS),
]


def build(s: dict) -> dict:
    return {"cycle": make_cycle(city=s["city"], by=s["personas"]["admin_dp3akb"])}


scenario = scenario_fixture(build)


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    check(client, row, persona, expected, scenario, row_counts)


@pytest.mark.parametrize("name", PIMPINAN_URLS + DP3AKB_URLS)
def test_own_city_without_siklus_is_fine_for_another_city(db, client, scenario, name):
    """Without ``?siklus=`` the outsider sees their own (cycle-less) city, never Kota Serang."""
    client.force_login(scenario["personas"]["outsider"])
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Serang" not in response.content.decode()
