"""The person form of the admin saves what staff typed, and warns where it disagrees with the NIK."""

import pytest

from enterprises.models import Person
from tests.enterprises.test_rules_duplicates import person_form

pytestmark = pytest.mark.django_db

WOMAN = "3604115508900001"  # Kragilan, a woman born 15/08/1990


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_female_nik_with_sex_l_another_birth_date_and_kecamatan_is_saved_with_three_warnings(admin_client, serang):
    response = admin_client.post(
        "/admin/enterprises/person/add/",
        person_form(nik=WOMAN, sex="L", birth_date="01-02-1991", kecamatan="36.04.19"),
        follow=True,
    )
    person = Person.objects.get(nik=WOMAN)
    assert person.sex == "L"
    warnings = [m for m in messages_of(response) if "Periksa" in m or "pindah" in m]
    assert len(warnings) == 3
    assert any("perempuan" in m for m in warnings)
    assert any("15/08/1990" in m and "01/02/1991" in m for m in warnings)
    assert any("Kragilan" in m and "Petir" in m for m in warnings)


def test_data_that_agree_with_the_nik_give_no_warning(admin_client, serang):
    response = admin_client.post(
        "/admin/enterprises/person/add/",
        person_form(nik=WOMAN, sex="P", birth_date="15-08-1990", kecamatan="36.04.11"),
        follow=True,
    )
    assert Person.objects.filter(nik=WOMAN).exists()
    assert not [m for m in messages_of(response) if "NIK ini" in m]


def test_a_six_digit_phone_is_told_it_is_too_short(admin_client, serang):
    response = admin_client.post("/admin/enterprises/person/add/", person_form(nik=WOMAN, phone="123456"))
    assert response.status_code == 200 and not Person.objects.exists()
    assert response.context["adminform"].form.errors["phone"] == [
        "Nomor telepon terlalu pendek: tulis nomor lengkap, misalnya 0812 3456 7890."
    ]
