"""Permission matrix for the load balancer's probe: open to everyone, it shows no data."""

import pytest
from django.urls import reverse

from tests.matrix import MATRIX_ARGS, Row, cases, check, expect, row_counts, scenario_fixture

ROWS = [
    Row("health", lambda s: reverse("health"), "GET", {**expect(200), "anonymous": 200}),
    Row("health", lambda s: reverse("health"), "POST", {**expect(405), "anonymous": 405}),
]

scenario = scenario_fixture(lambda s: {})


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    check(client, row, persona, expected, scenario, row_counts)
