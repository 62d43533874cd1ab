"""Personal data is hidden at the query layer (issue 10): every registered admin, every personal
field (the models' PERSONAL_FIELDS) and every path to one through relations, every lookup the
admin accepts, ordering, search, autocomplete, history, change pages and exports, as every group
without enterprises.view_personal_identifiers. A guess is refused (400/403) or answered exactly
as a wrong guess is, and no page carries the person's NIK, phone, address or birth date.

Nothing here names a model's personal fields: a new model, admin or personal field is covered
as soon as it is registered or declared.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from common.admin_tools import PersonalDataAdmin
from common.models import AgencyProfile
from common.personal import personal_fields_of, reaches_personal_field
from cooperatives.models import Cooperative
from enterprises.models import AnnualReport, Enterprise, Person
from markets.models import Market, Relocation
from programs.models import Participant, Partner
from regions.models import Kecamatan
from tests.conftest import SERANG, ensure_serang
from tests.factories import ProgramFactory
from tests.logins import login_verified
from tests.once import built_once
from umkm_portal.roles import PORTAL_APPS, ROLE_NAMES

pytestmark = pytest.mark.django_db

READERS = [name for name in ROLE_NAMES if name != "Administrator"]
LOOKUPS = ["", "exact", "iexact", "startswith", "istartswith", "contains", "icontains", "in", "gt", "gte", "lt"]
LOOKUPS += ["range", "regex", "isnull", "year"]
REFUSED = {400, 403}

NIK = "3604115508900001"
PHONE, OLD_PHONE = "081298765432", "081311112222"
ADDRESS, OLD_ADDRESS = "Jalan Xylofon Rahasia 17", "Kampung Quokka Lama 3"
BORN = datetime.date(1990, 8, 15)
BIRTH_PLACE = "Zanzibarkota"
EMAIL = "siti.rahasia@example.org"
SECRETS = [NIK, EMAIL, PHONE, OLD_PHONE, ADDRESS, OLD_ADDRESS, "Xylofon Rahasia", "Quokka Lama", BIRTH_PLACE]
SECRETS += ["15 Agustus 1990", "1990-08-15", "15/08/1990", "15-08-1990", "Aug. 15, 1990", "August 15, 1990"]
SECRETS += ["15 August 1990"]  # English as umkm_portal/formats writes it
# What the person's data is, and a wrong guess of the same shape, per personal field.
RIGHT = {"nik": NIK, "phone": PHONE, "address": ADDRESS, "birth_date": "1990-08-15", "birth_year": "1990"}
RIGHT |= {"birth_place": BIRTH_PLACE, "email": EMAIL}
WRONG = {"nik": "9171045203850002", "phone": "089955554444", "address": "Gang Anggrek Palsu 9"}
WRONG |= {"birth_date": "1971-02-03", "birth_year": "1971", "birth_place": "Qwertyville"}
WRONG |= {"email": "orang.lain@example.org"}
# Partial guesses typed in a search box, with a wrong guess of the same length.
SEARCH_GUESSES = [
    (NIK[:6], "917104"),
    (NIK[:12], "917104520385"),
    (PHONE[:6], "089955"),
    (PHONE, "089955554444"),  # the complete phone: an exact search only for the permission holders
    ("Xylofon", "Qwzefon"),
    ("1990-08-15", "1971-02-03"),
    ("3604%", "9171%"),
    ("3604_______0001", "9171_______0002"),
]


def build_people():
    """The person whose data must not leak, with an audit trail of a changed phone and address,
    an enterprise, a training place and an application; and a neighbour to tell lists apart."""
    place = Kecamatan.objects.get(kabupaten_id=SERANG, name="Kragilan")
    victim = Person.objects.create(
        full_name="Sri Wahyuningsih",
        sex="P",
        nik=NIK,
        phone=OLD_PHONE,
        address=OLD_ADDRESS,
        birth_place=BIRTH_PLACE,
        birth_date=BORN,
        birth_year=BORN.year,
        email=EMAIL,
        kecamatan=place,
    )
    victim.phone, victim.address = PHONE, ADDRESS
    victim.save()
    neighbour = Person.objects.create(
        full_name="Budi Santoso",
        sex="L",
        nik="3604110101800002",
        phone="087700001111",
        address="Kampung Sebelah 2",
        birth_date=datetime.date(1980, 1, 1),
        birth_year=1980,
        kecamatan=place,
    )
    enterprise = Enterprise.objects.create(name="Keripik Sukamaju", owner=victim, sector="kuliner", kecamatan=place)
    AnnualReport.objects.create(enterprise=enterprise, year=2024, annual_turnover=50_000_000)
    Enterprise.objects.create(name="Bengkel Sebelah", owner=neighbour, sector="jasa", kecamatan=place)
    cooperative = Cooperative.objects.create(name="Koperasi Sukamaju", kind="jasa", kecamatan=place)
    program = ProgramFactory(title="Pelatihan Kemasan")
    program.partners.add(Partner.objects.create(name="Balai Uji", kind="balai"))
    Participant.objects.create(program=program, person=victim, enterprise=enterprise, status="terpilih")
    Participant.objects.create(program=program, person=neighbour, cooperative=cooperative, status="mendaftar")
    market = Market.objects.create(name="Pasar Kragilan", slug="pasar-kragilan", kecamatan=place)
    Relocation.objects.create(market=market, moved_on=datetime.date(2024, 1, 2), from_location="A", to_location="B")
    return victim


def build_staff():
    """One staff user in each group, as the staff_in fixture of tests/conftest.py makes them."""
    call_command("setup_roles", verbosity=0)
    staff = {}
    for name in ROLE_NAMES:
        user = User.objects.create_user(
            username=name.lower().replace(" ", "-").replace("(", "").replace(")", ""),
            password="rahasia-petugas-123",
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=name))
        staff[name] = user
    return staff


@pytest.fixture(scope="module")
def portal_data(django_db_setup, django_db_blocker):
    """The person, the neighbour and the staff, built once for the module (tests/once.py): every
    test here only reads them (what a test writes is rolled back after it)."""

    def build():
        ensure_serang()
        return build_people(), build_staff()

    with built_once(django_db_blocker, build) as built:
        yield built


@pytest.fixture
def person(portal_data):
    return Person.objects.get(pk=portal_data[0].pk)


@pytest.fixture
def staff_in(portal_data):
    """staff_in(group) → that group's user, fetched afresh (no permission cache carried over)."""
    return lambda group_name: User.objects.get(pk=portal_data[1][group_name].pk)


