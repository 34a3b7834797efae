"""All kecamatan of one question on one page: every row saved, or none."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Entry
from evaluations.services.entries import save_entry
from tests.factories import entry_of, submitted_entry


@pytest.fixture
def rows(cycle):
    """The six kecamatan entries of III-12.1 (percentage, DINKES), by kecamatan code."""
    return list(Entry.objects.filter(cycle=cycle, question__code="III-12.1").order_by("unit__code"))


def url(cycle, question_id) -> str:
    return reverse("evaluations:question-units", args=[cycle.pk, question_id])


def form_data(rows, values=None) -> dict:
    """Every row filled with 40/50 unless ``values`` says otherwise (by row index)."""
    data = {}
    for index, entry in enumerate(rows):
        numerator, denominator = (values or {}).get(index, ("40", "50"))
        prefix = f"isian-{entry.pk}"
        data |= {
            f"{prefix}-version": entry.version,
            f"{prefix}-numerator": numerator,
            f"{prefix}-denominator": denominator,
            f"{prefix}-note": "",
        }
    return data


def stored(rows) -> list:
    return [Entry.objects.get(pk=entry.pk).numerator for entry in rows]


def test_url(cycle, rows):
    expected = f"/evaluasi/siklus/{cycle.pk}/pertanyaan/{rows[0].question_id}/"
    assert url(cycle, rows[0].question_id) == expected


def test_operator_sees_every_kecamatan_with_a_form(client, operator_dinkes, cycle, rows):
    client.force_login(operator_dinkes)
    response = client.get(url(cycle, rows[0].question_id))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(rows) == 6
    for entry in rows:
        assert entry.unit.name in html
        assert f'name="isian-{entry.pk}-numerator"' in html
        assert f'name="isian-{entry.pk}-version"' in html
    assert "Simpan semua" in html


def test_operator_saves_all_rows_at_once(client, operator_dinkes, cycle, rows):
    client.force_login(operator_dinkes)
    data = form_data(rows, {0: ("45", "50"), 5: ("10", "20")})
    response = client.post(url(cycle, rows[0].question_id), data, follow=True)
    assert "6 isian disimpan." in response.content.decode()
    assert stored(rows) == [Decimal(45), *[Decimal(40)] * 4, Decimal(10)]
    assert AuditRecord.objects.filter(entry__in=rows, action="entry_saved").count() == 6
    assert {entry.version for entry in Entry.objects.filter(pk__in=[e.pk for e in rows])} == {2}


def test_one_invalid_row_saves_nothing_and_is_marked(client, operator_dinkes, cycle, rows):
    client.force_login(operator_dinkes)
    data = form_data(rows, {2: ("60", "50")})
    response = client.post(url(cycle, rows[0].question_id), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pembilang tidak boleh lebih besar dari penyebut." in html
    assert html.count('class="table-danger"') == 1
    assert stored(rows) == [None] * 6


def test_one_stale_row_saves_nothing(client, operator_dinkes, admin_dp3akb, cycle, rows):
    data = form_data(rows)  # versions as the operator opened the page
    save_entry(
        rows[3],
        user=admin_dp3akb,
        values={"numerator": Decimal(7), "denominator": Decimal(8)},
        version=1,
    )
    client.force_login(operator_dinkes)
    response = client.post(url(cycle, rows[0].question_id), data)
    html = response.content.decode()
    assert f"Isian {rows[3].unit.name} sudah diubah oleh admin.dp3akb" in html
    assert "Nilai tersimpan sekarang: 7/8 (87,50%)" in html
    assert stored(rows) == [None, None, None, Decimal(7), None, None]


def test_untouched_rows_are_not_saved(client, operator_dinkes, cycle, rows):
    client.force_login(operator_dinkes)
    data = form_data(rows, {index: ("", "") for index in range(1, 6)})
    client.post(url(cycle, rows[0].question_id), data)
    assert stored(rows) == [Decimal(40)] + [None] * 5
    assert Entry.objects.get(pk=rows[1].pk).version == 1


def test_submitted_rows_are_read_only(client, operator_dinkes, cycle, rows):
    submitted_entry(rows[0], by=operator_dinkes)
    client.force_login(operator_dinkes)
    html = client.get(url(cycle, rows[0].question_id)).content.decode()
    assert f'name="isian-{rows[0].pk}-numerator"' not in html
    assert "45/50 (90,00%)" in html
    assert f'name="isian-{rows[1].pk}-numerator"' in html
    # A forged post for the read-only row changes nothing.
    data = form_data(rows)
    client.post(url(cycle, rows[0].question_id), data)
    assert stored(rows) == [Decimal(45)] + [Decimal(40)] * 5


def test_locked_cycle_shows_rows_read_only_and_refuses(client, operator_dinkes, closed_cycle):
    rows = list(Entry.objects.filter(cycle=closed_cycle, question__code="III-12.1"))
    client.force_login(operator_dinkes)
    page = url(closed_cycle, rows[0].question_id)
    assert "Simpan semua" not in client.get(page).content.decode()
    response = client.post(page, form_data(rows), follow=True)
    assert "Masa pengisian sudah ditutup" in response.content.decode()
    assert stored(rows) == [None] * 6


def test_kota_level_question_has_one_row(client, admin_dp3akb, cycle):
    entry = entry_of(cycle, "KL-01.1")
    client.force_login(admin_dp3akb)
    html = client.get(url(cycle, entry.question_id)).content.decode()
    assert f'name="isian-{entry.pk}-option"' in html


@pytest.mark.parametrize("persona", ["admin_dp3akb", "verifikator", "pimpinan"])
def test_others_of_the_city_may_read(client, personas, cycle, rows, persona):
    client.force_login(personas[persona])
    response = client.get(url(cycle, rows[0].question_id))
    assert response.status_code == 200
    assert ("Simpan semua" in response.content.decode()) == (persona == "admin_dp3akb")


def test_anonymous_is_sent_to_login(client, cycle, rows):
    response = client.get(url(cycle, rows[0].question_id))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", ["operator_dindik", "outsider"])
def test_question_of_another_opd_or_city_is_404(client, personas, cycle, rows, persona, method):
    client.force_login(personas[persona])
    response = getattr(client, method)(url(cycle, rows[0].question_id), form_data(rows))
    assert response.status_code == 404
    assert stored(rows) == [None] * 6


def test_unknown_question_is_404(client, admin_dp3akb, cycle):
    client.force_login(admin_dp3akb)
    assert client.get(url(cycle, 999999)).status_code == 404


@pytest.mark.parametrize("persona", ["verifikator", "pimpinan"])
def test_read_only_roles_may_not_post(client, personas, cycle, rows, persona):
    client.force_login(personas[persona])
    assert client.post(url(cycle, rows[0].question_id), form_data(rows)).status_code == 403
    assert stored(rows) == [None] * 6


def test_put_is_405(client, operator_dinkes, cycle, rows):
    client.force_login(operator_dinkes)
    assert client.put(url(cycle, rows[0].question_id)).status_code == 405


def test_query_count_is_pinned(client, operator_dinkes, cycle, rows, django_assert_num_queries):
    client.force_login(operator_dinkes)
    with django_assert_num_queries(9):  # the user's city and OPD come with the user
        client.get(url(cycle, rows[0].question_id))
