"""The URL x role permission matrix (STYLE.md), shared by every app's matrix test.

A row is ``Row(url_name, url, method, expected, data, effect)`` where ``expected`` maps each
persona (plus "anonymous") to a status code; "anonymous" is always a redirect to the login page.
Each app's matrix module exposes ``ROWS``; tests/test_url_coverage.py checks every URL of the
project appears in some matrix.

Built once per module: ``scenario_fixture(build)`` makes the personas and the module's objects
inside an outer transaction that lives as long as the module and is rolled back at its end.
Each case asks for ``db``, whose transaction is then a savepoint inside it: a POST that succeeds
is undone before the next case, which sees the scenario as it was built.

A POST proves little by its status (many actions redirect on success and on refusal alike).
So every row other than GET reads the module's ``state(scenario, persona)`` from the database
before and after the request: a persona named by the row's ``Effect`` must change it exactly as
the effect says; for any other persona (refused, wrong method, or an action that saves nothing)
it must not change at all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from tests import factories

STAFF = tuple(factories.PERSONAS)
PERSONAS = ("anonymous", *STAFF)
# The project's own apps: what ``row_counts`` watches (sessions and logins are not its data).
PROJECT_APPS = {"wilayah", "organisations", "accounts", "indicators", "evaluations"}


def expect(default: int, **overrides: int) -> dict[str, int]:
    """``default`` for every logged-in persona, except the ones named."""
    return {**dict.fromkeys(STAFF, default), **overrides}


def plain_url(name: str) -> Callable[[dict], str]:
    return lambda s: reverse(name)


def of_cycle(name: str, **params: str) -> Callable[[dict], str]:
    """A page of Kota Serang's cycle chosen by ``?siklus=`` (plus any other parameters)."""
    return lambda s: f"{reverse(name)}?{urlencode({'siklus': s['cycle'].pk, **params})}"


@dataclass(frozen=True)
class Effect:
    """What a request does for the personas in ``by``: ``change(before)`` gives the keys of the
    module's state it changes, with their new values. Every other key must stay the same."""

    by: tuple[str, ...] = ()
    change: Callable[[dict], dict] = lambda before: {}


NOTHING = Effect()  # the default: a row whose request may change nothing, for anyone


@dataclass(frozen=True)
class Row:
    url_name: str
    url: Callable[[dict], str]  # receives the scenario dict (objects made by the module)
    method: str
    expected: dict[str, int] = field(default_factory=dict)
    data: Callable[[dict], dict] | None = None
    effect: Effect = NOTHING

    def cases(self):
        for persona in PERSONAS:
            yield persona, self.expected.get(persona, 302 if persona == "anonymous" else None)


State = Callable[[dict, str], dict]


def row_counts(scenario: dict, persona: str) -> dict[str, int]:
    """How many rows each model of the project holds: the state of a module whose requests may
    change nothing (a read-only page answering another method with 405)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


def check(client, row: Row, persona: str, expected: int, scenario: dict, state: State):
    if persona != "anonymous":
        client.force_login(scenario["personas"][persona])
    url = row.url(scenario)
    data = row.data(scenario) if row.data else {}
    before = state(scenario, persona) if row.method != "GET" else None
    response = getattr(client, row.method.lower())(url, data)
    assert response.status_code == expected, (
        f"{row.method} {url} as {persona}: {response.status_code}, expected {expected}"
    )
    if persona == "anonymous" and expected == 302:
        assert "/masuk/" in response["Location"]
    if before is not None:
        check_effect(row, persona, before, state(scenario, persona))
    return response


def check_effect(row: Row, persona: str, before: dict, after: dict) -> None:
    """``after`` is ``before`` with exactly the row's effect for this persona (none: unchanged)."""
    changed = row.effect.change(before) if persona in row.effect.by else {}
    if persona in row.effect.by:
        assert changed and set(changed) <= set(before), f"{row.url_name}: effect names no state"
        assert all(before[key] != value for key, value in changed.items()), (
            f"{row.method} {row.url_name}: its effect leaves {sorted(changed)} as they were"
        )
    wanted = {**before, **changed}
    differences = {
        key: {"before": before[key], "after": after.get(key), "expected": wanted[key]}
        for key in wanted
        if after.get(key) != wanted[key]
    }
    assert not differences, f"{row.method} {row.url_name} as {persona}: {differences}"


def cases(rows: list[Row]) -> list:
    """``pytest.param`` per (row, persona) with a readable id, for ``parametrize``."""
    return [
        pytest.param(row, persona, expected, id=f"{row.method}-{row.url_name}-{persona}")
        for row in rows
        for persona, expected in row.cases()
    ]


MATRIX_ARGS = ("row", "persona", "expected")


def assert_complete(rows: list[Row], url_names: set[str]) -> None:
    """Every listed URL has rows, and every row names an expected status for every persona."""
    assert {row.url_name for row in rows} == url_names
    for row in rows:
        assert all(expected is not None for _persona, expected in row.cases()), row


def scenario_fixture(build: Callable[[dict], dict]):
    """A module-scoped ``scenario`` fixture: Kota Serang (``city``), another city
    (``other_city``), the personas (``personas``) and what ``build(scenario)`` adds, made once
    for all the module's cases and rolled back after the last one.

    Cases must ask for ``db``: its transaction is a savepoint in this one, so what a case
    changes is gone for the next. Between cases the database is blocked as for any test. The
    scenario's files go to ``scenario["media_root"]``; a module that serves them overrides the
    ``media_root`` fixture (tests/conftest.py) with it.
    """

    @pytest.fixture(scope="module")
    def scenario(django_db_setup, django_db_blocker, tmp_path_factory):
        media_root = tmp_path_factory.mktemp("private-media")
        with (
            django_db_blocker.unblock(),
            override_settings(**factories.TEST_SETTINGS, MEDIA_ROOT=media_root),
            transaction.atomic(),
        ):
            city, other_city = factories.kota_serang(), factories.other_city()
            made = {
                "city": city,
                "other_city": other_city,
                "personas": factories.personas(city, other_city),
                "media_root": media_root,
            }
            made |= build(made)
            with django_db_blocker.block():
                yield made
            transaction.set_rollback(True)

    return scenario
