"""Public pages at scale: time, size and query count of each list, detail and figures page.

Run against a database loaded at scale, e.g.

    DEBUG=true DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate
    ... manage.py load_regions && ... manage.py load_demo_data --enterprises 100000 --participants 50000
    DEBUG=true DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/public_pages.py

Prints one line per URL: median of 5 requests (ms), response bytes, queries.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umkm_portal.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cooperatives.models import Cooperative  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
from programs.models import Participant, Program  # noqa: E402

RUNS = 5


def measure(client, url):
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            content = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, statistics.median(timings), len(content), len(queries)


def main():
    client = Client()
    program = Program.objects.published().order_by("-start_date").first()
    busiest = Program.objects.annotate(n=Count("participants")).order_by("-n").first()
    urls = [
        "/",
        "/pelatihan/",
        "/pelatihan/?kecamatan=36.04.11",
        "/pelatihan/?status=selesai&year=2024&theme=kriya",
        "/pelatihan/?q=contoh&page=3",
        f"/pelatihan/{program.slug}/",
        f"/pelatihan/{busiest.slug}/",
        "/koperasi/",
        "/koperasi/?status=kurang_aktif&kind=jasa",
        f"/koperasi/{Cooperative.objects.order_by('pk').first().pk}/",
        "/pasar/",
        "/pasar/pasar-padarincang/",
        "/umkm/",
        "/umkm/?sector=kuliner&kecamatan=36.04.11&page=5",
        "/umkm/?q=emping",
        "/data/",
        "/data/umkm-per-kecamatan.csv",
        "/data/kecamatan-terjangkau.csv",
    ]
    print(
        f"{connection.vendor}: {Enterprise.objects.count()} enterprises, {Program.objects.count()} programs, "
        f"{Participant.objects.count()} participants, {Cooperative.objects.count()} cooperatives"
    )
    print(f"{'url':52} {'status':>6} {'median ms':>10} {'bytes':>8} {'queries':>7}")
    for url in urls:
        status, ms, size, queries = measure(client, url)
        print(f"{url[:52]:52} {status:>6} {ms:>10.1f} {size:>8} {queries:>7}")


if __name__ == "__main__":
    main()
