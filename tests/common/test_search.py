"""Name search (common.search): any part of a word of 3+ letters, with or without accents, the
same on SQLite (FTS5 trigram table kept by triggers) and PostgreSQL (pg_trgm index)."""

import json

import pytest
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

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


# --- The admin's search across a relation: each table through its own indexes --------------------


@pytest.fixture
def registry(serang):
    siti = PersonFactory(full_name="Siti Aminah")
    budi = PersonFactory(full_name="Budi Santoso")
    return {
        "kopi": EnterpriseFactory(name="Kopi Siti", owner=budi),  # the name says Siti, the owner is Budi
        "tas": EnterpriseFactory(name="Tas Anyaman", owner=siti),
        "emping": EnterpriseFactory(name="Emping Melinjo", owner=budi, nib="9123456789012"),
        "siti": siti,
        "budi": budi,
    }


def _admin_search(client, words):
    response = client.get("/admin/enterprises/enterprise/", {"q": words})
    assert response.status_code == 200
    return sorted(e.name for e in response.context["cl"].result_list)


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("siti", ["Kopi Siti", "Tas Anyaman"]),  # an enterprise's name, or its owner's
        ("amin", ["Tas Anyaman"]),  # part of the owner's name
        ("budi emping", ["Emping Melinjo"]),  # every word, each in either table
        ("budi siti", ["Kopi Siti"]),
        ("ANYAM", ["Tas Anyaman"]),
        ("xyz", []),
    ],
)
def test_the_admin_enterprise_search_finds_names_and_owners(client, admin_user, registry, words, found):
    login_verified(client, admin_user)
    assert _admin_search(client, words) == found


def test_the_admin_enterprise_search_finds_the_owner_by_complete_nik_and_the_nib(client, staff_in, registry):
    login_verified(client, staff_in("Bidang UMKM"))
    assert _admin_search(client, registry["siti"].nik) == ["Tas Anyaman"]
    assert _admin_search(client, registry["siti"].nik[:10]) == []  # never by part of a NIK
    assert _admin_search(client, registry["siti"].phone) == []  # nor by phone, without the permission
    assert _admin_search(client, registry["emping"].nib) == ["Emping Melinjo"]


@pytest.mark.parametrize("list_cap", [0, 1, 500])  # no word listed; only the rarest; every word up to 500 rows
@pytest.mark.parametrize("model", [Enterprise, Person])
def test_the_admin_search_gives_the_rows_of_djangos_own_search(rf, admin_user, registry, monkeypatch, list_cap, model):
    """Same rows as ModelAdmin's plain OR over the join, for every kind of word, whichever word
    is found first and which are tested on its rows."""
    from django.contrib import admin as django_admin

    from common import admin_tools

    monkeypatch.setattr(admin_tools, "SEARCH_LIST_CAP", list_cap)
    PersonFactory(full_name="Siti Budiarti")  # owns no enterprise: her name finds none
    request = rf.get("/admin/")
    request.user = admin_user
    model_admin = django_admin.site._registry[model]
    every_kind = [
        "siti",
        "budi emping",
        "emping budi",
        "siti budi",
        "aminah siti",
        "ti si",  # short words: a scan either way
        f"siti {registry['siti'].nik}",
        registry["budi"].phone,
        f"{registry['emping'].nib} budi",
        "tas",
        '"Kopi Siti"',
        "siti zz",
        "zz",
    ]
    for words in every_kind:
        ours, _ = model_admin.get_search_results(request, model.objects.all(), words)
        django_s, _ = django_admin.ModelAdmin.get_search_results(model_admin, request, model.objects.all(), words)
        assert sorted(ours.values_list("pk", flat=True)) == sorted(django_s.values_list("pk", flat=True)), words
    found, _ = model_admin.get_search_results(request, model.objects.all(), "siti budi")
    assert sorted(found.values_list("pk", flat=True)) == sorted(
        [registry["kopi"].pk] if model is Enterprise else [Person.objects.get(full_name="Siti Budiarti").pk]
    )


def _rows_read(plan, tables):
    """Rows each plan node over `tables` read: those it returned and those it threw away."""
    read = 0
    if plan.get("Relation Name") in tables:
        kept = plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1)
        read += kept + plan.get("Rows Removed by Filter", 0) + plan.get("Rows Removed by Index Recheck", 0)
    return read + sum(_rows_read(child, tables) for child in plan.get("Plans", []))


