"""The city-wide "Daftar isian": every count of the progress page opens exactly the entries it
counts; lists by urgency; status badges filter; the entry page leads back with the filters."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from evaluations.models import Entry
from tests.factories import entry_of, make_cycle, set_entry_state

LIST = "/evaluasi/isian/"
COUNT_LINK = re.compile(r'<a[^>]*href="(/evaluasi/isian/\?[^"]*)"[^>]*data-count="(\d+)"')


def test_url_name():
    assert reverse("evaluations:entry-list") == LIST


def set_states(cycle):
    """Dinkes III-12: one of each state; Dindik IV-18: one returned and one draft."""
    entries = list(Entry.objects.filter(cycle=cycle, question__code__startswith="III-12"))
    set_entry_state(entries[0], numerator=1)
    set_entry_state(entries[1], numerator=1, denominator=2, status="submitted")
    set_entry_state(entries[2], numerator=1, denominator=2, status="returned")
    set_entry_state(entries[3], numerator=1, denominator=2, status="verified")
    dindik = list(Entry.objects.filter(cycle=cycle, question__code__startswith="IV-18"))
    set_entry_state(dindik[0], numerator=3, denominator=4, status="returned")
    set_entry_state(dindik[1], numerator=3)


def listed(client, url: str) -> int:
    context = client.get(url).context
    return len(context["entries"]) + len(context["verified"])


@pytest.mark.parametrize("open_entry", [True, False], ids=["before-deadline", "overdue"])
def test_every_count_of_the_progress_page_lists_exactly_its_entries(
    client, admin_dp3akb, kota_serang, open_entry
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=open_entry)
    set_states(cycle)
    client.force_login(admin_dp3akb)
    html = client.get(reverse("evaluations:progress")).content.decode()
    links = [(unescape(url), int(count)) for url, count in COUNT_LINK.findall(html)]
    # six cards, then per OPD and per indicator rows and the totals: every non-zero count
    assert len(links) > 40
    if not open_entry:
        assert any("terlambat=1" in url for url, _count in links)
    mismatches = [(url, count, n) for url, count in links if (n := listed(client, url)) != count]
    assert mismatches == []


def test_filters_by_opd_status_and_overdue(client, verifikator, kota_serang, admin_dp3akb):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=False)
    set_states(cycle)
    client.force_login(verifikator)
    rows = client.get(LIST, {"opd": "DINDIKBUD", "status": "returned"}).context["entries"]
    assert [(e.question.code[:5], e.status, e.opd_code) for e in rows] == [
        ("IV-18", "returned", "DINDIKBUD")
    ]
    late = client.get(LIST, {"opd": "DINKES", "terlambat": "1"}).context
    assert late["entries"] and not late["verified"]
    assert {e.status for e in late["entries"]} == {"draft", "returned"}


def test_overdue_filter_lists_nothing_before_the_deadline(client, admin_dp3akb, kota_serang):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    set_states(cycle)
    client.force_login(admin_dp3akb)
    assert listed(client, f"{LIST}?terlambat=1") == 0


def test_an_unknown_filter_is_named_and_ignored(client, admin_dp3akb, kota_serang):
    make_cycle(city=kota_serang, by=admin_dp3akb)
    client.force_login(admin_dp3akb)
    response = client.get(LIST, {"opd": "TIDAKADA"})
    assert response.status_code == 200
    assert "OPD tidak dikenal." in response.content.decode()
    assert listed(client, f"{LIST}?opd=TIDAKADA") == Entry.objects.count()


def test_pimpinan_reads_the_list_and_the_entry_without_any_control(
    client, pimpinan, kota_serang, admin_dp3akb
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    entry = set_entry_state(entry_of(cycle, "III-12.1"), numerator=1, denominator=2)
    client.force_login(pimpinan)
    assert client.get(LIST).status_code == 200
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert 'method="post"' not in html.split('id="konten"')[1].split("<footer")[0]


def test_tasks_are_listed_by_urgency_with_verified_folded(
    client, operator_dinkes, kota_serang, admin_dp3akb
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    entries = list(Entry.objects.filter(cycle=cycle, question__code="III-12.2"))
    set_entry_state(entries[0], numerator=1, denominator=2, status="verified")
    set_entry_state(entries[1], numerator=1, denominator=2, status="submitted")
    set_entry_state(entries[2], numerator=1)
    set_entry_state(entries[-1], numerator=1, denominator=2, status="returned")
    client.force_login(operator_dinkes)
    context = client.get(reverse("evaluations:my-tasks")).context
    statuses = [e.display_status for e in context["entries"]]
    assert statuses[0] == "returned"
    rank = {"returned": 0, "empty": 1, "draft": 1, "submitted": 2}
    assert statuses == sorted(statuses, key=rank.__getitem__)
    assert statuses[-1] == "submitted"
    assert [e.pk for e in context["verified"]] == [entries[0].pk]
    html = client.get(reverse("evaluations:my-tasks")).content.decode()
    assert '<details class="verified-fold mt-3" data-testid="verified-fold">' in html


def test_status_badges_are_filter_links_keeping_the_other_filters(
    client, operator_dinkes, kota_serang, admin_dp3akb
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    set_entry_state(entry_of(cycle, "III-12.2"), numerator=1, denominator=2, status="returned")
    client.force_login(operator_dinkes)
    context = client.get(reverse("evaluations:my-tasks"), {"indikator": "III-12"}).context
    returned = next(s for s in context["statuses"] if s["status"] == "returned")
    assert returned["count"] == 1
    assert parse_qs(returned["url"][1:]) == {"indikator": ["III-12"], "status": ["returned"]}
    rows = client.get(reverse("evaluations:my-tasks") + returned["url"]).context["entries"]
    assert [e.status for e in rows] == ["returned"]


def test_breadcrumb_leads_back_to_the_list_with_its_filters(
    client, operator_dinkes, kota_serang, admin_dp3akb
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    entry = entry_of(cycle, "III-12.1")
    client.force_login(operator_dinkes)
    tasks = reverse("evaluations:my-tasks") + "?indikator=III-12&status=empty"
    html = client.get(tasks).content.decode()
    link = re.search(rf'href="(/evaluasi/isian/{entry.pk}/\?kembali=[^"]+)"', html).group(1)
    page = client.get(unescape(link)).content.decode()
    back = re.search(r'href="([^"]+)" data-testid="back-to-list">Tugas saya<', page).group(1)
    assert unescape(back) == tasks
    # the forms carry the way back through a save
    save = reverse("evaluations:entry-save", args=[entry.pk]) + "?" + urlsplit(unescape(link)).query
    assert f'action="{save.replace("&", "&amp;")}"' in page
    values = {"version": entry.version, "numerator": "1", "denominator": "2", "note": ""}
    response = client.post(save, values)
    assert "kembali=" in response["Location"]


@pytest.mark.parametrize("wanted", ["https://contoh.example/", "//contoh.example/", "/admin/"])
def test_a_foreign_way_back_is_ignored(client, operator_dinkes, kota_serang, admin_dp3akb, wanted):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    entry = entry_of(cycle, "III-12.1")
    client.force_login(operator_dinkes)
    page = client.get(
        reverse("evaluations:entry-detail", args=[entry.pk]), {"kembali": wanted}
    ).content.decode()
    assert 'href="/evaluasi/tugas-saya/" data-testid="back-to-list"' in page
    assert 'href="https://contoh' not in page and 'href="//contoh' not in page
    assert "/nilai/?kembali=" not in page  # the forms carry no way back either


def test_queue_filters_by_opd_indicator_and_kecamatan(
    client, verifikator, kota_serang, admin_dp3akb
):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb)
    dinkes = entry_of(cycle, "III-12.1")
    set_entry_state(dinkes, numerator=1, denominator=2, status="submitted")
    dindik = Entry.objects.filter(cycle=cycle, question__code="IV-18.1").first()
    set_entry_state(dindik, numerator=1, denominator=2, status="submitted")
    client.force_login(verifikator)
    queue = reverse("evaluations:review-queue")
    assert {e.pk for e in client.get(queue).context["entries"]} == {dinkes.pk, dindik.pk}
    assert [e.pk for e in client.get(queue, {"opd": "DINKES"}).context["entries"]] == [dinkes.pk]
    by_indicator = client.get(queue, {"indikator": "IV-18"}).context["entries"]
    assert [e.pk for e in by_indicator] == [dindik.pk]
    other = client.get(queue, {"kecamatan": "36.73.99", "opd": "DINKES"})
    assert "Kecamatan tidak dikenal." in other.content.decode()
