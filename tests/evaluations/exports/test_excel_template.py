"""The OPD's Excel template: its rows, drop-down lists, number cells, protection and keys."""

from decimal import Decimal

from evaluations.exports import excel_template as layout
from tests.factories import entry_of, submitted_entry

from .excel import download, find_row


def test_template_lists_the_opds_questions_by_unit_with_current_values(
    client, operator_dinkes, cycle
):
    entry = entry_of(cycle, "III-12.1")
    from evaluations.services.entries import save_entry

    save_entry(
        entry,
        user=operator_dinkes,
        values={"numerator": Decimal("45.5"), "denominator": Decimal(50)},
        version=1,
    )
    client.force_login(operator_dinkes)
    book = download(client)
    sheet = book[layout.SHEET]
    row = find_row(book, "III-12.1", entry.unit.code)
    cell = lambda key: sheet.cell(row=row, column=layout.COLUMN[key].index)  # noqa: E731
    assert cell("unit").value == entry.unit.name
    assert cell("numerator").value == 45.5 and cell("denominator").value == 50
    assert cell("status").value == "Draf"
    assert "Dokumen belum ada" in cell("missing").value
    assert cell("key").value == f"{entry.pk}:2"
    codes = {
        sheet.cell(row=r, column=layout.COLUMN["question"].index).value
        for r in range(layout.FIRST_ROW, sheet.max_row + 1)
    }
    assert "III-12.1" in codes and "III-17.1" in codes
    assert not any(code.startswith("IV-") for code in codes)  # Dindikbud's questions are not here
    kecamatan_rows = [
        r
        for r in range(layout.FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(row=r, column=layout.COLUMN["question"].index).value == "III-12.1"
    ]
    assert len(kecamatan_rows) == 6  # Kota Serang's six kecamatan


def test_template_protection_keys_lists_and_guide(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    book = download(client)
    sheet = book[layout.SHEET]
    assert sheet.protection.sheet
    assert sheet.column_dimensions[layout.COLUMN["key"].letter].hidden
    assert book[layout.META].sheet_state == "veryHidden"
    assert book.security.lockStructure
    assert "Petunjuk" in book.sheetnames
    assert "Petunjuk pengisian" in book["Petunjuk"]["A1"].value
    option_row = find_row(book, "III-17.1", "36.73")
    percent_row = find_row(book, "III-12.1", "36.73.01")
    answer = sheet.cell(row=option_row, column=layout.COLUMN["answer"].index)
    numerator = sheet.cell(row=percent_row, column=layout.COLUMN["numerator"].index)
    header = sheet.cell(row=layout.HEADER_ROW, column=layout.COLUMN["answer"].index)
    assert not answer.protection.locked and not numerator.protection.locked
    assert header.protection.locked
    assert sheet.cell(row=option_row, column=layout.COLUMN["numerator"].index).protection.locked
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    answer_list = next(v for ref, v in validations.items() if answer.coordinate in ref.split())
    assert answer_list.type == "list" and "Pilihan" in answer_list.formula1
    options = [c.value for c in book["Pilihan"]["A"][1:]]
    assert options[0] == "Belum ada" and "Peraturan Daerah" in options
    number_check = next(v for ref, v in validations.items() if numerator.coordinate in ref.split())
    assert number_check.type == "decimal"


def test_rows_under_review_are_locked(client, operator_dinkes, cycle):
    entry = submitted_entry(entry_of(cycle, "III-12.1"), by=operator_dinkes)
    client.force_login(operator_dinkes)
    book = download(client)
    sheet = book[layout.SHEET]
    row = find_row(book, "III-12.1", entry.unit.code)
    assert sheet.cell(row=row, column=layout.COLUMN["numerator"].index).protection.locked
    assert sheet.cell(row=row, column=layout.COLUMN["status"].index).value == "Diajukan"
