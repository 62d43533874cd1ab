"""The public verification page /sertifikat/<code>/ (programs.views_certificates)."""

import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from programs.certificates import issue_certificates, revoke_certificate
from tests.factories import ParticipantFactory, PersonFactory, ProgramFactory
from tests.languages import unmarked

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(serang):
    program = ProgramFactory(
        title="Pelatihan Kemasan Uji", start_date=datetime.date(2024, 10, 15), end_date=datetime.date(2024, 10, 19)
    )
    person = PersonFactory(full_name="Siti Pemegang", birth_date=datetime.date(1990, 8, 15))
    ParticipantFactory(program=program, person=person)
    return issue_certificates(program=program, today=datetime.date(2024, 10, 19))[0]


def test_a_valid_certificate_shows_holder_program_dates_number_agency_and_nothing_personal(client, certificate):
    response = client.get(reverse("certificate_verify", args=[certificate.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "SAH dan berlaku" in page and "DICABUT" not in page
    for shown in ("Siti Pemegang", "Pelatihan Kemasan Uji", "15 Oktober 2024", "19 Oktober 2024", certificate.number):
        assert shown in page
    assert "Dinas Koperasi, UMKM, Perindustrian dan Perdagangan Kabupaten Serang" in page
    # the portal's own header and footer too: the agency's emblem and contact, not blanks
    assert f'href="mailto:{settings.PORTAL_AGENCY_EMAIL}"' in page and 'src="/static/"' not in page
    person = certificate.participant.person
    for hidden in (person.nik, person.phone, person.address, "1990", "15 Agustus"):
        assert hidden not in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_revoked_certificate_says_so_and_when(client, certificate):
    revoke_certificate(certificate=certificate, reason="Tidak menyelesaikan tugas akhir")
    page = client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert "DICABUT" in page and "SAH" not in page
    assert "Siti Pemegang" in page and certificate.number in page


def test_an_unknown_code_is_a_clear_404(client, certificate):
    for code in ("abc", certificate.number.replace("/", "-"), certificate.code[:-1] + "x"):
        response = client.get(reverse("certificate_verify", args=[code]))
        assert response.status_code == 404
        assert "tidak ditemukan" in response.content.decode()


@override_settings(CERTIFICATE_CHECK_RATE_LIMIT=3)
def test_guessing_is_rate_limited(client, certificate):
    for n in range(3):
        assert client.get(reverse("certificate_verify", args=[f"tebakan{n}"])).status_code == 404
    response = client.get(reverse("certificate_verify", args=[certificate.code]))
    assert response.status_code == 429
    assert "Siti Pemegang" not in response.content.decode()
    # it says when to try again, in words and in Retry-After, and whom to call meanwhile
    assert 0 < int(response["Retry-After"]) <= 3600
    text = response.text
    assert 'id="refusal"' in text and "Silakan coba lagi dalam" in text and "menit" in text
    assert 'href="tel:0254000000"' in text and "https://wa.me/6281200000000" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow" and response["Cache-Control"].startswith("max-age=0")


def test_with_english_chosen_the_program_and_its_place_are_marked_indonesian(client, certificate):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("certificate_verify", args=[certificate.code])).text
    assert '<html lang="en">' in text and "Pelatihan Kemasan Uji" in text and "Aula Uji" in text
    assert unmarked(text, "Pelatihan Kemasan Uji", "Aula Uji") == []
