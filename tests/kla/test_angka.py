"""Numbers read the Indonesian way (kla.formats.parse_angka, kla.forms.AngkaField):
the rule of docs/angka.md, pinned case by case, and the round trip with what the app shows."""

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from kla.formats import AngkaError, angka, parse_angka, poin, reading_note
from kla.forms import AngkaField, reading_notes


@pytest.mark.parametrize(
    ("text", "value", "ambiguous"),
    [
        ("85,5", Decimal("85.5"), False),
        ("85.5", Decimal("85.5"), False),
        ("85", Decimal(85), False),
        ("1.250", Decimal(1250), True),  # the Indonesian reading: thousands
        ("1,250", Decimal("1.25"), True),  # the Indonesian reading: a decimal comma
        ("1.250,5", Decimal("1250.5"), False),
        ("1,250.5", Decimal("1250.5"), False),  # both marks: the last one is the decimal
        ("1.250.000", Decimal(1250000), False),
        ("1,250,000", Decimal(1250000), False),
        ("0.250", Decimal("0.25"), False),  # "0.250" cannot be thousands
        ("12.50", Decimal("12.5"), False),
        (",5", Decimal("0.5"), False),
        ("  7 ", Decimal(7), False),
        ("-3,5", Decimal("-3.5"), False),  # the sign is read; the field refuses negatives
    ],
)
def test_reading(text, value, ambiguous):
    parsed = parse_angka(text)
    assert parsed.value == value
    assert parsed.ambiguous is ambiguous


@pytest.mark.parametrize(
    "text",
    ["", "abc", "85,", "1.2.3", "12,345,67", "1 250", "1.250,5,0", "١٢", "1e3", "NaN", "--1", "+"],
)
def test_anything_else_is_refused_with_a_reason(text):
    with pytest.raises(AngkaError, match="bukan angka"):
        parse_angka(text)


@pytest.mark.parametrize(
    ("text", "value"), [("1.250", 1250), ("2025", 2025), ("1.250.000", 1250000)]
)
def test_whole_numbers(text, value):
    assert parse_angka(text, integer=True).value == value


@pytest.mark.parametrize("text", ["12,5", "1,000", "12.5"])
def test_whole_numbers_refuse_a_fraction(text):
    with pytest.raises(AngkaError, match="bilangan bulat"):
        parse_angka(text, integer=True)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_what_the_app_shows_reads_back_as_the_same_number(value):
    assert parse_angka(poin(value)).value == value
    assert parse_angka(angka(value)).value == value


def test_the_reading_of_an_ambiguous_number_is_said_back():
    note = reading_note("1.250", "Pembilang")
    assert note.startswith("Pembilang: “1.250” dibaca sebagai 1.250.")
    assert reading_note("85,5", "Pembilang") is None


class NumberForm(forms.Form):
    value = AngkaField(label="Nilai", required=False, min_value=0, max_digits=8)
    year = AngkaField(label="Tahun", required=False, integer=True, grouped=False)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lima", "Bukan angka; tulis mis. 85,5 atau 1.250."),
        ("-1", "Nilai tidak boleh kurang dari 0."),
        ("1,234", "Paling banyak 2 angka di belakang koma."),
        ("123.456.789", "Angka terlalu panjang: paling banyak 8 digit."),
    ],
)
def test_the_field_refuses_with_a_message(typed, message):
    form = NumberForm({"value": typed})
    assert not form.is_valid()
    assert form.errors["value"] == [message]


def test_the_field_shows_stored_values_the_indonesian_way():
    form = NumberForm(initial={"value": Decimal("1250.50"), "year": 2027})
    assert 'value="1.250,5"' in str(form["value"])
    assert 'inputmode="decimal"' in str(form["value"])
    assert 'value="2027"' in str(form["year"])


def test_notes_only_for_changed_ambiguous_numbers():
    unchanged = NumberForm({"value": "1.250"}, initial={"value": Decimal(1250)})
    assert unchanged.is_valid() and reading_notes(unchanged) == []
    typed = NumberForm({"value": "1.250"}, initial={"value": Decimal(7)})
    assert typed.is_valid() and typed.cleaned_data["value"] == 1250
    assert reading_notes(typed, "Kasemen") == [reading_note("1.250", "Kasemen Nilai")]


def test_a_number_longer_than_decimal_precision_gets_the_field_message():
    """Found by tests/evaluations/test_bad_input.py: 29 digits were an InvalidOperation (500)."""
    assert parse_angka("1" + "0" * 28).value == Decimal(10) ** 28
    form = NumberForm({"value": "1" + "0" * 28, "year": "1" + "0" * 28})
    assert not form.is_valid()
    assert form.errors["value"] == ["Angka terlalu panjang: paling banyak 8 digit."]
    assert "Angka terlalu panjang" in form.errors["year"][0]
