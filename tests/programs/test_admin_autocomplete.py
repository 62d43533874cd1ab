"""Autocomplete for participants' people: labels tell namesakes apart; NIK and phone search
follow the personal-identifier permission."""

import pytest

from enterprises.models import Person
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

URL = "/admin/autocomplete/"
PERSON_FIELD = {"app_label": "programs", "model_name": "participant", "field_name": "person"}


@pytest.fixture
def namesakes(kecamatan):
    return [
        Person.objects.create(
            full_name="Siti Aminah",
            sex="P",
            nik="3604115508900001",
            phone="081234567890",
            kecamatan=kecamatan["Kragilan"],
            desa_id="36.04.11.2012",
        ),
        Person.objects.create(full_name="Siti Aminah", sex="P", kecamatan=kecamatan["Petir"]),
    ]


def texts(client, term):
    response = client.get(URL, {**PERSON_FIELD, "term": term})
    assert response.status_code == 200
    return sorted(result["text"] for result in response.json()["results"])


def test_namesakes_are_told_apart_by_desa_and_kecamatan(client, namesakes, staff_in):
    login_verified(client, staff_in("Bidang Perindustrian"))
    assert texts(client, "siti amin") == ["Siti Aminah — Petir", "Siti Aminah — Tegalmaja, Kragilan"]


@pytest.mark.parametrize(("group", "sees"), [("Bidang Perindustrian", False), ("Administrator", True)])
def test_phone_search_needs_the_permission_and_nik_needs_the_whole_number(client, namesakes, staff_in, group, sees):
    login_verified(client, staff_in(group))
    assert bool(texts(client, "081234567890")) is sees
    assert texts(client, "3604115508900001") == ["Siti Aminah — Tegalmaja, Kragilan"]
    assert texts(client, "360411550890") == []  # part of a NIK finds no one
