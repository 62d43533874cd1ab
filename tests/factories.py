"""The test data builders shared by every test folder (factory_boy). Each needs the district's
regions loaded (the `serang` fixture): people, enterprises, cooperatives and markets default to the
district's first kecamatan.

- `ProgramFactory`: a published program that has already run (May 2025), quota 30.
- `OpenProgramFactory`: a published program open for applications: starts in 40 days,
  registration closes in 20, quota 3.
- `ParticipantFactory`: someone who completed a program. `ApplicantFactory`: someone who applied
  through the public form just now, with their enterprise.
"""

import datetime
import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cooperatives.models import Cooperative, CooperativeKind
from enterprises.models import Enterprise, Person, Sector
from markets.models import Commodity, Market, PriceObservation, ReferencePrice
from programs.models import Participant, Partner, Program, Theme
from regions.models import Kecamatan

_serials = itertools.count(1)


def nik_for(kecamatan, serial=None, *, female=True, birth=datetime.date(1990, 8, 15)):
    """A NIK of valid shape registered in `kecamatan`."""
    serial = next(_serials) % 10000 if serial is None else serial
    day = birth.day + (40 if female else 0)
    return f"{kecamatan.nik_prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def _kecamatan():
    return Kecamatan.objects.of_portal_district().order_by("code").first()


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Warga Uji {n:05d}")
    sex = "P"
    kecamatan = factory.LazyFunction(_kecamatan)
    nik = factory.LazyAttribute(lambda o: nik_for(o.kecamatan, female=o.sex == "P"))
    phone = factory.Sequence(lambda n: f"0811{n:08d}")
    address = factory.Sequence(lambda n: f"Jalan Uji No. {n}, RT 001/RW 002")


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Usaha Uji {n:05d}")
    owner = factory.SubFactory(PersonFactory)
    sector = Sector.KULINER
    products = "keripik uji"
    kecamatan = factory.LazyAttribute(lambda o: o.owner.kecamatan)
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


class OpenProgramFactory(ProgramFactory):
    theme = Theme.PACKAGING
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=40))
    quota = 3
    registration_open = True
    registration_closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    status = Participant.Status.COMPLETED


class ApplicantFactory(ParticipantFactory):
    program = factory.SubFactory(OpenProgramFactory)
    enterprise = factory.LazyAttribute(lambda o: EnterpriseFactory(owner=o.person))
    status = Participant.Status.APPLIED
    applied_at = factory.LazyFunction(timezone.now)


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


class CommodityFactory(DjangoModelFactory):
    class Meta:
        model = Commodity

    name = factory.Sequence(lambda n: f"Komoditas Uji {n:03d}")
    slug = factory.Sequence(lambda n: f"komoditas-uji-{n:03d}")
    unit = "kg"
    position = factory.Sequence(lambda n: n)


class ReferencePriceFactory(DjangoModelFactory):
    class Meta:
        model = ReferencePrice

    commodity = factory.SubFactory(CommodityFactory)
    kind = ReferencePrice.Kind.HET
    price = 15_700
    valid_from = datetime.date(2024, 8, 14)


class PriceObservationFactory(DjangoModelFactory):
    """A price recorded today (pass observed_on for another day)."""

    class Meta:
        model = PriceObservation

    market = factory.SubFactory(MarketFactory)
    commodity = factory.SubFactory(CommodityFactory)
    observed_on = factory.LazyFunction(timezone.localdate)
    price = 10_000
