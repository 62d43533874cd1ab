"""Demo prices of staples at the demo markets (part of `build_demo`, in its own module).

Levels are Banten's of 2025-2026 (Panel Harga Bapanas / SP2KP), with the movements staff know:
chillies and shallots spiking in the rainy season, meat, chicken, eggs and chillies rising before
Lebaran, Minyakita held near its HET. Every price is a pure function of (commodity, market, date),
so the data are deterministic and a demo loaded on a later day keeps the earlier days as they
were and only adds the new ones. Markets with market days are visited on those days only; one
market has not been visited for ten days, so the missing-entries list has something to show.
"""

import datetime
import math

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from common.history import add_initial_history
from markets.models import Commodity, Market, OperatingStatus, PriceObservation, ReferencePrice

DEFAULT_PRICE_DAYS = 730  # two years; settings.DEMO_PRICE_DAYS overrides it (the tests load 100 days)
BATCH = 5000
REASON = "Dimuat dari data demo"

# name, slug, unit, base price, how much it swings (share), rounding step, kind of movement
COMMODITIES = [
    ("Beras medium", "beras-medium", "kg", 13_300, 0.02, 100, "stable"),
    ("Beras premium", "beras-premium", "kg", 15_200, 0.02, 100, "stable"),
    ("Gula pasir", "gula-pasir", "kg", 18_000, 0.03, 500, "stable"),
    ("Minyak goreng curah", "minyak-goreng-curah", "liter", 17_500, 0.03, 500, "stable"),
    ("Minyak goreng kemasan sederhana (Minyakita)", "minyakita", "liter", 15_900, 0.01, 100, "het"),
    ("Tepung terigu", "tepung-terigu", "kg", 12_000, 0.03, 500, "stable"),
    ("Kedelai", "kedelai", "kg", 11_500, 0.04, 500, "stable"),
    ("Daging sapi", "daging-sapi", "kg", 135_000, 0.03, 5000, "lebaran"),
    ("Daging ayam ras", "daging-ayam-ras", "kg", 37_000, 0.06, 1000, "lebaran"),
    ("Telur ayam ras", "telur-ayam-ras", "kg", 29_000, 0.05, 500, "lebaran"),
    ("Cabai merah keriting", "cabai-merah-keriting", "kg", 42_000, 0.35, 1000, "chilli"),
    ("Cabai merah besar", "cabai-merah-besar", "kg", 40_000, 0.3, 1000, "chilli"),
    ("Cabai rawit merah", "cabai-rawit-merah", "kg", 50_000, 0.4, 1000, "chilli"),
    ("Bawang merah", "bawang-merah", "kg", 36_000, 0.25, 1000, "chilli"),
    ("Bawang putih", "bawang-putih", "kg", 38_000, 0.05, 1000, "stable"),
    ("Ikan bandeng", "ikan-bandeng", "kg", 32_000, 0.05, 1000, "stable"),
    ("Ikan kembung", "ikan-kembung", "kg", 40_000, 0.06, 1000, "stable"),
    ("Garam halus beryodium", "garam", "kg", 12_000, 0.02, 500, "stable"),
]
# commodity slug, kind, price, valid from, basis
REFERENCE_PRICES = [
    ("beras-medium", ReferencePrice.Kind.HET, 12_500, datetime.date(2023, 11, 1), "Perbadan 7/2023 (zona 1)"),
    ("beras-medium", ReferencePrice.Kind.HET, 13_500, datetime.date(2025, 8, 22), "Keputusan Kepala Bapanas 2025"),
    ("beras-premium", ReferencePrice.Kind.HET, 14_900, datetime.date(2023, 11, 1), "Perbadan 7/2023 (zona 1)"),
    ("minyakita", ReferencePrice.Kind.HET, 15_700, datetime.date(2024, 8, 14), "Permendag 18/2024"),
    ("gula-pasir", ReferencePrice.Kind.REFERENCE, 17_500, datetime.date(2024, 4, 5), "Perbadan 4/2024"),
    ("daging-ayam-ras", ReferencePrice.Kind.REFERENCE, 40_000, datetime.date(2024, 4, 5), "Perbadan 5/2022"),
    ("telur-ayam-ras", ReferencePrice.Kind.REFERENCE, 30_000, datetime.date(2024, 4, 5), "Perbadan 5/2022"),
    ("bawang-merah", ReferencePrice.Kind.REFERENCE, 41_500, datetime.date(2024, 4, 5), "Perbadan 11/2022"),
]
LEBARAN = [
    datetime.date(y, m, d)
    for y, m, d in (
        (2024, 4, 10),
        (2025, 3, 31),
        (2026, 3, 20),
        (2027, 3, 10),
        (2028, 2, 27),
        (2029, 2, 14),
        (2030, 2, 4),
    )
]
UNVISITED_DAYS = 10


