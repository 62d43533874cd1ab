"""Fixtures for applying and selecting (issue 6): an open program, valid form data, factories."""

import datetime
import itertools

import factory
import pytest
from django.core.cache import cache
from django.utils import timezone

from enterprises.models import Enterprise, Person
from programs.models import Participant, Program
from regions.models import Desa

_serials = itertools.count(1)


def nik_for(kecamatan, serial=None, *, female=True, birth=datetime.date(1990, 8, 15)):
    """A NIK of valid shape registered in `kecamatan`."""
    serial = next(_serials) if serial is None else serial
    day = birth.day + (40 if female else 0)
    return f"{kecamatan.nik_prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    title = factory.Sequence(lambda n: f"Pelatihan Uji {n}")
    slug = factory.Sequence(lambda n: f"pelatihan-uji-{n}")
    theme = "kemasan"
    bidang = "umkm"
    venue = "Aula Dinas"
    city = "Kabupaten Serang"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=40))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    quota = 3
    funding_source = "apbd"
    target_group = "umkm"
    publication_state = Program.PublicationState.PUBLISHED
    registration_open = True
    registration_closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Warga Contoh {n:03d}")
    sex = "P"
    kecamatan = None  # give one
    nik = factory.LazyAttribute(lambda o: nik_for(o.kecamatan))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Usaha Contoh {n:03d}")
    owner = factory.SubFactory(PersonFactory)
    sector = "kuliner"
    kecamatan = factory.LazyAttribute(lambda o: o.owner.kecamatan)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    person = None  # give one
    enterprise = factory.LazyAttribute(lambda o: EnterpriseFactory(owner=o.person))
    status = Participant.Status.APPLIED
    applied_at = factory.LazyFunction(timezone.now)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_program(serang):
    return ProgramFactory(title="Pelatihan Desain Kemasan Uji", slug="pelatihan-kemasan-uji")


@pytest.fixture
def kragilan_desa(kecamatan):
    return Desa.objects.filter(kecamatan=kecamatan["Kragilan"]).order_by("code").first()


@pytest.fixture
def form_data(kecamatan, kragilan_desa):
    """A complete, valid application as the browser posts it."""
    return {
        "full_name": "Siti Uji Pendaftar",
        "nik": nik_for(kecamatan["Kragilan"], 9001),
        "sex": "P",
        "birth_date": "1990-08-15",
        "phone": "0812 3456 7890",
        "kecamatan": kecamatan["Kragilan"].code,
        "desa": kragilan_desa.code,
        "enterprise_name": "Emping Bu Siti",
        "sector": "kuliner",
        "products": "emping melinjo, keripik",
        "nib": "",
        "turnover_band": "lt300jt",
        "motivation": "Ingin memperbaiki kemasan emping agar bisa masuk minimarket.",
        "consent": "on",
        "website": "",
    }


@pytest.fixture
def apply_url(open_program):
    return f"/pelatihan/{open_program.slug}/daftar/"
