"""Someone holding a certificate's QR code opens its verification page: a valid certificate says
valid with the holder, program, dates, number and agency; a revoked one says revoked and when;
neither shows the holder's NIK, phone, address or birth date."""

import datetime

import pytest

from programs.certificates import issue_certificates, revoke_certificate
from tests.factories import ParticipantFactory, PersonFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def certificates(serang):
    program = ProgramFactory(
        title="Pelatihan Pembuatan Tas Anyaman dan Tas Kulit di BDI Denpasar",
        venue="Balai Diklat Industri (BDI) Denpasar",
        city="Denpasar",
        start_date=datetime.date(2024, 10, 15),
        end_date=datetime.date(2024, 10, 19),
    )
    for name in ("Ni Made Ayu Lestari", "I Wayan Sudarma"):
        person = PersonFactory(full_name=name, birth_date=datetime.date(1988, 4, 21))
        ParticipantFactory(program=program, person=person)
    issued = {c.holder_name: c for c in issue_certificates(program=program, today=datetime.date(2024, 10, 19))}
    valid, revoked = issued["Ni Made Ayu Lestari"], issued["I Wayan Sudarma"]
    revoke_certificate(
        certificate=revoked, reason="Data peserta keliru", now=datetime.datetime(2025, 1, 6, 9, 0, tzinfo=datetime.UTC)
    )
    return valid, revoked


def personal_values(certificate):
    person = certificate.participant.person
    return [person.nik, person.phone, person.address, "21 April 1988", "21/04/1988", "1988-04-21"]


def test_the_verification_pages_of_a_valid_and_a_revoked_certificate(page, certificates):
    valid, revoked = certificates

    page.goto(f"/sertifikat/{valid.code}/")
    status = page.locator("#certificate-status").inner_text()
    assert "SAH" in status and "DICABUT" not in status
    body = page.locator("main").inner_text() if page.locator("main").count() else page.locator("body").inner_text()
    for shown in (
        "Ni Made Ayu Lestari",
        valid.number,
        "Pelatihan Pembuatan Tas Anyaman dan Tas Kulit di BDI Denpasar",
        "15 Oktober 2024 – 19 Oktober 2024",
        "Dinas Koperasi, UMKM, Perindustrian dan Perdagangan Kabupaten Serang",
    ):
        assert shown in body
    html = page.content()
    assert not [value for value in personal_values(valid) if value in html]

    page.goto(f"/sertifikat/{revoked.code}/")
    status = page.locator("#certificate-status").inner_text()
    assert "DICABUT" in status and "6 Januari 2025" in status
    assert page.locator("#holder").inner_text() == "I Wayan Sudarma"
    html = page.content()
    assert not [value for value in personal_values(revoked) if value in html]
    assert "Data peserta keliru" not in html  # the reason is for staff

    response = page.goto(f"/sertifikat/{valid.code[:-2]}zz/")
    assert response.status == 404
    assert "tidak ditemukan" in page.locator("#certificate-status").inner_text()
