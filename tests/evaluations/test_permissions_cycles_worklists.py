"""Permission matrix: every URL of cycles, assignments, worklists and notifications x persona.

Decisions: cycles, stage dates, reopening and reassigning are Admin KLA only (others 403); the
assignment matrix is readable by every role of the city; the progress overview by Admin KLA,
Verifikator and Pimpinan; the queue by Admin KLA and Verifikator; "Tugas saya" by operators.
Another city's Admin KLA gets 404 for any object of Kota Serang, and its own (empty) lists; it
may create its own city's cycle. A person may mark only their own notices as read (someone
else's is a 404). The POST rows send valid data: what they change is checked (tests/matrix.py).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Assignment, AuditRecord, Cycle, Notification, Reopening, Stage
from indicators.models import Question
from kla.organisations.models import Opd
from tests.factories import default_instrument, make_cycle, stage_form_data
from tests.matrix import (
    MATRIX_ARGS,
    STAFF,
    Effect,
    Row,
    assert_complete,
    cases,
    check,
    expect,
    plain_url,
    scenario_fixture,
)

DAY = datetime.timedelta(days=1)
NEW_YEAR = 2027
LONGER = 10 * DAY  # how much the matrix lengthens the Penetapan stage


def cycle_url(name: str):
    return lambda s: reverse(name, args=[s["cycle"].pk])


def new_cycle(s) -> dict:
    first_day = datetime.date(NEW_YEAR, 1, 5)
    return {"year": NEW_YEAR, "name": "", "instrument": s["instrument"].pk} | stage_form_data(
        first_day
    )


def longer_penetapan(s) -> dict:
    """The cycle's stage windows as the form sends them, Penetapan ending later."""
    data = {}
    for stage in Stage.objects.filter(cycle=s["cycle"]):
        ends = stage.ends_on + LONGER if stage.kind == Stage.Kind.PENETAPAN else stage.ends_on
        data[f"{stage.kind}_mulai"] = stage.starts_on.isoformat()
        data[f"{stage.kind}_selesai"] = ends.isoformat()
    return data


def reopened_until() -> datetime.date:
    """After the cycle's own entry window, which ends in 20 days."""
    return timezone.localdate() + 30 * DAY


def reopening(s) -> dict:
    return {"until": reopened_until().isoformat(), "reason": "Data Dinkes terlambat"}


def to_dindik(s) -> dict:
    return {"opd": s["dindik"].pk}


def state(s: dict, persona: str) -> dict:
    """What these pages change: cycles, the stage windows and reopenings of Kota Serang's cycle,
    the assignment of III-12.1, unread notices, the audit."""
    user = s["personas"].get(persona)
    cycles = Cycle.objects.order_by("year")
    mine = cycles.filter(kabupaten=user.kabupaten) if user else cycles.none()
    unread = Notification.objects.filter(read_at__isnull=True)
    return {
        "my_cycles": list(mine.values_list("year", flat=True)),
        "other_cycles": list(cycles.exclude(pk__in=mine).values_list("kabupaten", "year")),
        "stages": list(
            Stage.objects.filter(cycle=s["cycle"])
            .order_by("kind")
            .values_list("kind", "starts_on", "ends_on")
        ),
        "reopenings": list(
            Reopening.objects.filter(cycle=s["cycle"]).values_list("until", "reason")
        ),
        "assignment": Assignment.objects.get(cycle=s["cycle"], question=s["question"]).opd.code,
        "my_unread": unread.filter(recipient=user).count() if user else 0,
        "others_unread": unread.exclude(recipient=user).count() if user else unread.count(),
        "audit": AuditRecord.objects.count(),
    }


def audited(before: dict, **changes) -> dict:
    return {**changes, "audit": before["audit"] + 1}


