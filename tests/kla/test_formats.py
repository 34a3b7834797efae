"""Indonesian number format (kla/formats.py): the page tests compare with ``angka(score)``, so
the format itself is pinned here, exactly."""

from decimal import Decimal

import pytest

from kla.formats import angka, poin


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("589.16"), 2, "589,16"),
        (Decimal("11.84"), 2, "11,84"),
        (Decimal("1000.5"), 2, "1.000,50"),
        (Decimal("1234567.891"), 2, "1.234.567,89"),
        (Decimal("0.005"), 2, "0,01"),  # half up, not to even
        (Decimal("0.015"), 2, "0,02"),
        (Decimal("1000.5"), 0, "1.001"),
        (Decimal("-43.22"), 2, "-43,22"),
        (Decimal(0), 2, "0,00"),
        (601, 2, "601,00"),
        ("545.94", 2, "545,94"),
        (None, 2, "–"),
        ("", 2, "–"),
    ],
)
def test_angka(value, places, text):
    assert angka(value, places) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(35, "35"), (Decimal("12.5"), "12,5"), (Decimal("12.50"), "12,5"), (None, "–")],
)
def test_poin(value, text):
    assert poin(value) == text
