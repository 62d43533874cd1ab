"""The demo's market prices: dated from the load day, deterministic, realistic enough to show
every part of the price pages (a HET-bound oil above its HET, chilli moves, a market not visited)."""

import datetime

import pytest
from django.core.cache import cache

from markets import prices
from markets.models import Commodity, Market, PriceObservation, ReferencePrice
from umkm_portal.demo import build_demo
from umkm_portal.demo_prices import COMMODITIES, UNVISITED_DAYS

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("today", [DAY, DAY + datetime.timedelta(days=400)])
def test_prices_run_up_to_the_day_before_loading_with_everything_the_pages_show(serang, today):
    build_demo(enterprises=5, today=today, price_days=100)
    assert Commodity.objects.count() == len(COMMODITIES) and ReferencePrice.objects.exists()
    days = PriceObservation.objects.values_list("observed_on", flat=True)
    assert max(days) == today - datetime.timedelta(days=1)
    assert min(days) == today - datetime.timedelta(days=100)
    # every operating market has its code for the SP2KP export
    assert not Market.objects.filter(code="").exists()
    # markets with market days are visited on those days only
    for market in Market.objects.exclude(market_days=""):
        opening = {int(code) for code in market.market_days.split(",")}
        seen = set(market.prices.values_list("observed_on", flat=True).distinct())
        assert seen and {day.isoweekday() for day in seen} <= opening, market
    overview = prices.district_overview(today)
    assert overview["day"] == today - datetime.timedelta(days=1)
    by_slug = {row.commodity.slug: row for row in overview["rows"]}
    assert all(row.price for row in overview["rows"]) and all(len(row.points) == 13 for row in overview["rows"])
    assert 10_000 < by_slug["beras-medium"].price < 20_000 and by_slug["daging-sapi"].price > 100_000
    assert by_slug["minyakita"].above_reference  # Minyakita sold above its HET, as it often is
    watch = prices.watch(today)
    assert [name for name, _slug, last, missed in watch.missing] == [Market.objects.order_by("name").last().name]
    assert watch.missing[0][2] <= today - datetime.timedelta(days=UNVISITED_DAYS + 1)


def test_loading_again_adds_only_the_new_days_and_keeps_the_old_prices(serang):
    build_demo(enterprises=5, today=DAY, price_days=30)
    before = dict(
        ((m, c, d), p)
        for m, c, d, p in PriceObservation.objects.values_list("market_id", "commodity_id", "observed_on", "price")
    )
    history = PriceObservation.history.count()
    build_demo(enterprises=5, today=DAY, price_days=30)
    assert PriceObservation.objects.count() == len(before) and PriceObservation.history.count() == history
    build_demo(enterprises=5, today=DAY + datetime.timedelta(days=7), price_days=30)
    after = {
        (m, c, d): p
        for m, c, d, p in PriceObservation.objects.values_list("market_id", "commodity_id", "observed_on", "price")
    }
    assert len(after) > len(before)
    assert all(after[key] == price for key, price in before.items())
    assert PriceObservation.history.count() == len(after)  # each price has its first history row


def test_two_years_by_default(serang, settings):
    del settings.DEMO_PRICE_DAYS
    build_demo(enterprises=5, today=DAY)
    days = PriceObservation.objects.values_list("observed_on", flat=True)
    assert min(days) == DAY - datetime.timedelta(days=730)
    # a Lebaran rise: beef in the fortnight before Idul Fitri 2026 (20 March) above January's
    beef = PriceObservation.objects.filter(commodity__slug="daging-sapi")
    january = beef.filter(observed_on__month=1, observed_on__year=2026).values_list("price", flat=True)
    before_lebaran = beef.filter(
        observed_on__range=(datetime.date(2026, 3, 6), datetime.date(2026, 3, 19))
    ).values_list("price", flat=True)
    assert sum(before_lebaran) / len(before_lebaran) > 1.05 * sum(january) / len(january)
