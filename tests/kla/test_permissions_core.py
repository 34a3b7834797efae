"""Permission matrix for the project-level pages (home, instrument)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.matrix import MATRIX_ARGS, Row, cases, check, expect, row_counts, scenario_fixture

ALL_OK = expect(200)  # the outsider sees their own city's page, never Kota Serang's (test_home)


def instrument_url(s) -> str:
    return reverse("indicators:instrument-detail", args=[s["instrument"].code])


ROWS = [
    Row("home", lambda s: reverse("home"), "GET", ALL_OK),
    Row(
        "indicators:instrument-current",
        lambda s: reverse("indicators:instrument-current"),
        "GET",
        expect(302),  # redirects to the current instrument's page
    ),
    Row("indicators:instrument-detail", instrument_url, "GET", ALL_OK),
    Row("indicators:instrument-detail", instrument_url, "POST", {**expect(405), "anonymous": 405}),
]

scenario = scenario_fixture(lambda s: {"instrument": factories.default_instrument()})


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    check(client, row, persona, expected, scenario, row_counts)
