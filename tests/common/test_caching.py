"""Public pages from the cache (common.caching): computed once, stale at once after a save."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.caching import data_version
from tests.factories import EnterpriseFactory, MarketFactory

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return body.decode(), len(captured.captured_queries)


def test_saving_a_public_record_makes_the_cache_stale(serang):
    before = data_version()
    assert data_version() == before
    EnterpriseFactory()
    assert data_version() != before


@pytest.mark.parametrize("url", ["/", "/data/", "/data/umkm-per-kecamatan.csv", "/umkm/", "/pasar/"])
def test_a_second_request_reads_the_cache_and_a_save_refreshes_it(client, serang, url):
    MarketFactory(name="Pasar Lama Uji")
    EnterpriseFactory(name="Usaha Lama Uji")
    _first, cold = _get(client, url)
    _again, warm = _get(client, url)
    assert warm < cold
    MarketFactory(name="Pasar Baru Uji")
    EnterpriseFactory(name="Usaha Baru Uji")
    fresh, queries = _get(client, url)
    # The agency's identity (common.agency) is kept apart from the data version: a page reads it
    # once, and a registry save does not make it read again.
    agency_read = 0 if url.endswith(".csv") else 1
    assert queries == cold - agency_read
    if url in ("/umkm/", "/pasar/"):
        assert ("Usaha Baru Uji" if url == "/umkm/" else "Pasar Baru Uji") in fresh


def test_figures_show_the_new_count_after_a_save(client, serang):
    page, _ = _get(client, "/data/umkm-per-kecamatan.csv")
    EnterpriseFactory()
    again, _ = _get(client, "/data/umkm-per-kecamatan.csv")
    assert page != again


# --- The two levels: a per-process memory in front of the shared cache -------------------------


def _two_workers():
    """Two processes' `public` caches over one shared cache (each has its own local memory)."""
    from common.caching import TwoLevelCache

    return TwoLevelCache("worker-a", {}), TwoLevelCache("worker-b", {})


def _clock(monkeypatch, seconds_later):
    import time

    now = time.time() + seconds_later
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: now)
    monkeypatch.setattr("common.caching.time.time", lambda: now)


def test_another_worker_sees_a_new_value_within_two_seconds_the_writer_at_once(monkeypatch):
    from common.caching import LOCAL_SECONDS

    a, b = _two_workers()
    a.set("k", "old", 60)
    assert b.get("k") == "old"  # b keeps it in its own memory now
    a.set("k", "new", 60)
    assert a.get("k") == "new"
    assert b.get("k") == "old"
    _clock(monkeypatch, LOCAL_SECONDS + 0.1)
    assert b.get("k") == "new"
    a.delete("k")
    b._local.clear()
    assert b.get("k") is None


def test_an_expired_value_is_rebuilt_by_one_request_while_the_others_get_the_old_one(monkeypatch):
    from django.core.cache import caches

    from common.caching import PUBLIC_CACHE_SECONDS, cached, public_key

    builds = []
    assert cached("figure", lambda: builds.append(1) or "first") == "first"
    assert cached("figure", lambda: builds.append(1) or "second") == "first"
    assert len(builds) == 1
    _clock(monkeypatch, PUBLIC_CACHE_SECONDS + 5)
    # another request holds the refresh lock: this one gets the old value without building
    caches["default"].add(f"{public_key('figure')}:refreshing", 1, timeout=30)
    assert cached("figure", lambda: builds.append(1) or "second") == "first"
    assert len(builds) == 1
    caches["default"].delete(f"{public_key('figure')}:refreshing")
    assert cached("figure", lambda: builds.append(1) or "second") == "second"
    assert cached("figure", lambda: builds.append(1) or "third") == "second"
    assert len(builds) == 2


def test_a_busy_public_page_reads_the_shared_database_cache_at_most_every_two_seconds(client, serang, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"},
        "public": {"BACKEND": "common.caching.TwoLevelCache", "LOCATION": "public-db-test"},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments-db-test"},
    }
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)  # the test database is made with a memory cache
    EnterpriseFactory(name="Usaha Lama Uji")
    _first, cold = _get(client, "/umkm/")
    page, warm = _get(client, "/umkm/")
    assert "Usaha Lama Uji" in page
    assert warm == 0 < cold
    EnterpriseFactory(name="Usaha Baru Uji")  # the save bumps the version in this worker at once
    fresh, _queries = _get(client, "/umkm/")
    assert "Usaha Baru Uji" in fresh


# --- Bulk writes: every staff write that succeeds makes the public pages stale ---------------------


def test_a_bulk_admin_action_without_save_signals_makes_the_public_pages_stale(client, admin_user, serang):
    from enterprises.models import Enterprise
    from tests.logins import login_verified

    shop = EnterpriseFactory(name="Usaha Belum Diperiksa", verified=False)
    login_verified(client, admin_user)
    before = data_version()
    response = client.post(
        "/admin/enterprises/enterprise/", {"action": "confirm_verified", "_selected_action": [shop.pk]}
    )
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=shop.pk).verified  # written by QuerySet.update: no signal
    assert data_version() != before


@pytest.mark.parametrize(
    ("staff", "status", "refreshed"),
    [(True, 200, True), (True, 302, True), (True, 400, False), (False, 200, False)],
)
def test_which_writes_refresh_the_public_pages(rf, admin_user, staff, status, refreshed):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from common.middleware import StaffWritesRefreshPublicPagesMiddleware

    middleware = StaffWritesRefreshPublicPagesMiddleware(lambda request: HttpResponse(status=status))
    request = rf.post("/admin/anything/")
    request.user = admin_user if staff else AnonymousUser()
    before = data_version()
    middleware(request)
    assert (data_version() != before) is refreshed
    get = rf.get("/admin/anything/")
    get.user = admin_user
    after_post = data_version()
    middleware(get)
    assert data_version() == after_post  # reading never refreshes


@pytest.mark.django_db(transaction=True)
def test_a_stale_value_is_rebuilt_in_a_thread_while_the_request_gets_the_old_one(monkeypatch, settings, serang):
    """The request that notices a value past its time answers at once with the old value; a
    thread of its process rebuilds it (reading the database on its own connection, in the
    request's language) and the next request gets the new one."""
    import threading
    import time

    from django.core.cache import caches
    from django.utils import translation

    from common.caching import PUBLIC_CACHE_SECONDS, cached, public_key
    from enterprises.models import Enterprise

    settings.PUBLIC_CACHE_REBUILD_IN_BACKGROUND = True
    EnterpriseFactory(name="Usaha Satu")

    def build():
        building_thread.append(threading.current_thread())
        return (list(Enterprise.objects.values_list("name", flat=True)), translation.get_language())

    building_thread = []
    translation.activate("en")
    assert cached("count", build) == (["Usaha Satu"], "en")
    Enterprise.objects.update(name="Usaha Dua")  # a change made around the portal: no new data version
    _clock(monkeypatch, PUBLIC_CACHE_SECONDS + 5)
    assert cached("count", build) == (["Usaha Satu"], "en")  # at once, the old value
    lock = f"{public_key('count')}:refreshing"
    for _ in range(200):
        if caches["default"].get(lock) is None:
            break
        time.sleep(0.05)
    assert building_thread[-1] is not threading.main_thread()
    assert cached("count", build) == (["Usaha Dua"], "en")
