"""The public form matches people and enterprises through enterprises.matching: a NIB typed by
someone who does not own its enterprise is not linked, and the selection desk shows it."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from enterprises.models import Enterprise
from programs.models import Participant
from regions.models import Desa
from tests.factories import EnterpriseFactory, OpenProgramFactory, PersonFactory, nik_for

pytestmark = pytest.mark.django_db
NIB = "9000000000017"


@pytest.fixture
def program(serang):
    cache.clear()
    return OpenProgramFactory(title="Pelatihan Pencocokan", slug="pelatihan-pencocokan")


def apply(client, program, kecamatan, *, nib, name="Emping Bu Siti", serial=9001):
    desa = Desa.objects.filter(kecamatan=kecamatan["Kragilan"]).order_by("code").first()
    data = {
        "full_name": "Siti Pencocokan", "nik": nik_for(kecamatan["Kragilan"], serial), "sex": "P",
        "birth_date": "1990-08-15", "phone": "081234567890", "kecamatan": kecamatan["Kragilan"].code,
        "desa": desa.code, "enterprise_name": name, "sector": "kuliner", "products": "emping",
        "nib": nib, "turnover_band": "lt300jt", "consent": "on", "website": "",
        "motivation": "Ingin memperbaiki kemasan emping agar bisa masuk minimarket.",
    }  # fmt: skip
    assert client.post(f"/pelatihan/{program.slug}/daftar/", data).status_code == 302
    return Participant.objects.get(program=program, person__nik=data["nik"])


def test_another_owners_nib_is_not_linked_and_the_desk_shows_it(client, admin_client, program, kecamatan):
    theirs = EnterpriseFactory(owner=PersonFactory(kecamatan=kecamatan["Petir"]), nib=NIB, name="Usaha Orang Lain")
    applied = apply(client, program, kecamatan, nib=NIB)
    assert applied.enterprise != theirs and applied.enterprise.owner == applied.person
    assert applied.enterprise.nib is None and applied.nib_given == NIB
    theirs.refresh_from_db()
    assert theirs.nib == NIB and theirs.name == "Usaha Orang Lain"

    honest = apply(client, program, kecamatan, nib="", serial=9002)
    response = admin_client.get(reverse("admin:programs_applicant_changelist"), {"program__id__exact": program.pk})
    assert "NIB milik pemilik lain" in response.text
    flags = {row.pk: row.nib_of_other_owner for row in response.context["cl"].result_list}
    assert flags == {applied.pk: True, honest.pk: False}


def test_the_owners_own_nib_and_folded_name_link_their_enterprise(client, program, kecamatan):
    owner = PersonFactory(kecamatan=kecamatan["Kragilan"], nik=nik_for(kecamatan["Kragilan"], 9001))
    own = EnterpriseFactory(owner=owner, nib=NIB, name="Lain Nama")
    assert apply(client, program, kecamatan, nib=NIB).enterprise == own
    named = EnterpriseFactory(owner=owner, nib=None, name="Keripik  IBU")
    other = OpenProgramFactory(slug="kedua")
    assert apply(client, other, kecamatan, nib="", name="keripik ibu").enterprise == named
    assert Enterprise.objects.filter(owner=owner).count() == 2
