"""The walikota's dashboard leads to the entries behind its numbers (read-only for Pimpinan),
in plain words, with the illustrative band in one line."""

import re
from html import unescape

import pytest
from django.urls import reverse

from evaluations.models import Entry
from tests import factories

URL = reverse("evaluations:dashboard-pimpinan")
CELL = re.compile(r'<td class="heat heat-\d text-end"><a href="([^"]+)">')


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    return factories.demo_cycle(kota_serang, by=admin_dp3akb)


def test_heat_map_cells_open_the_entries_behind_them(client, pimpinan, demo):
    client.force_login(pimpinan)
    html = client.get(URL).content.decode()
    links = [unescape(url) for url in CELL.findall(html)]
    assert len(links) > 50
    first = links[0]
    assert first.startswith(reverse("evaluations:entry-list") + "?indikator=")
    context = client.get(first).context
    listed = [*context["entries"], *context["verified"]]
    indicator = context["form"].cleaned_data["indikator"]
    kecamatan = context["form"].cleaned_data["kecamatan"]
    expected = Entry.objects.filter(cycle=demo, question__indicator=indicator, unit=kecamatan)
    assert {e.pk for e in listed} == set(expected.values_list("pk", flat=True))
    assert listed


def test_improvement_rows_open_their_entry_and_lead_back(client, pimpinan, demo):
    client.force_login(pimpinan)
    html = client.get(URL).content.decode()
    section = html.split('data-testid="improvements"')[1].split("</section>")[0]
    links = re.findall(r'class="improvement-link" href="([^"]+)"', section)
    assert len(links) >= 5
    entry_page = client.get(unescape(links[0]))
    assert entry_page.status_code == 200
    page = entry_page.content.decode()
    assert 'data-testid="back-to-list">Dasbor pimpinan<' in page
    main = page.split('id="konten"')[1].split("<footer")[0]
    assert 'method="post"' not in main  # Pimpinan reads; no control to write


def test_the_walikota_reads_no_jargon(client, pimpinan, demo):
    client.force_login(pimpinan)
    html = client.get(URL).content.decode()
    for word in ("Langkah jalur", "alternatif", "Poin berisiko", "Jalur skor", "jalur Diklaim"):
        assert word not in html, word
    assert "Dalam rencana" in html and "Pilihan lain" in html
    assert '<abbr class="glossary" title="Badan Perencanaan' in html


@pytest.mark.parametrize(
    ("persona", "page", "full"),
    [
        ("pimpinan", "evaluations:dashboard-pimpinan", False),
        ("verifikator", "evaluations:dashboard-dp3akb", False),
        ("admin_dp3akb", "evaluations:dashboard-pimpinan", True),
        ("pimpinan", "evaluations:score", True),
        ("pimpinan", "indicators:instrument-current", True),
    ],
)
def test_illustrative_band_in_full_only_where_it_matters(
    client, personas, demo, persona, page, full
):
    client.force_login(personas[persona])
    html = client.get(reverse(page), follow=True).content.decode()
    assert ('data-testid="illustrative-band"' in html) is full
    assert ('data-testid="illustrative-line"' in html) is not full


def test_every_count_of_the_dp3akb_progress_table_lists_exactly_its_entries(
    client, admin_dp3akb, demo
):
    client.force_login(admin_dp3akb)
    html = client.get(reverse("evaluations:dashboard-dp3akb")).content.decode()
    table = html.split('data-testid="grafik-progres-opd"')[1].split("</table>")[0]
    links = re.findall(r'<a href="([^"]+)" data-count="(\d+)">', table)
    assert len(links) > 20
    for url, count in links:
        context = client.get(unescape(url)).context
        assert len(context["entries"]) + len(context["verified"]) == int(count), url
    assert 'href="/evaluasi/verifikasi/" data-testid="backlog-count"' in html
