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
    assert queries == cold
    if url in ("/umkm/", "/pasar/"):
        assert ("Usaha Baru Uji" if url == "/umkm/" else "Pasar Baru Uji") in fresh


def test_figures_show_the_new_count_after_a_save(client, serang):
    page, _ = _get(client, "/data/umkm-per-kecamatan.csv")
    EnterpriseFactory()
    again, _ = _get(client, "/data/umkm-per-kecamatan.csv")
    assert page != again
