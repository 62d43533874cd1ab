"""Writing prices: one day at one market from the entry page, or a week's list from a file.

Both paths go through `record_prices`, which keeps one observation per market, commodity and day:
a second price for the same day replaces the first through save(), so the history (django-simple-
history) keeps what it was, who changed it and when. The public price pages are cached; every
save bumps the cache generation (`PriceObservation.save`) once it is committed.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from markets.models import PriceObservation
from markets.rules import MAX_PRICE


@dataclass
class Recorded:
    added: int = 0
    changed: int = 0
    unchanged: int = 0


def record_prices(*, market, day, prices, user=None, reason=""):
    """Save {commodity_id: price} for `market` on `day`, all or nothing. Returns a Recorded count."""
    return record_observations(
        rows=[(market.pk, commodity_id, day, price) for commodity_id, price in prices.items()], user=user, reason=reason
    )


def record_observations(*, rows, user=None, reason=""):
    """Save [(market_id, commodity_id, day, price), …], all or nothing; a row for a market,
    commodity and day that already has a price replaces it (with history)."""
    for _market, _commodity, _day, price in rows:
        if not isinstance(price, int) or not 0 < price <= MAX_PRICE:
            raise ValidationError(_("Harga harus bilangan bulat rupiah antara 1 dan %(max)s.") % {"max": MAX_PRICE})
    try:
        return _record(rows, user=user, reason=reason)
    except IntegrityError as error:
        # Someone else saved a price for the same market, commodity and day a moment ago.
        raise ValidationError(
            _("Harga yang sama baru saja dicatat petugas lain; tidak ada yang disimpan. Buka lagi halamannya.")
        ) from error


def _record(rows, *, user, reason):
    result = Recorded()
    with transaction.atomic():
        keys = {(market_id, commodity_id, day) for market_id, commodity_id, day, _price in rows}
        existing = {}
        for market_id in {key[0] for key in keys}:
            days = {key[2] for key in keys if key[0] == market_id}
            for observation in PriceObservation.objects.select_for_update().filter(
                market_id=market_id, observed_on__in=days
            ):
                existing[(observation.market_id, observation.commodity_id, observation.observed_on)] = observation
        for market_id, commodity_id, day, price in rows:
            observation = existing.get((market_id, commodity_id, day))
            if observation is None:
                observation = PriceObservation(
                    market_id=market_id, commodity_id=commodity_id, observed_on=day, price=price, entered_by=user
                )
                result.added += 1
            elif observation.price == price:
                result.unchanged += 1
                continue
            else:
                observation.price, observation.entered_by = price, user
                result.changed += 1
            if reason:
                observation._change_reason = reason
            observation._history_user = user
            observation.save()
            existing[(market_id, commodity_id, day)] = observation
    return result
