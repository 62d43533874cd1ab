"""Figures for the selection desk: the applicant list and the spread proposal on a large registry.

Adds N applicants to the demo's open program inside a transaction that is rolled back at the end,
then prints query counts and wall-clock times. Run against a scaled demo database, e.g.:

    DEBUG=true DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate
    DEBUG=true DATABASE_URL=... .venv/bin/python manage.py load_regions
    DEBUG=true DATABASE_URL=... .venv/bin/python manage.py load_demo_data --enterprises 20000 --participants 10000
    DEBUG=true DATABASE_URL=... .venv/bin/python benchmarks/selection_desk.py --applicants 2000
"""

import argparse
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
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from enterprises.models import Enterprise  # noqa: E402
from programs.models import Participant, Program  # noqa: E402
from programs.services import propose_spread  # noqa: E402

SLUG = "pelatihan-kemasan-dan-label-pangan"


class Rollback(Exception):
    pass


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    program = Program.objects.get(slug=SLUG)
    try:
        with transaction.atomic():
            owners = list(
                Enterprise.objects.exclude(owner__participations__program=program)
                .order_by("id")
                .values_list("owner_id", "id")[: args.applicants]
            )
            now = timezone.now()
            Participant.objects.bulk_create(
                Participant(program=program, person_id=p, enterprise_id=e, applied_at=now, turnover_band="lt300jt")
                for p, e in owners
            )
            if connection.vendor == "postgresql":  # as autovacuum would after a day of applications
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE programs_participant")
            user = get_user_model().objects.create_superuser("benchmark-desk", "", "x")
            client = Client()
            client.force_login(user)
            url = f"/admin/programs/applicant/?program__id__exact={program.pk}"
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            _, list_ms = timed(lambda: client.get(url), args.repeat)
            filtered = url + "&pertama=ya"
            _, filtered_ms = timed(lambda: client.get(filtered), args.repeat)
            proposal, spread_ms = timed(lambda: propose_spread(program=program), args.repeat)
            print(f"database: {connection.vendor}")
            print(f"participants in the registry: {Participant.objects.count():,}")
            print(f"applicants to {SLUG}: {program.participants.count():,}")
            print(f"applicant list (100 per page): {len(queries)} queries, median {list_ms:.0f} ms")
            print(f"applicant list filtered to first-timers: median {filtered_ms:.0f} ms")
            considered = proposal.waiting + len(proposal.picks)
            print(f"spread proposal ({len(proposal.picks)} picks of {considered}): median {spread_ms:.0f} ms")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
