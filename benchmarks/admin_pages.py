"""Times the back office's busiest pages against the database in DATABASE_URL and prints, per
page, the median time of 5 requests and the number of queries.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/umkm_bench \\
        .venv/bin/python manage.py load_demo_data --enterprises 100000 --participants 50000
    DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=testserver SECURE_SSL_REDIRECT=false \
        DATABASE_URL=… .venv/bin/python benchmarks/admin_pages.py

Run it with DEBUG off, as production runs (cached templates), after ANALYZE on a fresh load.

It logs in as a non-superuser in the Administrator group (created if missing), so permission
checks are part of the figures.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umkm_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from enterprises.models import Enterprise  # noqa: E402
from programs.models import Participant, Program  # noqa: E402
from tests.logins import login_verified  # noqa: E402
from umkm_portal.roles import ensure_roles  # noqa: E402

PAGES = [
    "/admin/",
    "/admin/enterprises/enterprise/",
    "/admin/enterprises/enterprise/?kecamatan__code__exact=36.04.11&sector__exact=kuliner",
    "/admin/enterprises/enterprise/?q=Kopi",
    # the name searches: an owner's name in 4-5 % of the registry, a partial word, one person
    "/admin/enterprises/enterprise/?q=yanti",
    "/admin/enterprises/enterprise/?q=yant+contoh+00012",
    "/admin/enterprises/person/",
    "/admin/enterprises/person/?q=Siti",
    "/admin/enterprises/person/?q=yant",
    "/admin/enterprises/person/?q=siti+contoh+00001",
    "/admin/programs/participant/",
    "/admin/programs/participant/?status__exact=lulus&tahun=2024",
    "/admin/programs/program/",
    "/admin/cooperatives/cooperative/?status=tidak_aktif",
    "/admin/markets/market/",
]


def main():
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # As in the tests: pages render without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    ensure_roles()
    user, _ = get_user_model().objects.get_or_create(username="benchmark-admin", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Administrator"))
    client = Client()
    login_verified(client, user)  # as after the two-step login administrators need
    program = Program.objects.get(slug="pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024")
    pages = [*PAGES, f"/admin/programs/program/{program.pk}/change/"]
    print(
        f"{connection.vendor}: {Enterprise.objects.count():,} enterprises, {Participant.objects.count():,} participants"
    )
    print(f"{'page':<90} {'median ms':>10} {'queries':>8}")
    for url in pages:
        client.get(url)  # warm up
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{url:<90} {statistics.median(timings):>10.0f} {len(queries):>8}")


if __name__ == "__main__":
    main()
