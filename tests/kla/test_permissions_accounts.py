"""Permission matrix of the walls (docs/security.md, "Who may do what"): the user pages of the
app and the Django admin.

Decisions: every user has the password page. User management is Admin KLA only (others 403),
scoped to its city: a Kota Serang user is a 404 to the other city's Admin KLA, whose own list
and create page work for its own city. The form has no field for staff, superuser or city: an
Admin KLA posting them creates or keeps a plain user of its own city, and cannot change its own
role. The Django admin is for platform superusers only (every city persona is sent to the admin
login), and there audited models are read-only: change pages show no save button, POSTs are
refused (403) and change nothing. The POST rows check what changed (tests/matrix.py).
"""

import pytest
from django.urls import reverse

from evaluations.models import Cycle, OfficialResult
from indicators.models import Question
from kla.accounts.models import AccountRecord, Role, User
from tests import factories
from tests.matrix import (
    MATRIX_ARGS,
    PERSONAS,
    STAFF,
    Effect,
    Row,
    assert_complete,
    cases,
    check,
    check_effect,
    expect,
    plain_url,
    row_counts,
    scenario_fixture,
)

NEW_PASSWORD = "Sandi-Baru-Pantau-2026"  # noqa: S105


def build(s: dict) -> dict:
    city = s["city"]
    admin = s["personas"]["admin_dp3akb"]
    cycle = factories.make_cycle(city=city, by=admin)
    target = factories.make_user(
        city=city, role=Role.OPERATOR_OPD, opd_code="DINKES", username="operator.sasaran"
    )
    retired = factories.make_user(
        city=city, role=Role.PIMPINAN, username="sekda.lama", is_active=False
    )
    s["personas"]["superuser"] = User.objects.create_superuser(
        "platform", "platform@example.org", factories.PASSWORD
    )
    return {
        "cycle": cycle,
        "target": target,
        "retired": retired,
        "result": factories.official_result(cycle, total=550, by=admin),
        "walikota": s["personas"]["pimpinan"],
        "question": Question.objects.filter(indicator__cluster__instrument=cycle.instrument)
        .order_by("code")
        .first(),
    }


scenario = scenario_fixture(build)


def users_of(city_id) -> list[tuple]:
    return list(
        User.objects.filter(kabupaten_id=city_id)
        .order_by("username")
        .values_list(
            "username", "role", "opd__code", "is_active", "is_staff", "is_superuser", "first_name"
        )
    )


def state(s: dict, persona: str) -> dict:
    """Users of the persona's city and of the others, the persona's and the target's password,
    the target's temporary flag, the account audit."""
    user = s["personas"].get(persona)
    city_id = user.kabupaten_id if user else None
    target = User.objects.get(pk=s["target"].pk)
    me = User.objects.get(pk=user.pk) if user else None
    return {
        "my_city": users_of(city_id),
        "other_cities": list(
            User.objects.exclude(kabupaten_id=city_id)
            .order_by("username")
            .values_list("username", "role", "kabupaten_id", "is_active", "is_staff")
        ),
        "my_new_password": bool(me and me.check_password(NEW_PASSWORD)),
        "target_old_password": target.check_password(factories.PASSWORD),
        "target_temporary": target.must_change_password,
        "records": AccountRecord.objects.count(),
    }


def new_user_data(s) -> dict:
    """A new operator, with fields the form does not have: staff, superuser, another city. The
    OPD is the persona's own city's Dinkes (``resolve``)."""
    return {
        "username": "operator.baru",
        "first_name": "Operator Baru",
        "role": Role.OPERATOR_OPD,
        "opd": "__city_opd__",
        "is_staff": "on",
        "is_superuser": "on",
        "kabupaten": s["other_city"].pk,
    }


def recorded(before: dict, **changes) -> dict:
    return {**changes, "records": before["records"] + 1}


def with_new_user(before: dict) -> dict:
    row = ("operator.baru", Role.OPERATOR_OPD, "DINKES", True, False, False, "Operator Baru")
    return recorded(before, my_city=sorted([*before["my_city"], row]))


def target_as_verifikator(before: dict) -> dict:
    rows = [
        (*row[:1], Role.VERIFIKATOR, None, *row[3:6], "Sasaran")
        if row[0] == "operator.sasaran"
        else row
        for row in before["my_city"]
    ]
    return recorded(before, my_city=rows)


def target_inactive(before: dict) -> dict:
    rows = [
        (*row[:3], False, *row[4:]) if row[0] == "operator.sasaran" else row
        for row in before["my_city"]
    ]
    return recorded(before, my_city=rows)


def retired_active(before: dict) -> dict:
    rows = [
        (*row[:3], True, *row[4:]) if row[0] == "sekda.lama" else row for row in before["my_city"]
    ]
    return recorded(before, my_city=rows)


def user_url(name: str, key: str = "target"):
    return lambda s: reverse(name, args=[s[key].pk])


