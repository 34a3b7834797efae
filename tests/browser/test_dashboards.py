"""The dashboards in Chromium: the charts are really drawn (pixels on the canvases), with the
Indonesian number format, and the accessible tables hold the scoring module's numbers; on a
desktop and on a phone. Screenshots: screenshots/dashboard-*.png."""

from decimal import Decimal

import pytest

from evaluations.scores.loader import load_cycle_data
from kla.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from kla.formats import angka
from tests import factories

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

ALL_DRAWN = """() => {
  const canvases = [...document.querySelectorAll('canvas[data-chart-url]')];
  return canvases.length > 0 && canvases.every((c) => c.dataset.chartState === 'drawn');
}"""
# Share of each canvas' pixels that are not transparent: a drawn chart has axes, bars, lines.
INK = """() => [...document.querySelectorAll('canvas[data-chart-url]')].map((canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ink += 1;
  return {url: canvas.dataset.chartUrl, width: canvas.width, ink: ink / (pixels.length / 4)};
})"""
TICKS = """(selector) => {
  const chart = Chart.getChart(document.querySelector(selector + ' canvas'));
  return chart.scales[chart.options.indexAxis === 'y' ? 'x' : 'y'].ticks.map((t) => t.label);
}"""


@pytest.fixture
def city(kota_serang, instrument):
    """Kota Serang with history (official results of 2019-2023, 2025 with the demo answers
    and its snapshot) and the current 2026 cycle with the demo answers."""
    users = {u.username: u for u in create_demo_accounts(kota_serang)}
    admin = users["admin.dp3akb"]
    for year, total in [(2019, "512.40"), (2021, "538.75"), (2023, "556.20")]:
        cycle = factories.make_cycle(city=kota_serang, year=year, by=admin, open_entry=False)
        factories.official_result(cycle, "final", total=Decimal(total), tier_code="pratama")
    factories.demo_cycle(kota_serang, by=admin, year=2025)
    return factories.demo_cycle(kota_serang, by=admin, year=2026)


def wait_for_charts(page):
    page.wait_for_function(ALL_DRAWN)
    inks = page.evaluate(INK)
    for chart in inks:
        assert chart["width"] > 0, chart
        assert chart["ink"] > 0.01, f"chart looks blank: {chart}"
    return inks


def open_dashboard(page, login, username: str, viewport: dict, name: str, shot: str) -> int:
    """Log in at this size, wait for the dashboard's charts, save a screenshot; the number
    of charts drawn."""
    page.set_viewport_size(viewport)
    login(username, DEMO_PASSWORD)
    page.get_by_test_id(f"dashboard-{name}").wait_for()
    drawn = len(wait_for_charts(page))
    screenshot(page, f"dashboard-{shot}-{'desktop' if viewport is DESKTOP else 'phone'}")
    return drawn


def table_of(page, test_id: str) -> str:
    """Open the card's "Tabel data" (as a person would) and read the table."""
    card = page.get_by_test_id(test_id)
    if card.locator("details[open]").count() == 0:
        card.locator("summary").click()
    return card.locator("table").inner_text()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_walikota_dashboard(live_server, page, login, city, viewport):
    assert open_dashboard(page, login, "walikota", viewport, "pimpinan", "walikota") == 3

    data = load_cycle_data(city)
    claimed, verified = data.score("claimed"), data.score("verified")
    assert page.get_by_test_id("total-claimed").inner_text() == angka(claimed.total)
    assert page.get_by_test_id("total-verified").inner_text() == angka(verified.total)
    history = table_of(page, "grafik-kemajuan")
    assert "2019\t512,40\tPratama" in history and f"2026\t{angka(claimed.total)}" in history
    clusters = table_of(page, "grafik-klaster")
    for claimed_part, verified_part in zip(claimed.clusters, verified.clusters, strict=True):
        # The full name on a desktop, the short one ("Klaster I") on a phone.
        name = claimed_part.name if viewport is DESKTOP else claimed_part.name.split(":")[0]
        row = f"{name}\t{angka(claimed_part.max_points)}\t"
        row += f"{angka(claimed_part.earned)}\t{angka(verified_part.earned)}"
        assert row in clusters
    kecamatan = table_of(page, "grafik-kecamatan")
    best = claimed.kecamatan_index[0]
    assert f"{data.kecamatan_names[best.code]}\t{angka(best.index)}" in kecamatan
    assert "1.000" in page.evaluate(TICKS, "[data-testid=grafik-kemajuan]")  # id-ID numbers
    assert page.get_by_test_id("heat-map").locator("td.heat").count() > 6 * 10

    if viewport is PHONE:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the page itself must not scroll sideways"
        heat = page.locator(".heat-map-scroll")
        assert heat.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls instead
        box = page.locator("[data-testid=grafik-klaster] canvas").bounding_box()
        assert box["height"] >= 250


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_admin_dashboard(live_server, page, login, city, viewport):
    assert open_dashboard(page, login, "admin.dp3akb", viewport, "dp3akb", "admin") == 1

    progress = table_of(page, "grafik-progres-opd")
    assert "DINKES" in progress
    data = load_cycle_data(city)
    at_risk = data.score("claimed").total - data.score("verified").total
    assert page.get_by_test_id("at-risk").inner_text() == angka(at_risk)
    assert page.get_by_test_id("timeline").get_by_text("Evaluasi mandiri").is_visible()

    page.get_by_role("link", name="Dasbor pimpinan").click()
    page.get_by_test_id("dashboard-pimpinan").wait_for()
    wait_for_charts(page)
    if viewport is DESKTOP:
        screenshot(page, "dashboard-pimpinan-as-admin")


def test_filters_are_kept_in_the_url(live_server, page, login, city):
    login("walikota", DEMO_PASSWORD)
    page.select_option("#saring-jalur", "verified")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**/dasbor/pimpinan/?siklus=*&jalur=verified")
    wait_for_charts(page)
    verified = load_cycle_data(city).score("verified")
    assert page.get_by_test_id("score-total").inner_text() == angka(verified.total)
    screenshot(page, "dashboard-walikota-terverifikasi")


def test_empty_city(live_server, page, login, other_city, instrument):
    factories.make_user(city=other_city, role="pimpinan", username="walikota.cilegon")
    login("walikota.cilegon", factories.PASSWORD)
    assert page.get_by_text("Belum ada siklus evaluasi").is_visible()
    screenshot(page, "dashboard-kosong")


def test_walikota_dashboard_prints_on_a4(live_server, page, login, city):
    """Print stylesheet: no navigation or filters, charts redrawn for the paper and kept whole,
    two A4 pages for the demo data."""
    login("walikota", DEMO_PASSWORD)
    wait_for_charts(page)
    page.set_viewport_size({"width": 703, "height": 1000})  # A4 minus 12 mm margins, at 96 dpi
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("form.filters").is_visible()
    for card in page.locator(".chart-card").all():
        box, canvas = card.bounding_box(), card.locator("canvas").bounding_box()
        assert canvas["x"] + canvas["width"] <= box["x"] + box["width"] + 1
    screenshot(page, "dashboard-walikota-print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, f"{pages} pages"
