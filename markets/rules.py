"""The rules of price monitoring, as plain functions of plain values (no queries).

- The district price of a commodity on a day is the median, across markets, of each market's
  latest price within the week up to that day (`district_prices`): a market that was not visited
  that day still counts with its price of a few days before, so one early enumerator does not
  make "today's price" alone.
- A price that moved more than `CONFIRM_MOVE_PERCENT` from the market's last price is confirmed
  before it is saved (`needs_confirmation`).
- The agency is warned when the district price rose more than `ALERT_RISE_PERCENT` over a week
  (`week_on_week_rises`), when a market had no price entered for `MISSING_MARKET_DAYS` of its
  market days (`missed_market_days`), and when a price is above the HET (`above_reference`).
"""

import datetime
import re
import statistics
from dataclasses import dataclass

CONFIRM_MOVE_PERCENT = 20
ALERT_RISE_PERCENT = 10
MISSING_MARKET_DAYS = 3
WINDOW_DAYS = 7  # a market's price counts towards the district price for a week
MAX_PRICE = 10_000_000  # rupiah per unit; anything above is a typing slip

RUPIAH = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:,-|,00|\.-)?$", re.IGNORECASE)


def parse_rupiah(text):
    """A price as enumerators type it: 12500, 12.500, 12,500, Rp 12.500, 12.500,-. None if it is
    not a whole number of rupiah (12.5 is refused rather than read as 125)."""
    text = (text or "").strip()
    match = RUPIAH.match(text)
    if not match:
        return None
    return int(re.sub(r"\D", "", match.group(1)))


def median(values):
    """The median of whole rupiah, rounded to the rupiah (half up); None for no values."""
    values = list(values)
    if not values:
        return None
    return int(statistics.median(values) + 0.5) if len(values) % 2 == 0 else int(statistics.median(values))


def percent_change(old, new):
    """(new - old) / old in percent, one decimal; None when either is missing or old is 0."""
    if not old or new is None:
        return None
    return round((new - old) * 100 / old, 1)


def needs_confirmation(previous, price, *, threshold=CONFIRM_MOVE_PERCENT):
    """True when `price` moved more than `threshold` percent from the market's previous price."""
    if not previous or price is None:
        return False
    return abs(price - previous) * 100 > threshold * previous


def above_reference(price, reference):
    return price is not None and reference is not None and price > reference


def reference_on(references, day):
    """The reference price in force on `day` from [(valid_from, price), …] (any order); None if none."""
    valid = [(start, price) for start, price in references if start <= day]
    return max(valid)[1] if valid else None


def district_prices(observations, days, *, window=WINDOW_DAYS):
    """{day: median} for each of `days` (ascending dates) from [(market_id, day, price), …]: the
    median over markets of each market's latest price in the `window` days up to that day. Days
    with no price in the window are left out."""
    by_day = {}
    for market_id, day, price in observations:
        by_day.setdefault(day, []).append((market_id, price))
    result = {}
    if not days:
        return result
    latest = {}  # market -> (day, price)
    day = days[0] - datetime.timedelta(days=window - 1)
    wanted = set(days)
    while day <= days[-1]:
        for market_id, price in by_day.get(day, ()):
            latest[market_id] = (day, price)
        if day in wanted:
            oldest = day - datetime.timedelta(days=window - 1)
            value = median(price for seen, price in latest.values() if seen >= oldest)
            if value is not None:
                result[day] = value
        day += datetime.timedelta(days=1)
    return result


def value_on_or_before(series, day, *, window=WINDOW_DAYS):
    """The value of {day: value} on `day`, or on the latest day before it within `window` days."""
    for back in range(window):
        value = series.get(day - datetime.timedelta(days=back))
        if value is not None:
            return value
    return None


@dataclass(frozen=True)
class Rise:
    commodity_id: int
    before: int
    now: int
    change: float
    market_ids: tuple  # the markets whose own price rose more than the threshold too


def week_on_week_rises(district_now, district_week_ago, market_now, market_week_ago, *, threshold=ALERT_RISE_PERCENT):
    """The commodities whose district price rose more than `threshold` percent over the week.

    `district_*`: {commodity_id: price}; `market_*`: {(commodity_id, market_id): price}. Each rise
    names the markets where that commodity's own price rose more than the threshold."""
    rises = []
    for commodity_id, now in district_now.items():
        before = district_week_ago.get(commodity_id)
        if not before or (now - before) * 100 <= threshold * before:
            continue
        change = percent_change(before, now)
        markets = tuple(
            sorted(
                market_id
                for (commodity, market_id), price in market_now.items()
                if commodity == commodity_id
                and (before_here := market_week_ago.get((commodity, market_id)))
                and (price - before_here) * 100 > threshold * before_here
            )
        )
        rises.append(Rise(commodity_id, before, now, change, markets))
    return sorted(rises, key=lambda rise: -rise.change)


def market_days_between(market_days, after, until):
    """The market days (dates) after `after` up to and including `until`. `market_days`: ISO
    weekday numbers (1 = Monday); empty means the market opens every day."""
    opening = {int(code) for code in market_days} or set(range(1, 8))
    day, result = after + datetime.timedelta(days=1), []
    while day <= until:
        if day.isoweekday() in opening:
            result.append(day)
        day += datetime.timedelta(days=1)
    return result


def missed_market_days(*, market_days, last_entry, today, since):
    """How many market days went by without a price: those after the last entry (or, if there
    has never been one, after `since`) up to `today`."""
    return len(market_days_between(market_days, last_entry or since, today))
