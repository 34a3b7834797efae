"""import_instrument: every kind of bad file is refused with a located message, nothing changes."""

import json

import pytest
from django.core.management import CommandError, call_command

from indicators.exchange import export_instrument
from indicators.models import AnswerOption, Cluster, Instrument, Question, Tier
from tests import factories


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Instrument, Tier, Cluster, Question, AnswerOption))


def run_import(tmp_path, data, capsys) -> str:
    path = tmp_path / "instrumen.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_instrument", str(path))
    assert counts() == before, "a refused import must change nothing"
    return capsys.readouterr().err + str(error.value)


def first_question(data, kind: str) -> dict:
    for cluster in data["clusters"]:
        for indicator in cluster["indicators"]:
            for question in indicator["questions"]:
                if question["kind"] == kind:
                    return question
    raise AssertionError(kind)


@pytest.fixture
def good():
    return factories.instrument_data()


@pytest.mark.django_db
def test_valid_file_imports(tmp_path, good, capsys):
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    call_command("import_instrument", str(path))
    assert "diimpor: 73 pertanyaan" in capsys.readouterr().out
    assert Question.objects.count() == 73


@pytest.mark.django_db
def test_not_json_is_refused(tmp_path, capsys):
    message = run_import(tmp_path, "{ bukan json", capsys)
    assert "bukan JSON yang sah (baris 1" in message


@pytest.mark.django_db
def test_wrong_format_is_refused(tmp_path, good, capsys):
    good["format"] = "lain"
    assert 'format: harus "pantau-kla-instrument" versi 1.' in run_import(tmp_path, good, capsys)


@pytest.mark.django_db
def test_duplicate_codes_are_refused(tmp_path, good, capsys):
    indicator = good["clusters"][0]["indicators"][0]
    indicator["questions"][1]["code"] = indicator["questions"][0]["code"]
    message = run_import(tmp_path, good, capsys)
    assert "clusters[0].indicators[0].questions[1]" in message
    assert "kode 'KL-01.1' dipakai lebih dari sekali." in message


@pytest.mark.django_db
def test_points_not_summing_to_max_are_refused(tmp_path, good, capsys):
    good["clusters"][0]["indicators"][0]["questions"][0]["points"] = "1"
    message = run_import(tmp_path, good, capsys)
    assert "instrumen.max_score: jumlah poin semua pertanyaan" in message
    assert "tidak sama dengan skor maksimum 1000" in message


@pytest.mark.django_db
def test_thresholds_not_increasing_are_refused(tmp_path, good, capsys):
    good["tiers"][2]["min_score"] = "600"
    message = run_import(tmp_path, good, capsys)
    assert "tiers[2].min_score: 600 harus lebih besar dari 601." in message


@pytest.mark.django_db
def test_option_share_out_of_range_is_refused(tmp_path, good, capsys):
    question = first_question(good, "option")
    question["options"][0]["share"] = "1.5"
    message = run_import(tmp_path, good, capsys)
    assert f"({question['code']}).options[0].share: 1.5 di luar rentang" in message


@pytest.mark.django_db
def test_percentage_floor_above_target_for_higher_is_refused(tmp_path, good, capsys):
    question = first_question(good, "percentage")
    question["percentage"] = {"direction": "higher", "floor": "90", "target": "50"}
    message = run_import(tmp_path, good, capsys)
    assert "untuk higher, floor harus lebih kecil dari target." in message


@pytest.mark.django_db
def test_parameters_of_another_kind_are_refused(tmp_path, good, capsys):
    question = first_question(good, "coverage")
    question["options"] = [{"code": "a", "label": "A", "share": "1"}]
    message = run_import(tmp_path, good, capsys)
    assert f"({question['code']}).options: hanya untuk jenis option." in message


@pytest.mark.django_db
def test_kind_at_wrong_level_is_refused(tmp_path, good, capsys):
    question = first_question(good, "coverage")
    question["level"] = "kota"
    message = run_import(tmp_path, good, capsys)
    assert 'jenis "coverage" tidak boleh pada tingkat "kota".' in message


@pytest.mark.django_db
def test_existence_without_document_is_refused(tmp_path, good, capsys):
    question = first_question(good, "existence")
    question["documents"] = []
    message = run_import(tmp_path, good, capsys)
    assert "pertanyaan keberadaan wajib punya dokumen bukti." in message


@pytest.mark.django_db
def test_every_problem_is_listed_at_once(tmp_path, good, capsys):
    good["tiers"][1]["min_score"] = "abc"
    first_question(good, "option")["options"][0]["share"] = "-1"
    message = run_import(tmp_path, good, capsys)
    assert "tiers[1].min_score: harus berupa angka" in message
    assert "share: -1 di luar rentang" in message
    assert "Impor dibatalkan: 2 kesalahan" in message


@pytest.mark.django_db
def test_existing_code_is_refused(tmp_path, instrument, capsys):
    message = run_import(tmp_path, factories.instrument_data(), capsys)
    assert "instrumen 'contoh-2026' sudah ada" in message


@pytest.mark.django_db
def test_export_then_import_into_empty_database_gives_same_instrument(tmp_path, instrument):
    path = tmp_path / "ekspor.json"
    call_command("export_instrument", "contoh-2026", keluaran=str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    Instrument.objects.all().delete()
    assert Question.objects.count() == 0
    call_command("import_instrument", str(path))
    again = export_instrument(Instrument.objects.get(code="contoh-2026"))
    assert again == exported
    assert again == factories.instrument_data()


@pytest.mark.django_db
def test_list_item_that_is_not_an_object_is_refused(tmp_path, good, capsys):
    good["clusters"][1]["indicators"][0]["questions"].append("bukan objek")
    message = run_import(tmp_path, good, capsys)
    assert "clusters[1].indicators[0].questions[3]: harus berupa objek." in message


@pytest.mark.django_db
def test_duplicate_option_code_is_refused(tmp_path, good, capsys):
    question = first_question(good, "option")
    question["options"][1]["code"] = question["options"][0]["code"]
    message = run_import(tmp_path, good, capsys)
    assert f"options[1].code: kode pilihan {question['options'][0]['code']!r} ganda." in message