def registered():
    """(model, model_admin, changelist url) of every admin list the portal registers (the agency's
    identity is one form, without a list)."""
    for model, model_admin in admin.site._registry.items():
        if model is AgencyProfile:
            continue
        yield model, model_admin, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def personal_paths(model, depth=3, prefix="", seen=()):
    """Every lookup path from `model` to a personal field, through relations either way."""
    for field in model._meta.get_fields():
        path = f"{prefix}{field.name}"
        if field.name in personal_fields_of(model):
            yield path
        elif field.is_relation and field.related_model and depth > 1 and field.related_model not in seen:
            yield from personal_paths(field.related_model, depth - 1, f"{path}__", (*seen, model))


def lookup_values(field_name, lookup, values):
    value = values[field_name]
    return {
        "in": f"{value},x",
        "range": f"{value},{value}",
        "regex": f"^{value[:3]}",
        "isnull": "False" if values is RIGHT else "True",
        "year": value[:4] if field_name == "birth_date" else value,
        "startswith": value[:4],
        "istartswith": value[:4],
        "contains": value[2:8],
        "icontains": value[2:8],
    }.get(lookup, value)


def shown(response):
    """What a changelist answers: the rows and their count."""
    cl = response.context["cl"]
    return sorted(obj.pk for obj in cl.result_list), cl.result_count


def assert_nothing_personal(text, what):
    for secret in SECRETS:
        assert secret not in text, (what, secret)


def test_every_portal_admin_hides_personal_data():
    portal = [ma for model, ma, _url in registered() if model._meta.app_label in PORTAL_APPS]
    assert portal and all(isinstance(model_admin, PersonalDataAdmin) for model_admin in portal)
    assert {"nik", "phone", "address", "birth_place", "birth_date", "birth_year", "email"} <= personal_fields_of(Person)


