import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_price_cache():
    """The public price figures are cached (markets.prices); each test starts and ends without them."""
    cache.clear()
    yield
    cache.clear()
