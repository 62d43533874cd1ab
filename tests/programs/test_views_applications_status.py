"""The public status page: code and NIK together, only the status, one neutral message, rate limited."""

import re

import pytest
from django.test import override_settings

from programs.models import Participant
from tests.factories import ApplicantFactory, PersonFactory
from tests.languages import unmarked
from tests.programs.helpers import field_errors

pytestmark = pytest.mark.django_db

URL = "/pelatihan/cek-status/"
NEUTRAL = "Kode referensi dan NIK ini tidak cocok dengan pendaftaran mana pun. Periksa kembali keduanya."


@pytest.fixture
def application(open_program, kecamatan):
    person = PersonFactory(kecamatan=kecamatan["Petir"], full_name="Nur Rahasia", phone="0812000111")
    return ApplicantFactory(program=open_program, person=person, reference_code="K7QM3XPA")


def test_code_and_nik_show_the_status_and_nothing_personal(client, application):
    response = client.post(URL, {"reference_code": "K7QM-3XPA", "nik": application.person.nik})
    assert response.status_code == 200
    assert "mendaftar" in response.text
    assert "sedang menunggu seleksi" in response.text
    assert application.program.title in response.text
    for personal in ("Nur Rahasia", "0812000111", application.enterprise.name):
        assert personal not in response.text


def test_with_english_chosen_the_program_title_is_marked_indonesian(client, application, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.post(URL, {"reference_code": "K7QM3XPA", "nik": application.person.nik}).text
    assert '<html lang="en">' in text and 'id="application-status"' in text
    assert application.program.title in text and unmarked(text, application.program.title) == []


def test_the_status_follows_selection(client, application):
    Participant.objects.filter(pk=application.pk).update(status=Participant.Status.SELECTED)
    response = client.post(URL, {"reference_code": "K7QM3XPA", "nik": application.person.nik})
    assert "terpilih" in response.text and "Selamat" in response.text


def test_the_code_is_read_forgivingly(client, application):
    response = client.post(URL, {"reference_code": " k7qm 3xpa ", "nik": application.person.nik})
    assert 'id="application-status"' in response.text


def test_the_nik_may_be_typed_in_groups(client, application):
    nik = application.person.nik
    grouped = f" {nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]} "
    response = client.post(URL, {"reference_code": "K7QM3XPA", "nik": grouped})
    assert 'id="application-status"' in response.text


def test_a_wrong_nik_and_an_unknown_code_get_the_same_neutral_message(client, application, kecamatan):
    other_nik = PersonFactory(kecamatan=kecamatan["Petir"]).nik
    wrong_nik = client.post(URL, {"reference_code": "K7QM3XPA", "nik": other_nik})
    unknown_code = client.post(URL, {"reference_code": "ZZZZ9999", "nik": application.person.nik})
    for response in (wrong_nik, unknown_code):
        assert response.status_code == 200
        assert NEUTRAL in response.text
        assert 'id="application-status"' not in response.text
        assert application.program.title not in response.text
    # The two pages differ only in the values typed back into the form: nothing tells which one was wrong.
    typed = [other_nik, application.person.nik, "K7QM3XPA", "ZZZZ9999"]
    assert _without(wrong_nik, typed) == _without(unknown_code, typed)


def _without(response, values):
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)
    for value in values:
        text = text.replace(value, "")
    return text


def test_both_fields_are_required(client, db):
    response = client.post(URL, {"reference_code": "", "nik": "", "x": "1"})
    assert field_errors(response, "reference_code") == ["Isi kode referensi pendaftaran Anda."]
    assert field_errors(response, "nik") == ["Isi NIK yang Anda pakai saat mendaftar."]


def test_a_participant_without_a_code_cannot_be_found_by_an_empty_code(client, open_program, kecamatan):
    person = PersonFactory(kecamatan=kecamatan["Petir"])
    ApplicantFactory(program=open_program, person=person, reference_code=None)
    response = client.post(URL, {"reference_code": "--", "nik": person.nik})
    assert 'id="application-status"' not in response.text


@override_settings(STATUS_CHECK_RATE_LIMIT=3)
def test_status_checks_are_rate_limited(client, application):
    for _attempt in range(3):
        assert NEUTRAL in client.post(URL, {"reference_code": "AAAA2222", "nik": application.person.nik}).text
    limited = client.post(URL, {"reference_code": "K7QM3XPA", "nik": application.person.nik})
    assert limited.status_code == 429
    assert "Terlalu banyak percobaan" in limited.text
    assert 'id="application-status"' not in limited.text
    assert client.get(URL).status_code == 200  # reading the empty form is not counted
