"""What the price pages show, read in a fixed number of queries and computed by `markets.rules`.

The public figures (`district_overview`, `commodity_history`, `market_history`) are cached for
`CACHE_SECONDS` under a generation number that every saved price bumps (`forget_cached_prices`,
called by `markets.services` after the commit): in the process that saved, and in every process
when CACHES is shared (Redis), a new price shows at once; with the default per-process cache
another worker may show the old figures for up to `CACHE_SECONDS`. The staff dashboard
(`watch`) is never cached.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Max, OuterRef, Subquery

from markets import rules
from markets.models import Commodity, Market, OperatingStatus, PriceObservation, ReferencePrice

CACHE_SECONDS = 300
GENERATION_KEY = "markets:prices:generation"
OVERVIEW_DAYS = 90
HISTORY_DAYS = 364
CHART_STEP_DAYS = 7  # charts and their tables show one point a week
NEVER_ENTERED_LOOKBACK_DAYS = 30


def forget_cached_prices():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def generation():
    """The number every saved price bumps: part of every cache key of the price pages."""
    return cache.get_or_set(GENERATION_KEY, 1, None)


def _cached(name, compute):
    generation_ = generation()
    key = f"markets:prices:{generation_}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


@dataclass(frozen=True)
class CommodityInfo:
    id: int
    name: str
    slug: str
    unit: str


@dataclass
class PriceRow:
    commodity: CommodityInfo
    price: int | None = None
    week_change: float | None = None
    month_change: float | None = None
    reference: int | None = None
    reference_kind: str = ""
    above_reference: bool = False
    points: list = field(default_factory=list)  # [(day, price)] one a week, oldest first
    market_count: int = 0


@dataclass
class MarketPrice:
    market_name: str
    market_slug: str
    day: datetime.date
    price: int
    above_reference: bool
    reference_kind: str = ""


def _info(commodity):
    return CommodityInfo(commodity.pk, commodity.name, commodity.slug, commodity.unit)


def latest_day(today, **filters):
    """The latest day up to `today` with any price (of these filters); None when there is none."""
    return PriceObservation.objects.filter(observed_on__lte=today, **filters).aggregate(day=Max("observed_on"))["day"]


def _references():
    references = {}
    for commodity_id, kind, start, price in ReferencePrice.objects.values_list(
        "commodity_id", "kind", "valid_from", "price"
    ):
        references.setdefault(commodity_id, []).append((start, price, kind))
    return references


def _reference_on(references, commodity_id, day):
    valid = [(start, price, kind) for start, price, kind in references.get(commodity_id, ()) if start <= day]
    if not valid:
        return None, ""
    _start, price, kind = max(valid)
    return price, kind


def _days(end, count):
    return [end - datetime.timedelta(days=back) for back in range(count, -1, -1)]


def _chart_days(end, span):
    return [end - datetime.timedelta(days=back) for back in range(span - span % CHART_STEP_DAYS, -1, -CHART_STEP_DAYS)]


def _row(commodity, observations, day, span, references):
    first = day - datetime.timedelta(days=span)
    series = rules.district_prices(observations, _days(day, span))
    price = series.get(day)
    reference, kind = _reference_on(references, commodity.id, day)
    window_start = day - datetime.timedelta(days=rules.WINDOW_DAYS - 1)
    return PriceRow(
        commodity=commodity,
        price=price,
        week_change=rules.percent_change(rules.value_on_or_before(series, day - datetime.timedelta(days=7)), price),
        month_change=rules.percent_change(rules.value_on_or_before(series, day - datetime.timedelta(days=30)), price),
        reference=reference,
        reference_kind=kind,
        above_reference=rules.above_reference(price, reference),
        points=[(point, series[point]) for point in _chart_days(day, span) if point >= first and point in series],
        market_count=len({market for market, seen, _price in observations if seen >= window_start}),
    )


def _observations(day, span, **filters):
    start = day - datetime.timedelta(days=span + rules.WINDOW_DAYS - 1)
    return PriceObservation.objects.filter(observed_on__range=(start, day), **filters).values_list(
        "commodity_id", "market_id", "observed_on", "price"
    )


# --- public -------------------------------------------------------------------------------------


def district_overview(today):
    """{"day": the latest day with prices, "rows": [PriceRow per active commodity]}: the district
    price (median of markets), its change over a week and a month, the HET, 90 days of points."""
    return _cached(f"overview:{today.isoformat()}", lambda: _district_overview(today))


def _district_overview(today):
    commodities = [_info(commodity) for commodity in Commodity.objects.active()]
    day = latest_day(today)
    if day is None:
        return {"day": None, "rows": [PriceRow(commodity=commodity) for commodity in commodities]}
    by_commodity = {}
    for commodity_id, market_id, seen, price in _observations(day, OVERVIEW_DAYS):
        by_commodity.setdefault(commodity_id, []).append((market_id, seen, price))
    references = _references()
    rows = [_row(c, by_commodity.get(c.id, []), day, OVERVIEW_DAYS, references) for c in commodities]
    return {"day": day, "rows": rows}


def commodity_history(commodity, today):
    """A year of one commodity: the district row with weekly points, and each market's latest price."""
    return _cached(f"commodity:{commodity.pk}:{today.isoformat()}", lambda: _commodity_history(commodity, today))