def test_on_postgresql_the_admin_enterprise_search_reads_only_matching_rows(
    rf, admin_user, registry, kecamatan, monkeypatch
):
    """Among 1,500 enterprises and their owners, a search for a name and a NIK reads a handful of
    rows from each table (through the trigram and exact-value indexes), where Django's OR
    across the join reads them all; with a word in every row, the rare word's rows are found
    first and the common word tested on them alone (every query the search runs counted)."""
    from django.contrib import admin as django_admin
    from django.db import connection

    from common import admin_tools
    from enterprises.admin import EnterpriseAdmin

    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    people = Person.objects.bulk_create(
        Person(full_name=f"Warga {n:04d}", sex="L", kecamatan=kecamatan["Petir"]) for n in range(1500)
    )
    Enterprise.objects.bulk_create(
        Enterprise(name=f"Usaha {n:04d}", owner=person, sector="jasa", kecamatan=kecamatan["Petir"])
        for n, person in enumerate(people)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE enterprises_enterprise, enterprises_person")
    monkeypatch.setattr(admin_tools, "SEARCH_LIST_CAP", 20)  # 500 of 1,500 rows would be a third of them
    request = rf.get("/admin/enterprises/enterprise/")
    request.user = admin_user
    for words in [f"siti {registry['siti'].nik}", "usaha 0042"]:  # "usaha": in every name but three
        with CaptureQueriesContext(connection) as searched:
            found, _ = EnterpriseAdmin(Enterprise, django_admin.site).get_search_results(
                request, Enterprise.objects.all(), words
            )
        sql, params = found.values("pk").query.sql_with_params()
        read = 0
        with connection.cursor() as cursor:
            queries = [q["sql"] for q in searched.captured_queries if not q["sql"].startswith("EXPLAIN")]
            for query, query_params in [*((q, None) for q in queries), (sql, params)]:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query}", query_params)
                plan = cursor.fetchone()[0]
                plan = (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]
                read += _rows_read(plan, {"enterprises_enterprise", "enterprises_person"})
        assert read < 50, (words, read)
    assert sorted(found.values_list("name", flat=True)) == ["Usaha 0042"]
    assert sorted(
        EnterpriseAdmin(Enterprise, django_admin.site)
        .get_search_results(request, Enterprise.objects.all(), f"siti {registry['siti'].nik}")[0]
        .values_list("name", flat=True)
    ) == ["Tas Anyaman"]


@pytest.mark.parametrize("list_cap", [0, 500])
def test_a_search_across_two_relations_gives_the_rows_of_djangos_own_search(
    rf, admin_user, registry, monkeypatch, list_cap
):
    """The participants' admin searches the person's name and NIK and the program's title: each
    word's rows are a UNION over three tables, the same rows as Django's OR across both joins."""
    from django.contrib import admin as django_admin

    from common import admin_tools
    from programs.models import Participant
    from tests.factories import ParticipantFactory, ProgramFactory

    monkeypatch.setattr(admin_tools, "SEARCH_LIST_CAP", list_cap)
    batik = ProgramFactory(title="Pelatihan Batik Siti")
    kopi = ProgramFactory(title="Pelatihan Kopi")
    for program in (batik, kopi):
        for person in (registry["siti"], registry["budi"]):
            ParticipantFactory(program=program, person=person)
    request = rf.get("/admin/")
    request.user = admin_user
    model_admin = django_admin.site._registry[Participant]
    for words in ["siti", "budi kopi", "batik", "pelatihan siti", registry["budi"].nik, "zz", "siti budi"]:
        ours, _ = model_admin.get_search_results(request, Participant.objects.all(), words)
        django_s, _ = django_admin.ModelAdmin.get_search_results(model_admin, request, Participant.objects.all(), words)
        assert sorted(ours.values_list("pk", flat=True)) == sorted(django_s.values_list("pk", flat=True)), words
    found, _ = model_admin.get_search_results(request, Participant.objects.all(), "budi kopi")
    assert [(p.person, p.program) for p in found] == [(registry["budi"], kopi)]


def test_every_admin_list_with_a_search_answers_a_search_of_several_words(client, admin_user, registry):
    """Every search the admin offers goes through the planned search: each answers, whatever
    relation its fields go through (a hidden reverse relation included)."""
    from django.contrib import admin as django_admin

    from common.admin_tools import PersonalDataAdmin

    login_verified(client, admin_user)
    searched = []
    for model, model_admin in django_admin.site._registry.items():
        if isinstance(model_admin, PersonalDataAdmin) and model_admin.search_fields:
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            for words in ["siti", "siti 12 budi"]:
                assert client.get(url, {"q": words}).status_code == 200, (url, words)
            searched.append(model)
    assert Enterprise in searched and Person in searched and len(searched) >= 8
