"""The reference code reaches the applicant (issue 13): by e-mail when given, with a "save to
WhatsApp" link, and recovered with NIK + birth date through the e-mail on file only."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import override_settings

from enterprises.models import Person
from programs.models import Participant
from tests.factories import ApplicantFactory, OpenProgramFactory, PersonFactory

pytestmark = pytest.mark.django_db

RECOVER_URL = "/pelatihan/kode-hilang/"


def test_the_code_is_emailed_and_offered_for_whatsapp(client, apply_url, form_data):
    response = client.post(apply_url, {**form_data, "email": "siti@example.org"}, follow=True)
    participant = Participant.objects.select_related("person").get()
    assert participant.person.email == "siti@example.org"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["siti@example.org"]
    assert participant.reference_display in mail.outbox[0].body
    assert "http://testserver/pelatihan/cek-status/" in mail.outbox[0].body
    assert form_data["nik"] not in mail.outbox[0].body
    assert "sudah kami kirim ke e-mail Anda" in response.text
    link = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', response.text).group(1)
    text = unquote(link.split("text=", 1)[1])
    assert participant.reference_display in text and "/pelatihan/cek-status/" in text
    assert form_data["nik"] not in text


def test_without_an_email_nothing_is_sent_and_the_page_still_shows_the_code(client, apply_url, form_data):
    response = client.post(apply_url, form_data, follow=True)
    assert mail.outbox == []
    assert Participant.objects.get().reference_display in response.text
    assert "sudah kami kirim" not in response.text


def test_a_failing_mail_server_does_not_lose_the_application(client, apply_url, form_data, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("programs.notify.send_mail", broken)
    response = client.post(apply_url, {**form_data, "email": "siti@example.org"}, follow=True)
    assert Participant.objects.get().reference_display in response.text
    assert "sudah kami kirim" not in response.text


def test_an_already_applied_nik_is_pointed_to_code_recovery(client, apply_url, form_data):
    client.post(apply_url, form_data)
    again = client.post(apply_url, form_data, follow=True)
    assert "Anda sudah terdaftar" in again.text and 'href="/pelatihan/kode-hilang/"' in again.text


@pytest.fixture
def applicant(open_program, kecamatan):
    import datetime

    person = PersonFactory(kecamatan=kecamatan["Petir"], email="nur@example.org", birth_date=datetime.date(1990, 8, 15))
    second = OpenProgramFactory(slug="pelatihan-kedua", title="Pelatihan Kedua")
    ApplicantFactory(program=second, person=person, reference_code="BBBB3333")
    return ApplicantFactory(program=open_program, person=person, reference_code="K7QM3XPA")


def page_without_token(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)


def test_nik_and_birth_date_send_every_code_to_the_email_on_file(client, applicant):
    response = client.post(RECOVER_URL, {"nik": applicant.person.nik, "birth_date": "15/08/1990"})
    assert response.status_code == 200 and 'id="recovery-requested"' in response.text
    assert "K7QM" not in response.text and "nur@example.org" not in response.text  # nothing on the page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nur@example.org"]
    assert "K7QM-3XPA" in mail.outbox[0].body and "BBBB-3333" in mail.outbox[0].body


def test_the_page_answers_the_same_whatever_was_found(client, applicant, kecamatan):
    found = client.post(RECOVER_URL, {"nik": applicant.person.nik, "birth_date": "15/08/1990"})
    wrong_date = client.post(RECOVER_URL, {"nik": applicant.person.nik, "birth_date": "16/08/1990"})
    no_email = PersonFactory(kecamatan=kecamatan["Petir"], email="", birth_date=applicant.person.birth_date)
    ApplicantFactory(program=applicant.program, person=no_email, reference_code="CCCC4444")
    without_email = client.post(RECOVER_URL, {"nik": no_email.nik, "birth_date": "15/08/1990"})
    assert len(mail.outbox) == 1  # only the match with an e-mail on file
    pages = [page_without_token(r) for r in (found, wrong_date, without_email)]
    pages = [p.replace(applicant.person.nik, "").replace(no_email.nik, "") for p in pages]
    pages = [p.replace("15/08/1990", "").replace("16/08/1990", "") for p in pages]
    assert pages[0] == pages[1] == pages[2]
    assert "(0254) 000000" in found.text  # whom to call when no e-mail arrives


@override_settings(CODE_RECOVERIES_PER_NIK=2)
def test_recovery_is_limited_per_nik(client, applicant):
    for _attempt in range(2):
        client.post(RECOVER_URL, {"nik": applicant.person.nik, "birth_date": "15/08/1990"})
    refused = client.post(RECOVER_URL, {"nik": applicant.person.nik, "birth_date": "15/08/1990"})
    assert refused.status_code == 429 and "Silakan coba lagi dalam" in refused.text
    assert len(mail.outbox) == 2


def test_recovery_needs_both_and_reads_the_date_as_written(client, db):
    response = client.post(RECOVER_URL, {"nik": "", "birth_date": "12/31/1990"})
    assert "Isi NIK yang Anda pakai saat mendaftar." in response.text
    assert "tulis tanggal/bulan/tahun seperti 31/12/1980" in response.text
    assert mail.outbox == []


def test_an_application_records_an_unverified_person_and_enterprise(client, apply_url, form_data):
    client.post(apply_url, form_data)
    participant = Participant.objects.select_related("person", "enterprise").get()
    assert participant.person.verified is False and participant.enterprise.verified is False
    assert Person.objects.filter(verified=True).count() == 0
