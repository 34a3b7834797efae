"""Progress overview: per OPD and per indicator, entries per state; overdue in red."""

import pytest
from django.urls import reverse

from evaluations.models import Entry
from tests.factories import make_cycle, set_entry_state

URL = "/evaluasi/progres/"


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


def set_states(cycle):
    """Dinkes: one draft, one submitted, one returned, one verified; the rest empty."""
    entries = list(Entry.objects.filter(cycle=cycle, question__code__startswith="III-12"))
    set_entry_state(entries[0], numerator=1)
    set_entry_state(entries[1], numerator=1, denominator=2, status="submitted")
    set_entry_state(entries[2], numerator=1, denominator=2, status="returned")
    set_entry_state(entries[3], numerator=1, denominator=2, status="verified")
    return len(entries)


def row(rows, key, value):
    return next(r for r in rows if r[key] == value)


def test_url_name():
    assert reverse("evaluations:progress") == URL


def test_counts_per_opd_and_indicator(client, admin_dp3akb, cycle):
    n = set_states(cycle)
    client.force_login(admin_dp3akb)
    response = client.get(URL)
    assert response.status_code == 200
    dinkes = row(response.context["by_opd"], "opd_code", "DINKES")
    total = Entry.objects.filter(cycle=cycle, question__assignments__opd__code="DINKES").count()
    assert dinkes["total"] == total
    assert (dinkes["draft"], dinkes["submitted"], dinkes["returned"], dinkes["verified"]) == (
        1,
        1,
        1,
        1,
    )
    assert dinkes["empty"] == total - 4
    indicator = row(response.context["by_indicator"], "code", "III-12")
    assert (indicator["total"], indicator["empty"], indicator["pending"]) == (n, n - 4, n - 2)
    totals = response.context["totals"]
    assert totals["total"] == Entry.objects.filter(cycle=cycle).count()
    assert sum(r["total"] for r in response.context["by_opd"]) == totals["total"]
    html = response.content.decode()
    assert "Per OPD" in html and "Per indikator" in html
    assert "Dinas Kesehatan" in html


def test_nothing_is_overdue_before_the_deadline(client, admin_dp3akb, cycle):
    client.force_login(admin_dp3akb)
    html = client.get(URL).content.decode()
    assert "isian terlambat" not in html
    assert 'class="overdue"' not in html


def test_overdue_in_red_with_the_number(client, admin_dp3akb, kota_serang):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=False)
    set_states(cycle)
    pending = Entry.objects.filter(cycle=cycle, status__in=["draft", "returned"]).count()
    client.force_login(admin_dp3akb)
    html = client.get(URL).content.decode()
    assert f"{pending} isian terlambat (belum diajukan)" in html
    assert 'class="overdue"' in html


def test_empty_state_without_a_cycle(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    assert "Belum ada siklus evaluasi" in client.get(URL).content.decode()


@pytest.mark.parametrize("persona", ["verifikator", "pimpinan"])
def test_verifikator_and_pimpinan_read_progress(client, personas, cycle, persona):
    client.force_login(personas[persona])
    response = client.get(URL)
    assert response.status_code == 200
    assert "DINKES" in response.content.decode()


def test_other_city_sees_nothing_of_kota_serang(client, outsider, cycle):
    client.force_login(outsider)
    html = client.get(URL).content.decode()
    assert "DINKES" not in html and "Belum ada siklus evaluasi" in html


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["operator_dinkes", "operator_dindik"])
def test_operators_are_forbidden(client, personas, cycle, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_wrong_method_is_405(client, admin_dp3akb, cycle):
    client.force_login(admin_dp3akb)
    assert client.post(URL).status_code == 405


def test_each_aggregate_is_one_query(cycle, django_assert_num_queries):
    entries = Entry.objects.of_cycle(cycle)
    count = entries.count()
    with django_assert_num_queries(1):
        assert len(list(entries.progress_by_opd())) > 5
    with django_assert_num_queries(1):
        assert len(list(entries.progress_by_indicator())) == 24
    with django_assert_num_queries(1):
        assert entries.status_totals()["total"] == count


def test_query_count_does_not_grow_with_entries(
    client, admin_dp3akb, cycle, django_assert_num_queries
):
    client.force_login(admin_dp3akb)
    # session, user with city, cycle, stages, reopenings, by OPD, by indicator, totals; navbar:
    # unread count
    with django_assert_num_queries(9):
        client.get(URL)
    set_states(cycle)
    make_cycle(city=cycle.kabupaten, year=2024, by=admin_dp3akb)
    with django_assert_num_queries(9):
        client.get(URL)
