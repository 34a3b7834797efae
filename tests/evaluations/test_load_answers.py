"""load_answers: every bad row refused with its message and nothing loaded; a good file loads,
attaches real PDF evidence, is audited, and moves the scores."""

import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from evaluations import names
from evaluations.models import Assignment, AuditRecord, Entry, Evidence, Notification, ScoreSnapshot
from evaluations.scores.loader import cycle_score, load_cycle_data
from evaluations.services.answers_file import AnswersFileError, load_answers
from kla.accounts.models import Role
from tests.factories import answers_file, entry_of, make_user

KEC = "36.73.01"  # Kecamatan Serang


def state(cycle) -> tuple:
    """Everything a load could touch: entry values, evidence, audit and snapshots."""
    entries = tuple(
        Entry.objects.filter(cycle=cycle)
        .order_by("pk")
        .values_list("status", "option_id", "numerator", "denominator", "yes", "note", "version")
    )
    return (
        entries,
        Evidence.objects.count(),
        AuditRecord.objects.filter(action="imported").count(),
        ScoreSnapshot.objects.count(),
    )


def refused(cycle, admin, rows: list[dict], message: str, **header) -> list[str]:
    """Load ``rows``: the file must be refused naming ``message``, and nothing may change."""
    before = state(cycle)
    with pytest.raises(AnswersFileError) as caught:
        load_answers(answers_file(rows, **header), by=admin)
    assert any(message in error for error in caught.value.errors), caught.value.errors
    assert state(cycle) == before
    return caught.value.errors


GOOD = {"question": "III-12.1", "unit": KEC, "numerator": "90", "denominator": "100"}


# --- One test per kind of bad row ---------------------------------------------------------------


def test_unknown_question(cycle, admin_dp3akb):
    row = {**GOOD, "question": "III-99.9"}
    refused(cycle, admin_dp3akb, [row], "Baris 1 (III-99.9/36.73.01): pertanyaan “III-99.9”")


def test_kota_question_needs_unit_kota(cycle, admin_dp3akb):
    row = {"question": "KL-01.1", "unit": KEC, "option": "perda"}
    refused(cycle, admin_dp3akb, [row], "pertanyaan tingkat kota: unit harus “kota”")


def test_kecamatan_question_needs_a_kecamatan_of_the_city(cycle, admin_dp3akb, other_city):
    row = {**GOOD, "unit": "36.72.01"}  # a kecamatan of Kota Cilegon
    refused(cycle, admin_dp3akb, [row], "unit harus kode kecamatan Kota Serang")
    refused(cycle, admin_dp3akb, [{**GOOD, "unit": "kota"}], "bukan “kota”")


def test_option_not_in_the_list(cycle, admin_dp3akb):
    row = {"question": "KL-01.1", "unit": "kota", "option": "qanun"}
    refused(cycle, admin_dp3akb, [row], "Pilihan “qanun” tidak ada; pilihan yang sah: belum, sk")


def test_numerator_above_denominator(cycle, admin_dp3akb):
    row = {**GOOD, "numerator": "101"}
    refused(cycle, admin_dp3akb, [row], "Pembilang tidak boleh lebih besar dari penyebut.")


def test_zero_denominator_is_refused_as_in_the_entry_form(cycle, admin_dp3akb):
    row = {**GOOD, "numerator": "0", "denominator": "0"}
    refused(cycle, admin_dp3akb, [row], "Penyebut harus lebih dari 0.")


def test_negative_number(cycle, admin_dp3akb):
    row = {**GOOD, "numerator": "-1"}
    refused(cycle, admin_dp3akb, [row], "Pembilang tidak boleh negatif.")


def test_number_that_is_not_a_number(cycle, admin_dp3akb):
    refused(cycle, admin_dp3akb, [{**GOOD, "denominator": "seratus"}], "penyebut harus berupa")


def test_too_many_decimals(cycle, admin_dp3akb):
    row = {**GOOD, "numerator": "90,125"}  # "90.125" would be read as 90125 (docs/angka.md)
    refused(cycle, admin_dp3akb, [row], "Pembilang paling banyak 2 angka desimal.")


def test_only_one_of_numerator_and_denominator(cycle, admin_dp3akb):
    row = {"question": "III-12.1", "unit": KEC, "numerator": "90"}
    refused(cycle, admin_dp3akb, [row], "Isi pembilang dan penyebut sekaligus.")


def test_yes_must_be_a_boolean(cycle, admin_dp3akb):
    row = {"question": "KL-01.2", "unit": "kota", "yes": "ya"}
    refused(cycle, admin_dp3akb, [row], "“yes” harus true atau false.")


def test_value_key_of_another_kind(cycle, admin_dp3akb):
    row = {**GOOD, "option": "perda"}
    refused(cycle, admin_dp3akb, [row], "kunci “option” tidak berlaku untuk jenis jawaban")


def test_unknown_key(cycle, admin_dp3akb):
    refused(cycle, admin_dp3akb, [{**GOOD, "nilai": 3}], "kunci tidak dikenal: nilai.")


