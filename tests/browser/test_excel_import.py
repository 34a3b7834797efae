"""The Excel round trip in Chromium: download the template from "Tugas saya", fill it (with
openpyxl, as Excel would), upload it with the progress bar, read the result; then a file with
a wrong row, whose problems are listed with their row and column."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from evaluations.models import AuditRecord, Entry
from tests import factories
from tests.evaluations.exports.excel import fill

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cycle(kota_serang, instrument, admin_dp3akb):
    return factories.make_cycle(city=kota_serang, by=admin_dp3akb)


def test_operator_downloads_fills_and_uploads_the_template(
    live_server, page, login, cycle, operator_dinkes, tmp_path
):
    login("operator.dinkes")
    page.goto(f"{live_server.url}/evaluasi/tugas-saya/")
    with page.expect_download() as download_info:
        page.get_by_test_id("template-download").click()
    download = download_info.value
    assert download.suggested_filename == "templat-isian-dinkes-2026.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    book = load_workbook(path)
    entry = factories.entry_of(cycle, "III-12.1")
    fill(book, "III-12.1", entry.unit.code, numerator="42,5", denominator=50)
    fill(book, "III-17.1", "36.73", answer="Peraturan Daerah")
    book.save(path)

    page.goto(f"{live_server.url}/evaluasi/tugas-saya/impor/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    result = page.get_by_test_id("import-result")
    expect(result).to_contain_text("Impor berhasil")
    expect(result).to_contain_text("2 isian disimpan sebagai draf")
    progress = page.locator("[data-upload-progress]")
    expect(progress).to_have_attribute("aria-valuenow", "100")  # the upload bar ran to the end
    screenshot(page, "excel-01-impor-berhasil")
    entry.refresh_from_db()
    assert str(entry.numerator) == "42.50" and entry.status == Entry.Status.DRAFT
    assert AuditRecord.objects.filter(action=AuditRecord.Action.IMPORTED).count() == 2

    # A wrong row: nothing saved, the problem named with its row and column.
    row = fill(book, "III-12.2", entry.unit.code, numerator=60, denominator=50)
    book.save(path)
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(result).to_contain_text("tidak ada yang disimpan")
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_contain_text("Pembilang tidak boleh lebih besar dari penyebut")
    expect(problems.locator("tbody tr").first).to_contain_text(str(row))
    expect(problems.locator("tbody tr").first).to_contain_text("K (Pembilang)")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "excel-02-impor-ditolak-ponsel")
    assert factories.entry_of(cycle, "III-12.2").numerator is None
