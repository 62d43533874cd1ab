import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import EnterpriseFactory
from tests.languages import unmarked

pytestmark = pytest.mark.django_db

LIST = "/umkm/"


def test_only_consenting_enterprises_with_public_fields_only(client, serang):
    shown = EnterpriseFactory(
        name="Emping Bu Siti", products="emping melinjo", public_contact="IG @emping_siti", address="Kios Pasar Uji 5"
    )
    hidden = EnterpriseFactory(name="Usaha Tanpa Izin", catalogue_consent=False)
    for url in (LIST, reverse("enterprises:catalogue_detail", args=[shown.pk])):
        text = client.get(url).text
        assert "Emping Bu Siti" in text and "emping melinjo" in text and "IG @emping_siti" in text
        assert hidden.name not in text
        for secret in (shown.owner.full_name, shown.owner.nik, shown.owner.phone, shown.owner.address, shown.address):
            assert secret not in text
    assert client.get(reverse("enterprises:catalogue_detail", args=[hidden.pk])).status_code == 404


def test_search_and_filters(client, kecamatan):
    a = EnterpriseFactory(name="Keripik Pedas", sector="kuliner", products="keripik", kecamatan=kecamatan["Petir"])
    b = EnterpriseFactory(name="Tas Pandan", sector="kriya", products="tas anyaman", kecamatan=kecamatan["Kopo"])
    text = client.get(LIST, {"q": "anyaman"}).text
    assert b.name in text and a.name not in text
    text = client.get(LIST, {"sector": "kuliner"}).text
    assert a.name in text and b.name not in text
    text = client.get(LIST, {"kecamatan": kecamatan["Kopo"].code}).text
    assert b.name in text and a.name not in text


def test_search_does_not_reach_private_columns(client, serang):
    enterprise = EnterpriseFactory()
    assert enterprise.name not in client.get(LIST, {"q": enterprise.owner.nik}).text
    assert enterprise.name not in client.get(LIST, {"q": enterprise.owner.full_name}).text


@pytest.mark.parametrize("query", [{"sector": "senjata"}, {"kecamatan": "zzz"}, {"page": "999"}, {"order": "owner"}])
def test_bad_input_gives_an_explained_empty_result(client, serang, query):
    enterprise = EnterpriseFactory()
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert enterprise.name not in response.text
    assert 'class="notice error"' in response.text


def test_list_runs_a_fixed_number_of_queries(client, serang, django_assert_num_queries):
    EnterpriseFactory()
    cache.clear()  # the cold path: filter form and results not yet in the cache
    # kecamatan offered, the list's keys (its count too), page rows (owner never read), the agency's
    # identity (common.agency)
    with django_assert_num_queries(4):
        client.get(LIST)
    for _ in range(30):
        EnterpriseFactory()
    cache.clear()
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert response.text.count('<h2><a href="/umkm/') == 20


def test_with_english_chosen_names_products_and_contacts_are_marked_indonesian(client, serang, settings):
    shown = EnterpriseFactory(name="Emping Bu Siti", products="emping melinjo pedas", public_contact="WA Bu Siti sore")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (LIST, reverse("enterprises:catalogue_detail", args=[shown.pk])):
        text = client.get(url).text
        assert '<html lang="en">' in text and "Emping Bu Siti" in text and "emping melinjo pedas" in text, url
        assert unmarked(text, "Emping Bu Siti", "emping melinjo", "WA Bu Siti") == [], url
    # an empty field says so in English, unmarked
    silent = EnterpriseFactory(products="", public_contact="")
    text = client.get(reverse("enterprises:catalogue_detail", args=[silent.pk])).text
    assert "<dd>–</dd>" in text and "<dd>the owner has not chosen a public contact yet</dd>" in text
