"""The shared kecamatan/desa pair (regions.models.LocatedModel) on every registry that has it."""

import pytest
from django.core.exceptions import ValidationError

from cooperatives.models import Cooperative, CooperativeKind
from cooperatives.rules import Status
from enterprises.models import Enterprise, Person, Sector
from markets.models import Market
from regions.models import LocatedModel

pytestmark = pytest.mark.django_db

TEGALMAJA = "36.04.11.2012"  # a desa of Kragilan


def person(kecamatan):
    return Person(full_name="Siti Contoh", sex="P", kecamatan=kecamatan)


def enterprise(kecamatan):
    owner = Person.objects.create(full_name="Pemilik Contoh", sex="L", kecamatan=kecamatan)
    return Enterprise(name="Keripik Contoh", owner=owner, sector=Sector.KULINER, kecamatan=kecamatan)


def cooperative(kecamatan):
    return Cooperative(name="Koperasi Contoh", kind=CooperativeKind.JASA, kecamatan=kecamatan)


def market(kecamatan):
    return Market(name="Pasar Contoh", slug="pasar-contoh", kecamatan=kecamatan)


LOCATED = pytest.mark.parametrize("build", [person, enterprise, cooperative, market], ids=lambda b: b.__name__)


@LOCATED
def test_a_desa_of_another_kecamatan_is_refused(build, kecamatan):
    record = build(kecamatan["Petir"])
    record.desa_id = TEGALMAJA

    assert isinstance(record, LocatedModel)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert error.value.message_dict == {"desa": ["Desa/kelurahan ini tidak berada di kecamatan yang dipilih."]}


@LOCATED
def test_a_desa_of_the_chosen_kecamatan_or_none_is_accepted(build, kecamatan):
    record = build(kecamatan["Kragilan"])
    record.full_clean()  # no desa: the kecamatan alone is enough

    record.desa_id = TEGALMAJA
    record.full_clean()


def test_each_models_own_clean_still_runs_beside_the_shared_check(kecamatan):
    somebody = person(kecamatan["Kragilan"])
    somebody.nik = ""
    business = enterprise(kecamatan["Kragilan"])
    business.nib = ""
    for record in (somebody, business):
        record.desa_id = TEGALMAJA
        record.full_clean()
    assert somebody.nik is None
    assert business.nib is None

    koperasi = cooperative(kecamatan["Petir"])
    koperasi.desa_id = TEGALMAJA
    koperasi.status_override = Status.TIDAK_AKTIF
    with pytest.raises(ValidationError) as error:
        koperasi.full_clean()
    assert error.value.message_dict["status_override_reason"] == [
        "Status yang ditetapkan petugas harus disertai alasan."
    ]
