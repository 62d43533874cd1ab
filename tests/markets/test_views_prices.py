"""The price pages: the enumerator's entry page (staff), the agency's watch list, the public pages
with their SVG charts and tables, and the export in the SP2KP long shape."""

import csv
import datetime
import io
import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from markets.models import PriceObservation
from tests.factories import CommodityFactory, MarketFactory, PriceObservationFactory, ReferencePriceFactory
from tests.languages import unmarked
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

ENTRY = "/pasar/harga/catat/"
SVG = "{http://www.w3.org/2000/svg}"


def today():
    return timezone.localdate()


def ago(days):
    return today() - datetime.timedelta(days=days)


@pytest.fixture
def market(serang):
    return MarketFactory(name="Pasar Kragilan", slug="pasar-kragilan", code="3604-006")


@pytest.fixture
def rice(db):
    return CommodityFactory(name="Beras medium", slug="beras-medium", position=1)


@pytest.fixture
def chilli(db):
    return CommodityFactory(name="Cabai rawit merah", slug="cabai-rawit-merah", position=2)


@pytest.fixture
def enumerator(staff_in, client):
    login_verified(client, staff_in("Bidang Perdagangan"))
    return client


def entry_url(market, day=None):
    return f"{ENTRY}?pasar={market.slug}&tanggal={(day or today()).isoformat()}"


# --- who may enter -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "allowed"),
    [
        ("Bidang Perdagangan", True),
        ("Administrator", True),
        ("Bidang UMKM", False),
        ("Bidang Koperasi", False),
        ("Bidang Perindustrian", False),
        ("Pimpinan (hanya baca)", False),
    ],
)
def test_only_perdagangan_and_administrators_enter_prices_and_everyone_on_staff_watches(
    client, staff_in, market, rice, group, allowed
):
    login_verified(client, staff_in(group))
    assert client.get(entry_url(market)).status_code == (200 if allowed else 403)
    response = client.post(entry_url(market), {f"harga_{rice.pk}": "13000"})
    assert response.status_code == (302 if allowed else 403)
    assert PriceObservation.objects.exists() == allowed
    assert client.get("/pasar/harga/pantau/").status_code == 200


def test_the_public_reads_prices_but_not_the_staff_pages(client, market, rice):
    PriceObservationFactory(market=market, commodity=rice, price=13000)
    assert client.get("/pasar/harga/").status_code == 200
    assert client.get(ENTRY).status_code == 302  # to the login page
    assert client.get("/pasar/harga/pantau/").status_code == 302


# --- the entry page ------------------------------------------------------------------------------


def test_entry_page_shows_one_numeric_field_per_commodity_with_its_last_price(enumerator, market, rice, chilli):
    PriceObservationFactory(market=market, commodity=rice, observed_on=ago(3), price=13000)
    text = enumerator.get(entry_url(market)).text
    assert len(re.findall(r'<input type="text" name="harga_\d+"[^>]* inputmode="numeric"', text)) == 2
    assert "terakhir Rp13.000" in text and "belum ada harga" in text
    assert "<script" not in text and not re.search(r"\son[a-z]+=", text)


def test_the_usual_market_comes_first(enumerator, market, rice, serang):
    other = MarketFactory(name="Pasar Anyar")
    user = enumerator.get(ENTRY).wsgi_request.user
    assert re.search(r'name="pasar"[^>]*>\s*<option value="([^"]+)"', enumerator.get(ENTRY).text).group(1) == other.slug
    PriceObservationFactory(market=market, commodity=rice, observed_on=ago(1), entered_by=user)
    assert (
        re.search(r'name="pasar"[^>]*>\s*<option value="([^"]+)"', enumerator.get(ENTRY).text).group(1) == market.slug
    )


def test_saving_a_day_records_who_entered_and_a_correction_keeps_history(enumerator, market, rice, chilli):
    response = enumerator.post(entry_url(market), {f"harga_{rice.pk}": "13.000", f"harga_{chilli.pk}": ""})
    assert response.status_code == 302
    observation = PriceObservation.objects.get()
    assert (observation.commodity, observation.price, observation.observed_on) == (rice, 13000, today())
    assert observation.entered_by.username == "bidang-perdagangan"
    enumerator.post(entry_url(market), {f"harga_{rice.pk}": "13500"})
    observation.refresh_from_db()
    assert observation.price == 13500 and PriceObservation.objects.count() == 1
    assert [h.price for h in observation.history.order_by("history_date")] == [13000, 13500]


