"""Numbers typed the Indonesian way in Chromium (docs/angka.md): `85,5` is stored and shown as
85,5 on the entry page; `1.250` on the all-kecamatan page is 1250, and the page says so."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from evaluations.models import Entry
from tests import factories

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cycle(kota_serang, instrument, admin_dp3akb):
    return factories.make_cycle(city=kota_serang, by=admin_dp3akb)


def test_a_comma_decimal_is_stored_and_shown(live_server, page, login, cycle, operator_dinkes):
    entry = factories.entry_of(cycle, "III-12.1")
    login("operator.dinkes")
    page.goto(f"{live_server.url}/evaluasi/isian/{entry.pk}/")
    page.fill("#id_numerator", "85,5")
    page.fill("#id_denominator", "100")
    expect(page.locator("[data-percentage]")).to_have_text("85,50%")  # the preview reads it too
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Isian disimpan.")
    expect(page.get_by_test_id("entry-value")).to_have_text("85,5/100 (85,50%)")
    expect(page.locator("#id_numerator")).to_have_value("85,5")
    entry.refresh_from_db()
    assert entry.numerator == Decimal("85.5")
    screenshot(page, "angka-01-koma-desimal")

    # Letters are refused with a message; nothing is stored and nothing says "saved".
    page.fill("#id_numerator", "delapan")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Bukan angka")
    expect(page.locator(".alert-success")).to_have_count(0)
    entry.refresh_from_db()
    assert entry.numerator == Decimal("85.5")


def test_thousands_on_the_all_kecamatan_page(live_server, page, login, cycle, operator_dinkes):
    entries = list(
        Entry.objects.filter(cycle=cycle, question__code="III-12.1").order_by("unit__code")
    )
    first = entries[0]
    login("operator.dinkes")
    page.goto(f"{live_server.url}/evaluasi/siklus/{cycle.pk}/pertanyaan/{first.question_id}/")
    page.fill(f"[name=isian-{first.pk}-numerator]", "1.200")
    page.fill(f"[name=isian-{first.pk}-denominator]", "1.250")
    page.get_by_role("button", name="Simpan").first.click()
    expect(page.locator(".alert-success")).to_contain_text("1 isian disimpan.")
    note = "Serang Pembilang: “1.200” dibaca sebagai 1.200"
    expect(page.locator(".alert-warning").first).to_contain_text(note)
    expect(page.locator(f"[name=isian-{first.pk}-denominator]")).to_have_value("1.250")
    first.refresh_from_db()
    assert (first.numerator, first.denominator) == (1200, 1250)
    screenshot(page, "angka-02-ribuan-semua-kecamatan")
