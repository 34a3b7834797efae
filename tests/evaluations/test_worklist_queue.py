"""The verification queue: submitted entries oldest first, evidence viewable in the page."""

import datetime

import pytest
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Entry
from tests.factories import evidence_row, make_cycle, set_entry_state

URL = "/evaluasi/verifikasi/"


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


def submit(cycle, code: str, hours_ago: int) -> Entry:
    entry = Entry.objects.filter(cycle=cycle, question__code=code).first()
    submitted_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    return set_entry_state(entry, status="submitted", submitted_at=submitted_at, yes=True)


def test_url_name():
    assert reverse("evaluations:review-queue") == URL


def test_submitted_entries_oldest_first(client, verifikator, cycle):
    newer = submit(cycle, "III-14.3", hours_ago=1)
    older = submit(cycle, "II-10.3", hours_ago=30)
    set_entry_state(Entry.objects.filter(cycle=cycle, question__code="I-04.3").get(), yes=True)
    client.force_login(verifikator)
    response = client.get(URL)
    assert response.status_code == 200
    assert [e.pk for e in response.context["entries"]] == [older.pk, newer.pk]
    html = response.content.decode()
    assert html.index("II-10.3") < html.index("III-14.3")
    assert "I-04.3" not in html
    assert "DINDIKBUD" in html and "DINKES" in html  # the OPD that answered
    assert reverse("evaluations:entry-detail", args=[older.pk]) in html


def test_current_evidence_is_shown_inline(client, verifikator, cycle):
    entry = submit(cycle, "III-14.3", hours_ago=2)
    pdf = evidence_row(entry, title="SK Konselor ASI")
    image = evidence_row(
        entry, title="Foto ruang laktasi", content_type="image/png", original_name="foto.png"
    )
    sheet = evidence_row(
        entry,
        title="Rekap",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        original_name="rekap.xlsx",
    )
    evidence_row(entry, title="SK lama", superseded_by=pdf)
    client.force_login(verifikator)
    html = client.get(URL).content.decode()
    download = reverse("evaluations:evidence-download", args=[pdf.pk])
    assert f'<iframe class="evidence-frame" loading="lazy" src="{download}?inline=1"' in html
    image_url = reverse("evaluations:evidence-download", args=[image.pk])
    assert f'loading="lazy" src="{image_url}?inline=1" alt="Foto ruang laktasi"' in html
    assert reverse("evaluations:evidence-download", args=[sheet.pk]) + "?inline" not in html
    assert "tidak dapat ditampilkan di halaman" in html
    assert "SK lama" not in html
    assert f'id="bukti-{entry.pk}"' in html and 'class="collapse"' in html
    assert "Bukti (3)" in html


def test_empty_state(client, verifikator, cycle):
    client.force_login(verifikator)
    html = client.get(URL).content.decode()
    assert "Belum ada isian yang menunggu verifikasi." in html


def test_empty_state_without_a_cycle(client, verifikator):
    client.force_login(verifikator)
    assert "Belum ada siklus evaluasi" in client.get(URL).content.decode()


def test_other_city_sees_nothing_of_kota_serang(client, outsider, cycle):
    submit(cycle, "III-14.3", hours_ago=2)
    client.force_login(outsider)
    html = client.get(URL).content.decode()
    assert "III-14.3" not in html
    assert "Belum ada siklus evaluasi" in html


def test_admin_kla_reviews_too(client, admin_dp3akb, cycle):
    submit(cycle, "III-14.3", hours_ago=2)
    client.force_login(admin_dp3akb)
    assert "III-14.3" in client.get(URL).content.decode()


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["operator_dinkes", "operator_dindik", "pimpinan"])
def test_non_reviewers_are_forbidden(client, personas, cycle, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_wrong_method_is_405(client, verifikator, cycle):
    client.force_login(verifikator)
    assert client.post(URL).status_code == 405


def test_query_count_does_not_grow_with_entries(
    client, verifikator, cycle, django_assert_num_queries
):
    first = submit(cycle, "III-14.3", hours_ago=3)
    evidence_row(first)
    client.force_login(verifikator)
    # session, user with city, cycle, stages, reopenings, entries, evidence, filter choices
    # (OPD, indicators, kecamatan); navbar: unread count
    with django_assert_num_queries(11):
        client.get(URL)
    for n, entry in enumerate(Entry.objects.filter(cycle=cycle).exclude(pk=first.pk)[:40]):
        set_entry_state(entry, status="submitted", submitted_at=timezone.now(), yes=True)
        evidence_row(entry, title=f"Bukti {n}")
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert len(response.context["entries"]) == 41


def test_the_filter_choices_are_read_without_a_cursor(client, verifikator, cycle, monkeypatch):
    """Each choice list in one plain query (kla/choice_fields.py): QuerySet.iterator() is a
    server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE) for a few dozen rows."""

    def no_cursor(queryset, *args, **kwargs):
        raise AssertionError(f"iterator() over {queryset.model.__name__}")

    client.force_login(verifikator)
    monkeypatch.setattr(QuerySet, "iterator", no_cursor)
    html = client.get(URL).content.decode()
    assert "Semua indikator" in html and "Semua unit" in html and "Semua OPD" in html


def test_an_entry_opened_from_the_filtered_queue_leads_back_to_it(client, verifikator, cycle):
    entry = submit(cycle, "III-14.3", hours_ago=1)
    client.force_login(verifikator)
    html = client.get(URL, {"kecamatan": entry.unit.code}).content.decode()
    link = f'href="/evaluasi/isian/{entry.pk}/?kembali=%2Fevaluasi%2Fverifikasi%2F%3Fkecamatan%3D'
    assert link in html
    page = client.get(
        f"/evaluasi/isian/{entry.pk}/", {"kembali": f"{URL}?kecamatan={entry.unit.code}"}
    )
    assert f'href="{URL}?kecamatan={entry.unit.code}"' in page.content.decode()  # the breadcrumb
