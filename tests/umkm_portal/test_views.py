import re

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST_PAGES = ["/", "/pelatihan/", "/koperasi/", "/pasar/", "/umkm/", "/data/"]
BUDGET = 100 * 1024
ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?(?:href|src)="([^"]+)"')


class TestOnTheDemo:
    """Pages full of the demo data, built once for these tests (they only read it)."""

    @pytest.fixture
    def demo(self, shared_demo):
        return shared_demo

    @pytest.mark.parametrize("url", LIST_PAGES)
    def test_first_load_is_under_100_kb_and_every_asset_is_our_own(self, client, demo, url):
        response = client.get(url)
        assert response.status_code == 200
        total = len(response.content)
        assets = ASSET.findall(response.text)
        assert assets, "the stylesheet is linked"
        for asset in assets:
            assert asset.startswith("/static/"), f"{asset} is not served by the portal"
            path = finders.find(asset.removeprefix("/static/"))
            assert path, asset
            with open(path, "rb") as file:
                total += len(file.read())
        assert "<script" not in response.text  # no page needs JavaScript
        assert "@import" not in open(finders.find("css/portal.css")).read()
        assert total < BUDGET, f"{url}: {total} bytes of HTML+CSS+JS"

    def test_language_switch_form_keeps_the_page(self, client, demo):
        response = client.get("/koperasi/?status=aktif")
        assert 'action="/i18n/setlang/"' in response.text
        assert 'name="next" type="hidden" value="/koperasi/?status=aktif"' in response.text
        switched = client.post("/i18n/setlang/", {"language": "en", "next": "/koperasi/?status=aktif"})
        assert switched.status_code == 302 and switched["Location"] == "/koperasi/?status=aktif"
        assert '<html lang="en">' in client.get("/koperasi/?status=aktif").text


def test_navigation_marks_the_current_section(client, serang):
    text = client.get("/pasar/").text
    assert '<a href="/pasar/" aria-current="page">' in text
    assert '<a href="/pelatihan/" aria-current="page">' not in text


def test_404_in_the_portal_look(client, db):
    response = client.get("/koperasi/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert 'class="site-header"' in response.text
    assert reverse("programs:list") in response.text


@pytest.mark.django_db(databases=[])
def test_500_renders_without_database_or_context_processors():
    # No database access is allowed in this test: any query would raise.
    from common.errors import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Terjadi kesalahan di server" in text
    # The portal's stylesheet by its plain static URL (no manifest lookup that could fail in turn),
    # and nothing inline for the Content-Security-Policy to refuse.
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in text
    assert "<style" not in text and "style=" not in text
    assert "{%" not in text and "{{" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/koperasi/99999999999999999999999/",
        "/umkm/99999999999999999999999/",
        "/pelatihan/?q=%00",
        "/pelatihan/?kecamatan=%00",
        "/koperasi/?kecamatan=36.04.11%00",
        "/umkm/?q=" + "x" * 300,
        "/pasar/?order=nama,-pedagang,zz",
    ],
)
def test_hostile_input_is_a_clean_404_or_an_explained_result(client, serang, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404)  # 400: control characters (common.middleware)
    if response.status_code == 200:
        assert 'class="notice error"' in response.text
