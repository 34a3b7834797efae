"""Every role's pages satisfy the Content-Security-Policy: no inline script or style, nothing
from elsewhere. The ``page`` fixture (conftest.py) fails a test on any CSP violation in the
console; here each role walks its pages of a city with history, answers and evidence."""

import pytest
from django.urls import reverse

from evaluations.models import Entry, Evidence
from kla.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from tests import factories

from .conftest import CSP_MESSAGE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(kota_serang, instrument):
    users = {u.username: u for u in create_demo_accounts(kota_serang)}
    return factories.demo_cycle(kota_serang, by=users["admin.dp3akb"], year=2026)


def pages_of(role: str, cycle) -> list[str]:
    entry = Entry.objects.filter(cycle=cycle, evidence__isnull=False).order_by("pk").first()
    kec = Entry.objects.filter(cycle=cycle, question__code="III-12.1").first()
    units = reverse("evaluations:question-units", args=[cycle.pk, kec.question_id])
    shared = ["/", reverse("evaluations:notification-list")]
    score = reverse("evaluations:score")
    evidence = Evidence.objects.filter(entry__cycle=cycle).first()
    by_role = {
        "admin.dp3akb": [
            score,
            reverse("evaluations:review-queue"),
            reverse("evaluations:progress"),
            reverse("evaluations:cycle-list"),
            reverse("evaluations:cycle-create"),
            reverse("evaluations:cycle-detail", args=[cycle.pk]),
            reverse("evaluations:cycle-dates", args=[cycle.pk]),
            reverse("evaluations:assignment-matrix", args=[cycle.pk]),
            reverse("evaluations:entry-detail", args=[entry.pk]),
            units,
            reverse("evaluations:path"),
            reverse("evaluations:score-history"),
            reverse("evaluations:official-result-edit", args=[cycle.pk]),
            reverse("evaluations:what-if"),
            reverse("evaluations:dashboard-dp3akb"),
            reverse("indicators:instrument-current"),
        ],
        "verifikator": [
            score,
            reverse("evaluations:review-queue"),
            reverse("evaluations:progress"),
            reverse("evaluations:entry-detail", args=[entry.pk]),
            reverse("evaluations:evidence-download", args=[evidence.pk]) + "?inline=1",
            reverse("evaluations:dashboard-dp3akb"),
        ],
        "operator.dinkes": [
            reverse("evaluations:my-tasks"),
            reverse("evaluations:entry-detail", args=[kec.pk]),
            units,
        ],
        "walikota": [
            score,
            reverse("evaluations:dashboard-pimpinan"),
            reverse("evaluations:path"),
            reverse("evaluations:score-history"),
            reverse("evaluations:what-if"),
        ],
    }
    return shared + by_role[role]


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("username", ["admin.dp3akb", "verifikator", "operator.dinkes", "walikota"])
def test_no_page_of_a_role_breaks_the_policy(live_server, page, city, username):
    page.goto(f"{live_server.url}/masuk/")  # the login page too, before anyone logs in
    log_in(page, live_server, username)
    visited = []
    for path in pages_of(username, city):
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert response.status < 400, (path, response.status)
        assert "Content-Security-Policy" in {k.title() for k in response.headers}, path
        visited.append(path)
    screenshot(page, f"csp-{username}")
    assert page.csp_violations == [], page.csp_violations
    assert len(visited) == len(pages_of(username, city))


def test_the_listener_does_catch_a_violation(live_server, page, city):
    """The guard above is real: an inline script on one of the app's pages is reported."""
    log_in(page, live_server, "walikota")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(300)
    assert any(CSP_MESSAGE in text for text in page.csp_violations)
    assert page.evaluate("() => window.x") is None  # and the browser did not run it
    page.csp_violations.clear()  # handled here: the fixture's own check must not fail