CREATED = Effect(
    by=("admin_dp3akb", "outsider"),  # each in their own city
    change=lambda b: audited(b, my_cycles=[*b["my_cycles"], NEW_YEAR]),
)
DATES_CHANGED = Effect(
    by=("admin_dp3akb",),
    change=lambda b: audited(
        b,
        stages=[
            (kind, starts, ends + LONGER if kind == Stage.Kind.PENETAPAN else ends)
            for kind, starts, ends in b["stages"]
        ],
    ),
)
REOPENED = Effect(
    by=("admin_dp3akb",),
    change=lambda b: audited(b, reopenings=[(reopened_until(), "Data Dinkes terlambat")]),
)
REASSIGNED = Effect(by=("admin_dp3akb",), change=lambda b: audited(b, assignment="DINDIKBUD"))
MY_NOTICES_READ = Effect(by=STAFF, change=lambda b: {"my_unread": 0})

ADMIN = expect(403, admin_dp3akb=200, outsider=404)  # an object of Kota Serang, Admin KLA only
ADMIN_DONE = expect(403, admin_dp3akb=302, outsider=404)
ADMIN_LIST = expect(403, admin_dp3akb=200, outsider=200)  # own city's list, Admin KLA only
ADMIN_WRONG_METHOD = expect(403, admin_dp3akb=405, outsider=405)
REASSIGN = "evaluations:assignment-reassign"


def reassign_url(s) -> str:
    return reverse(REASSIGN, args=[s["cycle"].pk, s["question"].pk])


ROWS = [
    Row("evaluations:cycle-list", plain_url("evaluations:cycle-list"), "GET", ADMIN_LIST),
    Row("evaluations:cycle-list", plain_url("evaluations:cycle-list"), "POST", ADMIN_WRONG_METHOD),
    Row("evaluations:cycle-create", plain_url("evaluations:cycle-create"), "GET", ADMIN_LIST),
    Row(
        "evaluations:cycle-create",
        plain_url("evaluations:cycle-create"),
        "POST",
        expect(403, admin_dp3akb=302, outsider=302),
        data=new_cycle,
        effect=CREATED,
    ),
    Row("evaluations:cycle-detail", cycle_url("evaluations:cycle-detail"), "GET", ADMIN),
    Row(
        "evaluations:cycle-detail",
        cycle_url("evaluations:cycle-detail"),
        "POST",
        ADMIN_WRONG_METHOD,
    ),
    Row("evaluations:cycle-dates", cycle_url("evaluations:cycle-dates"), "GET", ADMIN),
    Row(
        "evaluations:cycle-dates",
        cycle_url("evaluations:cycle-dates"),
        "POST",
        ADMIN_DONE,
        data=longer_penetapan,
        effect=DATES_CHANGED,
    ),
    Row("evaluations:cycle-reopen", cycle_url("evaluations:cycle-reopen"), "GET", ADMIN),
    Row(
        "evaluations:cycle-reopen",
        cycle_url("evaluations:cycle-reopen"),
        "POST",
        ADMIN_DONE,
        data=reopening,
        effect=REOPENED,
    ),
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
    Row(REASSIGN, reassign_url, "GET", ADMIN),
    Row(REASSIGN, reassign_url, "POST", ADMIN_DONE, data=to_dindik, effect=REASSIGNED),
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
        effect=Effect(by=("operator_dinkes",), change=lambda b: {"my_unread": 0}),
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
        effect=MY_NOTICES_READ,
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


def build(s: dict) -> dict:
    """Kota Serang's open cycle, and one unread notice for every persona."""
    notices = {
        name: Notification.objects.create(recipient=user, message="Uji")
        for name, user in s["personas"].items()
    }
    return {
        "instrument": default_instrument(),
        "cycle": make_cycle(city=s["city"], by=s["personas"]["admin_dp3akb"]),
        "question": Question.objects.get(code="III-12.1"),
        "dindik": Opd.objects.get(kabupaten=s["city"], code="DINDIKBUD"),
        "notice": notices["operator_dinkes"],
    }


scenario = scenario_fixture(build)


def test_every_url_has_rows_for_every_persona():
    assert_complete(ROWS, URL_NAMES)


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    check(client, row, persona, expected, scenario, state)
