"""Shared fixtures: the city, the instrument and the named personas of STYLE.md."""

import os

import pytest

from kla.accounts.models import Role

from . import factories


@pytest.fixture(autouse=True)
def fast_and_private(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "private-media"
    settings.LANGUAGE_CODE = "id"


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
    return factories.make_user(city=kota_serang, role=Role.ADMIN_KLA, username="admin.dp3akb")


@pytest.fixture
def verifikator(kota_serang):
    return factories.make_user(city=kota_serang, role=Role.VERIFIKATOR, username="verifikator")


@pytest.fixture
def operator_dinkes(kota_serang):
    return factories.make_user(
        city=kota_serang, role=Role.OPERATOR_OPD, opd_code="DINKES", username="operator.dinkes"
    )


@pytest.fixture
def operator_dindik(kota_serang):
    return factories.make_user(
        city=kota_serang, role=Role.OPERATOR_OPD, opd_code="DINDIKBUD", username="operator.dindik"
    )


@pytest.fixture
def pimpinan(kota_serang):
    return factories.make_user(city=kota_serang, role=Role.PIMPINAN, username="walikota")


@pytest.fixture
def outsider(other_city):
    """Admin KLA of another kabupaten/kota: must see nothing of Kota Serang."""
    return factories.make_user(city=other_city, role=Role.ADMIN_KLA, username="admin.cilegon")


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
