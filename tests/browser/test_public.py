"""The public site in real headless Chromium: journeys, phone and desktop widths, and axe-core on
every public page (tests/public_pages.py)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import formats, translation
from playwright.sync_api import expect

from tests.factories import OpenProgramFactory
from tests.public_pages import every_page, open_in_browser, prepare_in_browser, public_names, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING = {"serious", "critical"}


def assert_accessible(page, url):
    """axe-core (from the axe-playwright-python package) finds no serious or critical violation."""
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]
    assert not problems, f"{url}: " + "; ".join(problems)
    return results


@pytest.fixture
def open_program(serang):
    """Open for registration whatever the date: registration closes in 20 days, it starts in 40."""
    return OpenProgramFactory(title="Pelatihan Pemasaran Daring Terbuka", slug="pelatihan-pemasaran-daring-terbuka")


def test_every_public_page_at_phone_and_desktop_width_passes_axe(page, demo, screenshot):
    pages = public_pages()
    assert set(pages) == public_names(), "give the new public page a URL in tests/public_pages.py"
    prepare_in_browser(page, pages)
    for public in every_page(pages):
        for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)
            open_in_browser(page, public)  # its status, and what it shows
            assert page.locator("h1").count() == 1, public.url
            # readable at 360 px: nothing forces the page wider than the screen
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (public.url, label)
            screenshot(f"{public.label}-{label}")
            assert_accessible(page, public.url)


def test_browse_to_a_program_through_its_filters(page, demo, screenshot):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Pelatihan").click()
    assert not page.get_by_label("Tema").is_visible()  # on a phone the filters start folded
    page.get_by_text("Saring dan urutkan").click()
    page.get_by_label("Tema").select_option("kriya")
    page.get_by_label("Tahun").select_option("2024")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url("**/pelatihan/?*theme=kriya*")
    assert "year=2024" in page.url  # the filtered list is a shareable URL
    assert page.get_by_text("1 pelatihan ditemukan.").is_visible()
    screenshot("filtered")
    page.get_by_role("link", name="Pelatihan Pembuatan Tas Anyaman dan Tas Kulit di BDI Denpasar").click()
    assert page.locator("h1").inner_text() == "Pelatihan Pembuatan Tas Anyaman dan Tas Kulit di BDI Denpasar"
    assert page.get_by_text("Balai Diklat Industri (BDI) Denpasar").first.is_visible()
    assert page.get_by_role("table", name="Menurut kecamatan asal").is_visible()
    assert page.get_by_role("link", name="Daftar pelatihan ini").count() == 0
    screenshot("program")


def test_open_program_offers_registration(page, demo, open_program):
    with translation.override("id"):
        closes = formats.date_format(open_program.registration_closes_on, "j F Y")  # e.g. "4 Januari 2027"
    page.goto("/pelatihan/?status=pendaftaran_dibuka")
    page.get_by_role("link", name=open_program.title, exact=True).click()
    assert page.get_by_text(f"Pendaftaran ditutup {closes}.").is_visible()
    page.get_by_role("link", name="Daftar pelatihan ini").click()
    page.wait_for_url(f"**/pelatihan/{open_program.slug}/daftar/")
    # expect() waits for the form (count() alone would not, while the page is still loading).
    expect(page.locator("form input[name=nik]")).to_have_count(1)


def test_switch_language_keeps_the_page(page, demo, screenshot):
    page.goto("/koperasi/?status=tidak_aktif")
    assert page.locator("html").get_attribute("lang") == "id"
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/koperasi/?status=tidak_aktif")
    screenshot("english")
    page.locator("#language-select").select_option("id")
    page.locator(".language button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"


def test_pages_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE, locale="id-ID")
    page = context.new_page()
    try:
        page.goto("/pasar/")
        page.get_by_text("Saring dan urutkan").click()  # <details> opens without JavaScript
        page.get_by_label("Revitalisasi").select_option("belum")
        page.get_by_role("button", name="Terapkan").click()
        page.wait_for_url("**revitalised=belum*")
        assert page.get_by_text("3 pasar ditemukan.").is_visible()
    finally:
        context.close()


def test_the_accessibility_check_can_fail(page, db):
    page.set_content('<html><body><img src="x.png"><input type="text"><a href="/"></a></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page, "a deliberately broken page")


def test_on_a_phone_the_open_trainings_daftar_button_is_on_the_first_screen(page, demo):
    page.set_viewport_size(PHONE)
    page.goto("/")
    daftar = page.locator("a.button.apply").first
    expect(daftar).to_be_visible()
    box = daftar.bounding_box()  # in page coordinates: the page has not scrolled
    # The whole button is on the first screen, right after the header and the agency's name (the
    # agency's introduction follows the trainings); below the figures it started at about 1465 px.
    assert box["y"] + box["height"] <= PHONE["height"], f"Daftar ends {box['y'] + box['height']:.0f} px down at 360 px"
