"""The figures behind the price pages and the agency's watch list (markets.prices)."""

import datetime

import pytest

from markets import prices
from markets.models import OperatingStatus, ReferencePrice
from tests.factories import CommodityFactory, MarketFactory, PriceObservationFactory, ReferencePriceFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)  # a Monday
WEEK_AGO = TODAY - datetime.timedelta(days=7)


def ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def markets(serang):
    return [MarketFactory(name=f"Pasar {name}", slug=f"pasar-{name.lower()}") for name in ("Anyar", "Ciomas", "Kopo")]


def test_overview_gives_the_median_across_markets_with_week_and_month_changes(markets):
    rice = CommodityFactory(name="Beras medium")
    for market, price in zip(markets, (13000, 14000, 20000), strict=True):
        PriceObservationFactory(market=market, commodity=rice, observed_on=TODAY, price=price)
        PriceObservationFactory(market=market, commodity=rice, observed_on=WEEK_AGO, price=price - 1000)
        PriceObservationFactory(market=market, commodity=rice, observed_on=ago(30), price=10000)
    overview = prices.district_overview(TODAY)
    assert overview["day"] == TODAY
    [row] = overview["rows"]
    assert row.price == 14000  # the middle of 13000, 14000, 20000, not their mean
    assert row.week_change == pytest.approx(round(1000 * 100 / 13000, 1))
    assert row.month_change == 40.0
    assert row.market_count == 3
    assert row.points[-1] == (TODAY, 14000) and (WEEK_AGO, 13000) in row.points


def test_overview_uses_the_latest_day_with_prices_and_skips_retired_commodities(markets):
    sugar = CommodityFactory(name="Gula pasir")
    CommodityFactory(name="Komoditas lama", retired_on=datetime.date(2025, 1, 1))
    PriceObservationFactory(market=markets[0], commodity=sugar, observed_on=ago(2), price=18000)
    overview = prices.district_overview(TODAY)
    assert overview["day"] == ago(2)
    assert [row.commodity.name for row in overview["rows"]] == ["Gula pasir"]


def test_het_flag_on_the_district_price_and_per_market(markets):
    oil = CommodityFactory(name="Minyakita", unit="liter")
    ReferencePriceFactory(commodity=oil, price=15700, valid_from=ago(400))
    for market, price in zip(markets, (15500, 15800, 16000), strict=True):
        PriceObservationFactory(market=market, commodity=oil, observed_on=TODAY, price=price)
    [row] = prices.district_overview(TODAY)["rows"]
    assert row.price == 15800 and row.reference == 15700 and row.above_reference
    history = prices.commodity_history(oil, TODAY)
    assert {item.market_name: item.above_reference for item in history["markets"]} == {
        "Pasar Anyar": False,
        "Pasar Ciomas": True,
        "Pasar Kopo": True,
    }
    watch = prices.watch(TODAY)
    assert [(c.name, market, price) for c, market, _day, price, _ref, _kind in watch.above] == [
        ("Minyakita", "Pasar Ciomas", 15800),
        ("Minyakita", "Pasar Kopo", 16000),
    ]
    assert [row.commodity.name for row in watch.district_above] == ["Minyakita"]


def test_het_in_force_is_the_one_valid_on_the_day(markets):
    rice = CommodityFactory(name="Beras medium")
    ReferencePriceFactory(commodity=rice, price=12500, valid_from=ago(400))
    ReferencePriceFactory(commodity=rice, price=13500, valid_from=ago(10), kind=ReferencePrice.Kind.HET)
    PriceObservationFactory(market=markets[0], commodity=rice, observed_on=TODAY, price=13000)
    [row] = prices.district_overview(TODAY)["rows"]
    assert row.reference == 13500 and not row.above_reference


def test_watch_lists_week_on_week_rises_over_ten_percent_with_their_markets(markets):
    chilli, rice = CommodityFactory(name="Cabai rawit merah"), CommodityFactory(name="Beras medium")
    for market, before, now in zip(markets, (50000, 50000, 50000), (70000, 52000, 60000), strict=True):
        PriceObservationFactory(market=market, commodity=chilli, observed_on=WEEK_AGO, price=before)
        PriceObservationFactory(market=market, commodity=chilli, observed_on=TODAY, price=now)
    for market in markets:  # rice rose exactly 10%: not "more than 10%"
        PriceObservationFactory(market=market, commodity=rice, observed_on=WEEK_AGO, price=10000)
        PriceObservationFactory(market=market, commodity=rice, observed_on=TODAY, price=11000)
    watch = prices.watch(TODAY)
    assert [(commodity.name, rise.before, rise.now, names) for commodity, rise, names in watch.rises] == [
        ("Cabai rawit merah", 50000, 60000, ["Pasar Anyar", "Pasar Kopo"])
    ]


