"""User management in a browser: the Admin KLA creates an operator, hands over the temporary
password, and the operator must choose a new one before anything else. Screenshots at desktop
and phone width."""

import pytest

from kla.accounts.models import User

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Sandi-Baru-Pantau-2026"  # noqa: S105


def test_admin_creates_a_user_who_must_change_the_password(
    live_server, page, login, admin_dp3akb, operator_dinkes, pimpinan
):
    login("admin.dp3akb")
    page.get_by_role("link", name="Pengguna", exact=True).click()
    page.wait_for_url("**/akun/pengguna/")
    screenshot(page, "pengguna-daftar")
    page.get_by_role("link", name="Tambah pengguna").click()
    page.fill("#id_username", "operator.dindik")
    page.fill("#id_first_name", "Operator Dindikbud")
    page.select_option("#id_role", "operator_opd")
    page.select_option(
        "#id_opd",
        label="DINDIKBUD · " + operator_dinkes.opd.kabupaten.opds.get(code="DINDIKBUD").name,
    )
    page.get_by_role("button", name="Buat pengguna").click()
    password = page.get_by_test_id("temporary-password").inner_text().strip()
    screenshot(page, "pengguna-sandi-sementara")
    page.get_by_role("link", name="Selesai").click()
    screenshot(page, "pengguna-ubah")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/akun/pengguna/")
    screenshot(page, "pengguna-daftar-ponsel")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "operator.dindik")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/akun/kata-sandi/")
    assert (
        page.get_by_role("alert").inner_text().startswith("Anda masuk dengan kata sandi sementara")
    )
    screenshot(page, "ganti-kata-sandi-wajib")
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Ganti").click()
    page.wait_for_url(f"{live_server.url}/")
    user = User.objects.get(username="operator.dindik")
    assert user.check_password(NEW_PASSWORD) and not user.must_change_password
