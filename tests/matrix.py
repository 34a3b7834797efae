"""The URL x role permission matrix (STYLE.md), shared by every app's matrix test.

A row is ``Row(name, url_factory, method, expected)`` where ``expected`` maps each persona
(plus "anonymous") to a status code. "anonymous" is always a redirect to the login page.
Each app's matrix module exposes ``ROWS``; tests/test_url_coverage.py checks every URL of the
project appears in some matrix.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = (
    "anonymous",
    "admin_dp3akb",
    "verifikator",
    "operator_dinkes",
    "operator_dindik",
    "pimpinan",
    "outsider",
)


@dataclass(frozen=True)
class Row:
    url_name: str
    url: Callable[[dict], str]  # receives the scenario dict (objects made by the test)
    method: str
    expected: dict[str, int] = field(default_factory=dict)
    data: Callable[[dict], dict] | None = None

    def cases(self):
        for persona in PERSONAS:
            yield persona, self.expected.get(persona, 302 if persona == "anonymous" else None)


def check(client, personas: dict, row: Row, persona: str, expected: int, scenario: dict):
    if persona != "anonymous":
        client.force_login(personas[persona])
    url = row.url(scenario)
    data = row.data(scenario) if row.data else {}
    response = getattr(client, row.method.lower())(url, data)
    assert response.status_code == expected, (
        f"{row.method} {url} as {persona}: {response.status_code}, expected {expected}"
    )
    if persona == "anonymous" and expected == 302:
        assert "/masuk/" in response["Location"]
    return response


def cases(rows: list[Row]) -> list:
    """``pytest.param`` per (row, persona) with a readable id, for ``parametrize``."""
    import pytest

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