def test_an_outlier_is_saved_only_once_confirmed_and_nothing_is_half_saved(enumerator, market, rice, chilli):
    PriceObservationFactory(market=market, commodity=chilli, observed_on=ago(1), price=50000)
    data = {f"harga_{rice.pk}": "13000", f"harga_{chilli.pk}": "80000"}
    response = enumerator.post(entry_url(market), data)
    assert response.status_code == 400
    assert "Berubah +60% dari harga terakhir (Rp50.000)" in response.text
    assert f'name="yakin_{chilli.pk}"' in response.text and f'name="yakin_{rice.pk}"' not in response.text
    assert PriceObservation.objects.filter(observed_on=today()).count() == 0
    response = enumerator.post(entry_url(market), {**data, f"yakin_{chilli.pk}": "on"})
    assert response.status_code == 302
    assert PriceObservation.objects.filter(observed_on=today()).count() == 2


@pytest.mark.parametrize("typed", ["12.5", "dua belas ribu", "99999999999"])
def test_bad_prices_get_a_sentence_and_nothing_is_saved(enumerator, market, rice, chilli, typed):
    response = enumerator.post(entry_url(market), {f"harga_{rice.pk}": "13000", f"harga_{chilli.pk}": typed})
    assert response.status_code == 400
    assert "Tulis harga dalam rupiah tanpa desimal" in response.text
    assert not PriceObservation.objects.exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?pasar=tidak-ada", "Pilih pasar dari daftar."),
        ("?tanggal=kemarin", "Tulis tanggal seperti 31/12/2026."),
        ("?tanggal=2999-01-01", "Harga dicatat untuk hari ini atau hari yang sudah lewat."),
    ],
)
def test_bad_market_or_date_is_explained(enumerator, market, rice, query, message):
    response = enumerator.get(ENTRY + query)
    assert response.status_code == 400 and message in response.text


def test_the_date_is_typed_dd_mm_yyyy_as_on_the_application_form(enumerator, market, rice, settings):
    """A browser's date picker shows mm/dd/yyyy on a phone set to English: the day is a text box
    with the DD/MM/YYYY hint, the one the application form uses, and 04/01 is the 4th of January
    whatever the language."""
    text = enumerator.get(entry_url(market)).text  # links carry the ISO date
    box = re.search(r'<input[^>]*name="tanggal"[^>]*>', text).group()
    assert 'type="text"' in box and 'placeholder="DD/MM/YYYY"' in box and 'inputmode="numeric"' in box
    assert f'value="{today():%d/%m/%Y}"' in box and 'type="date"' not in text
    ambiguous = next(day for day in map(ago, range(70)) if day.day <= 12 and day.day != day.month)
    enumerator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = enumerator.get(ENTRY, {"pasar": market.slug, "tanggal": f"{ambiguous:%d/%m/%Y}"})
    assert response.status_code == 200 and response.context["day"] == ambiguous
    assert '<html lang="en"' in response.text


def test_an_empty_form_is_explained(enumerator, market, rice):
    response = enumerator.post(entry_url(market), {f"harga_{rice.pk}": ""})
    assert response.status_code == 400 and "Belum ada harga yang diisi." in response.text


# --- the agency's watch list --------------------------------------------------------------------


def test_watch_page_shows_rises_missing_markets_and_het(enumerator, market, rice, serang):
    quiet = MarketFactory(name="Pasar Sepi")
    ReferencePriceFactory(commodity=rice, price=13500, valid_from=ago(100))
    PriceObservationFactory(market=market, commodity=rice, observed_on=ago(7), price=12000)
    PriceObservationFactory(market=market, commodity=rice, observed_on=today(), price=14000)
    PriceObservationFactory(market=quiet, commodity=rice, observed_on=ago(10), price=12000)
    text = enumerator.get("/pasar/harga/pantau/").text
    rises = text[text.index('id="naik"') : text.index("</table>", text.index('id="naik"'))]
    assert "Beras medium" in rises and "+16,7%" in rises and "Pasar Kragilan" in rises
    missing = text[text.index('id="belum-dicatat"') :]
    assert "Pasar Sepi" in missing[: missing.index("</ul>")]
    assert "Pasar Kragilan" not in missing[: missing.index("</ul>")]
    above = text[text.index('id="di-atas-het"') :]
    assert "Rp14.000" in above and "Rp13.500" in above


