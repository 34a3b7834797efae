"""The app's own 400, 403, 404 and 500 pages (DEBUG off): the app's layout, Indonesian or
English, and a way back home. Role refusals render the 403 page, not a bare "403 Forbidden"."""

import pytest
from django.test import Client
from django.urls import reverse

HOME_LINK = 'href="/"'


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def assert_app_page(response, status: int, text: str):
    html = response.content.decode()
    assert response.status_code == status
    assert 'class="navbar-brand' in html and "Pantau KLA" in html  # the app's layout
    assert text in html
    assert HOME_LINK in html and "Kembali ke beranda" in html
    return html


def test_404_page(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    html = assert_app_page(client.get("/tidak-ada/"), 404, "Halaman tidak ditemukan")
    assert "Kode galat 404" in html


def test_another_citys_object_gets_the_404_page(client, outsider, kota_serang):
    from tests.factories import make_cycle

    cycle = make_cycle(city=kota_serang)
    client.force_login(outsider)
    response = client.get(reverse("evaluations:cycle-detail", args=[cycle.pk]))
    assert_app_page(response, 404, "Halaman tidak ditemukan")


def test_role_refusal_gets_the_403_page(client, operator_dinkes):
    client.force_login(operator_dinkes)
    response = client.get(reverse("evaluations:cycle-list"))
    html = assert_app_page(response, 403, "Anda tidak memiliki akses")
    assert "403 Forbidden" not in html


def test_csrf_refusal_gets_the_403_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    assert_app_page(response, 403, "Formulir ini kedaluwarsa")


def test_control_character_in_the_address_gets_the_400_page(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    response = client.get(reverse("evaluations:score") + "?siklus=%00")
    assert_app_page(response, 400, "karakter kendali")


def test_500_page(settings, db):
    settings.ROOT_URLCONF = "tests.kla.error_urls"
    client = Client(raise_request_exception=False)
    html = assert_app_page(client.get("/rusak/"), 500, "Terjadi kesalahan pada server")
    assert "RuntimeError" not in html


@pytest.mark.parametrize(
    ("url", "status", "english"),
    [
        ("/tidak-ada/", 404, "Page not found"),
        ("/evaluasi/siklus/", 403, "You do not have access"),
        ("/evaluasi/skor/?siklus=%01", 400, "The request cannot be processed"),
    ],
)
def test_error_pages_in_english(client, settings, operator_dinkes, url, status, english):
    client.force_login(operator_dinkes)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    assert english in html and "Back to home" in html


def test_500_page_in_english(settings, db):
    settings.ROOT_URLCONF = "tests.kla.error_urls"
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Server error" in client.get("/rusak/").content.decode()
