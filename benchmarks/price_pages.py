"""Price pages at the demo's full size (two years of prices for every market): time, size and
queries of each page with its figures computed (cache cleared before each request: "cold") and
read from the cache ("warm"), beside the reference list page /pasar/.

    DEBUG=true DATABASE_URL=sqlite:////tmp/prices.sqlite3 .venv/bin/python manage.py migrate
    ... manage.py load_regions && ... manage.py load_demo_data --enterprises 60
    DEBUG=true DATABASE_URL=sqlite:////tmp/prices.sqlite3 .venv/bin/python benchmarks/price_pages.py

Prints one line per URL: median of 5 requests (ms) cold and warm, response bytes, queries cold/warm.
"""

import statistics
import time

from _setup import bench_user, django_setup

django_setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from markets.models import Commodity, Market, PriceObservation  # noqa: E402

RUNS = 5


def measure(client, url, *, cold):
    timings, queries = [], 0
    for _ in range(RUNS):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            content = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(content), queries


def main():
    public, staff = Client(), Client()
    staff.force_login(bench_user())
    market = Market.objects.order_by("name").first()
    commodity = Commodity.objects.order_by("position").first()
    count = PriceObservation.objects.count()
    print(f"{connection.vendor}: {count} price observations, {Market.objects.count()} markets")
    print(f"{'url':44} {'cold ms':>8} {'warm ms':>8} {'bytes':>8} {'queries':>8}")
    pages = [
        (public, "/pasar/"),
        (public, "/pasar/harga/"),
        (public, f"/pasar/harga/{commodity.slug}/"),
        (public, f"/pasar/{market.slug}/harga/"),
        (public, f"/pasar/{market.slug}/"),
        (public, f"/pasar/harga/ekspor.csv?komoditas={commodity.slug}"),
        (public, "/pasar/harga/ekspor.csv"),
        (staff, "/pasar/harga/pantau/"),
        (staff, f"/pasar/harga/catat/?pasar={market.slug}"),
    ]
    for client, url in pages:
        cold, size, cold_queries = measure(client, url, cold=True)
        warm, _size, warm_queries = measure(client, url, cold=False)
        print(f"{url[:44]:44} {cold:>8.1f} {warm:>8.1f} {size:>8} {cold_queries:>4}/{warm_queries:<3}")


if __name__ == "__main__":
    main()
