"""The cohort-entry rules: pasted rows, the shared validator, saving through the import's service,
and what a NIK lookup may say to whom."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from programs import cohort_entry, imports
from programs.models import Participant
from tests.factories import EnterpriseFactory, ParticipantFactory, PersonFactory, ProgramFactory
from tests.files import grant

pytestmark = pytest.mark.django_db

WOMAN = "3604115508900001"  # Kragilan, a woman born 15/08/1990


@pytest.fixture
def program(serang):
    return ProgramFactory(quota=30, start_date=datetime.date(2025, 5, 5))


def test_pasted_rows_with_headings_in_any_order_use_the_imports_headings():
    text = "No. KTP\tNama Lengkap\tNo HP\tDesa/Kelurahan\tKolom lain\r\n'3604115508900001\tSiti\t0812\tTegalmaja\tx\r\n"
    assert cohort_entry.parse_pasted_rows(text) == [
        {
            **cohort_entry.blank_row(),
            "nik": "'3604115508900001",
            "full_name": "Siti",
            "phone": "0812",
            "desa": "Tegalmaja",
        }
    ]


def test_pasted_rows_without_headings_are_in_the_templates_order():
    text = (
        "Siti\t3604115508900001\tP\tSerang\t15/08/1990\t0812\t\tKragilan\tTegalmaja\tEmping\n\nBudi\t3604110101850002\n"
    )
    rows = cohort_entry.parse_pasted_rows(text)
    assert [row["full_name"] for row in rows] == ["Siti", "Budi"]
    assert rows[0]["enterprise_name"] == "Emping" and rows[0]["birth_date"] == "15/08/1990"
    assert rows[0]["birth_place"] == "Serang"  # the template has had a birth place column since issue 17


def test_a_cell_quoted_by_the_spreadsheet_keeps_its_tab_and_line_break():
    rows = cohort_entry.parse_pasted_rows('Nama\tNIK\n"Siti\nAminah"\t3604115508900001\n')
    assert rows[0]["full_name"] == "Siti Aminah"  # clean_text folds the line break


def test_the_grid_is_checked_by_the_imports_own_validator(program, monkeypatch):
    calls = []
    original = imports.plan_participant_import
    monkeypatch.setattr(imports, "plan_participant_import", lambda **kw: calls.append(kw) or original(**kw))
    rows = [{**cohort_entry.blank_row(), "nik": WOMAN, "full_name": "Siti", "sex": "L"}]
    (checked,) = cohort_entry.check_rows(program=program, rows=rows)
    assert calls and calls[0]["program"] == program
    assert checked.action == imports.ParticipantAction.NEW_PERSON and checked.errors == []
    assert checked.warnings[0].startswith("Baris 1, kolom L/P:")


def test_save_takes_the_valid_rows_in_one_go_and_leaves_the_others_with_their_errors(program, kecamatan):
    known = PersonFactory(full_name="Budi Lama", kecamatan=kecamatan["Petir"])
    EnterpriseFactory(owner=known, name="Kerupuk Budi")
    rows = [
        {**cohort_entry.blank_row(), "nik": WOMAN, "full_name": "Siti", "desa": "Tegalmaja",
         "enterprise_name": "Emping"},
        {**cohort_entry.blank_row(), "nik": known.nik, "full_name": "Budi Lama", "kecamatan": "Petir",
         "enterprise_name": "Kerupuk Budi"},
        {**cohort_entry.blank_row(), "nik": "12345", "full_name": "Salah"},
    ]  # fmt: skip
    result = cohort_entry.save_rows(program=program, rows=rows, user=None)
    assert (result.saved, len(result.left)) == (2, 1)
    assert "NIK harus 16 digit" in result.left[0].errors[0]
    siti = program.participants.get(person__nik=WOMAN)
    assert siti.status == Participant.Status.SELECTED and siti.person.sex == "P"
    assert siti.person.kecamatan.name == "Kragilan" and siti.enterprise.name == "Emping"
    assert program.participants.get(person=known).enterprise.name == "Kerupuk Budi"
    assert siti.history.first().history_change_reason.startswith("Diimpor dari layar angkatan")


def test_the_rows_past_the_quota_are_left_with_the_quota_sentence(program):
    program.quota = 1
    program.save()
    rows = [
        {**cohort_entry.blank_row(), "nik": WOMAN, "full_name": "Siti"},
        {**cohort_entry.blank_row(), "nik": "3604110101850002", "full_name": "Budi"},
    ]
    result = cohort_entry.save_rows(program=program, rows=rows, user=None)
    assert result.saved == 1 and len(result.left) == 1
    assert "Kuota" in result.left[0].errors[0] and result.left[0].values["full_name"] == "Budi"
    assert list(Participant.objects.values_list("person__full_name", flat=True)) == ["Siti"]


def test_a_person_already_in_the_cohort_changes_nothing(program):
    person = PersonFactory(nik=WOMAN)
    ParticipantFactory(program=program, person=person, status="terpilih")
    result = cohort_entry.save_rows(
        program=program, rows=[{**cohort_entry.blank_row(), "nik": WOMAN, "full_name": "x"}], user=None
    )
    assert (result.saved, result.already, result.left) == (0, 1, [])


def test_an_unknown_nik_tells_what_the_nik_says(program):
    found = cohort_entry.lookup_nik(nik="3604 1155 0890 0001", program=program, user=AnonymousUser())
    assert found == {
        "nik": WOMAN,
        "known": False,
        "sex": "P",
        "birth_date": "15/08/1990",
        "kecamatan": "Kragilan",
    }


def test_an_invalid_nik_gets_its_sentence(program):
    found = cohort_entry.lookup_nik(nik="3604", program=program, user=AnonymousUser())
    assert "16 digit" in found["error"] and "known" not in found


@pytest.fixture
def registered(kecamatan):
    person = PersonFactory(
        nik=WOMAN, full_name="Siti Lama", phone="081211112222", address="Jalan Rahasia 1",
        birth_date=datetime.date(1990, 8, 15), kecamatan=kecamatan["Kragilan"],
    )  # fmt: skip
    EnterpriseFactory(owner=person, name="Emping Siti")
    ParticipantFactory(person=person, program=ProgramFactory(title="Kemasan", start_date=datetime.date(2024, 3, 1)))
    return person


def test_a_known_person_fills_in_without_personal_identifiers_for_a_clerk_without_the_permission(
    program, registered, make_staff
):
    clerk = make_staff("juru", ["programs.add_participant", "enterprises.add_person"])
    found = cohort_entry.lookup_nik(nik=WOMAN, program=program, user=clerk)
    assert found["known"] and found["full_name"] == "Siti Lama" and found["kecamatan"] == "Kragilan"
    assert found["enterprise_name"] == "Emping Siti" and found["trainings"] == ["Kemasan (2024)"]
    assert not {"phone", "address", "birth_date"} & found.keys()
    assert "081211112222" not in str(found) and "Rahasia" not in str(found)


def test_a_reader_of_personal_data_gets_phone_address_and_birth_date(program, registered, make_staff):
    officer = grant(make_staff("petugas-data"), ["enterprises.view_personal_identifiers"])
    found = cohort_entry.lookup_nik(nik=WOMAN, program=program, user=officer)
    assert (found["phone"], found["address"], found["birth_date"]) == ("081211112222", "Jalan Rahasia 1", "15/08/1990")


def test_a_save_refused_at_the_last_moment_saves_nothing_and_keeps_every_row(program, monkeypatch):
    # Another clerk fills the last places between the check and the save: the import's service refuses.
    from common.imports import ImportRejected

    def refuse(*, program, table, user=None, source=""):
        raise ImportRejected(None, "Kuota penuh.")

    monkeypatch.setattr(imports, "import_participants", refuse)
    rows = [{**cohort_entry.blank_row(), "nik": WOMAN, "full_name": "Siti"}]
    result = cohort_entry.save_rows(program=program, rows=rows, user=None)
    assert (result.saved, result.refused) == (0, "Kuota penuh.")
    assert [row.values["full_name"] for row in result.left] == ["Siti"]
    assert not Participant.objects.exists()
