"""Permission matrix: every URL of the score pages x persona.

Decisions: the score, the path to the next tier and the history are read by Admin KLA,
Verifikator and Pimpinan (an Operator OPD works from "Tugas saya": 403); the what-if is for
Admin KLA and Pimpinan (it saves nothing, so Pimpinan may POST); an official result is
recorded by Admin KLA only. Another city's Admin KLA gets 404 for a Kota Serang cycle.
"""

import pytest
from django.urls import reverse

from tests.factories import make_cycle
from tests.matrix import MATRIX_ARGS, PERSONAS, Row, assert_complete, cases, check

STAFF = [p for p in PERSONAS if p != "anonymous"]
READERS = ("admin_dp3akb", "verifikator", "pimpinan")
SIMULATORS = ("admin_dp3akb", "pimpinan")


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(STAFF, default), **overrides}


def of_cycle(name: str):
    """A page of one cycle chosen by ``?siklus=`` (Kota Serang's)."""
    return lambda s: f"{reverse(name)}?siklus={s['cycle'].pk}"


def plain_url(name: str):
    return lambda s: reverse(name)


def edit_url(s) -> str:
    return reverse("evaluations:official-result-edit", args=[s["cycle"].pk])


READ = expect(403, **dict.fromkeys(READERS, 200), outsider=404)
READ_WRONG_METHOD = expect(403, **dict.fromkeys(READERS, 405), outsider=405)
SIMULATE = expect(403, **dict.fromkeys(SIMULATORS, 200), outsider=404)
SIMULATE_WRONG_METHOD = expect(403, **dict.fromkeys(SIMULATORS, 405), outsider=405)
RESULT = {"stage": "final", "total": "556.20", "tier_code": "pratama", "note": "Uji"}

ROWS = [
    Row("evaluations:score", of_cycle("evaluations:score"), "GET", READ),
    Row("evaluations:score", of_cycle("evaluations:score"), "POST", READ_WRONG_METHOD),
    Row("evaluations:path", of_cycle("evaluations:path"), "GET", READ),
    Row("evaluations:path", of_cycle("evaluations:path"), "POST", READ_WRONG_METHOD),
    Row(
        "evaluations:score-history",
        plain_url("evaluations:score-history"),
        "GET",
        expect(403, **dict.fromkeys(READERS, 200), outsider=200),  # its own (empty) history
    ),
    Row(
        "evaluations:score-history",
        plain_url("evaluations:score-history"),
        "POST",
        READ_WRONG_METHOD,
    ),
    Row(
        "evaluations:official-result-edit",
        edit_url,
        "GET",
        expect(403, admin_dp3akb=200, outsider=404),
    ),
    Row(
        "evaluations:official-result-edit",
        edit_url,
        "POST",
        expect(403, admin_dp3akb=302, outsider=404),
        data=lambda s: RESULT,
    ),
    Row(
        "evaluations:official-result-edit",
        edit_url,
        "PUT",
        expect(403, admin_dp3akb=405, outsider=405),
    ),
    Row("evaluations:what-if", of_cycle("evaluations:what-if"), "GET", SIMULATE),
    # An empty POST changes no answer: the page shows the current score again.
    Row("evaluations:what-if", of_cycle("evaluations:what-if"), "POST", SIMULATE),
    Row("evaluations:what-if", of_cycle("evaluations:what-if"), "PUT", SIMULATE_WRONG_METHOD),
    Row("evaluations:what-if-score", of_cycle("evaluations:what-if-score"), "POST", SIMULATE),
    Row(
        "evaluations:what-if-score",
        of_cycle("evaluations:what-if-score"),
        "GET",
        SIMULATE_WRONG_METHOD,
    ),
]

URL_NAMES = {
    "evaluations:score",
    "evaluations:path",
    "evaluations:score-history",
    "evaluations:official-result-edit",
    "evaluations:what-if",
    "evaluations:what-if-score",
}


@pytest.fixture
def scenario(kota_serang, admin_dp3akb):
    return {"cycle": make_cycle(city=kota_serang, by=admin_dp3akb)}


def test_every_url_has_rows_for_every_persona():
    assert_complete(ROWS, URL_NAMES)


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(client, personas, scenario, row, persona, expected):
    check(client, personas, row, persona, expected, scenario)
