"""Name search (common.search): any part of a word of 3+ letters, with or without accents, the
same on SQLite (FTS5 trigram table kept by triggers) and PostgreSQL (pg_trgm index)."""

import pytest
from django.db.models import Q

from enterprises.models import Enterprise, Person
from tests.factories import EnterpriseFactory, PersonFactory
from tests.logins import login_verified

pytestmark = pytest.mark.django_db


def names(words):
    queryset = Enterprise.objects.all()
    for word in words.split():
        queryset = queryset.filter(Q(name__folded_contains=word) | Q(products__folded_contains=word))
    return sorted(queryset.values_list("name", flat=True))


@pytest.fixture
def shops(serang):
    EnterpriseFactory(name="Kopi José Anyer", products="kopi bubuk")
    EnterpriseFactory(name="Keripik Ñoño", products="keripik singkong pedas")
    EnterpriseFactory(name="Tas 50% Anyaman_Pandan", products="")


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("jose", ["Kopi José Anyer"]),
        ("JOSÉ", ["Kopi José Anyer"]),
        ("nono", ["Keripik Ñoño"]),
        ("ripi", ["Keripik Ñoño"]),  # part of a word
        ("singk ped", ["Keripik Ñoño"]),  # every word, in either column
        ("kopi bubuk", ["Kopi José Anyer"]),
        ("any", ["Kopi José Anyer", "Tas 50% Anyaman_Pandan"]),
        ("ny", ["Kopi José Anyer", "Tas 50% Anyaman_Pandan"]),  # short: a scan, same rule
        ("50%", ["Tas 50% Anyaman_Pandan"]),
        ("%", ["Tas 50% Anyaman_Pandan"]),  # LIKE's wildcards are plain characters
        ('"jose', []),
        ("xyz", []),
    ],
)
def test_words_find_names_by_any_part_without_accents(shops, words, found):
    assert names(words) == found


def test_every_write_path_keeps_the_index_in_step(serang, kecamatan):
    shop = EnterpriseFactory(name="Warung Lama")
    assert names("lama") == ["Warung Lama"]
    shop.name = "Warung Baru"
    shop.save()
    assert names("lama") == [] and names("baru") == ["Warung Baru"]
    Enterprise.objects.filter(pk=shop.pk).update(name="Warung Ketiga")
    assert names("baru") == [] and names("ketiga") == ["Warung Ketiga"]
    Enterprise.objects.bulk_create(
        [Enterprise(name="Usaha Massal", owner=shop.owner, sector="jasa", kecamatan=kecamatan["Petir"])]
    )
    assert names("massal") == ["Usaha Massal"]
    shop.delete()
    assert names("ketiga") == []


def test_the_catalogue_searches_without_accents(client, shops):
    page = client.get("/umkm/?q=jose").content.decode()
    assert "Kopi José Anyer" in page and "Keripik" not in page


def test_the_admin_person_search_finds_names_and_only_complete_niks_without_the_permission(client, staff_in, serang):
    person = PersonFactory(full_name="Siti Nurhaliza")
    login_verified(client, staff_in("Bidang UMKM"))
    found = client.get("/admin/enterprises/person/", {"q": "nurha"}).context["cl"].result_list
    assert list(found) == [person]
    assert list(client.get("/admin/enterprises/person/", {"q": person.nik}).context["cl"].result_list) == [person]
    assert not client.get("/admin/enterprises/person/", {"q": person.nik[:8]}).context["cl"].result_list
    assert not client.get("/admin/enterprises/person/", {"q": person.phone}).context["cl"].result_list
    assert Person.objects.filter(full_name__folded_contains=person.nik[:8]).count() == 0
