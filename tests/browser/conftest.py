"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)"
    )
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _emailed_links_to_the_live_server(request):
    """Emailed links start with the configured address (never the request's Host): the live server's."""
    if "live_server" in request.fixturenames:
        settings = request.getfixturevalue("settings")
        settings.WAGTAIL_PARTICIPATION_BASE_URL = request.getfixturevalue("live_server").url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open fresh pages (each its own browser context: its own cookies, a separate resident)."""
    contexts = []

    def make(javascript=True):
        context = browser.new_context(java_script_enabled=javascript)
        context.set_default_timeout(15000)  # fail, rather than hang, when a page is wrong
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def axe_violations(page):
    """WCAG 2.x A/AA (incl. 2.2) violations that axe-core finds on the current page.

    axe-core runs as JavaScript in the page: use a page with JavaScript enabled.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    return results.response["violations"]
