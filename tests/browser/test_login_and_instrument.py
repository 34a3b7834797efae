import pytest

from kla.accounts.demo import DEMO_PASSWORD, create_demo_accounts

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_user_logs_in_and_browses_the_instrument(
    live_server, page, login, kota_serang, instrument
):
    create_demo_accounts(kota_serang)
    login("operator.dinkes", DEMO_PASSWORD)
    assert page.get_by_test_id("role").inner_text() == "Operator OPD"
    screenshot(page, "beranda-operator")

    page.get_by_role("link", name="Instrumen", exact=True).click()
    page.wait_for_url("**/instrumen/contoh-2026/")
    assert page.get_by_text("Instrumen contoh (ilustratif).").is_visible()
    first_cluster = page.locator("#klaster-KL")
    assert first_cluster.get_by_text("KL-01.1").is_visible()
    # Clusters are collapsed behind an accordion: opening one shows its questions.
    page.get_by_role("button", name="Klaster III").click()
    page.locator("#klaster-III").get_by_text("III-13.1").wait_for()
    screenshot(page, "instrumen")


def test_wrong_password_shows_message(live_server, page, kota_serang):
    create_demo_accounts(kota_serang)
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "walikota")
    page.fill("#id_password", "salah")
    page.click("button[type=submit]")
    assert page.get_by_role("alert").inner_text().startswith("Nama pengguna atau kata sandi salah")
    screenshot(page, "masuk-gagal")
