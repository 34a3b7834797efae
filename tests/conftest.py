"""Shared fixtures: the city, the instrument and the named personas of STYLE.md."""

import os

import pytest

from . import factories


@pytest.fixture
def media_root(tmp_path):
    """Where evidence files go: a fresh directory per test (a matrix module keeps its own)."""
    return tmp_path / "private-media"


@pytest.fixture(autouse=True)
def fast_and_private(settings, media_root):
    for name, value in factories.TEST_SETTINGS.items():
        setattr(settings, name, value)
    settings.MEDIA_ROOT = media_root


@pytest.fixture(autouse=True)
def nothing_kept_from_another_test():
    """Pages keep results per state of a cycle (evaluations/scores/cached.py) and fragments in
    the cache; a test starts without what an earlier one left (its rows are gone)."""
    from django.core.cache import cache

    from evaluations.scores.cached import forget_all
    from evaluations.scores.loader import forget_instruments

    forget_all()
    forget_instruments()
    cache.clear()


@pytest.fixture
def kota_serang(db):
    return factories.kota_serang()


@pytest.fixture
def other_city(db):
    return factories.other_city()


@pytest.fixture
def instrument(db):
    return factories.default_instrument()


@pytest.fixture
def admin_dp3akb(kota_serang):
    return factories.persona("admin_dp3akb", kota_serang)


@pytest.fixture
def verifikator(kota_serang):
    return factories.persona("verifikator", kota_serang)


@pytest.fixture
def operator_dinkes(kota_serang):
    return factories.persona("operator_dinkes", kota_serang)


@pytest.fixture
def operator_dindik(kota_serang):
    return factories.persona("operator_dindik", kota_serang)


@pytest.fixture
def pimpinan(kota_serang):
    return factories.persona("pimpinan", kota_serang)


@pytest.fixture
def outsider(other_city):
    """Admin KLA of another kabupaten/kota: must see nothing of Kota Serang."""
    return factories.persona("outsider", other_city)


@pytest.fixture
def personas(admin_dp3akb, verifikator, operator_dinkes, operator_dindik, pimpinan, outsider):
    return {
        "admin_dp3akb": admin_dp3akb,
        "verifikator": verifikator,
        "operator_dinkes": operator_dinkes,
        "operator_dindik": operator_dindik,
        "pimpinan": pimpinan,
        "outsider": outsider,
    }


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: nothing may hide behind a skip."""
    if os.environ.get("KLA_NO_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(
            f"KLA_NO_SKIPS=1: {skipped} test(s) skipped; failing the run.", red=True
        )
        session.exitstatus = 1
