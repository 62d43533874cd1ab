"""Limits that stop abuse, not people (issue 13): what is counted, and what a refusal says."""

import pytest
from django.test import override_settings

from programs.models import Participant
from tests.factories import ApplicantFactory, OpenProgramFactory, PersonFactory, nik_for

pytestmark = pytest.mark.django_db

STATUS_URL = "/pelatihan/cek-status/"


@pytest.fixture
def application(open_program, kecamatan):
    return ApplicantFactory(
        program=open_program, person=PersonFactory(kecamatan=kecamatan["Petir"]), reference_code="K7QM3XPA"
    )


def assert_refusal_says_when_and_whom(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert 'id="refusal"' in response.text
    assert "Silakan coba lagi dalam" in response.text and "menit" in response.text
    assert "(0254) 000000" in response.text and "https://wa.me/6281200000000" in response.text


def test_thirty_applicants_from_one_office_apply_in_a_row(client, serang, kecamatan, kragilan_desa, form_data):
    """A kecamatan office helps 30 people apply from one connection: nobody is refused."""
    program = OpenProgramFactory(slug="pelatihan-kantor-kecamatan", quota=40)
    for serial in range(30):
        data = {**form_data, "nik": nik_for(kecamatan["Kragilan"], 7000 + serial), "full_name": f"Warga {serial}"}
        response = client.post(f"/pelatihan/{program.slug}/daftar/", data, REMOTE_ADDR="10.20.30.40")
        assert response.status_code == 302, serial
    assert Participant.objects.filter(program=program).count() == 30


@override_settings(APPLICATIONS_PER_NIK_PER_DAY=2)
def test_successful_applications_are_limited_per_nik_and_mistakes_cost_nothing(client, serang, form_data):
    programs = [OpenProgramFactory(slug=f"pelatihan-batas-{n}") for n in range(3)]
    # five mistakes with the same NIK first: not counted against it
    for _attempt in range(5):
        assert (
            client.post(f"/pelatihan/{programs[0].slug}/daftar/", {**form_data, "motivation": "x"}).status_code == 200
        )
    for program in programs[:2]:
        assert client.post(f"/pelatihan/{program.slug}/daftar/", form_data).status_code == 302
    refused = client.post(f"/pelatihan/{programs[2].slug}/daftar/", form_data)
    assert_refusal_says_when_and_whom(refused)
    assert "terlalu banyak pendaftaran hari ini" in refused.text
    assert 'value="Emping Bu Siti"' in refused.text  # what was typed is still there
    assert Participant.objects.count() == 2


@override_settings(APPLICATION_RATE_LIMIT=3)
def test_the_address_ceiling_refusal_says_when_and_whom_to_call(client, apply_url, form_data):
    for _attempt in range(3):
        client.post(apply_url, {**form_data, "nik": "123"})
    assert_refusal_says_when_and_whom(client.post(apply_url, form_data))


@override_settings(STATUS_FAILURES_PER_CODE=3)
def test_failed_checks_stop_one_code_while_other_codes_from_the_same_address_work(client, open_program, kecamatan):
    guessed = ApplicantFactory(program=open_program, reference_code="AAAA2222")
    other_person = PersonFactory(kecamatan=kecamatan["Petir"], nik=nik_for(kecamatan["Petir"], 4242))
    ApplicantFactory(program=open_program, person=other_person, reference_code="BBBB3333")
    for serial in range(3):  # someone guesses NIKs for one code
        wrong = {"reference_code": "AAAA2222", "nik": nik_for(kecamatan["Petir"], 100 + serial)}
        assert client.post(STATUS_URL, wrong).status_code == 200
    refused = client.post(STATUS_URL, {"reference_code": "AAAA2222", "nik": guessed.person.nik})
    assert_refusal_says_when_and_whom(refused)
    assert 'id="application-status"' not in refused.text  # not even the right NIK gets through now
    other = client.post(STATUS_URL, {"reference_code": "BBBB-3333", "nik": other_person.nik})
    assert other.status_code == 200 and 'id="application-status"' in other.text


@override_settings(STATUS_FAILURES_PER_CODE=3)
def test_successful_checks_are_not_counted(client, application):
    for _attempt in range(10):
        response = client.post(STATUS_URL, {"reference_code": "K7QM3XPA", "nik": application.person.nik})
        assert 'id="application-status"' in response.text


@override_settings(STATUS_FAILURES_PER_NIK=2, STATUS_FAILURES_PER_CODE=100)
def test_failed_checks_are_limited_per_nik_too(client, application):
    for code in ("AAAA2222", "BBBB3333"):
        client.post(STATUS_URL, {"reference_code": code, "nik": application.person.nik})
    refused = client.post(STATUS_URL, {"reference_code": "K7QM3XPA", "nik": application.person.nik})
    assert_refusal_says_when_and_whom(refused)


def test_the_limits_keep_no_personal_identifier_in_clear(application):
    from django.core.cache import cache

    from programs import rules

    rules.count_attempt(scope="status-nik", subject=rules.subject_key(application.person.nik))
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any(application.person.nik in key for key in keys)
