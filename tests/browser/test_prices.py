"""Prices of staples in real Chromium at 360 px: an enumerator enters a day's prices for one market
with the keyboard, confirms the one outlier, and the public page shows the new price at once (the
save clears the cached figures, see README "Prices of staples"); axe-core on every price page."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from markets.models import PriceObservation
from tests.browser.test_public import PHONE, assert_accessible
from tests.factories import CommodityFactory, MarketFactory, PriceObservationFactory, ReferencePriceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def prices_before(serang):
    """Two markets with a fortnight of prices; Pasar Kragilan not yet visited today."""
    cache.clear()
    kragilan = MarketFactory(name="Pasar Kragilan", slug="pasar-kragilan", code="3604-006")
    anyar = MarketFactory(name="Pasar Anyar", slug="pasar-anyar", code="3604-001")
    commodities = [
        CommodityFactory(name="Beras medium", slug="beras-medium", position=1),
        CommodityFactory(name="Cabai rawit merah", slug="cabai-rawit-merah", position=2),
        CommodityFactory(name="Minyakita", slug="minyakita", unit="liter", position=3),
    ]
    ReferencePriceFactory(commodity=commodities[2], price=15700, valid_from=ago(500))
    for back in range(1, 15):
        for market, shift in ((kragilan, 0), (anyar, 1000)):
            for commodity, price in zip(commodities, (13000, 50000, 15600), strict=True):
                PriceObservationFactory(market=market, commodity=commodity, observed_on=ago(back), price=price + shift)
    yield kragilan
    cache.clear()


@pytest.fixture
def enumerator(django_user_model):
    call_command("setup_roles", verbosity=0)
    user = django_user_model.objects.create_user("pencatat", password="rahasia-pencatat-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Bidang Perdagangan"))
    return user


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_enumerator_enters_a_day_confirms_an_outlier_and_the_public_page_updates(
    page, prices_before, enumerator, screenshot
):
    page.set_viewport_size(PHONE)
    page.goto("/pasar/harga/cabai-rawit-merah/")
    expect(page.locator(".price-now")).to_contain_text("Rp50.500")  # median of 50,000 and 51,000

    page.goto("/pasar/harga/catat/")
    page.fill("#id_username", "pencatat")
    page.fill("#id_password", "rahasia-pencatat-123")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Catat harga pasar")).to_be_visible()
    page.get_by_label("Pasar", exact=True).select_option(label="Pasar Kragilan")
    page.get_by_role("button", name="Buka").click()
    expect(page.get_by_role("heading", name=re.compile("Pasar Kragilan"))).to_be_visible()
    assert fits_the_screen(page)
    rice = page.get_by_label("Beras medium")
    assert rice.get_attribute("inputmode") == "numeric"
    expect(page.get_by_text("terakhir Rp50.000")).to_be_visible()
    screenshot("entry-empty")

    # The keyboard only: type, Tab to the next commodity, Enter saves.
    rice.focus()
    page.keyboard.type("13.500")
    page.keyboard.press("Tab")
    page.keyboard.type("90000")  # chillies up 80%: an outlier to confirm
    page.keyboard.press("Tab")
    page.keyboard.type("15600")
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("1 harga berubah jauh dari harga terakhir")
    expect(page.get_by_text("Berubah +80% dari harga terakhir (Rp50.000)")).to_be_visible()
    assert PriceObservation.objects.filter(observed_on=ago(0)).count() == 0  # nothing saved yet
    assert page.get_by_label("Cabai rawit merah").input_value() == "90000"  # what was typed stays
    assert fits_the_screen(page)
    screenshot("entry-confirm")
    assert_accessible(page, "/pasar/harga/catat/ (confirm step)")
    page.get_by_label("Harga ini benar").check()
    page.get_by_role("button", name="Simpan harga").click()

    expect(page.locator(".messages")).to_contain_text("tersimpan: 3 baru, 0 diubah")
    saved = dict(PriceObservation.objects.filter(observed_on=ago(0)).values_list("commodity__slug", "price"))
    assert saved == {"beras-medium": 13500, "cabai-rawit-merah": 90000, "minyakita": 15600}
    assert PriceObservation.objects.filter(observed_on=ago(0)).first().entered_by == enumerator

    # The public page, straight away: the median of 90,000 (today) and 51,000 (Anyar, yesterday).
    page.goto("/pasar/harga/cabai-rawit-merah/")
    expect(page.locator(".price-now")).to_contain_text("Rp70.500")
    page.goto("/pasar/harga/")
    row = page.get_by_role("row", name=re.compile("Cabai rawit merah"))
    expect(row).to_contain_text("Rp70.500")
    expect(row).to_contain_text("+39,6%")  # against last week's 50,500
    assert "pencatat" not in page.content()
    screenshot("public-updated")


def test_every_price_page_passes_axe_at_phone_and_desktop_width(page, prices_before, enumerator, screenshot):
    pages = [
        ("prices", "/pasar/harga/"),
        ("commodity", "/pasar/harga/minyakita/"),
        ("market-prices", "/pasar/pasar-kragilan/harga/"),
        ("market", "/pasar/pasar-kragilan/"),
    ]
    for name, url in pages:
        for label, viewport in (("phone", PHONE), ("desktop", {"width": 1280, "height": 900})):
            page.set_viewport_size(viewport)
            assert page.goto(url).status == 200, url
            assert page.locator("h1").count() == 1, url
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (url, label)
            screenshot(f"{name}-{label}")
            assert_accessible(page, url)
    page.set_viewport_size(PHONE)
    page.goto("/pasar/harga/pantau/")
    page.fill("#id_username", "pencatat")
    page.fill("#id_password", "rahasia-pencatat-123")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Pantauan harga bahan pokok")).to_be_visible()  # logged in
    for url in ("/pasar/harga/pantau/", "/pasar/harga/catat/"):
        assert page.goto(url).status == 200, url
        assert fits_the_screen(page), url
        screenshot(url.strip("/").replace("/", "-"))
        assert_accessible(page, url)
    # the details of a chart open to its table with the same points
    page.goto("/pasar/harga/minyakita/")
    page.get_by_text("Angka grafik dalam tabel").first.click()
    expect(page.locator(".chart-table table").first).to_be_visible()
