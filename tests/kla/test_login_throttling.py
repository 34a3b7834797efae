"""Login throttling (kla/accounts/throttling.py): three rules with their own limits, the client
address from the proxy header only behind configured proxies, a lockout page that says when."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests import factories

LOGIN = "/masuk/"


@pytest.fixture
def limits(settings):
    """The configured limits by rule: (username, address), username, address."""
    return [limit for _parameters, limit in settings.KLA_LOGIN_LIMITS]


def attempt(client, username: str, *, address: str = "10.1.1.1", password="salah", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def test_rules_and_limits_are_the_documented_ones(settings, limits):
    assert settings.AXES_LOCKOUT_PARAMETERS == [
        ["username", "ip_address"],
        "username",
        "ip_address",
    ]
    assert limits == [5, 10, 30]
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off.total_seconds() == 15 * 60


def test_one_username_from_one_address(client, admin_dp3akb, limits):
    for _ in range(limits[0] - 1):
        assert attempt(client, "admin.dp3akb").status_code == 200
    locked = attempt(client, "admin.dp3akb")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in html
    until = timezone.localtime(AccessAttempt.objects.get().attempt_time) + datetime.timedelta(
        minutes=15
    )
    assert f"Coba lagi pukul {until:%H:%M} WIB (sekitar 15 menit lagi)." in html
    # The right password is refused too while locked; another address is not locked yet.
    assert attempt(client, "admin.dp3akb", password=factories.PASSWORD).status_code == 429
    ok = attempt(client, "admin.dp3akb", address="10.9.9.9", password=factories.PASSWORD)
    assert ok.status_code == 302


def test_one_username_from_many_addresses(client, admin_dp3akb, limits):
    for n in range(limits[1] - 1):
        assert attempt(client, "admin.dp3akb", address=f"10.2.0.{n}").status_code == 200
    assert attempt(client, "admin.dp3akb", address="10.2.1.1").status_code == 429
    fresh = attempt(client, "admin.dp3akb", address="10.2.9.9", password=factories.PASSWORD)
    assert fresh.status_code == 429  # locked from any address now
    assert attempt(client, "verifikator", address="10.2.9.9").status_code == 200  # others not


def test_one_address_for_many_usernames(client, db, limits):
    for n in range(limits[2] - 1):
        assert attempt(client, f"tebakan{n}", address="10.3.3.3").status_code == 200
    assert attempt(client, "tebakan-lagi", address="10.3.3.3").status_code == 429
    assert attempt(client, "pengguna-lain", address="10.3.3.3").status_code == 429
    assert attempt(client, "pengguna-lain", address="10.3.3.4").status_code == 200


def test_lock_lifts_after_the_cool_off(client, admin_dp3akb, limits):
    for _ in range(limits[0]):
        attempt(client, "admin.dp3akb")
    assert attempt(client, "admin.dp3akb", password=factories.PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(client, "admin.dp3akb", password=factories.PASSWORD).status_code == 302


def test_success_clears_only_that_username_from_that_address(client, admin_dp3akb, limits):
    for _ in range(limits[0] - 1):
        attempt(client, "admin.dp3akb")
    attempt(client, "tebakan", address="10.1.1.1")
    attempt(client, "admin.dp3akb", address="10.7.7.7")
    assert attempt(client, "admin.dp3akb", password=factories.PASSWORD).status_code == 302
    left = set(AccessAttempt.objects.values_list("username", "ip_address"))
    assert left == {("tebakan", "10.1.1.1"), ("admin.dp3akb", "10.7.7.7")}


def test_proxy_header_is_ignored_without_trusted_proxies(client, admin_dp3akb, settings, limits):
    assert settings.KLA_TRUSTED_PROXIES == 0
    for n in range(limits[0]):
        attempt(client, "admin.dp3akb", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.1.1.1"}
    assert attempt(client, "admin.dp3akb", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_behind_one_trusted_proxy_the_address_it_saw_counts(client, admin_dp3akb, settings):
    settings.KLA_TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    attempt(client, "admin.dp3akb", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    # A client prepending a made-up address does not change what counts.
    attempt(client, "admin.dp3akb", address=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    attempt(client, "admin.dp3akb", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    counted = dict(AccessAttempt.objects.values_list("ip_address", "failures_since_start"))
    assert counted == {"203.0.113.7": 2, "198.51.100.2": 1}


def test_behind_a_trusted_proxy_a_missing_or_bad_header_counts_the_connection(
    client, admin_dp3akb, settings
):
    settings.KLA_TRUSTED_PROXIES = 2
    attempt(client, "admin.dp3akb", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    attempt(client, "admin.dp3akb", address="10.0.0.1", HTTP_X_FORWARDED_FOR="bukan-ip, 10.0.0.2")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}


def test_lockout_page_in_english(client, admin_dp3akb, settings, limits):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(limits[0]):
        response = attempt(client, "admin.dp3akb")
    html = response.content.decode()
    assert "Too many failed login attempts" in html and "Try again at" in html