def _noise(*parts):
    """A number in [-1, 1) fixed by `parts` (no random state: the same inputs give the same price)."""
    value = 0x9E3779B9
    for part in parts:
        value = (value ^ part) * 0x01000193 % 2**32
        value ^= value >> 15
    return (value % 20_000) / 10_000 - 1


def _lebaran_factor(day):
    for feast in LEBARAN:
        before = (feast - day).days
        if -7 <= before <= 21:  # three weeks up to the feast, a week after
            return 1 + 0.12 * (1 - abs(before - 4) / 25)
    return 1.0


def _price(spec, index, market_index, day):
    _name, _slug, _unit, base, swing, step, kind = spec
    ordinal = day.toordinal()
    trend = 1 + 0.03 * (ordinal - datetime.date(2025, 1, 1).toordinal()) / 365  # ~3% a year
    factor = trend
    if kind == "chilli":
        # Rainy-season spike (December to February), a drier-month dip, and a second smaller wave.
        season = math.cos(2 * math.pi * (day.timetuple().tm_yday - 20) / 365)
        wave = math.sin(2 * math.pi * ordinal / 97 + index)
        factor *= 1 + swing * (0.9 * max(season, -0.4) + 0.4 * wave)
    elif kind == "lebaran":
        factor *= _lebaran_factor(day) * (1 + swing * 0.3 * math.sin(2 * math.pi * ordinal / 60 + index))
    elif kind == "het":
        factor = 1.0  # held near the HET whatever the year
    factor *= 1 + 0.025 * _noise(index, market_index)  # a market is a little dearer or cheaper
    factor *= 1 + swing * 0.15 * _noise(index, market_index, ordinal)
    return max(step, round(base * factor / step) * step)


class _Writer:
    """INSERT … ON CONFLICT DO NOTHING in batches through the cursor (SQLite and PostgreSQL): the
    ORM's bulk_create spends 30 s preparing 100,000 rows that this writes in two. A day already
    there is left as it is, so loading the demo again changes nothing."""

    def __init__(self):
        table = PriceObservation._meta.db_table
        quote = connection.ops.quote_name
        columns = ["created_at", "updated_at", "market_id", "commodity_id", "observed_on", "price"]
        self.sql = (
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))}) "
            "ON CONFLICT (market_id, commodity_id, observed_on) DO NOTHING"
        )
        self.now = models.DateTimeField().get_db_prep_save(timezone.now(), connection)
        self.days = {}
        self.rows = []
        self.before = PriceObservation.objects.count()

    def add(self, market_id, commodity_id, day, price):
        if day not in self.days:
            self.days[day] = models.DateField().get_db_prep_save(day, connection)
        self.rows.append((self.now, self.now, market_id, commodity_id, self.days[day], price))
        if len(self.rows) >= BATCH:
            self._write()

    def _write(self):
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, self.rows)
        self.rows = []

    def flush(self):
        self._write()
        return PriceObservation.objects.count() - self.before


def default_price_days():
    return getattr(settings, "DEMO_PRICE_DAYS", DEFAULT_PRICE_DAYS)


def build_prices(today, *, days=None):
    """Commodities, reference prices and `days` (default_price_days()) days of prices up to
    yesterday; idempotent."""
    days = default_price_days() if days is None else days
    commodities = []
    for position, spec in enumerate(COMMODITIES, start=1):
        name, slug, unit = spec[:3]
        commodity, _ = Commodity.objects.get_or_create(
            slug=slug, defaults={"name": name, "unit": unit, "position": position}
        )
        commodities.append((commodity.pk, spec))
    by_slug = {spec[1]: pk for pk, spec in commodities}
    for slug, kind, price, valid_from, basis in REFERENCE_PRICES:
        ReferencePrice.objects.get_or_create(
            commodity_id=by_slug[slug], valid_from=valid_from, defaults={"kind": kind, "price": price, "basis": basis}
        )
    markets = list(
        Market.objects.filter(operating_status=OperatingStatus.OPERATING)
        .order_by("name")
        .values_list("pk", "market_days", "code")
    )
    for number, (pk, _days, code) in enumerate(markets, start=1):
        if not code:
            Market.objects.filter(pk=pk).update(code=f"3604-{number:03d}")
    if not markets or days <= 0:
        return 0
    last = today - datetime.timedelta(days=1)
    first = today - datetime.timedelta(days=days)
    unvisited = markets[-1][0]  # its enumerator has not been for a while
    writer = _Writer()
    for market_index, (market_id, market_days, _code) in enumerate(markets):
        opening = {int(code) for code in market_days.split(",") if code} or set(range(1, 8))
        day = first
        while day <= last:
            if day.isoweekday() in opening and not (market_id == unvisited and (last - day).days < UNVISITED_DAYS):
                for index, (commodity_id, spec) in enumerate(commodities):
                    writer.add(market_id, commodity_id, day, _price(spec, index, market_index, day))
            day += datetime.timedelta(days=1)
    added = writer.flush()
    for model in (Commodity, ReferencePrice, PriceObservation):
        add_initial_history(model, reason=REASON)
    return added
