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

# --- Accessibility (issue 11): axe-core on every page a browser test opens -------------------
# The engine is injected before any page script (an init script, so a Content-Security-Policy
# that forbids inline scripts does not stop it) and run on each page's load event; a serious or
# critical violation fails the test that opened the page, naming the rule and the elements.
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 6).map((n) => n.target.join(" ")),
                  why: (v.nodes[0].any[0] || v.nodes[0].all[0] || {}).message}));
}"""
BLOCKING = ("serious", "critical")


class AxeAudit:
    """Runs axe on each page load: ``pages`` lists the pages checked, ``problems`` the finds."""

    def __init__(self, page):
        self.page, self.pages, self.problems = page, [], []

    def __call__(self, _page=None) -> None:
        url = self.page.url
        if not url.startswith("http"):
            return
        try:  # a file shown as it is (an evidence image or PDF) is no page of the app's
            if self.page.evaluate("document.contentType") != "text/html":
                return
        except Exception as error:
            if "context was destroyed" in str(error) or "navigation" in str(error):
                return
            raise
        try:
            violations = self.page.evaluate(AXE_RUN)
        except Exception as error:  # a page that navigated away while being checked
            if "context was destroyed" in str(error) or "navigation" in str(error):
                return
            raise
        self.pages.append(url)
        seen = {(p["url"], p["id"]) for p in self.problems}
        self.problems.extend(
            {"url": url, **violation}
            for violation in violations
            if (url, violation["id"]) not in seen
        )

    def check(self) -> None:
        # The page as the test left it, too, once CSS transitions (Bootstrap's .15s colour
        # fades, a collapse opening) have ended: half-faded colours are not what anyone reads.
        self.page.wait_for_timeout(400)
        self()
        assert not self.problems, "axe-core: serious/critical violations:\n" + "\n".join(
            f"{p['url']}: {p['id']} ({p['impact']}): {p['help']} -> {p['nodes']} ({p['why']})"
            for p in self.problems
        )


def new_page(browser, **options):
    context = browser.new_context(locale="id-ID", **options)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.axe = AxeAudit(page)
    page.on("load", page.axe)
    # Any Content-Security-Policy violation logged on the page fails the test that opened it
    # (issue 9: every page satisfies the policy, no inline script or style).
    page.csp_violations = []
    page.on(
        "console",
        lambda m: page.csp_violations.append(m.text) if CSP_MESSAGE in m.text else None,
    )
    return context, page


@pytest.fixture
def page(browser):
    context, page = new_page(browser, viewport={"width": 1366, "height": 768})
    yield page
    page.axe.check()
    context.close()
    assert not page.csp_violations, f"CSP violations on {page.url}: {page.csp_violations}"


@pytest.fixture
def phone(browser):
    """A phone (390x844, touch): the same checks, and the page must not scroll sideways."""
    # Not is_mobile: a mobile layout viewport widens to fit the content, and window.innerWidth
    # with it, which would hide exactly the sideways scrolling this fixture is here to catch.
    context, page = new_page(browser, viewport={"width": 390, "height": 844}, has_touch=True)
    yield page
    page.axe.check()
    context.close()
    assert not page.csp_violations, f"CSP violations on {page.url}: {page.csp_violations}"


def assert_no_sideways_scroll(page) -> None:
    """The page itself fits the screen (a table may scroll inside its own box)."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (
        f"{page.url}: page {widths[0]} px wide on a {widths[1]} px screen"
    )


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
