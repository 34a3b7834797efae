"""Every URL of the project appears in a permission matrix (a new URL needs its rows)."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests

# Public or framework pages with no city data behind them.
EXEMPT = {"login", "logout", "set_language"}


def url_names(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django admin: staff only, guarded by Django itself
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def matrix_names() -> set[str]:
    names = set()
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.rsplit(".", 1)[-1].startswith("test_permissions"):
            rows = getattr(importlib.import_module(module.name), "ROWS", [])
            names |= {row.url_name for row in rows}
    return names


def test_every_url_is_in_a_permission_matrix():
    missing = url_names() - EXEMPT - matrix_names()
    assert not missing, f"URLs without permission-matrix rows: {sorted(missing)}"
