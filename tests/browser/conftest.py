"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Where Chromium is missing the tests skip with the reason; CI sets KLA_NO_SKIPS=1, which turns
any skip into a failed run (tests/conftest.py), so a browser test can never hide there.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("KLA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("KLA_SCREENSHOTS", Path(__file__).parents[2] / "screenshots"))

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told it is safe (the test thread is not async code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium tidak ditemukan di {CHROMIUM} (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
        # While Playwright's loop runs, Django keeps this thread's connections apart from those
        # of plain sync code (asgiref's Local): close them before the loop stops, or they stay
        # open past the session and PostgreSQL refuses to drop the test database (seen with -n 2).
        connections.close_all()


CSP_MESSAGE = "Content Security Policy"


@pytest.fixture
def page(browser):
    """A fresh browser page; any Content-Security-Policy violation logged on it while the test
    runs fails the test (issue 9: every page satisfies the policy, no inline script or style)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if CSP_MESSAGE in m.text else None)
    page.csp_violations = violations
    yield page
    context.close()
    assert not violations, f"CSP violations on {page.url}: {violations}"


@pytest.fixture
def login(live_server, page):
    """Log in through the real login form, as a person would."""

    def do_login(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do_login


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
