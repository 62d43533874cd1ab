"""Factories for the public-site tests; each needs the district's regions loaded (`serang`)."""

import datetime
import itertools

import factory
from factory.django import DjangoModelFactory

from cooperatives.models import Cooperative, CooperativeKind
from enterprises.models import Enterprise, Person, Sector
from markets.models import Market
from programs.models import Participant, Partner, Program, Theme
from regions.models import Kecamatan

_serial = itertools.count(1)


def _kecamatan():
    return Kecamatan.objects.of_portal_district().order_by("code").first()


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Orang Uji {n:05d}")
    # 360411 (Kragilan) + 01 Jan 80 + serial: a valid NIK shape
    nik = factory.Sequence(lambda n: f"360411010180{n % 10000:04d}")
    sex = "L"
    phone = factory.Sequence(lambda n: f"0811{n:08d}")
    address = factory.Sequence(lambda n: f"Jalan Uji No. {n}, RT 001/RW 002")
    kecamatan = factory.LazyFunction(_kecamatan)


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Usaha Uji {n:05d}")
    owner = factory.SubFactory(PersonFactory)
    sector = Sector.KULINER
    products = "keripik uji"
    kecamatan = factory.LazyAttribute(lambda o: o.owner.kecamatan)
    address = factory.LazyAttribute(lambda o: o.owner.address)
    catalogue_consent = True
    public_contact = factory.Sequence(lambda n: f"Instagram @usaha_uji_{n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Mitra Uji {n}")
    kind = Partner.Kind.COMPANY


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    title = factory.Sequence(lambda n: f"Pelatihan Uji {n:04d}")
    slug = factory.Sequence(lambda n: f"pelatihan-uji-{n:04d}")
    theme = Theme.MARKETING
    bidang = "umkm"
    venue = "Aula Uji"
    city = "Kabupaten Serang"
    start_date = datetime.date(2025, 5, 5)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    quota = 30
    funding_source = "apbd"
    target_group = "umkm"
    publication_state = Program.PublicationState.PUBLISHED


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    status = Participant.Status.COMPLETED


class CooperativeFactory(DjangoModelFactory):
    class Meta:
        model = Cooperative

    name = factory.Sequence(lambda n: f"Koperasi Uji {n:04d}")
    kind = CooperativeKind.JASA
    kecamatan = factory.LazyFunction(_kecamatan)
    founded_on = datetime.date(2000, 1, 1)
    members = 40


class MarketFactory(DjangoModelFactory):
    class Meta:
        model = Market

    name = factory.Sequence(lambda n: f"Pasar Uji {n:04d}")
    slug = factory.Sequence(lambda n: f"pasar-uji-{n:04d}")
    kecamatan = factory.LazyFunction(_kecamatan)
    kiosk_count = 10
    los_count = 5
    trader_count = 12
