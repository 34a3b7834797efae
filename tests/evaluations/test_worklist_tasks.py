"""'Tugas saya': an operator's entries of the current cycle, what is missing, filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.access import entries_for
from evaluations.models import Entry
from evaluations.services.cycles import reassign_question
from indicators.models import Indicator, Question
from kla.organisations.models import Opd
from kla.wilayah.models import Region
from tests.factories import entry_of, evidence_row, make_cycle, set_entry_state

URL = "/evaluasi/tugas-saya/"


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


def first_kecamatan(city) -> Region:
    return Region.objects.kecamatan_of(city).first()


def test_url_name():
    assert reverse("evaluations:my-tasks") == URL


def test_operator_sees_only_their_opds_entries(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    response = client.get(URL)
    rows = response.context["entries"]
    html = response.content.decode()
    assert response.status_code == 200
    assert len(rows) == entries_for(operator_dinkes).of_cycle(cycle).count() > 0
    assert {row.question.code[:3] for row in rows} <= {"III"}
    assert "III-12.1" in html and "II-10.1" not in html
    assert "Kosong" in html
    assert f"{cycle.entry_deadline():%d-%m-%Y}" in html


def test_status_kosong_draft_returned_and_what_is_missing(client, operator_dinkes, cycle):
    kecamatan = first_kecamatan(cycle.kabupaten)
    filled = set_entry_state(entry_of(cycle, "III-12.1", kecamatan), numerator=80, denominator=100)
    requirement = filled.question.documents.get()
    returned = set_entry_state(
        entry_of(cycle, "III-14.3"), yes=True, status="returned", return_reason="SK kedaluwarsa"
    )
    evidence_row(returned, requirement=returned.question.documents.get())
    client.force_login(operator_dinkes)

    rows = {(e.question.code, e.unit_id): e for e in client.get(URL).context["entries"]}
    html = client.get(URL).content.decode()

    assert rows[("III-12.1", kecamatan.pk)].display_status == "draft"
    assert [d.name for d in rows[("III-12.1", kecamatan.pk)].missing_documents] == [
        requirement.name
    ]
    assert rows[("III-14.3", cycle.kabupaten_id)].missing_documents == []
    assert rows[("III-14.3", cycle.kabupaten_id)].display_status == "returned"
    assert rows[("III-12.2", kecamatan.pk)].display_status == "empty"
    assert "Nilai belum diisi" in html
    assert "Lengkap" in html
    assert "Alasan dikembalikan: SK kedaluwarsa" in html


def test_superseded_evidence_does_not_count(client, operator_dinkes, cycle):
    entry = set_entry_state(entry_of(cycle, "III-14.3"), yes=True)
    requirement = entry.question.documents.get()
    # The file for the requirement was replaced by one that satisfies no requirement.
    replacement = evidence_row(entry, requirement=None, title="Lampiran lain")
    evidence_row(entry, requirement=requirement, superseded_by=replacement)
    client.force_login(operator_dinkes)
    rows = {e.question.code: e for e in client.get(URL, {"status": "draft"}).context["entries"]}
    assert [d.name for d in rows["III-14.3"].missing_documents] == [requirement.name]


def test_filters_by_indicator_kecamatan_and_status(client, operator_dinkes, cycle):
    kecamatan = first_kecamatan(cycle.kabupaten)
    set_entry_state(entry_of(cycle, "III-12.1", kecamatan), numerator=1, denominator=2)
    indicator = Indicator.objects.get(code="III-12")
    client.force_login(operator_dinkes)

    response = client.get(
        URL, {"indikator": indicator.code, "kecamatan": kecamatan.code, "status": "empty"}
    )

    rows = response.context["entries"]
    assert [(e.question.code, e.unit_id) for e in rows] == [("III-12.2", kecamatan.pk)]
    response = client.get(URL, {"indikator": indicator.code, "status": "draft"})
    assert [e.question.code for e in response.context["entries"]] == ["III-12.1"]


def test_filter_with_no_match_has_an_empty_state(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    html = client.get(URL, {"status": "verified"}).content.decode()
    assert "Belum ada isian yang cocok dengan saringan ini." in html


def test_no_match_under_another_filter_still_says_so_and_not_that_nothing_is_assigned(
    client, operator_dinkes, cycle, django_assert_num_queries
):
    """With a filter besides the status the badges' counts cannot tell whether the list holds
    any entry: the list asks itself (EXISTS), one query more, only when it lists nothing."""
    client.force_login(operator_dinkes)
    # Late ones only, before the deadline: nothing can be late, yet entries are assigned.
    html = client.get(URL, {"terlambat": "1"}).content.decode()
    assert "Belum ada isian yang cocok dengan saringan ini." in html
    assert "Belum ada pertanyaan yang ditugaskan" not in html
    kecamatan = first_kecamatan(cycle.kabupaten)
    # Nothing listed: no documents or evidence to read. The status alone: the counts answer.
    with django_assert_num_queries(10):
        html = client.get(URL, {"status": "verified"}).content
    assert "Belum ada isian yang cocok dengan saringan ini." in html.decode()
    # The kecamatan checked (one query), and whether the list holds any entry (one more).
    with django_assert_num_queries(12):
        html = client.get(URL, {"kecamatan": kecamatan.code, "status": "verified"}).content
    assert "Belum ada isian yang cocok dengan saringan ini." in html.decode()
    # Rows listed: their documents and evidence read, the question never asked.
    with django_assert_num_queries(13):
        response = client.get(URL, {"kecamatan": kecamatan.code})
    assert response.context["entries"]


def test_invalid_filter_shows_an_error_and_is_ignored(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    response = client.get(URL, {"status": "dihapus", "indikator": "999999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Status tidak dikenal." in html
    assert "Indikator tidak dikenal." in html
    assert len(response.context["entries"]) == entries_for(operator_dinkes).of_cycle(cycle).count()


def test_indicator_filter_offers_only_the_opds_indicators(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    choices = client.get(URL).context["form"].fields["indikator"].queryset
    assert {i.code for i in choices} == {"III-12", "III-13", "III-14", "III-15", "III-17"}


def test_rows_link_to_the_entry_and_question_units_pages(client, operator_dinkes, cycle):
    per_kecamatan = entry_of(cycle, "III-12.1", first_kecamatan(cycle.kabupaten))
    kota = entry_of(cycle, "III-14.3")
    client.force_login(operator_dinkes)
    html = client.get(URL).content.decode()
    assert reverse("evaluations:entry-detail", args=[per_kecamatan.pk]) in html
    assert reverse("evaluations:entry-detail", args=[kota.pk]) in html
    units = reverse("evaluations:question-units", args=[cycle.pk, per_kecamatan.question_id])
    assert units in html
    assert reverse("evaluations:question-units", args=[cycle.pk, kota.question_id]) not in html


def test_overdue_rows_are_red_after_the_deadline(
    client, operator_dinkes, kota_serang, admin_dp3akb
):
    make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=False)
    client.force_login(operator_dinkes)
    html = client.get(URL).content.decode()
    assert "Pengisian ditutup" in html
    assert 'class="table-danger"' in html
    assert 'class="overdue"' in html


def test_reassigned_question_moves_to_the_new_opds_list(
    client, operator_dindik, admin_dp3akb, cycle
):
    question = Question.objects.get(code="III-12.1")
    dindik = Opd.objects.get(kabupaten=cycle.kabupaten, code="DINDIKBUD")
    reassign_question(cycle, question, dindik, by=admin_dp3akb)
    client.force_login(operator_dindik)
    assert "III-12.1" in client.get(URL).content.decode()


def test_uses_the_latest_cycle(client, operator_dinkes, kota_serang, admin_dp3akb):
    make_cycle(city=kota_serang, year=2025, by=admin_dp3akb, open_entry=False)
    latest = make_cycle(city=kota_serang, year=2026, by=admin_dp3akb)
    client.force_login(operator_dinkes)
    response = client.get(URL)
    assert response.context["cycle"] == latest
    assert {e.cycle_id for e in response.context["entries"]} == {latest.pk}


def test_empty_state_without_a_cycle(client, operator_dinkes):
    client.force_login(operator_dinkes)
    html = client.get(URL).content.decode()
    assert "Belum ada siklus evaluasi untuk kabupaten/kota Anda." in html


def test_operator_of_another_city_sees_nothing_of_kota_serang(client, other_city, cycle):
    from kla.accounts.models import Role
    from tests.factories import make_user

    operator = make_user(city=other_city, role=Role.OPERATOR_OPD, opd_code="DINKES")
    client.force_login(operator)
    html = client.get(URL).content.decode()
    assert "Belum ada siklus evaluasi" in html
    assert "III-12.1" not in html


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["admin_dp3akb", "verifikator", "pimpinan", "outsider"])
def test_only_operators_have_tasks(client, personas, cycle, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_wrong_method_is_405(client, operator_dinkes, cycle):
    client.force_login(operator_dinkes)
    assert client.post(URL).status_code == 405


def test_query_count_does_not_grow_with_entries(
    client, operator_dinkes, admin_dp3akb, cycle, django_assert_num_queries
):
    client.force_login(operator_dinkes)
    # session, user with city and OPD, cycle, stages, reopenings, entries, documents, evidence,
    # the status badges' counts (the totals too, with no other filter), filter choices
    # (indicators, kecamatan); navbar: unread
    with django_assert_num_queries(12):
        client.get(URL)
    dinkes = Opd.objects.get(kabupaten=cycle.kabupaten, code="DINKES")
    for question in Question.objects.filter(code__startswith="II-"):
        reassign_question(cycle, question, dinkes, by=admin_dp3akb)
    for entry in Entry.objects.filter(cycle=cycle, question__code__startswith="III-1")[:20]:
        evidence_row(entry, requirement=entry.question.documents.first())
    with django_assert_num_queries(12):
        response = client.get(URL)
    assert len(response.context["entries"]) > 100


def test_worklist_queryset_prefetches_everything(cycle, operator_dinkes, django_assert_num_queries):
    entries = entries_for(operator_dinkes).of_cycle(cycle).worklist()
    with django_assert_num_queries(3):  # entries, required documents, current evidence
        rows = list(entries)
        for entry in rows:
            _ = [d.name for d in entry.question.documents.all()], entry.current_evidence
            _ = entry.question.indicator.code, entry.unit.name, entry.has_value


def test_deadline_is_the_reopening_date_after_a_reopening(
    client, operator_dinkes, kota_serang, admin_dp3akb
):
    from evaluations.services.cycles import reopen_entry

    cycle = make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=False)
    until = timezone.localdate() + datetime.timedelta(days=4)
    reopen_entry(cycle=cycle, until=until, reason="Susulan", by=admin_dp3akb)
    client.force_login(operator_dinkes)
    html = client.get(URL).content.decode()
    assert f"{until:%d-%m-%Y}" in html
    assert "Pengisian terbuka" in html
    assert 'class="table-danger"' not in html


def test_an_operators_own_list_asks_no_opd_per_row(client, operator_dinkes, admin_dp3akb, cycle):
    """Every row of "Tugas saya" is the operator's own OPD: no column, and no two subqueries
    per row to find it; "Daftar isian" (every OPD's entries) shows it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(operator_dinkes)
    with CaptureQueriesContext(connection) as own:
        tasks = client.get(URL)
    client.force_login(admin_dp3akb)
    with CaptureQueriesContext(connection) as every:
        city = client.get(reverse("evaluations:entry-list"))

    assert not any('"opd_code"' in q["sql"] for q in own.captured_queries)
    assert any('"opd_code"' in q["sql"] for q in every.captured_queries)
    header = '<th scope="col">OPD</th>'
    assert header not in tasks.content.decode() and header in city.content.decode()
    assert '<abbr title="Dinas Kesehatan">DINKES</abbr>' in city.content.decode()
