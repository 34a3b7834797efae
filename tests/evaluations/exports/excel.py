"""Helpers of the Excel tests: download the template, find a row, fill it, send it back."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.exports import excel_template as layout

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client):
    response = client.get(reverse("evaluations:template-download"))
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content))


def find_row(book, question: str, unit_code: str) -> int:
    sheet = book[layout.SHEET]
    for row in range(layout.FIRST_ROW, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=layout.COLUMN["question"].index).value
        unit = sheet.cell(row=row, column=layout.COLUMN["unit_code"].index).value
        if (cell, unit) == (question, unit_code):
            return row
    raise AssertionError(f"no row for {question} {unit_code}")


def fill(book, question: str, unit_code: str, /, **values) -> int:
    """Type ``values`` (column key → cell value) in the row of ``question`` x ``unit_code``."""
    row = find_row(book, question, unit_code)
    sheet = book[layout.SHEET]
    for key, value in values.items():
        sheet.cell(row=row, column=layout.COLUMN[key].index, value=value)
    return row


def as_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def send(client, content: bytes, name: str = "templat.xlsx", xhr: bool = False):
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    headers = {"X-Requested-With": "XMLHttpRequest"} if xhr else {}
    return client.post(reverse("evaluations:template-import"), {"file": upload}, headers=headers)
