import datetime

import pytest

from markets import rules

D = datetime.date(2026, 3, 2)  # a Monday


def day(offset):
    return D + datetime.timedelta(days=offset)


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("12500", 12500),
        ("12.500", 12500),
        ("12,500", 12500),
        ("Rp 12.500", 12500),
        ("Rp12.500,-", 12500),
        ("135.000", 135000),
        (" 800 ", 800),
        ("12.5", None),
        ("12,50", None),
        ("dua belas", None),
        ("-500", None),
        ("", None),
    ],
)
def test_parse_rupiah(text, price):
    assert rules.parse_rupiah(text) == price


def test_median_of_odd_and_even_counts_rounds_half_up():
    assert rules.median([13000, 12000, 15000]) == 13000
    assert rules.median([12000, 13001]) == 12501  # 12500.5 rounds up
    assert rules.median([12000, 13000, 14000, 50000]) == 13500
    assert rules.median([]) is None


def test_district_price_is_the_median_of_each_markets_latest_price_in_the_week():
    observations = [
        (1, day(0), 10000),
        (2, day(0), 12000),
        (3, day(-3), 20000),  # still within the week on day 0
        (3, day(-9), 99000),  # replaced by the later price
        (4, day(-8), 50000),  # too old: outside the week
    ]
    series = rules.district_prices(observations, [day(-1), day(0)])
    assert series[day(0)] == 12000  # median of 10000, 12000, 20000
    assert series[day(-1)] == 20000  # only market 3 has a price within the week up to day -1 (and 4's expired)
    assert rules.district_prices([], [day(0)]) == {}


def test_value_on_or_before_looks_back_a_week_only():
    series = {day(-3): 100}
    assert rules.value_on_or_before(series, day(0)) == 100
    assert rules.value_on_or_before(series, day(4)) is None


def test_a_move_beyond_the_threshold_needs_confirmation():
    assert rules.needs_confirmation(10000, 12001)
    assert rules.needs_confirmation(10000, 7999)
    assert not rules.needs_confirmation(10000, 12000)  # exactly 20% is not "more than"
    assert not rules.needs_confirmation(None, 99999)  # nothing to compare with


def test_week_on_week_rise_over_ten_percent_names_the_markets_that_rose():
    rises = rules.week_on_week_rises(
        district_now={1: 11100, 2: 11000},
        district_week_ago={1: 10000, 2: 10000},
        market_now={(1, 7): 13000, (1, 8): 10100, (2, 7): 11000},
        market_week_ago={(1, 7): 10000, (1, 8): 10000, (2, 7): 10000},
    )
    assert [(rise.commodity_id, rise.change, rise.market_ids) for rise in rises] == [(1, 11.0, (7,))]
    # exactly 10% (commodity 2) is not a rise "over" 10%; no earlier price, no rise
    assert rules.week_on_week_rises({3: 20000}, {}, {}, {}) == []


def test_above_reference_and_reference_in_force():
    references = [(datetime.date(2024, 8, 14), 15700), (datetime.date(2023, 1, 1), 14000)]
    assert rules.reference_on(references, datetime.date(2024, 8, 13)) == 14000
    assert rules.reference_on(references, datetime.date(2024, 8, 14)) == 15700
    assert rules.reference_on(references, datetime.date(2022, 1, 1)) is None
    assert rules.above_reference(15800, 15700)
    assert not rules.above_reference(15700, 15700)
    assert not rules.above_reference(15800, None)


def test_missed_market_days_count_only_the_markets_days():
    # Monday and Thursday market; last entry Monday D; today is the Monday a week later.
    assert rules.missed_market_days(market_days=["1", "4"], last_entry=D, today=day(7), since=None) == 2
    assert rules.missed_market_days(market_days=["1", "4"], last_entry=D, today=day(10), since=None) == 3
    # open every day
    assert rules.missed_market_days(market_days=[], last_entry=D, today=day(3), since=None) == 3
    # never entered: counted from `since`
    assert rules.missed_market_days(market_days=[], last_entry=None, today=day(3), since=day(-2)) == 5
