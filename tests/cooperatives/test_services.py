"""Cooperative.last_rat_book_year stays what cooperatives.services.refresh_last_rat_book_years
computes, the latest book year with a RAT record, whatever path wrote the RAT records."""

import datetime

import pytest
from django.contrib import admin
from django.db.models import Max
from django.urls import reverse

from cooperatives.models import Cooperative, RatRecord
from cooperatives.services import refresh_last_rat_book_years
from tests.factories import CooperativeFactory

pytestmark = pytest.mark.django_db


def from_scratch():
    latest = dict(RatRecord.objects.values_list("cooperative_id").annotate(year=Max("book_year")).order_by())
    return {pk: latest.get(pk) for pk in Cooperative.objects.values_list("pk", flat=True)}


def assert_in_step():
    stored = dict(Cooperative.objects.values_list("pk", "last_rat_book_year"))
    assert stored == from_scratch()
    refresh_last_rat_book_years()
    assert dict(Cooperative.objects.values_list("pk", "last_rat_book_year")) == stored


def rat(cooperative, year):
    return RatRecord(cooperative=cooperative, book_year=year, held_on=datetime.date(year + 1, 3, 1))


def test_save_and_delete(serang):
    cooperative, other = CooperativeFactory.create_batch(2)
    record = rat(cooperative, 2023)
    record.save()
    rat(cooperative, 2024).save()
    assert_in_step()
    cooperative.rat_records.get(book_year=2024).delete()
    assert_in_step()
    record.cooperative = other
    record.save()
    assert_in_step()
    assert dict(Cooperative.objects.values_list("pk", "last_rat_book_year")) == {cooperative.pk: None, other.pk: 2023}


def test_bulk_querysets(serang):
    cooperatives = CooperativeFactory.create_batch(3)
    RatRecord.objects.bulk_create([rat(c, year) for c in cooperatives for year in (2021, 2022, 2023)])
    assert_in_step()
    RatRecord.objects.filter(book_year=2023).update(book_year=2024)
    assert_in_step()
    records = list(RatRecord.objects.filter(cooperative=cooperatives[0], book_year=2024))
    records[0].book_year = 2020
    RatRecord.objects.bulk_update(records, ["book_year"])
    assert_in_step()
    RatRecord.objects.filter(book_year__gte=2022).delete()
    assert_in_step()
    RatRecord.objects.filter(cooperative=cooperatives[1]).update(cooperative=cooperatives[2], book_year=2019)
    assert_in_step()
    assert not admin.site.is_registered(RatRecord)  # no list of RAT records, so no bulk delete action


def test_admin_form_with_its_inline(admin_client, serang):
    cooperative = CooperativeFactory()
    url = reverse("admin:cooperatives_cooperative_change", args=[cooperative.pk])

    def form(records):
        data = {
            "name": cooperative.name,
            "kind": cooperative.kind,
            "legal_entity_number": "",
            "founded_on": "2000-01-01",
            "nik_koperasi": "",
            "kecamatan": cooperative.kecamatan_id,
            "desa": "",
            "members": 40,
            "chair_name": "",
            "runs_business": "on",
            "status_override": "",
            "status_override_reason": "",
            "rat_records-TOTAL_FORMS": len(records),
            "rat_records-INITIAL_FORMS": sum(1 for r in records if r.get("id")),
            "rat_records-MIN_NUM_FORMS": 0,
            "rat_records-MAX_NUM_FORMS": 1000,
        }
        for i, record in enumerate(records):
            for key, value in record.items():
                data[f"rat_records-{i}-{key}"] = value
            data[f"rat_records-{i}-cooperative"] = cooperative.pk
        return data

    response = admin_client.post(
        url,
        form([{"book_year": 2023, "held_on": "2024-03-01"}, {"book_year": 2024, "held_on": "2025-03-01"}]),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert_in_step()
    assert Cooperative.objects.get().last_rat_book_year == 2024
    ids = dict(RatRecord.objects.values_list("book_year", "pk"))
    response = admin_client.post(
        url,
        form(
            [
                {"id": ids[2023], "book_year": 2023, "held_on": "2024-03-01"},
                {"id": ids[2024], "book_year": 2024, "held_on": "2025-03-01", "DELETE": "on"},
            ]
        ),
    )
    assert response.status_code == 302
    assert_in_step()
    assert Cooperative.objects.get().last_rat_book_year == 2023