def test_the_paths_reach_the_person_through_relations():
    paths = {
        model._meta.label: set(personal_paths(model))
        for model, _ma, _url in registered()
        if model._meta.app_label in PORTAL_APPS
    }
    assert "nik" in paths["enterprises.Person"]
    assert {"owner__nik", "owner__phone"} <= paths["enterprises.Enterprise"]
    assert "person__nik" in paths["programs.Participant"]
    assert "participants__person__birth_date" in paths["programs.Program"]
    assert "participations__person__address" in paths["cooperatives.Cooperative"]


@pytest.mark.parametrize("group", READERS)
def test_no_lookup_on_personal_data_is_answered(client, person, staff_in, group):
    login_verified(client, staff_in(group))
    tried = 0
    for model, _model_admin, url in registered():
        for path in personal_paths(model):
            field_name = path.rsplit("__", 1)[-1]
            for lookup in LOOKUPS:
                key = f"{path}__{lookup}" if lookup else path
                right = client.get(url, {key: lookup_values(field_name, lookup, RIGHT)})
                tried += 1
                if right.status_code in REFUSED:
                    continue
                wrong = client.get(url, {key: lookup_values(field_name, lookup, WRONG)})
                assert right.status_code == wrong.status_code == 200, (url, key, right.status_code)
                assert shown(right) == shown(wrong), (url, key)
                assert_nothing_personal(right.text, (url, key))
    assert tried > 500


def test_a_refused_lookup_is_a_400_on_the_portals_page(client, person, staff_in):
    login_verified(client, staff_in("Pimpinan (hanya baca)"))
    for url in (
        "/admin/enterprises/person/?id=1&nik__startswith=3",
        "/admin/programs/participant/?person__nik__startswith=3",
        "/admin/enterprises/enterprise/?owner__phone__contains=08",
        "/admin/enterprises/person/?birth_date__year=1990",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Permintaan tidak dapat diproses" in response.text
        assert 'class="site-header"' in response.text


@pytest.mark.parametrize("group", READERS)
def test_no_search_on_part_of_personal_data_is_answered(client, person, staff_in, group):
    login_verified(client, staff_in(group))
    for _model, _model_admin, url in registered():
        if client.get(url).status_code in REFUSED:
            continue
        for right_guess, wrong_guess in SEARCH_GUESSES:
            right = client.get(url, {SEARCH_VAR: right_guess})
            wrong = client.get(url, {SEARCH_VAR: wrong_guess})
            assert right.status_code == wrong.status_code == 200, (url, right_guess)
            assert shown(right) == shown(wrong), (url, right_guess)
            if right_guess not in SECRETS:
                assert_nothing_personal(right.text, (url, right_guess))


@pytest.mark.parametrize("group", READERS)
def test_no_autocomplete_answers_part_of_personal_data(client, person, staff_in, group):
    login_verified(client, staff_in(group))
    asked = 0
    for model, _model_admin, _url in registered():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model in admin.site._registry):
                continue
            opts = model._meta
            source = {"app_label": opts.app_label, "model_name": opts.model_name, "field_name": field.name}
            for right_guess, wrong_guess in [*SEARCH_GUESSES, ("Sri", "Zzz")]:
                right = client.get("/admin/autocomplete/", {**source, "term": right_guess})
                asked += 1
                if right.status_code in REFUSED | {404}:
                    continue
                wrong = client.get("/admin/autocomplete/", {**source, "term": wrong_guess})
                assert right.status_code == 200, (source, right_guess)
                if right_guess != "Sri":
                    assert right.json()["results"] == wrong.json()["results"], (source, right_guess)
                assert_nothing_personal(right.text, (source, right_guess))
    assert asked > 50


@pytest.mark.parametrize("group", READERS)
def test_no_ordering_by_personal_data(client, person, staff_in, group):
    login_verified(client, staff_in(group))
    for model, model_admin, url in registered():
        if client.get(url).status_code in REFUSED:
            continue
        columns = len(model_admin.list_display) + 2  # and the action checkbox, and one too many
        for order in [*(f"-{index}" for index in range(columns)), ".".join(map(str, range(columns)))]:
            response = client.get(url, {ORDER_VAR: order})
            assert response.status_code == 200, (url, order)
            ordering = response.context["cl"].queryset.query.order_by
            assert not any(reaches_personal_field(model, str(item)) for item in ordering), (url, order, ordering)
            assert_nothing_personal(response.text, (url, order))


