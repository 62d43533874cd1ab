"""The Content-Security-Policy holds in real Chromium: every public page and the main back-office
screens load with no CSP violation (no inline script, event handler or style attribute was
needed) and no console error.

The public pages come from the URL resolver, so a new public page fails here until it is given a
URL below; the admin screens are the login form, the enrolment page, the index, every registered
changelist, a change form and its history, an add form and both import screens. Every other
journey checks the policy too while it clicks (tests/browser/conftest.py).
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cooperatives.models import Cooperative
from enterprises.models import Enterprise
from markets.models import Commodity, Market
from programs.models import Program
from tests.factories import OpenProgramFactory
from tests.logins import log_in_to_back_office

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
# Answers that are downloads or form targets, not pages to look at.
NOT_PAGES = {
    "figures_csv",
    "set_language",
    "price_export",  # files, not pages
    # staff pages outside /admin/: their own journeys run under this conftest's CSP watch
    "price_entry",
    "price_watch",
    "background_export",
    "background_export_download",
}


def public_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from public_patterns(entry, f"{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


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


def assert_clean(watched, url, expected_status=200):
    page, problems = watched
    problems.clear()
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert response.status == expected_status, url
    assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    found = page.evaluate("window.__cspViolations") + [
        # Chromium also reports the document's own 404 as a failed resource; that one is expected.
        problem
        for problem in problems
        if not (expected_status != 200 and "Failed to load resource" in problem)
    ]
    assert not found, f"{url}: {found}"


def test_every_public_page_passes_the_csp(watched, demo):
    program = OpenProgramFactory(title="Pelatihan Terbuka CSP", slug="pelatihan-terbuka-csp")
    finished = Program.objects.for_public().exclude(pk=program.pk).order_by("pk").first()
    cooperative = Cooperative.objects.order_by("pk").first()
    enterprise = Enterprise.objects.filter(catalogue_consent=True).order_by("pk").first()
    commodity = Commodity.objects.order_by("pk").first()
    market = Market.objects.order_by("pk").first()
    pages = {
        "home": [reverse("home")],
        "privacy": [reverse("privacy")],
        "figures": [reverse("figures")],
        "programs:list": [reverse("programs:list"), reverse("programs:list") + "?status=selesai"],
        "programs:detail": [
            reverse("programs:detail", args=[program.slug]),
            reverse("programs:detail", args=[finished.slug]),
        ],
        "programs:apply": [reverse("programs:apply", args=[program.slug])],
        "programs:apply_done": [reverse("programs:apply_done", args=[program.slug])],
        "programs:application_status": [reverse("programs:application_status")],
        "cooperatives:list": [reverse("cooperatives:list")],
        "cooperatives:detail": [reverse("cooperatives:detail", args=[cooperative.pk])],
        "markets:list": [reverse("markets:list")],
        "markets:detail": [reverse("markets:detail", args=[Market.objects.order_by("pk").first().slug])],
        "enterprises:catalogue": [reverse("enterprises:catalogue")],
        "enterprises:catalogue_detail": [reverse("enterprises:catalogue_detail", args=[enterprise.pk])],
        "programs:recover_code": [reverse("programs:recover_code")],
        "markets:prices": [reverse("markets:prices")],
        "markets:commodity_prices": [reverse("markets:commodity_prices", args=[commodity.slug])],
        "markets:market_prices": [reverse("markets:market_prices", args=[market.slug])],
        "certificate_verify": [],  # below: its answer for an unknown code
    }
    names = {name for name in public_patterns() if name.split(":")[-1] not in NOT_PAGES}
    assert names == set(pages), "give the new public page a URL here"
    for urls in pages.values():
        for url in urls:
            assert_clean(watched, url)
    # A certificate's verification page: the answer for an unknown code (the valid and revoked
    # ones are walked by test_certificate_verification.py under the same watch).
    assert_clean(watched, reverse("certificate_verify", args=["kode-tidak-ada"]), expected_status=404)
    assert_clean(watched, "/tidak-ada/", expected_status=404)


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
