"""The public pages: one definition for every test that walks them (the Content-Security-Policy
and axe journeys in tests/browser/, the Nu HTML Checker in tests/umkm_portal/test_html_valid.py).

The URL names come from the resolver, so a new public page fails each of those tests until it is
given a URL in `public_pages`. A page that only exists after something was sent (the confirmation
of an application with its reference code, the status check's refusal) says which forms to send
first; each test sends them for real, with the test client or in the browser.
"""

import dataclasses

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cooperatives.models import Cooperative
from enterprises.models import Enterprise
from markets.models import Market
from programs.certificates import issue_certificates
from programs.models import Program
from regions.models import Desa, Kecamatan
from tests.factories import OpenProgramFactory, nik_for

# Answers that are downloads or form targets, not pages to look at.
NOT_PAGES = {
    "figures_csv",
    "set_language",
    "price_export",  # files, not pages
    "agency_emblem",  # the agency's uploaded emblem, an image (tests/common/test_agency_profile.py)
    # staff pages outside /admin/: their own journeys run under the browser tests' CSP watch
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


def public_names():
    """Every URL name of a public page; `public_pages` must give each of them a URL."""
    return {name for name in public_patterns() if name.split(":")[-1] not in NOT_PAGES}


@dataclasses.dataclass(frozen=True)
class Post:
    """A form sent the way a person sends it: its page's URL and the fields filled in."""

    url: str
    data: dict


@dataclasses.dataclass(frozen=True)
class Page:
    label: str  # names the screenshot or the checked file
    url: str
    status: int = 200
    data: dict | None = None  # the page is the answer to this form, sent to `url`
    before: tuple[Post, ...] = ()  # sent once, in the same session, before the page is looked at
    shows: str = ""  # the id of an element the page must have (it is the page it claims to be)

    @property
    def post(self):
        return Post(self.url, self.data)


# The portal's 404 page has no URL name of its own.
NOT_FOUND = Page("not-found", "/tidak-ada/", status=404)


def public_pages():
    """On the demo data: every public URL name with the pages to look at for it. Adds an open
    program and issues the certificates of a finished demo program."""
    program = OpenProgramFactory(title="Pelatihan Terbuka Halaman Publik", slug="pelatihan-terbuka-halaman-publik")
    finished = Program.objects.get(slug="pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024")
    certificate = issue_certificates(program=finished)[0]
    market = Market.objects.get(name="Pasar Padarincang")
    apply_url = reverse("programs:apply", args=[program.slug])
    status_url = reverse("programs:application_status")
    # Failed checks for one code (its own, so no other page's check is refused), then once more.
    guessed = {"reference_code": "ZZZZ-9999", "nik": "3604000000000000"}
    return {
        "home": [Page("home", "/")],
        "privacy": [Page("privacy", reverse("privacy"))],
        "figures": [Page("figures", reverse("figures"))],
        "programs:list": [
            Page("programs", reverse("programs:list")),
            Page("programs-filtered", "/pelatihan/?status=selesai&kecamatan=36.04.11"),
            Page("programs-bad-filter", "/pelatihan/?year=abc&status=nonsense"),
        ],
        "programs:detail": [
            Page("program-open", reverse("programs:detail", args=[program.slug])),
            Page("program-finished", reverse("programs:detail", args=[finished.slug])),
            Page("program-one-day", reverse("programs:detail", args=["pelatihan-manajerial-umkm-2025"])),
        ],
        "programs:apply": [Page("apply", apply_url)],
        "programs:apply_done": [
            Page(
                "apply-done",
                reverse("programs:apply_done", args=[program.slug]),
                before=(Post(apply_url, application()),),
                shows="reference-code",  # with the WhatsApp link to save it
            )
        ],
        "programs:application_status": [
            Page("application-status", status_url),
            Page(
                "status-refused",
                status_url,
                status=429,
                data=guessed,
                before=(Post(status_url, guessed),) * settings.STATUS_FAILURES_PER_CODE,
                shows="refusal",
            ),
        ],
        "programs:recover_code": [Page("recover-code", reverse("programs:recover_code"))],
        "cooperatives:list": [
            Page("cooperatives", reverse("cooperatives:list")),
            Page("cooperatives-filtered", "/koperasi/?kind=simpan_pinjam"),
        ],
        "cooperatives:detail": [
            Page("cooperative", reverse("cooperatives:detail", args=[Cooperative.objects.order_by("pk").first().pk]))
        ],
        "markets:list": [Page("markets", reverse("markets:list"))],
        "markets:detail": [Page("market", reverse("markets:detail", args=[market.slug]))],
        "markets:prices": [Page("prices", reverse("markets:prices"))],
        "markets:commodity_prices": [
            Page("commodity-prices", reverse("markets:commodity_prices", args=["beras-medium"]))
        ],
        "markets:market_prices": [Page("market-prices", reverse("markets:market_prices", args=[market.slug]))],
        "enterprises:catalogue": [Page("catalogue", reverse("enterprises:catalogue"))],
        "enterprises:catalogue_detail": [
            Page(
                "catalogue-entry",
                reverse(
                    "enterprises:catalogue_detail",
                    args=[Enterprise.objects.filter(catalogue_consent=True).order_by("pk").first().pk],
                ),
            )
        ],
        "certificate_verify": [
            Page("certificate", reverse("certificate_verify", args=[certificate.code]), shows="holder"),
            Page(
                "certificate-unknown",
                reverse("certificate_verify", args=["kode-tidak-ada"]),
                status=404,
                shows="certificate-status",
            ),
        ],
    }


def every_page(pages):
    """The pages to look at, in order, and the 404 page."""
    return [*(page for listed in pages.values() for page in listed), NOT_FOUND]


def application():
    """A complete, valid application, in the form's field order (the desa list follows the kecamatan)."""
    kragilan = Kecamatan.objects.of_portal_district().get(name="Kragilan")
    return {
        "consent": "on",
        "full_name": "Siti Halaman Publik",
        "nik": nik_for(kragilan, 9701),
        "sex": "P",
        "birth_date": "15/08/1990",
        "phone": "0812 3456 7890",
        "kecamatan": kragilan.code,
        "desa": Desa.objects.filter(kecamatan=kragilan).order_by("code").first().code,
        "enterprise_name": "Emping Halaman Publik",
        "sector": "kuliner",
        "products": "emping melinjo",
        "turnover_band": "lt300jt",
        "motivation": "Ingin kemasan emping kami layak masuk toko oleh-oleh.",
    }


# --- Looking at a page with the test client ---------------------------------------------------


def prepare_with_client(client, pages):
    for page in every_page(pages):
        for post in page.before:
            client.post(post.url, post.data)


def open_with_client(client, page):
    response = client.get(page.url) if page.data is None else client.post(page.url, page.data)
    assert response.status_code == page.status, page.url
    assert not page.shows or f'id="{page.shows}"' in response.text, f"{page.url} has no #{page.shows}"
    return response


# --- Looking at a page in the browser (Playwright) ---------------------------------------------


def send_in_browser(tab, post):
    """Opens the form's page, fills every field named in `post.data` and presses its submit
    button; returns the answer (after any redirect)."""
    tab.goto(post.url)
    form = tab.locator("main form[method=post]")
    for name, value in post.data.items():
        field = form.locator(f'[name="{name}"]')
        kind = field.first.evaluate("element => element.type")
        if kind == "radio":
            form.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox":
            field.check()
        elif kind.startswith("select"):
            field.select_option(value)
        else:
            field.fill(value)
    with tab.expect_navigation() as answer:
        form.locator("button[type=submit]:not([name])").click()
    tab.wait_for_load_state("load")
    return answer.value


def prepare_in_browser(tab, pages):
    for page in every_page(pages):
        for post in page.before:
            send_in_browser(tab, post)


def open_in_browser(tab, page):
    if page.data is None:
        response = tab.goto(page.url)
        tab.wait_for_load_state("load")
    else:
        response = send_in_browser(tab, page.post)
    assert response.status == page.status, page.url
    assert not page.shows or tab.locator(f"#{page.shows}").count() == 1, f"{page.url} has no #{page.shows}"
    return response
