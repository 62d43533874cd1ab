"""Times the name searches alone, against the database in DATABASE_URL: the queries each search
runs, not the page around them (median of 5 after one warm-up, in ms).

    DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=x DATABASE_URL=… .venv/bin/python benchmarks/search.py

- catalogue: `/umkm/?q=…`, the list's first 10,001 keys in order (what `CappedPaginator` reads
  once per list and keeps in the cache), through the trigram index of name and products;
- admin person / enterprise: the admin's search (`get_search_results`) as an administrator,
  then what its list page reads through the admin's paginator: the first 10,001 keys in the
  list's order (the count) and the first page's 50 rows by key.
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

from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from common.lists import COUNT_CAP  # noqa: E402
from enterprises.filters import CatalogueFilter  # noqa: E402
from enterprises.models import Enterprise, Person  # noqa: E402
from umkm_portal.roles import ensure_roles  # noqa: E402

WORDS = ["siti", "yant", "emping", "kopi siti", "contoh 00012", "siti contoh 00001"]


def median_ms(run):
    run()
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def catalogue(words):
    rows = CatalogueFilter({"q": words}, queryset=Enterprise.objects.for_catalogue()).qs
    return lambda: list(rows.values_list("pk", flat=True)[: COUNT_CAP + 1])


def admin_search(model, words, request):
    model_admin = admin.site._registry[model]
    ordering = [*model_admin.get_ordering(request), "-pk"]

    def run():
        found, _ = model_admin.get_search_results(request, model_admin.get_queryset(request), words)
        paginator = model_admin.get_paginator(request, found.order_by(*ordering), model_admin.list_per_page)
        assert paginator.count >= 0
        list(paginator.page(1).object_list)

    return run


def main():
    ensure_roles()
    user, _ = get_user_model().objects.get_or_create(username="benchmark-admin", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Administrator"))
    request = RequestFactory().get("/admin/")
    request.user = user
    print(f"{connection.vendor}: {Enterprise.objects.count():,} enterprises, {Person.objects.count():,} people")
    print(f"{'words':<22} {'catalogue':>10} {'admin person':>13} {'admin enterprise':>17}   (ms, median of 5)")
    for words in WORDS:
        figures = [
            median_ms(catalogue(words)),
            median_ms(admin_search(Person, words, request)),
            median_ms(admin_search(Enterprise, words, request)),
        ]
        print(f"{words:<22} {figures[0]:>10.1f} {figures[1]:>13.1f} {figures[2]:>17.1f}")


if __name__ == "__main__":
    main()
