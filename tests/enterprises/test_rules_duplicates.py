import pytest

from enterprises.models import Person
from enterprises.rules import is_likely_duplicate, normalize_phone

pytestmark = pytest.mark.django_db


def test_phone_numbers_compare_by_digits_and_local_prefix():
    assert normalize_phone("+62 812-3456-789") == normalize_phone("0812 3456 789") == "08123456789"


@pytest.mark.parametrize(
    ("new", "likely"),
    [
        ({"full_name": "siti  AMINAH", "phone": "0812-1", "desa_id": None, "nik": None}, True),  # name + phone
        ({"full_name": "Siti Aminah", "phone": "", "desa_id": "36.04.11.2012", "nik": None}, True),  # name + desa
        ({"full_name": "Siti Aminah", "phone": "", "desa_id": "36.04.11.2001", "nik": None}, False),
        ({"full_name": "Siti Amina", "phone": "08121", "desa_id": None, "nik": None}, False),
        ({"full_name": "Siti Aminah", "phone": "08121", "desa_id": None, "nik": "3604115508900002"}, False),
    ],
)
def test_likely_duplicate_rule(new, likely):
    existing = {"full_name": "Siti Aminah", "phone": "0812 1", "desa_id": "36.04.11.2012", "nik": "3604115508900001"}
    assert is_likely_duplicate(new, existing) is likely


def test_queryset_finds_the_likely_duplicates(kecamatan):
    existing = Person.objects.create(full_name="Siti Aminah", sex="P", phone="0812 1", kecamatan=kecamatan["Kragilan"])
    assert Person.objects.likely_duplicates(full_name="SITI aminah", phone="08121") == [existing]
    assert Person.objects.likely_duplicates(full_name="Siti Aminah", phone="08129") == []
    assert Person.objects.likely_duplicates(full_name="Siti Aminah", phone="08121", exclude_pk=existing.pk) == []


def person_form(**extra):
    return {
        "full_name": "Siti Aminah",
        "sex": "P",
        "kecamatan": "36.04.11",
        "phone": "0812 3456 7890",
        "enterprises-TOTAL_FORMS": "0",
        "enterprises-INITIAL_FORMS": "0",
        **extra,
    }


def test_admin_points_out_a_likely_duplicate_and_goes_ahead_when_confirmed(admin_client, kecamatan):
    Person.objects.create(full_name="Siti Aminah", sex="P", phone="081234567890", kecamatan=kecamatan["Kragilan"])
    warned = admin_client.post("/admin/enterprises/person/add/", person_form())
    assert warned.status_code == 200 and "Kemungkinan data ganda" in warned.text
    assert Person.objects.count() == 1
    confirmed = admin_client.post("/admin/enterprises/person/add/", person_form(confirm_not_duplicate="on"))
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_admin_names_the_person_a_nik_belongs_to_instead_of_duplicating(admin_client, kecamatan):
    Person.objects.create(full_name="Nur Contoh", nik="3604195508900001", sex="P", kecamatan=kecamatan["Petir"])
    response = admin_client.post(
        "/admin/enterprises/person/add/", person_form(full_name="Nur C.", phone="", nik="3604 1955 0890 0001")
    )
    assert response.status_code == 200
    assert "NIK ini sudah terdaftar atas nama Nur Contoh" in response.text
    assert Person.objects.count() == 1


def test_person_and_enterprise_are_created_in_one_step(admin_client, kecamatan):
    response = admin_client.post(
        "/admin/enterprises/person/add/",
        person_form(
            phone="",
            **{
                "enterprises-TOTAL_FORMS": "1",
                "enterprises-0-name": "Tas Anyaman Siti",
                "enterprises-0-sector": "kriya",
                "enterprises-0-employees": "1",
            },
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get(full_name="Siti Aminah")
    assert person.enterprises.get().kecamatan_id == "36.04.11"  # taken from the owner
