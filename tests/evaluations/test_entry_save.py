"""Saving an entry's values: validation per answer kind, optimistic lock, locked cycle, audit."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Entry
from evaluations.services.entries import save_entry
from tests.factories import entry_of, submitted_entry


def url(entry) -> str:
    return reverse("evaluations:entry-save", args=[entry.pk])


def post(client, entry, version=None, **values):
    data = {"version": entry.version if version is None else version, "note": "", **values}
    return client.post(url(entry), data)


def assert_unchanged(entry, numerator=None, version=1):
    entry.refresh_from_db()
    assert entry.numerator == numerator
    assert entry.version == version


def test_url():
    assert reverse("evaluations:entry-save", args=[7]) == "/evaluasi/isian/7/nilai/"


def test_operator_saves_a_percentage(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    response = post(client, entry, numerator="45", denominator="50", note="Data Dinkes 2025")
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:entry-detail", args=[entry.pk])
    entry.refresh_from_db()
    assert (entry.numerator, entry.denominator) == (Decimal(45), Decimal(50))
    assert entry.note == "Data Dinkes 2025"
    assert entry.version == 2
    assert entry.updated_by == operator_dinkes
    assert entry.status == Entry.Status.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "Isian disimpan." in page
    assert "45/50 (90,00%)" in page


def test_save_writes_an_audit_record_with_old_and_new(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    post(client, entry, numerator="45", denominator="50")
    entry.refresh_from_db()
    post(client, entry, numerator="47", denominator="50")
    records = AuditRecord.objects.filter(entry=entry, action="entry_saved").order_by("id")
    assert [record.changes for record in records] == [
        {"numerator": [None, "45"], "denominator": [None, "50"]},
        {"numerator": ["45", "47"]},
    ]
    assert records[0].actor == operator_dinkes


def test_unchanged_save_is_a_no_op(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    post(client, entry)
    assert_unchanged(entry)
    assert not AuditRecord.objects.filter(entry=entry, action="entry_saved").exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"numerator": "51", "denominator": "50"},
            "Pembilang tidak boleh lebih besar dari penyebut",
        ),
        ({"numerator": "-1", "denominator": "50"}, "Nilai tidak boleh negatif"),
        ({"numerator": "1", "denominator": "-5"}, "Nilai tidak boleh negatif"),
        ({"numerator": "0", "denominator": "0"}, "Penyebut harus lebih dari 0"),
        ({"numerator": "5", "denominator": ""}, "Isi pembilang dan penyebut sekaligus"),
        ({"numerator": "lima", "denominator": "50"}, "Bukan angka"),
    ],
)
def test_bad_percentage_is_a_form_error(client, operator_dinkes, entry, values, message):
    client.force_login(operator_dinkes)
    response = post(client, entry, **values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert_unchanged(entry)


def test_option_must_be_one_of_the_questions_own(client, admin_dp3akb, cycle):
    entry = entry_of(cycle, "KL-01.1")
    foreign = entry_of(cycle, "KL-02.1").question.options.first()
    client.force_login(admin_dp3akb)
    response = post(client, entry, option=foreign.pk)
    assert "Pilih salah satu jawaban dari daftar pertanyaan" in response.content.decode()
    entry.refresh_from_db()
    assert entry.option is None
    own = entry.question.options.last()
    post(client, entry, option=own.pk)
    entry.refresh_from_db()
    assert entry.option == own
    record = AuditRecord.objects.get(entry=entry, action="entry_saved")
    assert record.changes == {"option": [None, own.label]}


def test_yes_no_accepts_only_yes_or_no(client, operator_dinkes, cycle):
    entry = entry_of(cycle, "III-14.3")  # existence, DINKES
    client.force_login(operator_dinkes)
    response = post(client, entry, yes="mungkin")
    assert "Pilih Ya atau Tidak" in response.content.decode()
    entry.refresh_from_db()
    assert entry.yes is None
    post(client, entry, yes="0")
    entry.refresh_from_db()
    assert entry.yes is False


def test_stale_edit_is_refused_and_shows_the_current_value(
    client, operator_dinkes, admin_dp3akb, entry
):
    save_entry(
        entry,
        user=admin_dp3akb,
        values={"numerator": Decimal(40), "denominator": Decimal(50)},
        version=1,
    )
    client.force_login(operator_dinkes)
    response = post(client, entry, version=1, numerator="45", denominator="50")
    html = response.content.decode()
    assert response.status_code == 200
    assert "sudah diubah oleh admin.dp3akb" in html
    assert "Nilai tersimpan sekarang: 40/50 (80,00%)" in html
    assert_unchanged(entry, numerator=Decimal(40), version=2)


def test_locked_cycle_refuses_edits(client, operator_dinkes, closed_cycle):
    entry = entry_of(closed_cycle, "III-12.1")
    client.force_login(operator_dinkes)
    response = post(client, entry, numerator="45", denominator="50")
    assert "Masa pengisian sudah ditutup" in response.content.decode()
    assert_unchanged(entry)


def test_submitted_entry_cannot_be_edited_by_the_operator(client, operator_dinkes, entry):
    entry = submitted_entry(entry, by=operator_dinkes)
    client.force_login(operator_dinkes)
    response = post(client, entry, numerator="1", denominator="50")
    assert "sudah diajukan sehingga tidak dapat diubah oleh operator" in response.content.decode()
    assert_unchanged(entry, numerator=Decimal(45), version=entry.version)


def test_admin_kla_may_correct_a_submitted_entry(client, admin_dp3akb, operator_dinkes, entry):
    entry = submitted_entry(entry, by=operator_dinkes)
    client.force_login(admin_dp3akb)
    post(client, entry, numerator="44", denominator="50")
    entry.refresh_from_db()
    assert entry.numerator == 44
    assert entry.status == Entry.Status.SUBMITTED


def test_anonymous_is_sent_to_login(client, entry):
    response = post(client, entry, numerator="1", denominator="2")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert_unchanged(entry)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator_dindik", 404), ("outsider", 404), ("verifikator", 403), ("pimpinan", 403)],
)
def test_other_opd_or_city_is_404_and_read_only_roles_403(client, personas, entry, persona, status):
    client.force_login(personas[persona])
    assert post(client, entry, numerator="1", denominator="2").status_code == status
    assert_unchanged(entry)


def test_get_is_405(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    assert client.get(url(entry)).status_code == 405
