"""Rows pasted into the cohort-entry screen are read by the imports' own column mapping
(common.column_mapping): an office list pasted with its title rows, upper-case headings, combined
and prefixed columns and everyday words saves the same people as the same list imported; what
the screen cannot save is named on the row, never dropped in silence."""

import pytest

from enterprises.models import Person
from programs import cohort_entry
from programs.models import Participant
from tests.files import OFFICE_HEADINGS, csv_bytes, office_rows
from tests.programs.test_admin_imports_mapping import accept_proposal, forget_everything, upload

pytestmark = pytest.mark.django_db

SEX = OFFICE_HEADINGS.index("L/P")


@pytest.fixture
def program(make_program, serang):
    return make_program()


def office_list():
    """The office list with "JENIS KELAMIN" for its sex column, as rows of cells."""
    rows = office_rows()
    rows[3][SEX] = "JENIS KELAMIN"
    return rows


def as_clipboard(rows):
    return "\n".join("\t".join(row) for row in rows) + "\n"


def people():
    return sorted(
        Person.objects.values_list(
            "full_name", "nik", "sex", "birth_place", "birth_date", "phone", "address", "kecamatan__name", "desa__name"
        )
    )


def test_an_office_list_pasted_reads_its_combined_and_prefixed_columns():
    rows = cohort_entry.read_paste(as_clipboard(office_list()))
    assert len(rows) == 4  # the title rows, the numbering row and the blank row are not people
    siti = rows[0].values
    assert siti["full_name"] == "Siti Nur'aini" and siti["sex"] == "P"  # "Perempuan" under "JENIS KELAMIN"
    assert siti["birth_place"] == "Serang" and siti["birth_date"] == "15/08/1990"  # "SERANG, 15 Agustus 1990"
    assert siti["address"] == "Kampung Contoh RT 001/RW 002"  # ALAMAT + RT/RW
    assert siti["desa"] == "Silebu" and siti["kecamatan"] == "Kragilan"  # "Desa Silebu", "Kec. Kragilan"
    assert [row.values["phone"] for row in rows] == ["081234567890", "081311112222", "085711112222", "081299998888"]
    assert rows[1].values["sex"] == "L" and rows[2].values["desa"] == "Pematang"  # "LAKI-LAKI", "Desa/Kel. Pematang"


def test_the_paste_and_the_import_save_the_same_people(officer_client, officer, program):
    result = cohort_entry.save_rows(
        program=program, rows=cohort_entry.parse_pasted_rows(as_clipboard(office_list())), user=officer
    )
    assert result.saved == 4 and not result.left, [row.errors for row in result.left]
    pasted = people()
    pasted_enterprises = sorted(Participant.objects.values_list("person__nik", "enterprise__name"))

    forget_everything()
    preview_url = accept_proposal(
        officer_client, upload(officer_client, program, csv_bytes(office_list()), "daftar.csv")
    )
    officer_client.post(preview_url)
    assert people() == pasted and len(pasted) == 4
    assert sorted(Participant.objects.values_list("person__nik", "enterprise__name")) == pasted_enterprises


def test_columns_the_screen_does_not_save_are_named_on_each_row_that_holds_a_value():
    rows = cohort_entry.read_paste(as_clipboard(office_list()))
    siti, budi = rows[0].notes, rows[1].notes
    assert any("KETERANGAN" in note and "ketua kelompok" in note for note in siti)
    assert any("JENIS USAHA" in note and "Kerajinan" in note for note in siti)
    assert not any("KETERANGAN" in note for note in budi)  # Budi's remark is blank
    assert not any("“NO”" in note for note in siti)  # the row number is no data


def test_a_value_of_no_choice_stays_in_its_cell_and_the_validator_names_it(program):
    paste = "NIK\tNama\tJenis kelamin\n3604115508900001\tSiti\tZz\n"
    (row,) = cohort_entry.parse_pasted_rows(paste)
    assert row["sex"] == "Zz"
    (checked,) = cohort_entry.check_rows(program=program, rows=[row])
    assert checked.errors == ["Baris 1, kolom L/P: isi L (laki-laki) atau P (perempuan), bukan “zz”."]


def test_an_unnamed_pasted_column_is_named_by_its_position():
    (row,) = cohort_entry.read_paste("NIK\tNama\t\n3604115508900001\tSiti\tcatatan\n")
    assert row.notes and "“3”" in row.notes[0] and "catatan" in row.notes[0]