# --- public pages ---------------------------------------------------------------------------------


def _svg(text, index=0):
    start = [m.start() for m in re.finditer("<svg", text)][index]
    return ElementTree.fromstring(text[start : text.index("</svg>", start) + 6])


def test_index_shows_the_median_het_flag_and_a_chart_with_its_table(client, serang, rice):
    markets = [MarketFactory() for _ in range(3)]
    ReferencePriceFactory(commodity=rice, price=13500, valid_from=ago(400))
    for weeks in range(13):
        for market, price in zip(markets, (13000, 14000, 15000), strict=True):
            PriceObservationFactory(market=market, commodity=rice, observed_on=ago(7 * weeks), price=price + weeks * 10)
    text = client.get("/pasar/harga/").text
    assert "Rp14.000" in text  # the median of 13000, 14000, 15000 today
    assert "di atas HET" in text
    svg = _svg(text)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "13 titik mingguan" in desc.text and "menjadi Rp14.000" in desc.text
    points = svg.find(f"{SVG}polyline").get("points").split()
    circles = [f"{float(c.get('cx')):.1f},{float(c.get('cy')):.1f}" for c in svg.findall(f"{SVG}circle")]
    assert len(points) == 13 and circles == points  # numbers in SVG syntax whatever the page's language
    ys = [float(point.split(",")[1]) for point in points]
    assert ys == sorted(ys) and ys[0] < ys[-1]  # the price fell week by week: each point lower on screen
    assert svg.find(f"{SVG}line[@class='reference']") is not None  # the HET line
    table = text[text.index('<details class="chart-table">') : text.index("</details>")]
    assert table.count("<tr>") == 14  # heading + 13 points, the same as the chart
    assert "Rp14.120" in table and "Rp14.000" in table  # 12 weeks ago and today


