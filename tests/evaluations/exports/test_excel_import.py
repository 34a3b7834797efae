"""Importing the OPD's Excel template: the round trip, every kind of bad file or row (nothing is
stored), re-import changes nothing, rows under review are refused."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from evaluations.exports import excel_template as layout
from evaluations.models import AuditRecord, Entry
from tests.factories import entry_of, make_cycle, set_entry_state, submitted_entry

from .excel import as_bytes, download, fill, find_row, send


@pytest.fixture
def book(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    return download(client)


def values_of(cycle):
    """Every value of the cycle's entries, and their versions (nothing stored = equal)."""
    return list(
        Entry.objects.of_cycle(cycle)
        .order_by("pk")
        .values_list("pk", "option", "numerator", "denominator", "yes", "note", "version")
    )


def test_round_trip_stores_and_audits_the_values(client, book, cycle, operator_dinkes):
    kec = entry_of(cycle, "III-12.1").unit.code
    fill(book, "III-12.1", kec, numerator="45,5", denominator=50, note="Data puskesmas")
    fill(book, "III-12.2", kec, numerator=12, denominator=40)
    fill(book, "III-17.1", "36.73", answer="Peraturan Walikota")
    fill(book, "III-14.2", kec, answer="Ya")
    fill(book, "III-14.3", "36.73", answer="Tidak")
    content = as_bytes(book)
    response = send(client, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Impor berhasil" in html and "5 isian disimpan sebagai draf" in html
    entry = entry_of(cycle, "III-12.1")
    assert (entry.numerator, entry.denominator) == (Decimal("45.5"), Decimal(50))
    assert entry.note == "Data puskesmas" and entry.version == 2
    assert entry.status == Entry.Status.DRAFT
    assert entry_of(cycle, "III-17.1").option.label == "Peraturan Walikota"
    assert entry_of(cycle, "III-14.2").yes is True
    assert entry_of(cycle, "III-14.3").yes is False
    records = AuditRecord.objects.filter(action=AuditRecord.Action.IMPORTED)
    assert records.count() == 5
    record = records.get(entry=entry)
    import hashlib

    assert hashlib.sha256(content).hexdigest() in record.note
    assert record.actor == operator_dinkes
    assert record.changes["numerator"] == [None, "45.5"]


def test_reimporting_the_same_file_changes_nothing(client, book, cycle):
    fill(book, "III-12.1", entry_of(cycle, "III-12.1").unit.code, numerator=30, denominator=60)
    content = as_bytes(book)
    send(client, content)
    before, records = values_of(cycle), AuditRecord.objects.count()
    response = send(client, content)
    result = response.context["result"]
    assert result.ok and result.saved == 0 and result.unchanged == result.rows > 50
    assert "0 isian disimpan" in response.content.decode()
    assert values_of(cycle) == before
    assert AuditRecord.objects.count() == records


def test_an_untouched_template_changes_nothing(client, book, cycle):
    before = values_of(cycle)
    response = send(client, as_bytes(book))
    assert "Impor berhasil" in response.content.decode()
    assert values_of(cycle) == before
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.IMPORTED).exists()


def problems_of(response) -> str:
    html = response.content.decode()
    assert "tidak ada yang disimpan" in html, html
    return html


# One bad row (or file) of each kind: the good row beside it is not stored either.
BAD_ROWS = {
    "numerator-above-denominator": (
        {"numerator": 60, "denominator": 50},
        "Pembilang tidak boleh lebih besar dari penyebut",
    ),
    "text-in-number": ({"numerator": "empat puluh", "denominator": 50}, "harus berupa angka"),
    "formula-in-number": ({"numerator": "=40+5", "denominator": 50}, "berisi rumus"),
    "negative": ({"numerator": -1, "denominator": 50}, "tidak boleh negatif"),
    "half-a-percentage": ({"numerator": 10}, "Isi pembilang dan penyebut sekaligus"),
}


