"""Permission matrix: every URL of cycles, assignments, worklists and notifications x persona.

Decisions: cycles, stage dates, reopening and reassigning are Admin KLA only (others 403); the
assignment matrix is readable by every role of the city; the progress overview by Admin KLA,
Verifikator and Pimpinan; the queue by Admin KLA and Verifikator; "Tugas saya" by operators.
Another city's Admin KLA gets 404 for any object of Kota Serang, and its own (empty) lists.
A person may mark only their own notices as read (someone else's is a 404).
"""

import pytest
from django.urls import reverse

from evaluations.models import Notification
from indicators.models import Question
from tests.factories import make_cycle
from tests.matrix import MATRIX_ARGS, PERSONAS, Row, assert_complete, cases, check

STAFF = [p for p in PERSONAS if p != "anonymous"]


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(STAFF, default), **overrides}


def cycle_url(name: str):
    return lambda s: reverse(name, args=[s["cycle"].pk])


def plain_url(name: str):
    return lambda s: reverse(name)


ADMIN = expect(403, admin_dp3akb=200, outsider=404)  # an object of Kota Serang, Admin KLA only
ADMIN_LIST = expect(403, admin_dp3akb=200, outsider=200)  # own city's list, Admin KLA only
ADMIN_WRONG_METHOD = expect(403, admin_dp3akb=405, outsider=405)
REASSIGN = "evaluations:assignment-reassign"

ROWS = [
    Row("evaluations:cycle-list", plain_url("evaluations:cycle-list"), "GET", ADMIN_LIST),
    Row("evaluations:cycle-list", plain_url("evaluations:cycle-list"), "POST", ADMIN_WRONG_METHOD),
    Row("evaluations:cycle-create", plain_url("evaluations:cycle-create"), "GET", ADMIN_LIST),
    # An empty POST only shows the form's errors: nothing is created by the matrix.
    Row("evaluations:cycle-create", plain_url("evaluations:cycle-create"), "POST", ADMIN_LIST),
    Row("evaluations:cycle-detail", cycle_url("evaluations:cycle-detail"), "GET", ADMIN),
    Row(
        "evaluations:cycle-detail",
        cycle_url("evaluations:cycle-detail"),
        "POST",
        ADMIN_WRONG_METHOD,
    ),
    Row("evaluations:cycle-dates", cycle_url("evaluations:cycle-dates"), "GET", ADMIN),
    Row("evaluations:cycle-dates", cycle_url("evaluations:cycle-dates"), "POST", ADMIN),
    Row("evaluations:cycle-reopen", cycle_url("evaluations:cycle-reopen"), "GET", ADMIN),
    Row("evaluations:cycle-reopen", cycle_url("evaluations:cycle-reopen"), "POST", ADMIN),
    Row(
        "evaluations:assignment-matrix",
        cycle_url("evaluations:assignment-matrix"),
        "GET",
        expect(200, outsider=404),
    ),
    Row(
        "evaluations:assignment-matrix",
        cycle_url("evaluations:assignment-matrix"),
        "POST",
        expect(405),
    ),
    Row(
        REASSIGN, lambda s: reverse(REASSIGN, args=[s["cycle"].pk, s["question"].pk]), "GET", ADMIN
    ),
    Row(
        REASSIGN, lambda s: reverse(REASSIGN, args=[s["cycle"].pk, s["question"].pk]), "POST", ADMIN
    ),
    Row(
        "evaluations:my-tasks",
        plain_url("evaluations:my-tasks"),
        "GET",
        expect(403, operator_dinkes=200, operator_dindik=200),
    ),
    Row(
        "evaluations:my-tasks",
        plain_url("evaluations:my-tasks"),
        "POST",
        expect(403, operator_dinkes=405, operator_dindik=405),
    ),
    Row(
        "evaluations:review-queue",
        plain_url("evaluations:review-queue"),
        "GET",
        expect(403, admin_dp3akb=200, verifikator=200, outsider=200),
    ),
    Row(
        "evaluations:review-queue",
        plain_url("evaluations:review-queue"),
        "POST",
        expect(403, admin_dp3akb=405, verifikator=405, outsider=405),
    ),
    Row(
        "evaluations:progress",
        plain_url("evaluations:progress"),
        "GET",
        expect(403, admin_dp3akb=200, verifikator=200, pimpinan=200, outsider=200),
    ),
    Row(
        "evaluations:progress",
        plain_url("evaluations:progress"),
        "POST",
        expect(403, admin_dp3akb=405, verifikator=405, pimpinan=405, outsider=405),
    ),
    Row(
        "evaluations:notification-list",
        plain_url("evaluations:notification-list"),
        "GET",
        expect(200),
    ),
    Row(
        "evaluations:notification-list",
        plain_url("evaluations:notification-list"),
        "POST",
        expect(405),
    ),
    Row(
        "evaluations:notification-read",
        lambda s: reverse("evaluations:notification-read", args=[s["notice"].pk]),
        "POST",
        expect(404, operator_dinkes=302),
    ),
    Row(
        "evaluations:notification-read",
        lambda s: reverse("evaluations:notification-read", args=[s["notice"].pk]),
        "GET",
        expect(405),
    ),
    Row(
        "evaluations:notification-read-all",
        plain_url("evaluations:notification-read-all"),
        "POST",
        expect(302),
    ),
    Row(
        "evaluations:notification-read-all",
        plain_url("evaluations:notification-read-all"),
        "GET",
        expect(405),
    ),
]

URL_NAMES = {
    "evaluations:cycle-list",
    "evaluations:cycle-create",
    "evaluations:cycle-detail",
    "evaluations:cycle-dates",
    "evaluations:cycle-reopen",
    "evaluations:assignment-matrix",
    "evaluations:assignment-reassign",
    "evaluations:my-tasks",
    "evaluations:review-queue",
    "evaluations:progress",
    "evaluations:notification-list",
    "evaluations:notification-read",
    "evaluations:notification-read-all",
}


@pytest.fixture
def scenario(kota_serang, admin_dp3akb, operator_dinkes):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    return {
        "cycle": cycle,
        "question": Question.objects.get(code="III-12.1"),
        "notice": Notification.objects.create(recipient=operator_dinkes, message="Uji"),
    }


def test_every_url_has_rows_for_every_persona():
    assert_complete(ROWS, URL_NAMES)


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(client, personas, scenario, row, persona, expected):
    check(client, personas, row, persona, expected, scenario)
