"""Streamed export of every participant, as CSV and as XLSX: time to first chunk, total time,
size, and peak memory (Python allocations by tracemalloc, and the process's peak RSS).

Build the data first (about a minute or two on the 2-core machine):

    export DATABASE_URL=sqlite:////tmp/umkm_bench5.sqlite3 DEBUG=true
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_regions
    .venv/bin/python manage.py load_demo_data --enterprises 100000 --participants 100000
    .venv/bin/python benchmarks/export_participants.py [--limit 10000]

It goes through `common.exports.export_response`, the same function the admin URL calls
(a superuser "benchmark" is created in the scratch database), and reads the streamed response
chunk by chunk as a client would, without keeping it. Each format runs twice: once timed
without tracemalloc (which slows Python down), once under tracemalloc for the peak.
"""

import argparse
import time
import tracemalloc

from _setup import bench_user, django_setup, max_rss_mib


def run(file_format, limit, traced):
    from django.test import RequestFactory

    from common.exports import export_response
    from programs.exports import PARTICIPANTS
    from programs.models import Participant

    request = RequestFactory().get("/")
    request.user = bench_user()
    queryset = Participant.objects.all()
    if limit:
        queryset = Participant.objects.filter(pk__in=Participant.objects.order_by("pk").values("pk")[:limit])
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    response = export_response(
        request=request,
        definition=PARTICIPANTS,
        queryset=queryset,
        file_format=file_format,
        description="benchmark",
    )
    first_chunk_at, size = None, 0
    for chunk in response.streaming_content:
        if first_chunk_at is None:
            first_chunk_at = time.perf_counter() - started
        size += len(chunk)
    total = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if traced else None
    if traced:
        tracemalloc.stop()
    from common.models import ExportLog

    rows = ExportLog.objects.latest("id").row_count
    return rows, first_chunk_at, total, size, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="export only the first N participants")
    parser.add_argument("--formats", default="csv,xlsx")
    args = parser.parse_args()
    django_setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    for file_format in args.formats.split(","):
        rows, first, total, size, _ = run(file_format, args.limit, traced=False)
        _, _, traced_total, _, peak = run(file_format, args.limit, traced=True)
        print(
            f"{file_format}: {rows} rows, first chunk after {first:.3f} s, all in {total:.1f} s "
            f"({rows / total:,.0f} rows/s), {size / 1024 / 1024:.1f} MiB; "
            f"peak Python memory {peak:.1f} MiB (tracemalloc run: {traced_total:.1f} s)"
        )
    print(f"peak RSS of the process: {max_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
