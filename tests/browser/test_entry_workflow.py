"""The entry workflow in Chromium: fill all kecamatan, upload a PDF with progress, submit;
return with a reason, fix, resubmit, verify. Screenshots of each page on the way."""

import re

import pytest
from playwright.sync_api import expect

from evaluations.models import Entry
from tests import factories

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Rekap belum ditandatangani kepala dinas; unggah versi bertanda tangan."


@pytest.fixture
def rows(kota_serang, instrument, admin_dp3akb):
    cycle = factories.make_cycle(city=kota_serang, by=admin_dp3akb)
    return list(Entry.objects.filter(cycle=cycle, question__code="III-12.1").order_by("unit__code"))


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_operator_and_verifikator_work_an_entry_through(
    live_server, page, login, rows, operator_dinkes, verifikator, tmp_path
):
    first = rows[0]
    entry_page = f"{live_server.url}/evaluasi/isian/{first.pk}/"

    # The operator fills every kecamatan of the percentage question on one page.
    login("operator.dinkes")
    page.goto(f"{live_server.url}/evaluasi/siklus/{first.cycle_id}/pertanyaan/{first.question_id}/")
    for index, entry in enumerate(rows):
        page.fill(f"[name=isian-{entry.pk}-numerator]", str(40 + index))
        page.fill(f"[name=isian-{entry.pk}-denominator]", "50")
    live_percentage = page.locator(f"tr[data-unit='{first.unit.code}'] [data-percentage]")
    expect(live_percentage).to_have_text("80,00%")  # computed in the page as it is typed
    screenshot(page, "isian-01-semua-kecamatan-diisi")
    page.get_by_role("button", name="Simpan semua").click()
    expect(page.get_by_role("alert").first).to_contain_text("6 isian disimpan.")
    screenshot(page, "isian-02-semua-kecamatan-tersimpan")

    # On the first kecamatan's page: upload the required document, watch the progress bar.
    page.locator(f"tr[data-unit='{first.unit.code}']").get_by_role("link").click()
    page.wait_for_url(entry_page)
    pdf = tmp_path / "rekap-kia-2025.pdf"
    pdf.write_bytes(factories.pdf_bytes("Rekap KIA 2025"))
    page.fill("#id_title", "Rekap KIA 2025")
    page.select_option("#id_requirement", label="Rekap laporan KIA per puskesmas")
    page.set_input_files("#id_file", str(pdf))
    page.get_by_role("button", name="Unggah", exact=True).click()
    progress = page.locator("form[data-evidence-upload] [data-upload-progress]").last
    expect(progress).to_have_attribute("aria-valuenow", "100")
    expect(progress).to_contain_text("100%")
    expect(page.get_by_test_id("evidence")).to_contain_text("rekap-kia-2025.pdf")
    expect(page.get_by_test_id("checklist")).to_contain_text("Rekap laporan KIA per puskesmas")
    screenshot(page, "isian-03-bukti-terunggah")
    page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(page.get_by_test_id("entry-status")).to_have_text("Diajukan")
    screenshot(page, "isian-04-diajukan")

    # The verifikator opens the PDF in the page and returns the entry with a reason.
    switch_user(page, login, "verifikator")
    page.goto(entry_page)
    page.get_by_text("Lihat di halaman").click()
    expect(page.locator("iframe.evidence-frame")).to_be_visible()
    page.wait_for_timeout(1500)  # let Chromium's PDF viewer draw the page for the screenshot
    screenshot(page, "isian-05-verifikator-melihat-bukti")
    page.fill("#id_reason", REASON)
    page.get_by_role("button", name="Kembalikan ke operator").click()
    expect(page.get_by_test_id("entry-status")).to_have_text("Dikembalikan")
    screenshot(page, "isian-06-dikembalikan")

    # The operator sees the reason, fixes the value and resubmits.
    switch_user(page, login, "operator.dinkes")
    page.goto(entry_page)
    expect(page.get_by_test_id("return-reason")).to_contain_text(REASON)
    screenshot(page, "isian-07-operator-melihat-alasan")
    page.fill("#id_numerator", "42")
    expect(page.locator("[data-percentage]")).to_have_text("84,00%")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_test_id("entry-value")).to_have_text("42/50 (84,00%)")
    page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(page.get_by_test_id("entry-status")).to_have_text("Diajukan")
    screenshot(page, "isian-08-diajukan-ulang")

    # The verifikator verifies; the audit trail tells the whole story.
    switch_user(page, login, "verifikator")
    page.goto(entry_page)
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(page.get_by_test_id("entry-status")).to_have_text("Diverifikasi")
    trail = page.get_by_test_id("audit-trail")
    for action in ("Diverifikasi", "Dikembalikan", "Diajukan", "Bukti diunggah", "Nilai disimpan"):
        expect(trail).to_contain_text(action)
    expect(trail).to_contain_text(re.compile(r"40\s*→\s*42"))
    screenshot(page, "isian-09-diverifikasi")
    first.refresh_from_db()
    assert first.status == Entry.Status.VERIFIED
    assert first.numerator == 42