@pytest.mark.parametrize("group", READERS)
def test_change_and_history_pages_show_no_personal_data(client, person, staff_in, group):
    login_verified(client, staff_in(group))
    pages = 0
    for model, model_admin, _url in registered():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for obj in model._default_manager.all()[:20]:
            urls = [reverse(f"{info}_change", args=[obj.pk])]
            if isinstance(model_admin, SimpleHistoryAdmin):
                urls.append(reverse(f"{info}_history", args=[obj.pk]))
                urls += [reverse(f"{info}_simple_history", args=[obj.pk, version.pk]) for version in obj.history.all()]
            for url in urls:
                response = client.get(url)
                if response.status_code in REFUSED:
                    continue
                assert response.status_code == 200, url
                assert_nothing_personal(response.text, url)
                pages += 1
    assert pages > 20


def test_the_leaders_history_of_a_person_says_what_changed_but_not_to_what(client, person, staff_in):
    login_verified(client, staff_in("Pimpinan (hanya baca)"))
    page = client.get(reverse("admin:enterprises_person_history", args=[person.pk])).text
    assert_nothing_personal(page, "history")
    assert "disembunyikan" in page and "Nomor telepon" in page


@pytest.mark.parametrize("group", ["Bidang UMKM", "Bidang Perindustrian", "Bidang Koperasi"])
def test_exports_carry_no_personal_data(client, person, staff_in, group):
    login_verified(client, staff_in(group))
    exported = 0
    for model, model_admin, url in registered():
        for action in model_admin.actions or ():
            name = getattr(action, "__name__", action)
            if not (name.startswith("export_") and name.endswith("_csv")):
                continue
            ids = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
            if not ids:
                continue  # nothing of this kind to export (market prices, here)
            response = client.post(url, {"action": name, "_selected_action": ids})
            if response.status_code in REFUSED:
                continue
            assert response.status_code == 200, (url, name)
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            assert text.count("\n") >= 2, (url, name)  # headings and at least one row
            assert_nothing_personal(text, (url, name))
            assert "Tahun lahir" not in text
            exported += 1
    assert exported >= 3


def test_a_clerk_finds_a_person_by_the_complete_nik_only(client, person, staff_in):
    login_verified(client, staff_in("Bidang Perindustrian"))
    for url in ("/admin/enterprises/person/", "/admin/enterprises/enterprise/", "/admin/programs/participant/"):
        found = client.get(url, {SEARCH_VAR: NIK})
        assert found.status_code == 200 and "Sri Wahyuningsih" in found.text, url
        assert shown(found)[1] == 1, url
        assert shown(client.get(url, {SEARCH_VAR: NIK[:-1]}))[1] == 0, url
    results = client.get(
        "/admin/autocomplete/",
        {"app_label": "programs", "model_name": "participant", "field_name": "person", "term": NIK},
    ).json()["results"]
    assert [result["id"] for result in results] == [str(person.pk)]
    assert_nothing_personal(str(results), "autocomplete")


def test_the_administrator_still_filters_sorts_and_searches_by_personal_data(client, person, staff_in):
    login_verified(client, staff_in("Administrator"))
    url = "/admin/enterprises/person/"
    assert shown(client.get(url, {"nik__startswith": "360411550"}))[0] == [person.pk]
    assert shown(client.get(url, {"birth_date__year": "1990"}))[0] == [person.pk]
    assert shown(client.get(url, {"address__icontains": "xylofon"}))[0] == [person.pk]
    assert shown(client.get(url, {SEARCH_VAR: PHONE}))[0] == [person.pk]
    page = client.get(url, {SEARCH_VAR: NIK}).text
    assert NIK in page and PHONE in page
    nik_column = client.get(url).context["cl"].list_display.index("nik")
    response = client.get(url, {ORDER_VAR: f"-{nik_column}"})
    assert "-nik" in response.context["cl"].queryset.query.order_by
    history = client.get(reverse("admin:enterprises_person_history", args=[person.pk])).text
    assert PHONE in history and OLD_ADDRESS in history
