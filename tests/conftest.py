import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from regions.services import load_district
from tests.files import *  # noqa: F403  (the staff and file fixtures)
from umkm_portal.roles import ROLE_NAMES


def pytest_configure(config):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Staged import uploads in a directory of this run's own, not the machine-wide default: a run
    # whose clock is moved ahead (faketime) would otherwise sweep every other process's uploads
    # as "older than six hours" (the files' times come from the real clock).
    settings.IMPORT_STAGING_DIR = tempfile.mkdtemp(prefix="umkm-test-imports-")


def pytest_unconfigure(config):
    shutil.rmtree(getattr(settings, "IMPORT_STAGING_DIR", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def default_language():
    """A request in English (Accept-Language) leaves English active in the test thread; start each
    test in the portal's own language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def serang(db):
    """Kabupaten Serang's 29 kecamatan and 326 desa, as the portal loads them."""
    return load_district(code="36.04").kabupaten


@pytest.fixture
def kecamatan(serang):
    from regions.models import Kecamatan

    return {k.name: k for k in Kecamatan.objects.filter(kabupaten=serang)}


@pytest.fixture
def demo(serang):
    """The demo data set, small registry: 3 finished and 2 future programs, 819 cooperatives, 13 markets."""
    call_command("load_demo_data", "--enterprises", "60")


@pytest.fixture
def roles(db):
    call_command("setup_roles", verbosity=0)
    return {name: Group.objects.get(name=name) for name in ROLE_NAMES}


@pytest.fixture
def staff_in(roles, django_user_model):
    """staff_in("Bidang UMKM") → a logged-in-able staff user who is only in that group."""

    def make(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower().replace(" ", "-").replace("(", "").replace(")", ""),
            password="rahasia-petugas-123",
            is_staff=True,
        )
        user.groups.add(roles[group_name])
        return user

    return make


# --- Browser tests: Playwright driving the system's Chromium (Debian package `chromium`). ---

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in the test
# itself are still synchronous and safe, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot("name") saves a PNG under test-artifacts/ (kept by CI as the test's evidence)."""

    def take(name, **kwargs):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{name}.png".replace("/", "_")
        page.screenshot(path=str(path), full_page=True, **kwargs)
        return path

    return take
