"""Warnings of the participant import (and the cohort screen, which validates rows with it): rows
that pass, each with a sentence where the data disagree with the NIK, where the person is
probably already registered under another NIK, or already took a training this year."""

import datetime

import pytest

from enterprises.models import Person
from programs.imports import ParticipantAction, import_participants, plan_participant_import
from tests.factories import ParticipantFactory, PersonFactory, ProgramFactory
from tests.programs.test_imports import table_of

pytestmark = pytest.mark.django_db

HEADER = ["Nama", "NIK", "L/P", "Tgl. Lahir", "No HP", "Kecamatan", "Desa/Kelurahan"]
WOMAN = "3604115508900001"  # Kragilan, a woman born 15/08/1990


@pytest.fixture
def program(serang):
    return ProgramFactory(start_date=datetime.date(2025, 5, 5), quota=50)


def plan_of(program, rows):
    return plan_participant_import(program=program, table=table_of(rows, header=HEADER))


def test_a_female_nik_with_sex_l_and_another_birth_date_passes_with_two_warnings(program):
    plan = plan_of(program, [["Siti", WOMAN, "L", "01/02/1991", "081200000001", "Kragilan", "Tegalmaja"]])
    (row,) = plan.rows
    assert row.action == ParticipantAction.NEW_PERSON and not row.errors
    assert len(row.warnings) == 2
    sex, birth = row.warnings
    assert sex.startswith("Baris 2, kolom L/P:") and "perempuan" in sex
    assert birth.startswith("Baris 2, kolom Tgl. Lahir:") and "15/08/1990" in birth and "01/02/1991" in birth
    # A warning is not a refusal: the row is saved as typed.
    import_participants(
        program=program, table=table_of([["Siti", WOMAN, "L", "01/02/1991", "", "Kragilan", ""]], header=HEADER)
    )
    saved = Person.objects.get(nik=WOMAN)
    assert (saved.sex, saved.birth_date) == ("L", datetime.date(1991, 2, 1))


def test_a_kecamatan_other_than_the_niks_is_named(program):
    (row,) = plan_of(program, [["Siti", WOMAN, "P", "15/08/1990", "", "Petir", ""]]).rows
    assert len(row.warnings) == 1
    assert "kolom Kecamatan" in row.warnings[0] and "Kragilan" in row.warnings[0] and "Petir" in row.warnings[0]


def test_data_that_agree_with_the_nik_give_no_warning(program):
    (row,) = plan_of(program, [["Siti", WOMAN, "P", "15/08/1990", "", "Kragilan", "Tegalmaja"]]).rows
    assert row.warnings == [] and row.errors == []


def test_the_same_name_and_birth_date_under_another_nik_is_a_likely_duplicate(program, kecamatan):
    PersonFactory(full_name="Siti Aminah", birth_date=datetime.date(1990, 8, 15), kecamatan=kecamatan["Petir"])
    (row,) = plan_of(program, [["siti  AMINAH", WOMAN, "P", "15/08/1990", "", "Kragilan", ""]]).rows
    assert row.action == ParticipantAction.NEW_PERSON
    assert len(row.warnings) == 1 and "Siti Aminah (Petir)" in row.warnings[0] and "kolom Nama" in row.warnings[0]


def test_the_same_phone_is_a_likely_duplicate(program, kecamatan):
    PersonFactory(full_name="Orang Lain", phone="081299990000", kecamatan=kecamatan["Petir"])
    (row,) = plan_of(program, [["Siti", WOMAN, "P", "15/08/1990", "+62 812-9999-0000", "Kragilan", ""]]).rows
    assert len(row.warnings) == 1 and "Orang Lain" in row.warnings[0] and "kolom No HP" in row.warnings[0]


def test_the_person_matched_by_nik_is_no_duplicate_of_themself(program, kecamatan):
    PersonFactory(full_name="Siti", nik=WOMAN, phone="081200000001", birth_date=datetime.date(1990, 8, 15))
    (row,) = plan_of(program, [["Siti", WOMAN, "P", "15/08/1990", "081200000001", "Kragilan", ""]]).rows
    assert row.action == ParticipantAction.EXISTING_PERSON and row.warnings == []


def test_a_training_taken_in_the_programs_year_is_named(program):
    person = PersonFactory(nik=WOMAN, birth_date=datetime.date(1990, 8, 15))
    earlier = ProgramFactory(title="Pelatihan Kemasan", start_date=datetime.date(2025, 1, 10))
    ParticipantFactory(program=earlier, person=person)
    last_year = ProgramFactory(start_date=datetime.date(2024, 6, 1))
    ParticipantFactory(program=last_year, person=person)
    (row,) = plan_of(program, [["Siti", WOMAN, "", "", "", "", ""]]).rows
    assert row.action == ParticipantAction.EXISTING_PERSON
    assert row.warnings == ["Baris 2, kolom Nama: sudah ikut pelatihan lain tahun 2025: Pelatihan Kemasan."]


def test_an_application_not_selected_is_no_training_taken(program):
    person = PersonFactory(nik=WOMAN)
    ParticipantFactory(program=ProgramFactory(start_date=datetime.date(2025, 1, 10)), person=person, status="ditolak")
    (row,) = plan_of(program, [["Siti", WOMAN, "", "", "", "", ""]]).rows
    assert row.warnings == []


def test_the_preview_page_shows_the_warnings_and_still_offers_to_save(officer_client, program):
    from tests.files import csv_bytes
    from tests.programs.test_admin_imports import upload

    # 13/02/1991 reads one way only (an ambiguous date alone would be asked about first)
    data = csv_bytes([["Nama", "NIK", "L/P", "Tgl. Lahir"], ["Siti", WOMAN, "L", "13/02/1991"]])
    preview = officer_client.get(upload(officer_client, program, data, "peserta.csv")["Location"])
    text = preview.content.decode()
    assert text.count("Peringatan:") == 2 and "Simpan semua baris" in text
