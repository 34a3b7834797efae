"""What a percentage's numerator and denominator count: in the format, the default instrument,
import/export, validation, and on the entry forms."""

import copy

import pytest
from django.urls import reverse

from indicators.exchange import export_instrument, import_instrument
from indicators.models import Question
from indicators.validation import validate_instrument
from tests.factories import entry_of, instrument_data, make_cycle


def percentage_questions(data: dict) -> list[dict]:
    return [
        q
        for c in data["clusters"]
        for i in c["indicators"]
        for q in i["questions"]
        if q["kind"] == "percentage"
    ]


def test_every_percentage_question_of_the_default_instrument_says_what_it_counts():
    questions = percentage_questions(instrument_data())
    assert len(questions) == 30
    for question in questions:
        rule = question["percentage"]
        assert rule["numerator_label"].startswith("Jumlah"), question["code"]
        assert rule["denominator_label"].startswith("Jumlah"), question["code"]


def test_import_stores_the_labels_and_export_gives_them_back(db):
    data = instrument_data()
    instrument = import_instrument(data)
    question = Question.objects.get(indicator__cluster__instrument=instrument, code="III-12.1")
    assert question.numerator_label == (
        "Jumlah persalinan ditolong tenaga kesehatan di fasilitas kesehatan"
    )
    assert question.denominator_label == "Jumlah seluruh persalinan"
    assert export_instrument(instrument) == data


def test_labels_are_optional(db):
    data = instrument_data()
    for question in percentage_questions(data):
        del question["percentage"]["numerator_label"], question["percentage"]["denominator_label"]
    data["code"] = "tanpa-label"
    instrument = import_instrument(data)
    assert not Question.objects.filter(indicator__cluster__instrument=instrument).exclude(
        numerator_label=""
    )
    assert export_instrument(instrument) == data


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"numerator_label": None}, "numerator_label dan denominator_label bersama"),
        ({"numerator_label": "  "}, "numerator_label: wajib diisi"),
        ({"denominator_label": 12}, "denominator_label: wajib diisi"),
        ({"numerator_label": "x" * 201}, "paling panjang 200 karakter"),
    ],
)
def test_bad_labels_are_named(change, problem):
    data = copy.deepcopy(instrument_data())
    rule = percentage_questions(data)[0]["percentage"]
    for key, value in change.items():
        if value is None:
            del rule[key]
        else:
            rule[key] = value
    problems = validate_instrument(data)
    assert any(problem in text for text in problems), problems


def test_entry_page_and_all_kecamatan_page_show_the_labels(
    client, operator_dinkes, kota_serang, admin_dp3akb
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    entry = entry_of(cycle, "III-12.1")
    client.force_login(operator_dinkes)
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert html.count("Jumlah seluruh persalinan") == 2  # under the question, under the field
    units = reverse("evaluations:question-units", args=[cycle.pk, entry.question_id])
    assert "Jumlah seluruh persalinan" in client.get(units).content.decode()
