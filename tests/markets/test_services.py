import datetime

import pytest
from django.core.exceptions import ValidationError

from markets import services
from markets.models import PriceObservation
from tests.factories import CommodityFactory, MarketFactory, PriceObservationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 16)


@pytest.fixture
def market(serang):
    return MarketFactory()


def test_recording_counts_new_changed_and_unchanged_and_keeps_who_and_why(market, django_user_model):
    user = django_user_model.objects.create_user("pencatat", is_staff=True)
    rice, sugar, oil = CommodityFactory(), CommodityFactory(), CommodityFactory()
    PriceObservationFactory(market=market, commodity=rice, observed_on=DAY, price=13000)
    PriceObservationFactory(market=market, commodity=sugar, observed_on=DAY, price=18000)
    recorded = services.record_prices(
        market=market, day=DAY, prices={rice.pk: 13500, sugar.pk: 18000, oil.pk: 15700}, user=user, reason="koreksi"
    )
    assert (recorded.added, recorded.changed, recorded.unchanged) == (1, 1, 1)
    corrected = PriceObservation.objects.get(commodity=rice)
    assert corrected.entered_by == user
    latest = corrected.history.order_by("-history_date").first()
    assert (latest.price, latest.history_user, latest.history_change_reason) == (13500, user, "koreksi")


@pytest.mark.parametrize("price", [0, -5, 10_000_001, "13000"])
def test_a_price_out_of_range_saves_nothing(market, price):
    rice, sugar = CommodityFactory(), CommodityFactory()
    with pytest.raises(ValidationError):
        services.record_prices(market=market, day=DAY, prices={rice.pk: 13000, sugar.pk: price})
    assert not PriceObservation.objects.exists()


def test_a_price_saved_by_someone_else_meanwhile_is_a_sentence_not_a_crash(market, monkeypatch):
    rice, sugar = CommodityFactory(), CommodityFactory()
    PriceObservationFactory(market=market, commodity=rice, observed_on=DAY, price=13000)
    # As if the other enumerator's row had not been committed when this save looked for it.
    monkeypatch.setattr(PriceObservation.objects, "select_for_update", lambda: PriceObservation.objects.none())
    with pytest.raises(ValidationError, match="baru saja dicatat petugas lain"):
        services.record_prices(market=market, day=DAY, prices={sugar.pk: 18000, rice.pk: 14000})
    assert list(PriceObservation.objects.values_list("commodity_id", "price")) == [(rice.pk, 13000)]
