"""Permission matrix for the project-level pages (home, instrument)."""

import pytest
from django.urls import reverse

from tests.matrix import MATRIX_ARGS, Row, cases, check

ALL_OK = {
    "admin_dp3akb": 200,
    "verifikator": 200,
    "operator_dinkes": 200,
    "operator_dindik": 200,
    "pimpinan": 200,
    "outsider": 200,  # sees their own city's page, never Kota Serang's (tests/kla/test_home.py)
}

ROWS = [
    Row("home", lambda s: reverse("home"), "GET", ALL_OK),
    Row(
        "indicators:instrument-current",
        lambda s: reverse("indicators:instrument-current"),
        "GET",
        {persona: 302 for persona in ALL_OK},  # redirects to the current instrument's page
    ),
    Row(
        "indicators:instrument-detail",
        lambda s: reverse("indicators:instrument-detail", args=[s["instrument"].code]),
        "GET",
        ALL_OK,
    ),
    Row(
        "indicators:instrument-detail",
        lambda s: reverse("indicators:instrument-detail", args=[s["instrument"].code]),
        "POST",
        {persona: 405 for persona in [*ALL_OK, "anonymous"]},
    ),
]


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(client, personas, instrument, row, persona, expected):
    check(client, personas, row, persona, expected, {"instrument": instrument})
