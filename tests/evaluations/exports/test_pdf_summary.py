"""The walikota's PDF: produced, A4, and holding the city, cycle, tier and totals."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from evaluations.dashboards.pimpinan import tier_history, tier_progress_chart
from evaluations.dashboards.selected import load_scores, select_for_dashboard
from evaluations.exports.svg_chart import line_chart_svg
from kla.formats import angka
from tests.factories import demo_cycle, demo_scores

A4 = (Decimal("595.28"), Decimal("841.89"))  # points


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    return demo_cycle(kota_serang, by=admin_dp3akb)


def pdf_of(client, user, cycle, track="verified") -> PdfReader:
    client.force_login(user)
    url = f"{reverse('evaluations:export-summary-pdf')}?siklus={cycle.pk}&jalur={track}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "ringkasan-eksekutif-36.73-2026.pdf" in response["Content-Disposition"]
    return PdfReader(io.BytesIO(response.content))


def test_pdf_holds_city_cycle_tier_and_totals_on_a4(client, pimpinan, demo):
    reader = pdf_of(client, pimpinan, demo)
    claimed, verified = demo_scores(demo)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ringkasan eksekutif" in text
    assert "Kota Serang" in text and demo.name in text and demo.instrument.name in text
    assert verified.tier.name in text
    assert angka(verified.total) in text and angka(claimed.total) in text
    assert f"kurang {angka(verified.gap)} poin" in text
    assert f"Halaman 1 dari {len(reader.pages)}" in text  # the footer's page numbers
    assert "WIB" in text  # the generation time, Asia/Jakarta
    for page in reader.pages:
        width, height = (Decimal(str(v)).quantize(Decimal("0.01")) for v in page.mediabox[2:])
        assert (width, height) == A4


def test_pdf_names_the_clusters_kecamatan_and_the_opd_of_each_step(client, admin_dp3akb, demo):
    text = "\n".join(p.extract_text() for p in pdf_of(client, admin_dp3akb, demo).pages)
    for name in ("Kelembagaan", "Walantaka", "Langkah menuju Madya", "Pekerjaan terbuka per OPD"):
        assert name in text
    assert "DINKES" in text


def test_the_chart_draws_the_dashboards_numbers(rf, pimpinan, demo):
    """The SVG shows every total of the dashboard's tier progress chart (same function)."""
    selection = select_for_dashboard(pimpinan, {"siklus": str(demo.pk), "jalur": "verified"})
    scores = load_scores(demo)
    chart = tier_progress_chart(tier_history(selection, scores), scores)
    svg = line_chart_svg(chart)
    totals = [v for v in chart.series[0].values if v is not None]
    assert totals and all(f">{angka(total)}</text>" in svg for total in totals)
    assert all(f">{year}</text>" in svg for year in chart.labels)
    assert "Madya ≥ 601" in svg  # the tier bands, labelled


def test_a_city_without_a_cycle_gets_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("evaluations:export-summary-pdf")).status_code == 404


def test_dashboards_offer_the_pdf_and_a_print_date(client, pimpinan, admin_dp3akb, demo):
    for user, name in ((pimpinan, "dashboard-pimpinan"), (admin_dp3akb, "dashboard-dp3akb")):
        client.force_login(user)
        html = client.get(reverse(f"evaluations:{name}")).content.decode()
        assert reverse("evaluations:export-summary-pdf") in html
        assert 'class="print-date' in html and "Dicetak" in html
        assert reverse("evaluations:export-cycle-xlsx") in html
        bundle = reverse("evaluations:export-evidence-bundle")
        assert (bundle in html) == (user == admin_dp3akb)  # the bundle: not for the Pimpinan


def test_a_pdf_not_laid_out_in_time_is_a_message_on_the_dashboard(
    client, pimpinan, demo, monkeypatch
):
    from evaluations.exports import pdf_layout

    monkeypatch.setattr(pdf_layout, "TIMEOUT", 0.001)
    client.force_login(pimpinan)
    url = f"{reverse('evaluations:export-summary-pdf')}?siklus={demo.pk}&jalur=verified"
    response = client.get(url)
    assert response.status_code == 302
    dashboard = f"{reverse('evaluations:dashboard-pimpinan')}?siklus={demo.pk}&jalur=verified"
    assert response["Location"] == dashboard
    page = client.get(dashboard)
    assert "Ringkasan PDF belum dapat dibuat sekarang" in page.content.decode()
    plain = client.get(reverse("evaluations:export-summary-pdf"))  # no filters: none added
    assert plain["Location"] == reverse("evaluations:dashboard-pimpinan")
    monkeypatch.undo()
    assert client.get(url)["Content-Type"] == "application/pdf"  # a new child, the next time
