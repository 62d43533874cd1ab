"""Browser journeys: Playwright driving the system's Chromium (Debian package `chromium`).
Every test in this folder is marked `browser` (left out of `make test-fast`)."""

import os
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in the test
# itself are still synchronous and safe, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The live server answers one request at a time. On SQLite its request threads share the test's
# one in-memory connection, and the name-search triggers call a Python function (common.search's
# fold) from inside SQLite: two requests at once could then wait on each other for good (the GIL
# against SQLite's connection mutex; seen once as a hang in CI). Django's single-threaded server
# closes each connection after its answer, so the browser's parallel requests simply queue.
class OneRequestAtATimeServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        # Requests run in the server's own thread, which already uses the test's connections.
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATimeServer


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """A journey put in this folder is a browser test even if its module forgets the mark."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " Under CI=true they must run.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab at phone-friendly defaults; the base URL is the live server."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    # Every journey also proves the Content-Security-Policy holds while people click through it
    # (popups included): Chromium reports each refusal on the console.
    refused = []
    context.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and refused.append(f"{message.location} {message.text[:80]}")
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not refused, f"the Content-Security-Policy refused: {refused}"


@pytest.fixture
def screenshot(page, request):
    """screenshot("name") saves a PNG under test-artifacts/ (kept by CI as the test's evidence)."""

    def take(name, **kwargs):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{name}.png".replace("/", "_")
        page.screenshot(path=str(path), full_page=True, **kwargs)
        return path

    return take
