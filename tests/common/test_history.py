"""common.history.add_initial_history: records bulk-inserted without history get one "+" row,
so that their first edit shows what changed and their "Riwayat" page renders."""

import re

import pytest
from django.urls import reverse

from common.history import add_initial_history
from enterprises.models import Enterprise, Person, Sector
from tests.factories import nik_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk_people(kecamatan):
    petir = kecamatan["Petir"]
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"Contoh Massal {i}", nik=nik_for(petir, i), sex="P", kecamatan=petir, phone="")
            for i in range(1, 5)
        ]
    )
    Enterprise.objects.bulk_create(
        [Enterprise(name=f"Usaha Massal {p.pk}", owner=p, sector=Sector.KULINER, kecamatan=petir) for p in people]
    )
    return people


def test_one_plus_row_each_then_an_edit_shows_the_difference(bulk_people, admin_user):
    assert not Person.history.exists()
    first, second, *rest = bulk_people
    added = add_initial_history(Person, Person.objects.filter(pk__in=[first.pk, second.pk]), "Data awal")
    assert added == 2
    # ids, and then the whole table: only the rows still without history get one
    assert add_initial_history(Person, [p.pk for p in bulk_people], "Data awal", user=admin_user) == 2
    assert add_initial_history(Person, reason="Data awal") == 0
    for person in bulk_people:
        rows = list(person.history.all())
        assert [(r.history_type, r.history_change_reason) for r in rows] == [("+", "Data awal")]
        recorded = (rows[0].full_name, rows[0].nik, rows[0].kecamatan_id)
        assert recorded == (person.full_name, person.nik, person.kecamatan_id)
    assert [p.history.get().history_user for p in bulk_people] == [None, None, admin_user, admin_user]

    first.refresh_from_db()
    first.full_name = "Contoh Massal Satu"
    first.save()
    latest, initial = first.history.all()[:2]
    delta = latest.diff_against(initial)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field != "updated_at"] == [
        ("full_name", "Contoh Massal 1", "Contoh Massal Satu")
    ]


def test_the_history_page_of_such_a_record_renders(bulk_people, admin_client):
    assert add_initial_history(Enterprise, reason="Dimuat dari data demo") == 4
    enterprise = Enterprise.objects.first()
    enterprise.employees = 7
    enterprise.save()
    response = admin_client.get(reverse("admin:enterprises_enterprise_history", args=[enterprise.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dimuat dari data demo" in text
    # the edit is shown as a change against the initial row: 0 → 7
    assert re.search(r"Jumlah tenaga kerja:</strong>\s*0\s*&rarr;\s*7", text)
