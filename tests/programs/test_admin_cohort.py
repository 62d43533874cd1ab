"""The cohort-entry screen's views: who may use it, the NIK lookup and paste check endpoints, and
saving without JavaScript."""

import re

import pytest
from django.urls import reverse

from programs.models import Participant
from tests.factories import PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db

WOMAN = "3604115508900001"
ENTRY = ["programs.add_participant", "enterprises.add_person", "programs.change_program", "programs.view_program"]


@pytest.fixture
def program(serang):
    return ProgramFactory(quota=10)


@pytest.fixture
def clerk_client(client, make_staff):
    client.force_login(make_staff("juru-angkatan", ENTRY))
    return client


def url(name, program, **query):
    address = reverse(f"admin:programs_program_{name}", args=[program.pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_program_page_links_to_the_screen(clerk_client, program):
    response = clerk_client.get(reverse("admin:programs_program_change", args=[program.pk]))
    assert url("cohort_entry", program) in response.text


def test_the_screen_has_no_inline_script_and_no_event_attributes(clerk_client, program):
    response = clerk_client.get(url("cohort_entry", program))
    assert response.status_code == 200
    html = response.text
    assert 'src="/static/programs/cohort_entry.js"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert not re.search(r"\son[a-z]+\s*=", html), "an inline event handler"
    assert 'name="row-0-nik"' in html


@pytest.mark.parametrize("name", ["cohort_entry", "cohort_lookup"])
def test_staff_without_the_entry_permissions_are_refused(client, make_staff, program, name):
    client.force_login(make_staff("hanya-lihat", ["programs.change_program", "programs.view_program"]))
    assert client.get(url(name, program, nik=WOMAN)).status_code == 403


def test_anonymous_users_go_to_the_login_page(client, program):
    response = client.get(url("cohort_lookup", program, nik=WOMAN))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_lookup_answers_json_without_personal_identifiers_for_a_clerk(clerk_client, program):
    PersonFactory(nik=WOMAN, full_name="Siti Lama", phone="081277778888", address="Jalan Rahasia 9")
    response = clerk_client.get(url("cohort_lookup", program, nik=WOMAN))
    found = response.json()
    assert found["known"] and found["full_name"] == "Siti Lama"
    assert "081277778888" not in response.text and "Rahasia" not in response.text


def test_the_lookup_of_a_bad_nik_is_a_sentence_not_an_error(clerk_client, program):
    response = clerk_client.get(url("cohort_lookup", program, nik="36\x00x"))
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "NIK" in response.json()["error"]


def test_pasted_rows_come_back_checked(clerk_client, program):
    paste = f"Nama\tNIK\tL/P\nSiti\t{WOMAN}\tL\nTanpa NIK\t\t\n"
    response = clerk_client.post(url("cohort_check", program), {"paste": paste})
    rows = response.json()["rows"]
    assert [row["values"]["full_name"] for row in rows] == ["Siti", "Tanpa NIK"]
    assert rows[0]["action"] == "orang_baru" and "perempuan" in rows[0]["warnings"][0]
    assert rows[1]["action"] == "galat" and "NIK wajib diisi" in rows[1]["errors"][0]
    assert not Participant.objects.exists()


def test_the_check_endpoint_takes_only_post(clerk_client, program):
    assert clerk_client.get(url("cohort_check", program)).status_code == 405


def test_saving_without_javascript_saves_the_valid_rows_and_keeps_the_others(clerk_client, program):
    response = clerk_client.post(
        url("cohort_entry", program),
        {
            "row-0-nik": WOMAN, "row-0-full_name": "Siti", "row-0-desa": "Tegalmaja",
            "row-0-enterprise_name": "Emping Siti",
            "row-1-nik": "123", "row-1-full_name": "Salah Ketik",
            "row-2-nik": "", "row-2-full_name": "",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "1 peserta disimpan." in response.text
    assert 'value="Salah Ketik"' in response.text and "NIK harus 16 digit" in response.text
    participant = Participant.objects.get(program=program)
    assert participant.person.full_name == "Siti" and participant.status == Participant.Status.SELECTED


def test_a_clean_save_goes_back_to_an_empty_grid(clerk_client, program):
    response = clerk_client.post(url("cohort_entry", program), {"row-0-nik": WOMAN, "row-0-full_name": "Siti"})
    assert response.status_code == 302 and response["Location"] == url("cohort_entry", program)
    assert program.participants.count() == 1
