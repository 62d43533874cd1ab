"""Every public list runs the same queries at page 1 and page 400, counts at most
COUNT_CAP + 1 rows of a big table, and says "lebih dari" past the cap."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.lists import COUNT_CAP, MAX_PAGES, PAGE_SIZE
from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from markets.models import Market
from programs.models import Program

pytestmark = pytest.mark.django_db

ROWS = 400 * PAGE_SIZE + 5  # page 400 exists, with a few rows to spare


@pytest.fixture
def big_lists(kecamatan):
    kecamatan = kecamatan["Petir"]
    owner = Person.objects.create(full_name="Pemilik Uji", sex="P", kecamatan=kecamatan)
    Enterprise.objects.bulk_create(
        Enterprise(
            name=f"Usaha {n:05d}",
            owner=owner,
            sector="kuliner",
            products="keripik",
            kecamatan=kecamatan,
            catalogue_consent=True,
        )
        for n in range(ROWS)
    )
    Cooperative.objects.bulk_create(
        Cooperative(name=f"Koperasi {n:05d}", kind="jasa", kecamatan=kecamatan, founded_on=datetime.date(2000, 1, 1))
        for n in range(ROWS)
    )
    Market.objects.bulk_create(
        Market(name=f"Pasar {n:05d}", slug=f"pasar-{n:05d}", kecamatan=kecamatan) for n in range(ROWS)
    )
    start = datetime.date(2024, 3, 4)
    Program.objects.bulk_create(
        Program(
            title=f"Pelatihan {n:05d}",
            slug=f"pelatihan-{n:05d}",
            theme="pemasaran",
            bidang="umkm",
            venue="Aula",
            city="Serang",
            start_date=start,
            end_date=start,
            quota=20,
            funding_source="apbd",
            target_group="umkm",
            publication_state=Program.PublicationState.PUBLISHED,
        )
        for n in range(ROWS)
    )
    return kecamatan


def _queries(client, url):
    cache.clear()  # the filter form's fragment and choices are cached: compare cold requests
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


LISTS = [
    "/umkm/?{}",
    "/umkm/?sector=kuliner&kecamatan={kecamatan}&order=-nama&{}",
    "/umkm/?q=usaha&{}",
    "/koperasi/?{}",
    "/koperasi/?kind=jasa&merah_putih=bukan&kecamatan={kecamatan}&order=-rat&{}",
    "/koperasi/?q=koperasi&{}",
    "/pasar/?{}",
    "/pasar/?kecamatan={kecamatan}&revitalised=belum&order=-pedagang&{}",
    "/pelatihan/?{}",
    "/pelatihan/?year=2024&theme=pemasaran&status=selesai&order=judul&{}",
    "/pelatihan/?q=pelatihan&{}",
]
BIG_TABLES = (
    "enterprises_enterprise",
    "enterprises_person",
    "programs_participant",
    "programs_program",
    "markets_market",
)


@pytest.mark.parametrize("pattern", LISTS)
def test_page_400_runs_the_queries_of_page_1_and_counts_a_bounded_number_of_rows(client, big_lists, pattern):
    url = pattern.replace("{kecamatan}", big_lists.code)
    first, first_sql = _queries(client, url.format("page=1"))
    deep, deep_sql = _queries(client, url.format("page=400"))
    assert len(first_sql) == len(deep_sql), "\n".join(first_sql + ["----"] + deep_sql)
    assert len(deep.context["page"].object_list) == PAGE_SIZE
    assert deep.context["page"].number == 400
    # the list's keys are read once, bounded: the count and every page are slices of them
    assert sum(bool(re.search(rf"LIMIT {COUNT_CAP + 1}\b", sql)) for sql in deep_sql) == 1, deep_sql
    for sql in deep_sql:
        if "COUNT(" in sql and any(f'"{table}"' in sql for table in BIG_TABLES):
            assert re.search(rf"LIMIT {COUNT_CAP + 1}\b", sql), sql
        # no OFFSET over joined rows: the deep page reads primary keys only, then 20 rows by key
        if "OFFSET" in sql:
            assert re.match(r'SELECT "\w+"\."id" AS "pk" FROM', sql) or "DISTINCT" in sql, sql


def test_past_the_cap_the_list_says_more_than_and_offers_the_first_pages_only(client, kecamatan, settings):
    import common.lists

    kecamatan = kecamatan["Petir"]
    owner = Person.objects.create(full_name="Pemilik Uji", sex="P", kecamatan=kecamatan)
    Enterprise.objects.bulk_create(
        Enterprise(name=f"Usaha {n:03d}", owner=owner, sector="jasa", kecamatan=kecamatan, catalogue_consent=True)
        for n in range(45)
    )
    paginator = common.lists.CappedPaginator(Enterprise.objects.for_catalogue(), 10, cap=30)
    assert paginator.capped and paginator.count == 31 and paginator.num_pages == 3
    assert [e.name for e in paginator.page(3)] == [f"Usaha {n:03d}" for n in range(20, 30)]

    response = client.get("/umkm/")
    assert "lebih dari" not in response.content.decode().lower()  # 45 rows: counted exactly
    assert "45 UMKM ditemukan" in response.content.decode()


def test_a_page_beyond_the_cap_is_explained(client, monkeypatch, kecamatan):
    import common.lists

    monkeypatch.setattr(common.lists, "COUNT_CAP", 20)
    monkeypatch.setattr(common.lists.CappedPaginator.__init__, "__kwdefaults__", {"cap": 20, "keep_in_cache": True})
    kecamatan = kecamatan["Petir"]
    owner = Person.objects.create(full_name="Pemilik Uji", sex="P", kecamatan=kecamatan)
    Enterprise.objects.bulk_create(
        Enterprise(name=f"Usaha {n:03d}", owner=owner, sector="jasa", kecamatan=kecamatan, catalogue_consent=True)
        for n in range(45)
    )
    page = client.get("/umkm/").content.decode()
    assert "Lebih dari 20 UMKM ditemukan" in page
    beyond = client.get("/umkm/?page=3").content.decode()
    assert "hanya menampilkan 1 halaman pertama" in beyond


def test_the_deepest_page_is_the_cap():
    assert MAX_PAGES * PAGE_SIZE == COUNT_CAP


def test_a_further_page_of_the_same_list_reads_only_its_rows(client, big_lists):
    cache.clear()
    client.get("/umkm/?q=usaha&page=1")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/umkm/?q=usaha&page=250")
    assert [row.name for row in response.context["page"].object_list][:1] == ["Usaha 04980"]
    assert len(captured.captured_queries) == 1, [q["sql"] for q in captured.captured_queries]
    assert "LIMIT" not in captured.captured_queries[0]["sql"]


def test_a_shared_links_tracking_parameter_reads_the_cached_page_and_is_not_passed_on(client, big_lists):
    """`?fbclid=…` (a link shared on Facebook; utm_source alike) is no filter: the page is the
    same cached one, with no query for it, and its links carry only the filters."""
    cache.clear()
    plain = client.get("/umkm/?q=usaha&page=2").content.decode()
    with CaptureQueriesContext(connection) as captured:
        tracked = client.get("/umkm/?q=usaha&page=2&fbclid=IwAR0abc&utm_source=wa").content.decode()
    assert not captured.captured_queries, [q["sql"] for q in captured.captured_queries]
    main = tracked.split("<main", 1)[1]
    assert 'href="?q=usaha&amp;page=3"' in main
    assert "fbclid" not in main and "utm_source" not in main
    assert main == plain.split("<main", 1)[1]
