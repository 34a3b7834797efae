"""Phones (390x844): the pages people use on the move fit the screen (no sideways scrolling of
the page itself; tables stack their rows or scroll in their own box with the first column
fixed). axe-core runs on every page opened here too (the ``phone`` fixture)."""

import pytest
from django.urls import reverse

from evaluations.models import Entry
from kla.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from kla.accounts.models import User
from tests.factories import demo_cycle

from .conftest import assert_no_sideways_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(kota_serang, instrument):
    create_demo_accounts(kota_serang)
    return demo_cycle(kota_serang, by=User.objects.get(username="admin.dp3akb"))


def log_in(phone, live_server, username: str) -> None:
    phone.goto(f"{live_server.url}/masuk/")
    phone.fill("#id_username", username)
    phone.fill("#id_password", DEMO_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")


def visit(phone, live_server, path: str, name: str) -> None:
    phone.goto(f"{live_server.url}{path}")
    assert_no_sideways_scroll(phone)
    screenshot(phone, f"phone-{name}")


def test_operator_tasks_and_entry_page_fit_a_phone(live_server, phone, demo):
    log_in(phone, live_server, "operator.dinkes")
    visit(phone, live_server, reverse("evaluations:my-tasks"), "tugas-saya")
    first = phone.locator("[data-testid=worklist] tbody tr").first
    assert first.is_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # a stacked card, on screen
    entry = Entry.objects.filter(cycle=demo, question__code="III-12.1").first()
    visit(phone, live_server, reverse("evaluations:entry-detail", args=[entry.pk]), "isian")
    assert phone.get_by_text("Jumlah seluruh persalinan").first.is_visible()


def test_verification_queue_fits_a_phone(live_server, phone, demo):
    log_in(phone, live_server, "verifikator")
    visit(phone, live_server, reverse("evaluations:review-queue"), "antrean-verifikasi")
    rows = phone.locator("[data-testid=queue] > tbody > tr:not(.collapse)")
    assert rows.count() > 0
    phone.get_by_role("button", name="Bukti").first.click()
    phone.locator("tr.collapse.show").first.wait_for()
    assert_no_sideways_scroll(phone)


def test_walikota_dashboard_heat_map_and_path_fit_a_phone(live_server, phone, demo):
    log_in(phone, live_server, "walikota")
    visit(phone, live_server, reverse("evaluations:dashboard-pimpinan"), "dasbor-pimpinan")
    scroller = phone.locator(".heat-map-scroll")
    # the heat map scrolls inside its own box, its first column (the indicator) stays in view
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    first = phone.locator(".heat-map tbody th").first.bounding_box()
    assert 0 <= first["x"] < 60
    assert_no_sideways_scroll(phone)
    visit(phone, live_server, reverse("evaluations:path"), "jalur")
