"""The Content-Security-Policy holds in real Chromium: every public page and the main back-office
screens load with no CSP violation (no inline script, event handler or style attribute was
needed) and no console error.

The public pages are those of tests/public_pages.py, found through the URL resolver: a new public
page fails here until it is given a URL there. The admin screens are the login form, the
enrolment page, the index, every registered changelist, a change form and its history, an add
form and both import screens. Every other journey checks the policy too while it clicks
(tests/browser/conftest.py).
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from programs.models import Program
from tests.logins import log_in_to_back_office
from tests.public_pages import Page, every_page, open_in_browser, prepare_in_browser, public_names, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded by the page itself from its first script on (added before any page script runs).
LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, listening for CSP violations, console errors and sub-resources that fail."""
    page.add_init_script(LISTENER)
    problems = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            # Chromium asks for /favicon.ico by itself; the portal has none (not a page's fault).
            and not message.location.get("url", "").endswith("/favicon.ico")
            and problems.append(f"console: {message.text} ({message.location.get('url')})")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "response",
        lambda response: (
            response.request.resource_type != "document"
            and response.status >= 400
            and problems.append(f"{response.status} for {response.url}")
        ),
    )
    return page, problems


def assert_clean(watched, page):
    """`page`: a URL, or a Page of tests/public_pages.py (its form is sent if it is a form's answer)."""
    tab, problems = watched
    page = page if isinstance(page, Page) else Page(page, page)
    problems.clear()
    response = open_in_browser(tab, page)  # its status, and what it shows
    assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    found = tab.evaluate("window.__cspViolations") + [
        # Chromium also reports the document's own 404 (or 429) as a failed resource; that one is expected.
        problem
        for problem in problems
        if not (page.status != 200 and "Failed to load resource" in problem)
    ]
    assert not found, f"{page.url}: {found}"


def test_every_public_page_passes_the_csp(watched, demo):
    pages = public_pages()
    assert set(pages) == public_names(), "give the new public page a URL in tests/public_pages.py"
    prepare_in_browser(watched[0], pages)
    for page in every_page(pages):
        assert_clean(watched, page)


def test_the_main_admin_screens_pass_the_csp(watched, demo):
    page, _problems = watched
    get_user_model().objects.create_superuser("petugas", "", "rahasia-petugas-123")
    assert_clean(watched, reverse("admin:login"))
    log_in_to_back_office(page, "petugas", "rahasia-petugas-123")

    program = Program.objects.order_by("pk").first()
    screens = [
        reverse("admin:index"),
        *(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry
        ),
        reverse("admin:programs_program_change", args=[program.pk]),
        reverse("admin:programs_program_history", args=[program.pk]),
        reverse("admin:enterprises_person_add"),
        reverse("admin:programs_program_import_participants", args=[program.pk]),
        reverse("admin:enterprises_enterprise_import"),
    ]
    for url in screens:
        assert_clean(watched, url)


def test_the_enrolment_page_passes_the_csp(watched, serang):
    page, _problems = watched
    get_user_model().objects.create_superuser("baru", "", "rahasia-petugas-123")
    page.goto(reverse("admin:login"))
    page.fill("#id_username", "baru")
    page.fill("#id_password", "rahasia-petugas-123")
    page.click("input[type=submit]")
    page.wait_for_selector(".two-factor-enrol svg")
    assert_clean(watched, reverse("admin:two_factor_enrol"))
