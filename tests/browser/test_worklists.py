"""Admin KLA reads the progress overview and the assignment matrix; an operator filters
"Tugas saya"."""

import pytest
from django.urls import reverse
from django.utils.timezone import now
from playwright.sync_api import expect

from evaluations.models import Entry
from kla.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from kla.accounts.models import User
from tests.factories import evidence_row, make_cycle, png_bytes

from .conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_cycle(kota_serang, instrument):
    create_demo_accounts(kota_serang)
    admin = User.objects.get(username="admin.dp3akb")
    cycle = make_cycle(city=kota_serang, by=admin)
    entries = Entry.objects.filter(cycle=cycle, question__code__startswith="III-13")
    for n, entry in enumerate(entries[:24]):
        status = ["draft", "submitted", "returned", "verified"][n % 4]
        submitted_at = now() if status != "draft" else None
        Entry.objects.filter(pk=entry.pk).update(
            status=status, numerator=n, denominator=30, submitted_at=submitted_at
        )
    return cycle


def test_admin_reads_progress_and_matrix_operator_filters_tasks(
    live_server, page, login, demo_cycle
):
    login("admin.dp3akb", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('evaluations:progress')}")
    assert page.get_by_role("link", name="Progres", exact=True).get_attribute("aria-current")
    dinkes = page.locator("#judul-opd ~ div tbody tr", has_text="DINKES")
    assert dinkes.locator("td").nth(5).inner_text() == str(
        Entry.objects.filter(cycle=demo_cycle, question__assignments__opd__code="DINKES").count()
    )
    assert page.get_by_role("heading", name="Per indikator").is_visible()
    screenshot(page, "progres-admin")

    page.get_by_role("link", name="Lihat matriks penugasan").click()
    page.wait_for_url("**/penugasan/")
    matrix = page.locator("table.assignment-matrix")
    assert matrix.locator("tfoot td").last.inner_text() == "73"
    assert matrix.get_by_role("columnheader", name="DINKES").is_visible()
    screenshot(page, "matriks-penugasan")
    matrix.screenshot(path=str(SCREENSHOTS / "matriks-penugasan-tabel.png"))

    page.context.clear_cookies()
    login("operator.dinkes", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('evaluations:notification-list')}")
    page.get_by_role("link", name="Tugas saya").click()
    page.wait_for_url("**/tugas-saya/")
    page.select_option("#id_indikator", label="III-12 Persalinan di faskes")
    page.select_option("#id_status", label="Kosong")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url("**status=empty**")
    rows = page.locator("table tbody tr")
    assert rows.count() > 0
    for text in rows.all_inner_texts():
        assert "III-12" in text and "Kosong" in text
    screenshot(page, "tugas-saya-disaring")


def test_verifikator_opens_evidence_inline_in_the_queue(live_server, page, login, demo_cycle):
    entry = Entry.objects.get(cycle=demo_cycle, question__code="III-14.3")
    Entry.objects.filter(pk=entry.pk).update(status="submitted", yes=True, submitted_at=now())
    evidence_row(
        entry,
        title="Foto ruang laktasi",
        content_type="image/png",
        original_name="ruang-laktasi.png",
        content=png_bytes(240, 120),
        by=User.objects.get(username="operator.dinkes"),
    )
    login("verifikator", DEMO_PASSWORD)
    page.get_by_role("link", name="Verifikasi", exact=True).click()
    page.wait_for_url("**/evaluasi/verifikasi/")
    image = page.get_by_role("img", name="Foto ruang laktasi")
    assert not image.is_visible()  # collapsed until asked for
    page.get_by_role("button", name="Bukti (1)").first.click()
    image.wait_for(state="visible")
    # Shown at once, decoded a moment later: wait (bounded) for the file to arrive whole.
    expect(image).to_have_js_property("naturalWidth", 240)
    assert image.evaluate("img => img.complete")
    screenshot(page, "antrean-verifikasi")
