"""Permission matrix: every URL of the score pages x persona.

Decisions: the score, the path to the next tier and the history are read by Admin KLA,
Verifikator and Pimpinan (an Operator OPD works from "Tugas saya": 403); the what-if is for
Admin KLA and Pimpinan (it saves nothing, so Pimpinan may POST); an official result is
recorded by Admin KLA only. Another city's Admin KLA gets 404 for a Kota Serang cycle.
"""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from evaluations.models import AuditRecord, Entry, OfficialResult, ScoreSnapshot
from tests.factories import make_cycle
from tests.matrix import (
    MATRIX_ARGS,
    Effect,
    Row,
    assert_complete,
    cases,
    check,
    expect,
    of_cycle,
    plain_url,
    scenario_fixture,
)

READERS = ("admin_dp3akb", "verifikator", "pimpinan")
SIMULATORS = ("admin_dp3akb", "pimpinan")


def edit_url(s) -> str:
    return reverse("evaluations:official-result-edit", args=[s["cycle"].pk])


READ = expect(403, **dict.fromkeys(READERS, 200), outsider=404)
READ_WRONG_METHOD = expect(403, **dict.fromkeys(READERS, 405), outsider=405)
SIMULATE = expect(403, **dict.fromkeys(SIMULATORS, 200), outsider=404)
SIMULATE_WRONG_METHOD = expect(403, **dict.fromkeys(SIMULATORS, 405), outsider=405)
RESULT = {"stage": "final", "total": "556.20", "tier_code": "pratama", "note": "Uji"}


def state(s: dict, persona: str) -> dict:
    """What a score page could change: official results, snapshots, answers, the audit."""
    cycle = s["cycle"]
    return {
        "results": list(
            OfficialResult.objects.filter(cycle=cycle)
            .order_by("stage")
            .values_list("stage", "total", "tier_code", "note")
        ),
        "snapshots": ScoreSnapshot.objects.filter(cycle=cycle).count(),
        "entry versions": Entry.objects.filter(cycle=cycle).aggregate(n=Sum("version"))["n"],
        "audit": AuditRecord.objects.filter(cycle=cycle).count(),
    }


RECORDED = Effect(
    by=("admin_dp3akb",),
    change=lambda before: {
        "results": [("final", Decimal("556.20"), "pratama", "Uji")],
        "audit": before["audit"] + 1,
    },
)

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
        effect=RECORDED,
    ),
    Row(
        "evaluations:official-result-edit",
        edit_url,
        "PUT",
        expect(403, admin_dp3akb=405, outsider=405),
    ),
    Row("evaluations:what-if", of_cycle("evaluations:what-if"), "GET", SIMULATE),
    # An empty POST changes no answer: the page shows the current score again, saving nothing.
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


def build(s: dict) -> dict:
    return {"cycle": make_cycle(city=s["city"], by=s["personas"]["admin_dp3akb"])}


scenario = scenario_fixture(build)


def test_every_url_has_rows_for_every_persona():
    assert_complete(ROWS, URL_NAMES)


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    check(client, row, persona, expected, scenario, state)