def test_unknown_status(cycle, admin_dp3akb):
    refused(cycle, admin_dp3akb, [{**GOOD, "status": "approved"}], "status “approved”")


def test_status_other_than_draft_needs_a_value(cycle, admin_dp3akb):
    row = {"question": "III-12.1", "unit": KEC, "status": "verified", "documents": ["rekap"]}
    refused(cycle, admin_dp3akb, [row], "status selain draft memerlukan nilai jawaban.")


def test_returned_needs_a_reason(cycle, admin_dp3akb):
    refused(cycle, admin_dp3akb, [{**GOOD, "status": "returned"}], "memerlukan alasan")


def test_document_not_of_the_question(cycle, admin_dp3akb):
    row = {**GOOD, "documents": ["perda"]}
    refused(cycle, admin_dp3akb, [row], "dokumen “perda” bukan dokumen wajib pertanyaan ini")


def test_submitted_needs_every_required_document(cycle, admin_dp3akb):
    row = {"question": "KL-01.3", "unit": "kota", "yes": True, "status": "submitted"}
    row["documents"] = ["notulen"]
    refused(cycle, admin_dp3akb, [row], "status diajukan memerlukan dokumen: Daftar hadir")


def test_duplicate_row(cycle, admin_dp3akb):
    refused(cycle, admin_dp3akb, [GOOD, GOOD], "Baris 2 (III-12.1/36.73.01): jawaban ini sudah")


def test_bad_header_and_unknown_cycle(cycle, admin_dp3akb):
    before = state(cycle)
    with pytest.raises(AnswersFileError) as caught:
        load_answers({"format": "csv", "version": 2, "answers": {}}, by=admin_dp3akb)
    assert len(caught.value.errors) == 4  # format, version, answers, kode/tahun
    refused(cycle, admin_dp3akb, [GOOD], "Tidak ada siklus 2031 untuk kode 36.73.", tahun=2031)
    assert state(cycle) == before


def test_every_error_is_listed_with_its_row_and_nothing_loads(cycle, admin_dp3akb):
    rows = [
        {**GOOD, "question": "III-12.2"},  # fine on its own
        {**GOOD, "numerator": "120"},
        {"question": "KL-01.1", "unit": "kota", "option": "qanun"},
    ]
    errors = refused(cycle, admin_dp3akb, rows, "Baris 2")
    assert [e.split(" ")[1] for e in errors] == ["2", "3"]
    assert entry_of(cycle, "III-12.2").numerator is None


# --- A good file --------------------------------------------------------------------------------


GOOD_FILE = [
    {**GOOD, "status": "verified", "documents": ["rekap"], "note": "Data Dinkes"},
    {"question": "KL-01.1", "unit": "kota", "option": "perda", "status": "submitted",
     "documents": ["regulasi"]},
    {"question": "KL-02.3", "unit": "36.73.02", "yes": True, "status": "returned",
     "reason": "SK belum ditandatangani camat"},
    {"question": "KL-01.2", "unit": "kota", "yes": True, "status": "draft"},
]  # fmt: skip


def test_good_file_loads_values_statuses_and_evidence(cycle, admin_dp3akb):
    summary = load_answers(answers_file(GOOD_FILE), by=admin_dp3akb)
    assert (summary.rows, summary.changed, summary.documents) == (4, 4, 2)
    births = entry_of(cycle, "III-12.1")
    assert (births.numerator, births.denominator, births.status) == (90, 100, "verified")
    assert births.note == "Data Dinkes" and births.verified_at and births.submitted_at
    assert births.updated_by == admin_dp3akb and births.version == 2
    returned = Entry.objects.get(cycle=cycle, question__code="KL-02.3", unit__code="36.73.02")
    assert returned.return_reason == "SK belum ditandatangani camat"
    evidence = births.evidence.get()
    content = evidence.file.read()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()  # rendered by WeasyPrint
    assert evidence.requirement.name in text
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.requirement.code == "rekap" and evidence.content_type == "application/pdf"
    record = AuditRecord.objects.get(entry=births, action="imported")
    assert record.changes["status"] == ["draft", "verified"]
    assert record.changes["documents"] == [None, "rekap"]


def test_good_file_moves_the_scores_and_refreshes_snapshots(cycle, admin_dp3akb):
    before = cycle_score(cycle, "claimed").total
    load_answers(answers_file(GOOD_FILE), by=admin_dp3akb)
    data = load_cycle_data(cycle)
    claimed = data.score("claimed")
    # KL-01.1 (30 points, "perda" = full share) and III-12.1 in one of six kecamatan:
    # 90% between floor 80 and target 100 is half, of a sixth of 30 points.
    assert claimed.total - before == Decimal(30) + Decimal("2.50")
    assert data.score("verified").total == Decimal("2.50")
    snapshots = {s.track: s.total for s in ScoreSnapshot.objects.filter(cycle=cycle)}
    assert snapshots == {t: data.score(t).total for t in names.TRACKS}


