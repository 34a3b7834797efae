"""What every workbook of the app shares: header style, number formats, saving to bytes.

Number formats are Excel's format codes ("#,##0.00"): the file stores a plain number and Excel
shows it with the separators of the reader's locale, so an Indonesian Excel shows 1.234,50.
Numbers are always stored as numbers, never as formatted text, so they can be summed.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POINTS = "#,##0.00"  # points and scores, two decimals
AMOUNT = "#,##0.##"  # numerators and denominators: decimals only where there are some
PERCENT = "#,##0.00"  # a percentage already multiplied by 100
COUNT = "#,##0"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0F5E73")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
MUTED_FONT = Font(italic=True, color="555555")
LOCKED_FILL = PatternFill("solid", fgColor="EEF2F4")  # read-only cells of an input sheet
WRAP = Alignment(wrap_text=True, vertical="top")


def header_row(sheet: Worksheet, row: int, headers: list[str], widths: list[int]) -> None:
    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(column)].width = width


def title(sheet: Worksheet, text: str, subtitle: str = "") -> None:
    sheet["A1"] = text
    sheet["A1"].font = TITLE_FONT
    if subtitle:
        sheet["A2"] = subtitle
        sheet["A2"].font = MUTED_FONT


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
