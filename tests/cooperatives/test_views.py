import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from cooperatives.models import Cooperative, RatRecord
from cooperatives.rules import latest_due_book_year
from tests.factories import CooperativeFactory
from tests.languages import unmarked

pytestmark = pytest.mark.django_db

LIST = "/koperasi/"
DUE = latest_due_book_year(datetime.date.today())


def three_statuses(kecamatan=None):
    extra = {"kecamatan": kecamatan} if kecamatan else {}
    return {
        "aktif": CooperativeFactory(name="Koperasi Rajin", last_rat_book_year=DUE, **extra),
        "kurang_aktif": CooperativeFactory(name="Koperasi Telat", last_rat_book_year=DUE - 1, **extra),
        "tidak_aktif": CooperativeFactory(
            name="Koperasi Mati Suri", last_rat_book_year=DUE - 3, runs_business=False, **extra
        ),
    }


def test_status_filter_uses_the_sql_rule(client, serang):
    cooperatives = three_statuses()
    for status, cooperative in cooperatives.items():
        text = client.get(LIST, {"status": status}).text
        assert cooperative.name in text
        assert all(other.name not in text for other in cooperatives.values() if other != cooperative)


def test_status_counts_follow_the_other_filters(client, kecamatan):
    three_statuses(kecamatan["Petir"])
    CooperativeFactory(name="Koperasi Kopo", last_rat_book_year=DUE, kecamatan=kecamatan["Kopo"])
    response = client.get(LIST, {"kecamatan": kecamatan["Petir"].code, "status": "aktif", "fbclid": "IwAR0x"})
    assert [(status.value, n) for status, n, _link in response.context["status_counts"]] == [
        ("aktif", 1),
        ("kurang_aktif", 1),
        ("tidak_aktif", 1),
    ]
    assert "Koperasi Kopo" not in response.text
    # each count links to the same filter with that status: a shareable URL
    assert f'href="?kecamatan={kecamatan["Petir"].code}&amp;status=tidak_aktif"' in response.text
    assert "fbclid" not in response.text.split("<main", 1)[1]  # a shared link's tracking parameter is not passed on


def test_kind_and_merah_putih_filters(client, serang):
    merah_putih = CooperativeFactory(name="Koperasi Desa Merah Putih Uji", is_merah_putih=True, kind="simpan_pinjam")
    other = CooperativeFactory(name="Koperasi Produsen Uji", kind="produsen")
    text = client.get(LIST, {"merah_putih": "ya"}).text
    assert merah_putih.name in text and other.name not in text
    text = client.get(LIST, {"merah_putih": "bukan", "kind": "produsen"}).text
    assert other.name in text and merah_putih.name not in text


@pytest.mark.parametrize(
    "query",
    [{"status": "nonsense"}, {"kind": "x"}, {"kecamatan": "zzz"}, {"merah_putih": "mungkin"}, {"page": "999"}],
)
def test_bad_input_gives_an_explained_empty_result(client, serang, query):
    cooperative = CooperativeFactory()
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert cooperative.name not in response.text
    assert 'class="notice error"' in response.text


def test_list_runs_a_fixed_number_of_queries(client, serang, django_assert_num_queries):
    CooperativeFactory()
    # kecamatan offered, status counts, the list's keys (its count too), page rows, and the agency's
    # identity (common.agency) (cold: nothing in the cache)
    cache.clear()
    with django_assert_num_queries(5):
        client.get(LIST)
    for n in range(45):
        CooperativeFactory(last_rat_book_year=DUE - n % 4, runs_business=bool(n % 2))
    cache.clear()
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert response.text.count('<h2><a href="/koperasi/') == 20
    filters = {"status": "aktif", "order": "-rat", "kecamatan": Cooperative.objects.first().kecamatan_id}
    cache.clear()
    with django_assert_num_queries(6):  # plus the chosen kecamatan checked
        response = client.get(LIST, {**filters, "merah_putih": "bukan"})
    assert response.context["page"].paginator.count > 0


def test_detail_shows_last_rat_and_status_with_reason(client, serang, django_assert_num_queries):
    cooperative = CooperativeFactory(
        name="Koperasi Telat", last_rat_book_year=None, founded_on=datetime.date(2010, 1, 1)
    )
    RatRecord.objects.create(cooperative=cooperative, book_year=DUE - 1, held_on=datetime.date(DUE, 3, 1))
    # cooperative with status, kecamatan and desa; RAT records; the agency's identity (common.agency), first read
    with django_assert_num_queries(3):
        text = client.get(reverse("cooperatives:detail", args=[cooperative.pk])).text
    assert f"tahun buku {DUE - 1}" in text
    assert "kurang aktif" in text
    assert f"RAT tahun buku {DUE} belum dilaksanakan" in text


def test_detail_shows_the_staff_override_reason(client, serang):
    cooperative = CooperativeFactory(
        last_rat_book_year=DUE, status_override="tidak_aktif", status_override_reason="Dibubarkan oleh RAT luar biasa"
    )
    text = client.get(reverse("cooperatives:detail", args=[cooperative.pk])).text
    assert "tidak aktif" in text and "ditetapkan petugas" in text and "Dibubarkan oleh RAT luar biasa" in text


def test_with_english_chosen_names_and_the_staff_reason_are_marked_indonesian(client, serang, settings):
    cooperative = CooperativeFactory(
        name="Koperasi Serba Usaha Uji",
        last_rat_book_year=DUE,
        status_override="tidak_aktif",
        status_override_reason="Dibubarkan oleh RAT luar biasa",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in ("/koperasi/", reverse("cooperatives:detail", args=[cooperative.pk])):
        text = client.get(url).text
        assert '<html lang="en">' in text and "Koperasi Serba Usaha Uji" in text, url
        assert unmarked(text, "Koperasi Serba Usaha Uji", "Dibubarkan oleh RAT") == [], url


def test_unknown_cooperative_is_404(client, serang):
    assert client.get("/koperasi/999999/").status_code == 404
    assert Cooperative.objects.count() == 0
