"""Back office of the papers: signing officials and revoking a certificate."""

import datetime

import pytest
from django.urls import reverse

from programs.certificates import issue_certificates
from programs.models import Certificate, Official
from tests.factories import ParticipantFactory, ProgramFactory
from tests.logins import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(serang):
    program = ProgramFactory(start_date=datetime.date(2024, 10, 15), end_date=datetime.date(2024, 10, 19))
    ParticipantFactory(program=program)
    return issue_certificates(program=program)[0]


def test_staff_revoke_a_certificate_with_a_reason(client, make_staff, certificate):
    login_verified(client, make_staff("kabid", ["programs.view_certificate", "programs.change_certificate"]))
    change = client.get(reverse("admin:programs_certificate_change", args=[certificate.pk])).content.decode()
    url = reverse("admin:programs_certificate_revoke", args=[certificate.pk])
    assert url in change
    response = client.post(url, {"reason": ""})
    assert "wajib" in response.content.decode() or "required" in response.content.decode()
    assert not Certificate.objects.get().is_revoked
    response = client.post(url, {"reason": "Nama salah tulis"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Nama salah tulis"


def test_readers_cannot_revoke_and_nobody_deletes(client, make_staff, certificate):
    login_verified(client, make_staff("pembaca", ["programs.view_certificate", "programs.delete_certificate"]))
    assert (
        client.post(reverse("admin:programs_certificate_revoke", args=[certificate.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:programs_certificate_delete", args=[certificate.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert not Certificate.objects.get().is_revoked


def test_an_official_is_entered_with_a_grouped_nip(client, make_staff, serang):
    login_verified(client, make_staff("admin-bidang", ["programs.add_official", "programs.view_official"]))
    data = {
        "bidang": "umkm",
        "name": "Dra. Contoh",
        "position": "Kepala Bidang UMKM",
        "nip": "19700101 199003 1 002",
        "active": "on",
        "order": "1",
    }
    response = client.post(reverse("admin:programs_official_add"), data)
    assert response.status_code == 302
    assert Official.objects.get().nip == "197001011990031002"
    data["nip"] = "1970"
    response = client.post(reverse("admin:programs_official_add"), data)
    assert "NIP terdiri dari 18 angka" in response.content.decode()