def test_commodity_and_market_pages_show_a_year_and_no_staff_names(client, market, rice, staff_in):
    enumerator = staff_in("Bidang Perdagangan")
    enumerator.first_name, enumerator.last_name = "Siti", "Pencatat"
    enumerator.save()
    for weeks in range(53):
        PriceObservationFactory(
            market=market, commodity=rice, observed_on=ago(7 * weeks), price=12000 + weeks, entered_by=enumerator
        )
    for url in ("/pasar/harga/beras-medium/", "/pasar/pasar-kragilan/harga/", "/pasar/pasar-kragilan/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Siti" not in response.text and "bidang-perdagangan" not in response.text, url
    text = client.get("/pasar/harga/beras-medium/").text
    assert len(_svg(text).find(f"{SVG}polyline").get("points").split()) == 53
    assert "Pasar Kragilan" in text
    assert "Rp12.000" in client.get("/pasar/pasar-kragilan/").text
    assert client.get("/pasar/harga/tidak-ada/").status_code == 404


def test_with_english_chosen_commodity_and_market_names_are_marked_indonesian(client, market, rice):
    spinach = CommodityFactory(name="Bayam hijau", slug="bayam-hijau", unit="ikat", position=3)
    for weeks in range(13):
        PriceObservationFactory(market=market, commodity=rice, observed_on=ago(7 * weeks), price=12000 + weeks)
        PriceObservationFactory(market=market, commodity=spinach, observed_on=ago(7 * weeks), price=3000 + weeks)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = ["/pasar/harga/", "/pasar/harga/beras-medium/", "/pasar/pasar-kragilan/harga/", "/pasar/pasar-kragilan/"]
    for url in pages:
        text = client.get(url).text
        assert '<html lang="en">' in text and "Beras medium" in text, url
        assert url == "/pasar/harga/beras-medium/" or "/ikat" in text, url  # the unit, beside each name
        # names in tables, headings, sentences, chart captions; the SVG's own <title> is text only
        assert unmarked(text, "Beras medium", "Bayam hijau", "ikat", "Pasar Kragilan") == [], url
    text = client.get("/pasar/pasar-kragilan/harga/?komoditas=bayam-hijau").text
    assert '<h3>Price of <span lang="id">Bayam hijau</span> per <span lang="id">ikat</span> at' in text


def test_public_pages_run_a_fixed_number_of_queries(client, serang, rice, chilli, django_assert_num_queries):
    from django.core.cache import cache

    market = MarketFactory(slug="pasar-satu")
    PriceObservationFactory(market=market, commodity=rice)
    # figures: (commodities or markets,) latest day, observations, references; the pages add the
    # commodity or market they are about, and the market page its commodities; cold, the agency's
    # identity (common.agency).
    counts = {"/pasar/harga/": (5, 0), "/pasar/harga/beras-medium/": (6, 1), "/pasar/pasar-satu/harga/": (6, 1)}
    urls = list(counts)
    for url in urls:
        cache.clear()
        with django_assert_num_queries(counts[url][0]):
            client.get(url)
    more = [rice, chilli, CommodityFactory()]
    for other in [market] + [MarketFactory() for _ in range(5)]:
        for commodity in more:
            for back in range(1, 60, 4):
                PriceObservationFactory(market=other, commodity=commodity, observed_on=ago(back))
    for url in urls:
        cache.clear()
        with django_assert_num_queries(counts[url][0]):
            client.get(url)
        with django_assert_num_queries(counts[url][1]):  # the figures come from the cache
            client.get(url)


# --- export ---------------------------------------------------------------------------------------


def test_csv_export_has_the_sp2kp_long_shape(client, market, rice, chilli):
    PriceObservationFactory(market=market, commodity=rice, observed_on=ago(1), price=13000)
    PriceObservationFactory(market=market, commodity=chilli, observed_on=ago(1), price=55000)
    PriceObservationFactory(market=market, commodity=rice, observed_on=ago(400), price=9000)  # over a year ago
    response = client.get("/pasar/harga/ekspor.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert (
        rows
        == [
            ["Tanggal", "Kode pasar", "Pasar", "Komoditas", "Satuan", "Harga"],
            [ago(1).isoformat(), '="3604"', "Pasar Kragilan", "Beras medium", "kg", "13000"],
            [ago(1).isoformat(), '="3604"', "Pasar Kragilan", "Cabai rawit merah", "kg", "55000"],
        ]
        or rows[1][1] == "3604-006"
    )


def test_xlsx_export_by_commodity_keeps_dates_and_numbers(client, market, rice, chilli):
    PriceObservationFactory(market=market, commodity=rice, observed_on=ago(1), price=13000)
    PriceObservationFactory(market=market, commodity=chilli, observed_on=ago(1), price=55000)
    response = client.get("/pasar/harga/ekspor.xlsx?komoditas=beras-medium")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Tanggal", "Kode pasar", "Pasar", "Komoditas", "Satuan", "Harga"]
    assert rows[1][1:] == ["3604-006", "Pasar Kragilan", "Beras medium", "kg", 13000]
    assert rows[1][0].date() == ago(1)
    assert len(rows) == 2
    assert client.get("/pasar/harga/ekspor.pdf").status_code == 404
    assert client.get("/pasar/harga/ekspor.csv?pasar=tidak-ada").status_code == 404


def test_export_runs_a_fixed_number_of_queries(client, market, rice, django_assert_num_queries):
    PriceObservationFactory(market=market, commodity=rice)
    with django_assert_num_queries(3):  # commodity, latest day, rows
        b"".join(client.get("/pasar/harga/ekspor.csv?komoditas=beras-medium").streaming_content)
    for back in range(1, 60):
        PriceObservationFactory(market=market, commodity=rice, observed_on=ago(back))
    with django_assert_num_queries(3):
        b"".join(client.get("/pasar/harga/ekspor.csv?komoditas=beras-medium").streaming_content)
