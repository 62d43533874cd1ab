"""Times a program's admin page (and its cohort-entry screen) with 20, 50 and 100 participants:
the median of 5 requests (wall clock, and the CPU time of this process, which a busy machine
disturbs less) and the number of queries, which must not grow with the cohort.

    .venv/bin/python benchmarks/program_page.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/umkm_bench .venv/bin/python benchmarks/program_page.py

The database in DATABASE_URL (by default a scratch SQLite file) is migrated and given Serang's
regions if it has none; the programs, people and enterprises are made inside a transaction
rolled back at the end, so the script can be run again. It runs with DEBUG off, as production
does (cached templates), logged in as a non-superuser in the Administrator group, so permission
checks are part of the figures.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/umkm_bench_program_page.sqlite3")
for name, value in {
    "DEBUG": "false",
    "SECRET_KEY": "benchmark-only-secret-key",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
}.items():
    os.environ.setdefault(name, value)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umkm_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SIZES = [20, 50, 100]
ROUNDS = 5


class Rollback(Exception):
    pass


def build_program(size, kecamatan):
    import datetime

    from enterprises.models import Enterprise, Person
    from programs.models import Participant, Program

    program = Program.objects.create(
        title=f"Pelatihan Benchmark {size}", slug=f"pelatihan-benchmark-{size}", theme="pemasaran", bidang="umkm",
        venue="Aula", city="Serang", start_date=datetime.date(2025, 5, 5), end_date=datetime.date(2025, 5, 7),
        quota=size, funding_source="apbd", target_group="umkm",
    )  # fmt: skip
    for index in range(size):
        place = kecamatan[index % len(kecamatan)]
        person = Person.objects.create(
            full_name=f"Peserta Benchmark {size}-{index:03d}",
            nik=f"{place.nik_prefix}{41 + index % 28:02d}0190{SIZES.index(size) + 1}{index:03d}",
            sex="P",
            kecamatan=place,
        )
        enterprise = Enterprise.objects.create(
            name=f"Usaha Benchmark {size}-{index:03d}", owner=person, sector="kuliner", kecamatan=place
        )
        Participant.objects.create(program=program, person=person, enterprise=enterprise, status="terpilih")
    return program


def measure(client, url):
    client.get(url)  # warm up
    timings, cpu, counts, size = [], [], set(), 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(queries))
        size = len(response.content)
    return statistics.median(timings), statistics.median(cpu), sorted(counts), size


def main():
    from regions.models import Kecamatan

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    if not Kecamatan.objects.filter(kabupaten_id=settings.PORTAL_DISTRICT).exists():
        call_command("load_regions", verbosity=0)
    call_command("setup_roles", verbosity=0)
    kecamatan = list(Kecamatan.objects.filter(kabupaten_id=settings.PORTAL_DISTRICT).order_by("code"))
    print(f"{connection.vendor}, DEBUG off, median of {ROUNDS} requests")
    print(f"{'page':<22} {'participants':>12} {'median ms':>10} {'CPU ms':>7} {'queries':>8} {'KB':>6}")
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user("benchmark-program-page", is_staff=True)
            user.groups.add(Group.objects.get(name="Administrator"))
            client = Client()
            client.force_login(user)
            for size in SIZES:
                program = build_program(size, kecamatan)
                for label, url in (
                    ("program page", f"/admin/programs/program/{program.pk}/change/"),
                    ("cohort-entry screen", f"/admin/programs/program/{program.pk}/angkatan/"),
                ):
                    ms, cpu_ms, counts, size_bytes = measure(client, url)
                    queries = "/".join(str(count) for count in counts)
                    print(f"{label:<22} {size:>12} {ms:>10.0f} {cpu_ms:>7.0f} {queries:>8} {size_bytes / 1024:>6.0f}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
