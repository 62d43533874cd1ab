import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from markets.models import Relocation
from tests.factories import MarketFactory
from tests.languages import unmarked

pytestmark = pytest.mark.django_db

LIST = "/pasar/"


def test_list_shows_kecamatan_stalls_traders_revitalisation_and_days(client, kecamatan):
    MarketFactory(
        name="Pasar Uji Kopo",
        kecamatan=kecamatan["Kopo"],
        kiosk_count=90,
        los_count=60,
        trader_count=150,
        revitalised_year=2020,
        revitalisation_funding="apbn",
        market_days="1,4",
    )
    text = client.get(LIST).text
    assert "Pasar Uji Kopo" in text and "Kopo" in text
    assert "90 kios, 60 los, 150 pedagang" in text
    assert "direvitalisasi 2020" in text
    assert "Senin, Kamis" in text


def test_filters_and_ordering(client, kecamatan):
    old = MarketFactory(name="Pasar Lama", trader_count=5, kecamatan=kecamatan["Petir"])
    new = MarketFactory(name="Pasar Baru", trader_count=50, revitalised_year=2022, kecamatan=kecamatan["Kopo"])
    text = client.get(LIST, {"revitalised": "belum"}).text
    assert old.name in text and new.name not in text
    text = client.get(LIST, {"revitalised": "ya"}).text
    assert new.name in text and old.name not in text
    text = client.get(LIST, {"kecamatan": kecamatan["Petir"].code}).text
    assert old.name in text and new.name not in text
    text = client.get(LIST, {"order": "-pedagang"}).text
    assert text.index("Pasar Baru") < text.index("Pasar Lama")
    text = client.get(LIST, {"order": "pedagang"}).text
    assert text.index("Pasar Lama") < text.index("Pasar Baru")


@pytest.mark.parametrize(
    "query", [{"revitalised": "mungkin"}, {"kecamatan": "zzz"}, {"operating_status": "?"}, {"order": "address"}]
)
def test_bad_input_gives_an_explained_empty_result(client, serang, query):
    market = MarketFactory()
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert market.name not in response.text
    assert 'class="notice error"' in response.text


def test_list_runs_a_fixed_number_of_queries(client, serang, django_assert_num_queries):
    MarketFactory()
    cache.clear()  # the cold path: filter form and results not yet in the cache
    # kecamatan offered, the list's keys (its count too), page rows, the agency's identity (common.agency)
    with django_assert_num_queries(4):
        client.get(LIST)
    for _ in range(30):
        MarketFactory(revitalised_year=2021)
    cache.clear()
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert response.text.count('<h2><a href="/pasar/') == 20


def test_detail_with_relocation(client, serang, django_assert_num_queries):
    market = MarketFactory(name="Pasar Pindah", address="Jalan Raya Pasar No. 1")
    Relocation.objects.create(
        market=market, moved_on=datetime.date(2023, 1, 9), from_location="lokasi lama", to_location="gedung baru"
    )
    # market, relocations, commodities and the latest day with prices, the agency's identity (common.agency)
    with django_assert_num_queries(5):
        text = client.get(reverse("markets:detail", args=[market.slug])).text
    assert "Pasar Pindah" in text and "dari lokasi lama ke gedung baru" in text and "Jalan Raya Pasar No. 1" in text
    assert client.get("/pasar/tidak-ada/").status_code == 404


def test_with_english_chosen_market_names_addresses_and_relocations_are_marked_indonesian(client, serang, settings):
    market = MarketFactory(name="Pasar Pindah", address="Jalan Raya Pasar No. 1")
    Relocation.objects.create(
        market=market,
        moved_on=datetime.date(2023, 1, 9),
        from_location="lokasi lama",
        to_location="gedung baru",
        notes="Pedagang sayur pindah lebih dulu",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (LIST, reverse("markets:detail", args=[market.slug])):
        text = client.get(url).text
        assert '<html lang="en">' in text and "Pasar Pindah" in text, url
        indonesian = ("Pasar Pindah", "Jalan Raya Pasar", "lokasi lama", "gedung baru", "Pedagang sayur")
        assert unmarked(text, *indonesian) == [], url
    assert 'from <span lang="id">lokasi lama</span> to <span lang="id">gedung baru</span>' in text