def _commodity_history(commodity, today):
    info = _info(commodity)
    day = latest_day(today, commodity=commodity)
    markets = list(Market.objects.order_by("name").values_list("pk", "name", "slug"))
    if day is None:
        return {"day": None, "row": PriceRow(commodity=info), "markets": []}
    observations = [(m, seen, price) for _c, m, seen, price in _observations(day, HISTORY_DAYS, commodity=commodity)]
    references = _references()
    row = _row(info, observations, day, HISTORY_DAYS, references)
    latest = {}
    for market_id, seen, price in observations:
        if market_id not in latest or latest[market_id][0] < seen:
            latest[market_id] = (seen, price)
    per_market = []
    for pk, name, slug in markets:
        if pk in latest:
            seen, price = latest[pk]
            reference, kind = _reference_on(references, info.id, seen)
            per_market.append(MarketPrice(name, slug, seen, price, rules.above_reference(price, reference), kind))
    return {"day": day, "row": row, "markets": per_market}


def market_history(market, today):
    """One market's latest price of each active commodity (with its change over a week) and a
    year of weekly points per commodity."""
    return _cached(f"market:{market.pk}:{today.isoformat()}", lambda: _market_history(market, today))


def _market_history(market, today):
    commodities = [_info(commodity) for commodity in Commodity.objects.active()]
    day = latest_day(today, market=market)
    if day is None:
        return {"day": None, "rows": [PriceRow(commodity=commodity) for commodity in commodities]}
    by_commodity = {}
    for commodity_id, _m, seen, price in _observations(day, HISTORY_DAYS, market=market):
        by_commodity.setdefault(commodity_id, []).append((market.pk, seen, price))
    references = _references()
    rows = []
    for commodity in commodities:
        observations = by_commodity.get(commodity.id, [])
        # One market: its own latest price in the window is its "district" price.
        rows.append(_row(commodity, observations, day, HISTORY_DAYS, references))
    return {"day": day, "rows": rows}


# --- staff --------------------------------------------------------------------------------------


@dataclass
class Watch:
    today: datetime.date
    rises: list  # [(CommodityInfo, Rise, [market names])]
    missing: list  # [(market name, slug, last entry or None, missed market days)]
    above: list  # [(CommodityInfo, market name, day, price, reference, kind)]
    district_above: list  # [PriceRow] whose district price is above the reference


def watch(today):
    """The agency's morning check, in a fixed number of queries: week-on-week rises, markets
    without prices for MISSING_MARKET_DAYS market days, prices above the HET."""
    commodities = {c.pk: _info(c) for c in Commodity.objects.active()}
    markets = list(
        Market.objects.filter(operating_status=OperatingStatus.OPERATING)
        .order_by("name")
        .values_list("pk", "name", "slug", "market_days")
    )
    names = {pk: name for pk, name, _slug, _days in markets}
    observations = {}
    span = 7
    for commodity_id, market_id, seen, price in _observations(today, span):
        if commodity_id in commodities:
            observations.setdefault(commodity_id, []).append((market_id, seen, price))
    references = _references()
    week_ago = today - datetime.timedelta(days=7)
    district_now, district_before, market_now, market_before = {}, {}, {}, {}
    district_above = []
    for commodity_id, rows in observations.items():
        series = rules.district_prices(rows, [week_ago, today])
        if today in series:
            district_now[commodity_id] = series[today]
        if week_ago in series:
            district_before[commodity_id] = series[week_ago]
        for target, end in ((market_now, today), (market_before, week_ago)):
            start = end - datetime.timedelta(days=rules.WINDOW_DAYS - 1)
            for market_id, seen, price in sorted(rows, key=lambda row: row[1]):
                if start <= seen <= end:
                    target[(commodity_id, market_id)] = price
        reference, kind = _reference_on(references, commodity_id, today)
        if rules.above_reference(district_now.get(commodity_id), reference):
            district_above.append(
                PriceRow(
                    commodities[commodity_id], district_now[commodity_id], reference=reference, reference_kind=kind
                )
            )
    rises = [
        (commodities[rise.commodity_id], rise, [names[m] for m in rise.market_ids if m in names])
        for rise in rules.week_on_week_rises(district_now, district_before, market_now, market_before)
    ]

    above = []
    for commodity_id, rows in observations.items():
        latest = {}
        for market_id, seen, price in rows:
            if seen > week_ago and (market_id not in latest or latest[market_id][0] < seen):
                latest[market_id] = (seen, price)
        for market_id, (seen, price) in latest.items():
            reference, kind = _reference_on(references, commodity_id, seen)
            if market_id in names and rules.above_reference(price, reference):
                above.append((commodities[commodity_id], names[market_id], seen, price, reference, kind))
    above.sort(key=lambda item: (item[0].name, item[1]))

    last_entries = dict(
        PriceObservation.objects.filter(observed_on__lte=today)
        .values("market_id")
        .annotate(last=Max("observed_on"))
        .values_list("market_id", "last")
    )
    since = today - datetime.timedelta(days=NEVER_ENTERED_LOOKBACK_DAYS)
    missing = []
    for pk, name, slug, market_days in markets:
        last = last_entries.get(pk)
        missed = rules.missed_market_days(
            market_days=[code for code in market_days.split(",") if code], last_entry=last, today=today, since=since
        )
        if missed >= rules.MISSING_MARKET_DAYS:
            missing.append((name, slug, last, missed))
    return Watch(today=today, rises=rises, missing=missing, above=above, district_above=district_above)


def entry_rows(market, day):
    """The active commodities for the entry page, each annotated with the market's latest price
    before `day` (`last_price`, `last_day`) and its price on `day` if already entered
    (`day_price`): one query, two index look-ups per commodity."""
    before = PriceObservation.objects.filter(market=market, commodity=OuterRef("pk"), observed_on__lt=day).order_by(
        "-observed_on"
    )
    on_day = PriceObservation.objects.filter(market=market, commodity=OuterRef("pk"), observed_on=day)
    return list(
        Commodity.objects.active().annotate(
            last_price=Subquery(before.values("price")[:1]),
            last_day=Subquery(before.values("observed_on")[:1]),
            day_price=Subquery(on_day.values("price")[:1]),
        )
    )