def test_watch_lists_markets_without_prices_for_three_market_days(serang):
    rice = CommodityFactory()
    daily = MarketFactory(name="Pasar Harian")
    twice_a_week = MarketFactory(name="Pasar Senin Kamis", market_days="1,4")
    fresh = MarketFactory(name="Pasar Rajin")
    MarketFactory(name="Pasar Tutup", operating_status=OperatingStatus.TEMPORARILY_CLOSED)
    never = MarketFactory(name="Pasar Baru Dibuka")
    PriceObservationFactory(market=daily, commodity=rice, observed_on=ago(3))  # Fri: Sat, Sun, Mon missed
    PriceObservationFactory(market=twice_a_week, commodity=rice, observed_on=ago(7))  # Mon: Thu, Mon missed
    PriceObservationFactory(market=fresh, commodity=rice, observed_on=TODAY)
    missing = {name: (last, missed) for name, _slug, last, missed in prices.watch(TODAY).missing}
    assert missing["Pasar Harian"] == (ago(3), 3)
    assert "Pasar Senin Kamis" not in missing  # two market days only
    assert "Pasar Rajin" not in missing and "Pasar Tutup" not in missing
    assert missing[never.name][0] is None


def test_watch_and_overview_run_a_fixed_number_of_queries(markets, django_assert_num_queries):
    commodities = [CommodityFactory() for _ in range(2)]
    PriceObservationFactory(market=markets[0], commodity=commodities[0], observed_on=ago(1))
    with django_assert_num_queries(5):  # commodities, markets, observations, references, last entries
        prices.watch(TODAY)
    with django_assert_num_queries(4):  # commodities, latest day, observations, references
        prices._district_overview(TODAY)
    commodities += [CommodityFactory() for _ in range(10)]
    for commodity in commodities:
        ReferencePriceFactory(commodity=commodity, price=5000)
        for market in markets:
            for back in range(0, 40, 3):
                PriceObservationFactory(market=market, commodity=commodity, observed_on=ago(back), price=9000 + back)
    with django_assert_num_queries(5):
        watch = prices.watch(TODAY)
    assert len(watch.above) == 36
    with django_assert_num_queries(4):
        prices._district_overview(TODAY)


def test_public_figures_are_cached_until_a_price_is_saved(markets, django_assert_num_queries):
    rice = CommodityFactory()
    observation = PriceObservationFactory(market=markets[0], commodity=rice, observed_on=TODAY, price=12000)
    assert prices.district_overview(TODAY)["rows"][0].price == 12000
    with django_assert_num_queries(0):
        prices.district_overview(TODAY)
    observation.price = 12500
    observation.save()  # the test's transaction never commits: run the on-commit hook by hand
    prices.forget_cached_prices()
    assert prices.district_overview(TODAY)["rows"][0].price == 12500


def test_entry_rows_carry_the_last_price_before_the_day_in_one_query(markets, django_assert_num_queries):
    rice, sugar = CommodityFactory(), CommodityFactory()
    PriceObservationFactory(market=markets[0], commodity=rice, observed_on=ago(9), price=11000)
    PriceObservationFactory(market=markets[0], commodity=rice, observed_on=ago(2), price=12000)
    PriceObservationFactory(market=markets[0], commodity=rice, observed_on=TODAY, price=12500)
    PriceObservationFactory(market=markets[1], commodity=sugar, observed_on=ago(1), price=99000)  # another market
    with django_assert_num_queries(1):
        rows = {row.pk: row for row in prices.entry_rows(markets[0], TODAY)}
    assert (rows[rice.pk].last_price, rows[rice.pk].last_day, rows[rice.pk].day_price) == (12000, ago(2), 12500)
    assert (rows[sugar.pk].last_price, rows[sugar.pk].day_price) == (None, None)