def test_loading_the_same_file_again_changes_nothing(cycle, admin_dp3akb):
    load_answers(answers_file(GOOD_FILE), by=admin_dp3akb)
    before = state(cycle)
    summary = load_answers(answers_file(GOOD_FILE), by=admin_dp3akb)
    assert (summary.changed, summary.documents) == (0, 0)
    assert state(cycle) == before


def test_demo_files_load_with_the_documented_totals(kota_serang, admin_dp3akb):
    from tests.factories import DEMO_CLAIMED_2026, DEMO_VERIFIED_2026, demo_cycle

    cycle = demo_cycle(kota_serang, by=admin_dp3akb)
    data = load_cycle_data(cycle)
    claimed, verified = data.score("claimed"), data.score("verified")
    assert (claimed.total, claimed.tier.code) == (DEMO_CLAIMED_2026, "pratama")
    assert (verified.total, verified.tier.code) == (DEMO_VERIFIED_2026, "pratama")
    statuses = set(Entry.objects.filter(cycle=cycle).values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "verified"}
    assert Entry.objects.filter(cycle=cycle, status="draft", numerator=None, yes=None).exists()


# --- The same status path as the pages ---------------------------------------------------------


def test_a_load_that_verifies_or_returns_tells_the_operators_after_commit(
    cycle, admin_dp3akb, operator_dinkes, django_capture_on_commit_callbacks
):
    operator_dinkes.email = "dinkes@serangkota.go.id"
    operator_dinkes.save()
    kl02 = Assignment.objects.get(cycle=cycle, question__code="KL-02.3").opd
    make_user(city=cycle.kabupaten, role=Role.OPERATOR_OPD, opd_code=kl02.code)
    with django_capture_on_commit_callbacks() as after_commit:
        load_answers(answers_file(GOOD_FILE), by=admin_dp3akb)
    assert not Notification.objects.exists() and mail.outbox == []  # nothing before commit
    for callback in after_commit:
        callback()
    births = entry_of(cycle, "III-12.1")
    notice = Notification.objects.get(recipient=operator_dinkes)
    assert notice.entry == births and "diverifikasi" in notice.message
    assert [m.to for m in mail.outbox] == [["dinkes@serangkota.go.id"]]
    returned = Entry.objects.get(cycle=cycle, question__code="KL-02.3", unit__code="36.73.02")
    assert Notification.objects.filter(entry=returned).exists()
    # Draft and submitted rows are no review: nobody hears of them.
    assert set(Notification.objects.values_list("entry", flat=True)) == {births.pk, returned.pk}


def test_loading_history_without_notices_is_a_named_option(
    cycle, admin_dp3akb, operator_dinkes, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_answers", write(tmp_path, GOOD_FILE), tanpa_notifikasi=True)
    assert entry_of(cycle, "III-12.1").status == Entry.Status.VERIFIED
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_load_writes_under_the_row_lock_and_raises_the_version(cycle, admin_dp3akb):
    births = entry_of(cycle, "III-12.1")
    load_answers(answers_file([{**GOOD, "note": "pertama"}]), by=admin_dp3akb)
    with CaptureQueriesContext(connection) as queries:
        load_answers(answers_file([{**GOOD, "note": "kedua"}]), by=admin_dp3akb)
    births.refresh_from_db()
    assert (births.note, births.version) == ("kedua", 3)
    if connection.features.has_select_for_update:  # PostgreSQL (CI); SQLite has no row locks
        locks = [
            q["sql"] for q in queries if q["sql"].endswith('FOR UPDATE OF "evaluations_entry"')
        ]
        assert len(locks) == 1


# --- The command --------------------------------------------------------------------------------


def write(tmp_path, rows) -> str:
    path = tmp_path / "jawaban.json"
    path.write_text(json.dumps(answers_file(rows)), encoding="utf-8")
    return str(path)


def test_command_loads_a_file(cycle, admin_dp3akb, tmp_path, capsys):
    call_command("load_answers", write(tmp_path, GOOD_FILE))
    assert "4 baris, 4 isian berubah, 2 dokumen dilampirkan" in capsys.readouterr().out
    assert AuditRecord.objects.filter(action="imported", actor=admin_dp3akb).count() == 4


def test_command_lists_every_error_and_loads_nothing(cycle, admin_dp3akb, tmp_path, capsys):
    rows = [{**GOOD, "numerator": "120"}, {**GOOD, "unit": "kota"}]
    before = state(cycle)
    with pytest.raises(CommandError, match="2 kesalahan, tidak ada yang dimuat"):
        call_command("load_answers", write(tmp_path, rows))
    err = capsys.readouterr().err
    assert "- Baris 1 (III-12.1/36.73.01): Pembilang tidak boleh lebih besar" in err
    assert "- Baris 2 (III-12.1/kota)" in err
    assert state(cycle) == before


def test_command_refuses_broken_json_and_unknown_user(cycle, admin_dp3akb, tmp_path):
    broken = tmp_path / "rusak.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("load_answers", str(broken))
    with pytest.raises(CommandError, match="Pengguna “siapa” tidak ada"):
        call_command("load_answers", write(tmp_path, GOOD_FILE), pengguna="siapa")