@pytest.mark.parametrize("values,message", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_number_row_stores_nothing(client, book, cycle, values, message):
    kec = entry_of(cycle, "III-12.1").unit.code
    fill(book, "III-12.2", kec, numerator=10, denominator=20)  # a good row
    row = fill(book, "III-12.1", kec, **values)
    before = values_of(cycle)
    html = problems_of(send(client, as_bytes(book)))
    assert message in html
    assert f"<td>{row}</td>" in html  # the row number, beside the sheet and column
    assert values_of(cycle) == before


def test_option_not_in_the_list(client, book, cycle):
    fill(book, "III-17.1", "36.73", answer="Peraturan Gubernur")
    before = values_of(cycle)
    html = problems_of(send(client, as_bytes(book)))
    assert "Pilihan “Peraturan Gubernur” tidak ada" in html and "J (Jawaban" in html
    assert values_of(cycle) == before


def test_yes_no_answer_must_be_ya_or_tidak(client, book, cycle):
    fill(book, "III-14.3", "36.73", answer="Mungkin")
    before = values_of(cycle)
    assert "Pilih Ya atau Tidak" in problems_of(send(client, as_bytes(book)))
    assert values_of(cycle) == before


def test_unknown_row_key(client, book, cycle):
    row = fill(book, "III-12.1", entry_of(cycle, "III-12.1").unit.code, key="999999:1")
    before = values_of(cycle)
    html = problems_of(send(client, as_bytes(book)))
    assert "kunci baris tidak dikenal" in html and f"<td>{row}</td>" in html
    assert values_of(cycle) == before


def test_unknown_question_code(client, book, cycle):
    fill(book, "III-12.1", entry_of(cycle, "III-12.1").unit.code, question="III-99.9")
    before = values_of(cycle)
    assert "kode pertanyaan atau wilayah tidak cocok" in problems_of(send(client, as_bytes(book)))
    assert values_of(cycle) == before


def test_a_row_of_another_opd(client, book, cycle):
    other = entry_of(cycle, "IV-18.1")  # Dindikbud's
    fill(
        book,
        "III-12.1",
        entry_of(cycle, "III-12.1").unit.code,
        key=f"{other.pk}:1",
        question="IV-18.1",
        unit_code=other.unit.code,
        numerator=5,
        denominator=10,
    )
    before = values_of(cycle)
    assert "isian OPD lain" in problems_of(send(client, as_bytes(book)))
    assert values_of(cycle) == before


def test_a_file_of_another_opd_is_refused(client, book, cycle, operator_dindik):
    fill(book, "III-12.1", entry_of(cycle, "III-12.1").unit.code, numerator=5, denominator=10)
    client.force_login(operator_dindik)
    before = values_of(cycle)
    html = problems_of(send(client, as_bytes(book)))
    assert "templat OPD DINKES, bukan OPD Anda (DINDIKBUD)" in html
    assert values_of(cycle) == before


def test_a_file_of_another_cycle_is_refused(client, book, cycle, kota_serang, admin_dp3akb):
    fill(book, "III-12.1", entry_of(cycle, "III-12.1").unit.code, numerator=5, denominator=10)
    newer = make_cycle(city=kota_serang, year=2027, by=admin_dp3akb)  # now the current cycle
    before = values_of(cycle), values_of(newer)
    html = problems_of(send(client, as_bytes(book)))
    assert "templat siklus lain (tahun 2026)" in html
    assert (values_of(cycle), values_of(newer)) == before


def test_a_file_of_another_city_is_refused(client, book, cycle):
    book[layout.META]["B3"] = "36.72"
    before = values_of(cycle)
    assert "kabupaten/kota lain (kode 36.72)" in problems_of(send(client, as_bytes(book)))
    assert values_of(cycle) == before


def test_a_renamed_text_file_is_refused(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    before = values_of(cycle)
    response = send(client, b"kode;nilai\nIII-12.1;45\n" * 20, name="templat.xlsx")
    assert "bukan berkas Excel (.xlsx) yang sah" in problems_of(response)
    assert values_of(cycle) == before


def test_another_zip_is_not_a_workbook(client, operator_dinkes, cycle):
    from tests.factories import docx_bytes

    client.force_login(operator_dinkes)
    assert "bukan berkas Excel" in problems_of(send(client, docx_bytes()))


def test_a_zip_bomb_is_refused_before_it_is_opened(client, operator_dinkes, cycle):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (80 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < 200 * 1024  # small on the wire
    client.force_login(operator_dinkes)
    before = values_of(cycle)
    assert "bom zip" in problems_of(send(client, content))
    assert values_of(cycle) == before


def test_merged_cells_are_refused(client, book, cycle):
    row = find_row(book, "III-12.1", entry_of(cycle, "III-12.1").unit.code)
    book[layout.SHEET].merge_cells(f"K{row}:L{row}")
    before = values_of(cycle)
    assert "digabung (merge)" in problems_of(send(client, as_bytes(book)))
    assert values_of(cycle) == before


def test_deleted_rows_are_named(client, book, cycle):
    entry = entry_of(cycle, "III-12.1")
    row = find_row(book, "III-12.1", entry.unit.code)
    fill(book, "III-12.2", entry.unit.code, numerator=1, denominator=2)
    book[layout.SHEET].delete_rows(row)
    before = values_of(cycle)
    html = problems_of(send(client, as_bytes(book)))
    assert f"baris III-12.1 · {entry.unit.name} hilang dari berkas" in html
    assert values_of(cycle) == before


def test_a_changed_row_under_review_is_refused(client, operator_dinkes, cycle):
    entry = submitted_entry(entry_of(cycle, "III-12.1"), by=operator_dinkes)
    client.force_login(operator_dinkes)
    book = download(client)
    fill(book, "III-12.1", entry.unit.code, numerator=1, denominator=50)  # despite the lock
    before = values_of(cycle)
    assert "sedang ditinjau (diajukan)" in problems_of(send(client, as_bytes(book)))
    assert values_of(cycle) == before


def test_an_unchanged_verified_row_is_left_alone(client, operator_dinkes, cycle):
    entry = submitted_entry(entry_of(cycle, "III-12.1"), by=operator_dinkes)
    set_entry_state(entry, status=Entry.Status.VERIFIED)
    client.force_login(operator_dinkes)
    book = download(client)
    fill(book, "III-12.2", entry.unit.code, numerator=3, denominator=4)
    response = send(client, as_bytes(book))
    assert "1 isian disimpan" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Entry.Status.VERIFIED and entry.numerator == Decimal(45)


def test_a_row_changed_by_someone_else_since_the_download(client, book, cycle, admin_dp3akb):
    from evaluations.services.entries import save_entry

    entry = entry_of(cycle, "III-12.1")
    save_entry(entry, user=admin_dp3akb, values={"numerator": 1, "denominator": 2}, version=1)
    fill(book, "III-12.1", entry.unit.code, numerator=7, denominator=8)
    before = values_of(cycle)
    assert "sudah diubah oleh" in problems_of(send(client, as_bytes(book)))
    assert values_of(cycle) == before


def test_closed_entry_window_refuses_the_file(client, operator_dinkes, closed_cycle):
    client.force_login(operator_dinkes)
    book = download(client)
    fill(book, "III-12.1", entry_of(closed_cycle, "III-12.1").unit.code, numerator=1, denominator=2)
    before = values_of(closed_cycle)
    assert "Masa pengisian sudah ditutup" in problems_of(send(client, as_bytes(book)))
    assert values_of(closed_cycle) == before


def test_the_xhr_answer_is_the_result_fragment(client, book, cycle):
    response = send(client, as_bytes(book), xhr=True)
    html = response.content.decode()
    assert 'data-testid="import-result"' in html and "<html" not in html


def test_no_file_is_a_form_error(client, operator_dinkes, cycle):
    from django.urls import reverse

    client.force_login(operator_dinkes)
    response = client.post(reverse("evaluations:template-import"), {})
    assert "Pilih berkas yang akan diunggah" in response.content.decode()


def test_the_template_reads_back_with_openpyxl(book):
    """Saved and reopened, the workbook keeps its protection and hidden sheets."""
    reopened = load_workbook(io.BytesIO(as_bytes(book)))
    assert reopened[layout.META].sheet_state == "veryHidden"
