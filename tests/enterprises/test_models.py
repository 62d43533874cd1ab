import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from enterprises.models import AnnualReport, Enterprise, Person
from enterprises.rules import ScaleClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(kecamatan):
    return Person.objects.create(
        full_name="Siti Contoh", nik="3604115508900001", sex="P", kecamatan=kecamatan["Kragilan"]
    )


def test_the_database_refuses_a_nik_that_is_not_16_digits(kecamatan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="X", nik="36041155089", sex="L", kecamatan=kecamatan["Petir"])


def test_the_same_nik_cannot_be_registered_twice(owner, kecamatan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="Y", nik=owner.nik, sex="P", kecamatan=kecamatan["Petir"])


def test_people_without_nik_do_not_collide(kecamatan):
    Person.objects.create(full_name="A", sex="L", kecamatan=kecamatan["Petir"])
    Person.objects.create(full_name="B", sex="L", kecamatan=kecamatan["Petir"])
    assert Person.objects.filter(nik__isnull=True).count() == 2


def test_validation_explains_a_spoiled_nik_and_a_desa_of_another_kecamatan(kecamatan):
    person = Person(full_name="Z", nik="3.60411E+15", sex="L", kecamatan=kecamatan["Petir"], desa_id="36.04.11.2012")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "notasi ilmiah" in str(error.value.message_dict["nik"])
    assert "tidak berada di kecamatan" in str(error.value.message_dict["desa"])


def test_scale_class_follows_the_latest_annual_report(owner):
    enterprise = Enterprise.objects.create(
        name="Tas Anyaman Contoh", owner=owner, sector="kriya", kecamatan=owner.kecamatan
    )
    assert enterprise.scale_class == ""
    AnnualReport.objects.create(enterprise=enterprise, year=2024, annual_turnover=1_800_000_000)
    enterprise.refresh_from_db()
    assert enterprise.scale_class == ScaleClass.MIKRO
    AnnualReport.objects.create(enterprise=enterprise, year=2025, annual_turnover=2_400_000_000)  # naik kelas
    enterprise.refresh_from_db()
    assert enterprise.scale_class == ScaleClass.KECIL
    assert list(enterprise.annual_reports.values_list("year", flat=True)) == [2025, 2024]
    enterprise.annual_reports.get(year=2025).delete()
    enterprise.refresh_from_db()
    assert enterprise.scale_class == ScaleClass.MIKRO


def test_one_report_per_year_and_at_least_one_figure(owner):
    enterprise = Enterprise.objects.create(name="E", owner=owner, sector="kuliner", kecamatan=owner.kecamatan)
    AnnualReport.objects.create(enterprise=enterprise, year=2024, annual_turnover=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.create(enterprise=enterprise, year=2024, annual_turnover=20)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.create(enterprise=enterprise, year=2023)