def own_page(s):
    return reverse("accounts:user-edit", args=[s["personas"]["admin_dp3akb"].pk])


MANAGER = expect(403, admin_dp3akb=200, outsider=404)
MANAGER_DONE = expect(403, admin_dp3akb=302, outsider=404)
MANAGER_LIST = expect(403, admin_dp3akb=200, outsider=200)
ADMIN_ONLY = ("admin_dp3akb",)


ROWS = [
    Row("accounts:password-change", plain_url("accounts:password-change"), "GET", expect(200)),
    Row(
        "accounts:password-change",
        plain_url("accounts:password-change"),
        "POST",
        expect(302),
        data=lambda s: {
            "old_password": factories.PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        effect=Effect(by=STAFF, change=lambda b: recorded(b, my_new_password=True)),
    ),
    Row(
        "accounts:password-change",
        plain_url("accounts:password-change"),
        "POST",
        expect(200),  # the wrong old password: the form again, nothing changed
        data=lambda s: {
            "old_password": "bukan-sandinya",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    Row("accounts:user-list", plain_url("accounts:user-list"), "GET", MANAGER_LIST),
    Row("accounts:user-create", plain_url("accounts:user-create"), "GET", MANAGER_LIST),
    Row(
        "accounts:user-create",
        plain_url("accounts:user-create"),
        "POST",
        MANAGER_LIST,  # the page showing the temporary password
        data=new_user_data,
        effect=Effect(by=("admin_dp3akb", "outsider"), change=with_new_user),
    ),
    Row("accounts:user-edit", user_url("accounts:user-edit"), "GET", MANAGER),
    Row(
        "accounts:user-edit",
        user_url("accounts:user-edit"),
        "POST",
        MANAGER_DONE,
        data=lambda s: {
            "first_name": "Sasaran",
            "role": Role.VERIFIKATOR,
            "opd": "",
            "kabupaten": s["other_city"].pk,
            "is_superuser": "on",
        },
        effect=Effect(by=ADMIN_ONLY, change=target_as_verifikator),
    ),
    Row(
        "accounts:user-edit",
        own_page,
        "POST",
        expect(403, admin_dp3akb=302, outsider=404),  # own page: no escalation, nothing changes
        data=lambda s: {
            "first_name": "Admin",
            "role": Role.ADMIN_KLA,
            "is_staff": "on",
            "is_superuser": "on",
            "kabupaten": s["other_city"].pk,
        },
        effect=Effect(
            by=ADMIN_ONLY,
            change=lambda b: recorded(
                b,
                my_city=[
                    (*row[:6], "Admin") if row[0] == "admin.dp3akb" else row for row in b["my_city"]
                ],
            ),
        ),
    ),
    Row(
        "accounts:user-edit",
        own_page,
        "POST",
        expect(403, admin_dp3akb=200, outsider=404),  # own role: refused with a message
        data=lambda s: {"first_name": "Admin", "role": Role.VERIFIKATOR, "opd": ""},
    ),
    Row(
        "accounts:user-deactivate",
        user_url("accounts:user-deactivate"),
        "POST",
        MANAGER_DONE,
        effect=Effect(by=ADMIN_ONLY, change=target_inactive),
    ),
    Row(
        "accounts:user-deactivate",
        user_url("accounts:user-deactivate"),
        "GET",
        expect(403, admin_dp3akb=405, outsider=405),
    ),
    Row(
        "accounts:user-activate",
        user_url("accounts:user-activate", "retired"),
        "POST",
        MANAGER_DONE,
        effect=Effect(by=ADMIN_ONLY, change=retired_active),
    ),
    Row(
        "accounts:user-reset-password",
        user_url("accounts:user-reset-password"),
        "POST",
        MANAGER,  # the page showing the temporary password once
        effect=Effect(
            by=ADMIN_ONLY,
            change=lambda b: recorded(b, target_old_password=False, target_temporary=True),
        ),
    ),
    Row(
        "accounts:user-reset-password",
        user_url("accounts:user-reset-password"),
        "GET",
        expect(403, admin_dp3akb=405, outsider=405),
    ),
]


def test_matrix_is_complete():
    assert_complete(ROWS, {row.url_name for row in ROWS})


def resolve(scenario, row, persona):
    """Data naming the persona's own city's Dinkes (each Admin KLA creates in its own city)."""
    data = row.data(scenario) if row.data else None
    if data and data.get("opd") == "__city_opd__":
        user = scenario["personas"].get(persona)
        city = user.kabupaten if user and user.kabupaten else scenario["city"]
        data["opd"] = city.opds.get(code="DINKES").pk
    return data


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    data = resolve(scenario, row, persona)
    if data is not None:
        row = Row(row.url_name, row.url, row.method, row.expected, lambda s: data, row.effect)
    check(client, row, persona, expected, scenario, state)


# The Django admin: a platform superuser besides the personas. Everyone else is sent to the
# admin's login page (302), anonymous included.
ADMIN_PERSONAS = (*PERSONAS, "superuser")
ADMIN_LOGIN = "/admin/login/"


def admin_url(name: str, key: str = "", *, persona_key: str = ""):
    def url(s):
        if persona_key:
            return reverse(f"admin:{name}", args=[s["personas"][persona_key].pk])
        return reverse(f"admin:{name}", args=[s[key].pk] if key else [])

    return url


def superuser_gets(status: int) -> dict[str, int]:
    return {**dict.fromkeys(PERSONAS, 302), "superuser": status}


def admin_state(s: dict, persona: str) -> dict:
    """Every row of the project, and the fields the reviewer changed through the admin."""
    cycle = Cycle.objects.get(pk=s["cycle"].pk)
    walikota = User.objects.get(username="walikota")
    admin = User.objects.get(username="admin.dp3akb")
    return row_counts(s, persona) | {
        "cycle": (cycle.name, cycle.year, cycle.kabupaten_id),
        "result": OfficialResult.objects.get(pk=s["result"].pk).total,
        "points": Question.objects.get(pk=s["question"].pk).points,
        "admin_flags": (admin.is_staff, admin.is_superuser, admin.kabupaten_id),
        "walikota_password": walikota.password,
    }


ADMIN_ROWS = [
    Row("admin:index", admin_url("index"), "GET", superuser_gets(200)),
    Row(
        "admin:evaluations_cycle_changelist",
        admin_url("evaluations_cycle_changelist"),
        "GET",
        superuser_gets(200),
    ),
    Row(
        "admin:evaluations_cycle_change",
        admin_url("evaluations_cycle_change", "cycle"),
        "GET",
        superuser_gets(200),
    ),
    Row(
        "admin:evaluations_cycle_change",
        admin_url("evaluations_cycle_change", "cycle"),
        "POST",
        superuser_gets(403),
        data=lambda s: {"name": "Diubah", "year": 2030, "kabupaten": s["other_city"].pk},
    ),
    Row(
        "admin:evaluations_cycle_add",
        admin_url("evaluations_cycle_add"),
        "GET",
        superuser_gets(403),
    ),
    Row(
        "admin:evaluations_cycle_delete",
        admin_url("evaluations_cycle_delete", "cycle"),
        "POST",
        superuser_gets(403),
        data=lambda s: {"post": "yes"},
    ),
    Row(
        "admin:evaluations_officialresult_change",
        admin_url("evaluations_officialresult_change", "result"),
        "POST",
        superuser_gets(403),
        data=lambda s: {"total": "900", "stage": "final", "tier_code": ""},
    ),
    Row(
        "admin:indicators_question_change",
        admin_url("indicators_question_change", "question"),
        "POST",
        superuser_gets(403),
        data=lambda s: {"points": "80"},
    ),
    Row(
        "admin:accounts_user_change",
        admin_url("accounts_user_change", persona_key="outsider"),
        "GET",
        superuser_gets(200),  # another city's user: only the platform sees it
    ),
    Row(
        "admin:accounts_user_change",
        admin_url("accounts_user_change", persona_key="admin_dp3akb"),
        "POST",
        superuser_gets(200),  # the superuser too is refused: a city user is never staff
        data=lambda s: {
            "username": "admin.dp3akb",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "role": Role.ADMIN_KLA,
            "kabupaten": s["other_city"].pk,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    ),
    Row(
        "admin:auth_user_password_change",
        admin_url("auth_user_password_change", "walikota"),
        "POST",
        {**dict.fromkeys(PERSONAS, 302), "superuser": 302},
        data=lambda s: {
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
        effect=Effect(
            by=("superuser",),
            change=lambda b: {"walikota_password": "changed"},
        ),
    ),
]


def admin_cases() -> list:
    return [
        pytest.param(
            row, persona, row.expected[persona], id=f"{row.method}-{row.url_name}-{persona}"
        )
        for row in ADMIN_ROWS
        for persona in ADMIN_PERSONAS
    ]


@pytest.mark.parametrize(MATRIX_ARGS, admin_cases())
def test_admin_matrix(db, client, scenario, row, persona, expected):
    if persona != "anonymous":
        client.force_login(scenario["personas"][persona])
    before = admin_state(scenario, persona)
    data = row.data(scenario) if row.data else {}
    response = getattr(client, row.method.lower())(row.url(scenario), data)
    assert response.status_code == expected, (row.url_name, persona, response.status_code)
    after = admin_state(scenario, persona)
    if persona != "superuser":
        assert response["Location"].startswith(ADMIN_LOGIN)
        assert after == before
    elif row.method == "GET":
        assert 'name="_save"' not in response.content.decode() or "accounts_user" in row.url_name
    elif row.effect.by:  # the superuser resets a password: the only change the admin makes
        assert after["walikota_password"] != before["walikota_password"]
        assert {**after, "walikota_password": None} == {**before, "walikota_password": None}
    else:
        check_effect(row, persona, before, after)
