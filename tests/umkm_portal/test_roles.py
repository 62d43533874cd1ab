"""Each staff group can do what its bidang does and is refused the rest; everyone on staff reads
everything except personal identifiers."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from common.models import ExportLog
from common.permissions import EXPORT_LISTS, PERSONAL_IDENTIFIERS
from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from markets.models import Market
from programs.models import Participant, Program
from tests.conftest import build_demo
from tests.logins import login_verified
from tests.once import built_once
from umkm_portal.roles import ROLE_NAMES

pytestmark = pytest.mark.django_db

MODELS = {
    "enterprises.person": Person,
    "enterprises.enterprise": Enterprise,
    "cooperatives.cooperative": Cooperative,
    "markets.market": Market,
    "programs.program": Program,
    "programs.participant": Participant,
}
ALL = set(MODELS)
EDITS = {
    "Bidang Koperasi": {"cooperatives.cooperative"},
    "Bidang UMKM": {"enterprises.person", "enterprises.enterprise"},
    "Bidang Perindustrian": {"programs.program", "programs.participant"},
    "Bidang Perdagangan": {"markets.market"},
    "Pimpinan (hanya baca)": set(),
    "Administrator": ALL,
}
# Perindustrian registers new people and their enterprise while entering a cohort.
ADDS_ONLY = {"Bidang Perindustrian": {"enterprises.person", "enterprises.enterprise"}}


def results(page):
    """The rows of a changelist (the search box and the filter and sort links echo the query)."""
    start = page.find("<tbody>", page.find('<table id="result_list"'))
    return re.sub(r'href="[^"]*"', "", page[start : page.find("</tbody>", start)]) if start >= 0 else ""


def url(model_key, view, obj=None):
    app_label, model_name = model_key.split(".")
    name = f"admin:{app_label}_{model_name}_{view}"
    return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)


def test_the_groups_are_the_bidang_a_leader_and_an_administrator(roles):
    assert set(ROLE_NAMES) == set(EDITS)
    assert Group.objects.filter(name__in=ROLE_NAMES).count() == 6


class TestOnTheDemo:
    """A small demo (5 enterprises), built once for these tests; what a test writes is rolled back after it."""

    @pytest.fixture(scope="class")
    @classmethod
    def demo(cls, django_db_setup, django_db_blocker):
        with built_once(django_db_blocker, lambda: build_demo("--enterprises", "5")):
            yield

    @pytest.mark.parametrize("group", list(EDITS))
    def test_each_group_edits_its_own_registries_and_only_reads_the_others(self, client, demo, staff_in, group):
        login_verified(client, staff_in(group))
        for key, model in MODELS.items():
            obj = model.objects.order_by("pk").first()
            edits = key in EDITS[group]
            adds = edits or key in ADDS_ONLY.get(group, set())
            assert client.get(url(key, "changelist")).status_code == 200, (group, key)
            assert client.get(url(key, "change", obj)).status_code == 200, (group, key)
            assert client.get(url(key, "history", obj)).status_code == 200, (group, key)
            assert client.get(url(key, "add")).status_code == (200 if adds else 403), (group, key, "add")
            assert client.get(url(key, "delete", obj)).status_code == (200 if edits else 403), (group, key, "delete")
            # A read-only change page has no save button; posting to it is refused.
            page = client.get(url(key, "change", obj)).text
            assert ('name="_save"' in page) == edits, (group, key, "save button")
            if not edits:
                assert client.post(url(key, "change", obj), {}).status_code == 403, (group, key, "post")

    def test_staff_without_a_group_reads_nothing(self, client, demo, django_user_model):
        user = django_user_model.objects.create_user("tanpa-grup", password="x-rahasia-123", is_staff=True)
        login_verified(client, user)
        assert client.get(url("enterprises.person", "changelist")).status_code == 403
        assert client.get(url("programs.program", "changelist")).status_code == 403

    @pytest.mark.parametrize("group", list(EDITS))
    def test_personal_identifiers_only_for_the_administrators(self, client, demo, staff_in, group):
        login_verified(client, staff_in(group))
        person = Person.objects.exclude(phone="").order_by("pk").first()
        person.save()  # a first version in the audit trail, then a change of phone and address
        person.phone, person.address = "0800 1234 5678", "Kampung Baru No. 7"
        person.save()
        allowed = group == "Administrator"
        listing = client.get(url("enterprises.person", "changelist")).text
        change = client.get(url("enterprises.person", "change", person)).text
        history = client.get(url("enterprises.person", "history", person)).text
        for page in (results(listing), change):
            assert (person.nik in page) == allowed, group
        for page in (results(listing), change, history):
            assert (person.phone in page) == allowed, group
        for page in (change, history):
            assert (person.address in page) == allowed, group
        # Search by phone works only for those who may see it; the exact NIK finds the person for all.
        by_phone = client.get(url("enterprises.person", "changelist"), {"q": f'"{person.phone}"'}).text
        assert (person.full_name in results(by_phone)) == allowed
        by_nik = client.get(url("enterprises.person", "changelist"), {"q": person.nik}).text
        assert person.full_name in by_nik
        assert (person.nik in results(by_nik)) == allowed

    def test_staff_without_the_permission_cannot_write_a_nik_either(self, client, demo, staff_in):
        login_verified(client, staff_in("Bidang UMKM"))
        person = Person.objects.order_by("pk").first()
        old_nik = person.nik
        response = client.post(
            url("enterprises.person", "change", person),
            {
                "full_name": person.full_name,
                "sex": person.sex,
                "kecamatan": person.kecamatan_id,
                "desa": person.desa_id or "",
                "nik": "3604115508900009",
                "phone": "0800 0000 0000",
                "enterprises-TOTAL_FORMS": "0",
                "enterprises-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.nik == old_nik and person.phone != "0800 0000 0000"


def test_export_permission_goes_to_the_bidang_groups_and_administrators(roles):
    exporters = set(Group.objects.filter(permissions__codename="export_lists").values_list("name", flat=True))
    assert exporters == {
        "Bidang Koperasi",
        "Bidang UMKM",
        "Bidang Perindustrian",
        "Bidang Perdagangan",
        "Administrator",
    }


def test_setting_up_roles_twice_changes_nothing(roles):
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    call_command("setup_roles", verbosity=0)
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after
    assert (
        not Group.objects.get(name="Pimpinan (hanya baca)").permissions.filter(codename__startswith="change").exists()
    )
    assert Group.objects.filter(permissions__codename="view_personal_identifiers").get().name == "Administrator"


def test_the_permission_constants_name_the_permissions_the_models_declare():
    app_label, codename = PERSONAL_IDENTIFIERS.split(".")
    assert (app_label, codename) == (Person._meta.app_label, Person._meta.permissions[0][0])
    assert EXPORT_LISTS == f"{ExportLog._meta.app_label}.{ExportLog._meta.permissions[0][0]}"


def test_export_actions_are_offered_only_to_staff_who_may_export(client, staff_in):
    from django.urls import reverse

    url = reverse("admin:enterprises_enterprise_changelist")
    login_verified(client, staff_in("Pimpinan (hanya baca)"))
    assert "Ekspor UMKM terpilih ke CSV" not in client.get(url).text
    login_verified(client, staff_in("Bidang UMKM"))
    assert "Ekspor UMKM terpilih ke CSV" in client.get(url).text


def test_only_administrators_read_the_export_log(client, staff_in):
    from django.urls import reverse

    url = reverse("admin:common_exportlog_changelist")
    login_verified(client, staff_in("Pimpinan (hanya baca)"))
    assert client.get(url).status_code == 403
    login_verified(client, staff_in("Bidang UMKM"))
    assert client.get(url).status_code == 403
    login_verified(client, staff_in("Administrator"))
    assert client.get(url).status_code == 200
