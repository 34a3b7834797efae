"""The demo Admin KLA and the walikota open the path to the next tier and the what-if page,
change an answer and see the total update without a reload."""

import pytest
from django.urls import reverse

from evaluations import names
from evaluations.scores import next_tier
from evaluations.scores.loader import load_cycle_data
from indicators.models import Question
from kla.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from kla.accounts.models import User
from kla.formats import angka
from tests.factories import demo_cycle, demo_scores

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(kota_serang, instrument):
    create_demo_accounts(kota_serang)
    return demo_cycle(kota_serang, by=User.objects.get(username="admin.dp3akb"))


def field(code: str, unit: str, suffix: str) -> str:
    return f'[name="q{Question.objects.get(code=code).pk}-{unit}-{suffix}"]'


def total(page) -> str:
    return page.get_by_test_id("whatif-total").inner_text()


def top_screenshot(page, name: str) -> None:
    """The result panel is sticky: scroll up so the full-page picture shows it in place."""
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


def test_admin_follows_the_path_and_tries_a_change(live_server, page, login, demo):
    claimed, verified = demo_scores(demo)
    login("admin.dp3akb", DEMO_PASSWORD)
    page.get_by_role("link", name="Skor", exact=True).click()
    page.wait_for_url("**/evaluasi/skor/")
    assert page.get_by_test_id("total").inner_text() == angka(claimed.total)
    screenshot(page, "skor-admin")

    page.get_by_role("link", name="Menuju predikat berikutnya").first.click()
    page.wait_for_url("**/naik-predikat/**")
    page.get_by_label("Skor dihitung dari isian", exact=True).select_option("verified")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**jalur=verified**")
    assert page.get_by_text("Cukup untuk naik ke Madya").is_visible()
    assert page.get_by_test_id("gap").inner_text() == angka(verified.gap)
    assert page.locator("tr[data-marked]").count() > 1
    screenshot(page, "menuju-madya-admin")

    page.goto(f"{live_server.url}{reverse('evaluations:what-if')}?siklus={demo.pk}")
    assert total(page) == angka(claimed.total)
    page.get_by_role("button", name="Klaster III: Kesehatan Dasar dan Kesejahteraan").click()
    page.locator("#simulasi-III.show").wait_for()
    numerator = page.locator(field("III-12.1", "36.73.01", "pembilang"))
    denominator = page.locator(field("III-12.1", "36.73.01", "penyebut"))
    numerator.scroll_into_view_if_needed()
    numerator.fill(denominator.input_value())  # every birth in a health facility
    page.get_by_text("Skor simulasi diperbarui.").wait_for()
    assert total(page) != angka(claimed.total)
    assert page.get_by_test_id("whatif-changes").inner_text().startswith("1 jawaban diubah")
    top_screenshot(page, "simulasi-admin")

    numerator.fill("999999")  # more than the denominator: refused, shown in red
    page.get_by_text("Periksa isian yang ditandai merah.").wait_for()
    assert "is-invalid" in numerator.get_attribute("class")
    assert page.get_by_text("Pembilang tidak boleh lebih besar dari penyebut.").is_visible()
    assert "result-stale" in page.locator("#hasil-simulasi").get_attribute("class")  # stale result
    top_screenshot(page, "simulasi-admin-salah")


def test_walikota_sees_what_lifts_the_city_to_madya(live_server, page, login, demo):
    data = load_cycle_data(demo)
    route = next_tier.path_to_next_tier(data.spec, data.answers, data.kecamatan, names.CLAIMED)
    assert [(step.question_code, step.unit) for step in route.steps] == [("KL-02.1", "kota")]
    login("walikota", DEMO_PASSWORD)
    page.get_by_role("link", name="Skor", exact=True).click()
    page.get_by_role("link", name="Menuju predikat berikutnya").first.click()
    page.wait_for_url("**/naik-predikat/**")
    assert page.get_by_text("Cukup untuk naik ke Madya").is_visible()
    screenshot(page, "menuju-madya-walikota")

    page.get_by_role("link", name="Simulasi", exact=True).first.click()
    page.wait_for_url("**/simulasi/**")
    # KL-02.1 was returned by the verifikator: counting it again is the one step to Madya.
    count = page.locator(field("KL-02.1", "kota", "hitung"))
    count.check()
    page.get_by_test_id("whatif-tier").get_by_text("Madya").wait_for()
    assert total(page) == angka(route.projected.total)
    top_screenshot(page, "simulasi-walikota")
    assert page.url.endswith("/evaluasi/simulasi/")  # no reload, no navigation
