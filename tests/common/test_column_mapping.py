"""The mapping step's pure logic: headings and sample rows in, a proposed mapping out; the mapping
applied to rows of canonical fields."""

import datetime

import pytest

from common import column_mapping as cm
from common.spreadsheets import clean_phone

FIELDS = {
    "full_name": ["nama", "nama lengkap"],
    "nik": ["NIK"],
    "sex": ["jenis kelamin", "L/P"],
    "birth_place": ["tempat lahir"],
    "birth_date": ["tanggal lahir"],
    "phone": ["no HP"],
    "address": ["alamat"],
    "kecamatan": ["kecamatan", "kec"],
    "desa": ["desa", "desa/kel."],
    "sector": ["sektor", "jenis usaha"],
}
SECTORS = cm.ChoiceSet(
    [("kuliner", "kuliner (makanan dan minuman)"), ("kriya", "kriya dan kerajinan tangan"), ("jasa", "jasa")],
    {"makanan": "kuliner", "kerajinan": "kriya"},
)
BORN = datetime.date(1990, 8, 15)


@pytest.mark.parametrize(
    "text",
    [
        "Serang, 15/08/1990",
        "Serang, 15-08-1990",
        "Serang, 15.08.1990",
        "Serang, 1990-08-15",
        "Serang, 15 Agustus 1990",
        "SERANG, 15 AGUSTUS 1990",
        "Serang 15 Agt 1990",
        "Serang / 15-8-1990",
        "serang,15 agustus 1990",
    ],
)
def test_place_and_date_of_birth_split_in_every_date_style(text):
    place, date = cm.split_birth(text)
    assert date == BORN
    assert place.lower() == "serang"


def test_place_of_birth_in_capitals_is_title_cased_and_a_lone_date_has_no_place():
    assert cm.split_birth("KOTA SERANG, 15 Agustus 1990") == ("Kota Serang", BORN)
    assert cm.split_birth("15/08/1990") == ("", BORN)
    assert cm.split_birth(BORN) == ("", BORN)
    assert cm.split_birth("Serang, tanggal lupa") == ("Serang, tanggal lupa", None)
    assert cm.split_birth("Serang, 31 Februari 1990") == ("Serang, 31 Februari 1990", None)  # no such day
    assert cm.split_birth("") == ("", None)


@pytest.mark.parametrize(
    "typed",
    ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "81234567890", "0812 3456 7890", "(0812) 3456.7890"],
)
def test_phones_in_every_style_are_stored_one_way(typed):
    assert clean_phone(typed) == "081234567890"


def test_a_phone_that_is_not_one_is_left_for_the_validator():
    assert clean_phone("tidak ada") == "tidak ada"
    assert clean_phone("") == ""
    assert clean_phone("(0254) 123456") == "0254123456"  # a landline keeps its area code


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("1/2", "RT 001/RW 002"),
        ("001/002", "RT 001/RW 002"),
        ("RT 1 RW 2", "RT 001/RW 002"),
        ("rt.03 / rw.04", "RT 003/RW 004"),
        ("dekat masjid", "dekat masjid"),
        ("", ""),
    ],
)
def test_rt_rw_is_written_one_way(typed, kept):
    assert cm.join_rt_rw(typed) == kept


@pytest.mark.parametrize(
    "name, typed, kept",
    [
        ("kecamatan", "Kec. Kragilan", "Kragilan"),
        ("kecamatan", "KECAMATAN KRAGILAN", "KRAGILAN"),
        ("kecamatan", "Kragilan", "Kragilan"),
        ("desa", "Desa/Kel. Silebu", "Silebu"),
        ("desa", "Kel. Undar Andir", "Undar Andir"),
        ("desa", "Desa Silebu", "Silebu"),
        ("desa", "Kelurahan Silebu", "Silebu"),
        ("desa", "Desa", "Desa"),  # nothing but the prefix: kept, for the reader to name
        ("desa", "Kelapa Dua", "Kelapa Dua"),  # a name that begins like a prefix is no prefix
    ],
)
def test_region_prefixes_are_dropped(name, typed, kept):
    assert cm.strip_prefix(name, typed) == kept


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("SITI NUR'AINI", "Siti Nur'aini"),
        ("BUDI O'NEIL", "Budi O'Neil"),
        ("DEWI BINTI AHMAD", "Dewi binti Ahmad"),
        ("ANAK AGUNG GDE-PUTRA", "Anak Agung Gde-Putra"),
        ("Budi van Basten", "Budi van Basten"),  # not all capitals: as typed
        ("siti", "siti"),
    ],
)
def test_names_typed_in_capitals_are_title_cased_keeping_particles_and_apostrophes(typed, kept):
    assert cm.title_case(typed) == kept


def test_the_heading_row_is_found_below_title_rows_and_the_numbering_row_is_not_data():
    rows = [
        ["DAFTAR PESERTA PELATIHAN", None, None],
        [None, None, None],
        ["NO", "NAMA LENGKAP", "NIK"],
        ["1", "2", "3"],
        ["1", "SITI", "3604115508900001"],
    ]
    assert cm.find_heading_row(rows, FIELDS) == 2
    assert cm.is_numbering_row(rows[3])
    assert not cm.is_numbering_row(rows[4])


def test_unknown_headings_still_find_the_widest_row():
    rows = [["Judul"], ["Kolom A", "Kolom B", "Kolom C"], ["x", "y", "z"]]
    assert cm.find_heading_row(rows, FIELDS) == 1


def test_proposal_recognises_headings_and_points_out_unmapped_data():
    headings = [
        "No.",
        "NAMA",
        "Nomor Kependudukan",
        "Kontak aktif",
        "Lahir",
        "Keterangan",
        "TEMPAT, TGL LAHIR",
        "RT/RW",
    ]
    rows = [
        ["1", "Siti", "3604115508900001", "0812-3456-7890", "15/08/1990", "baru", "Serang, 15-08-1990", "1/2"],
        ["2", "Budi", "3604 1101 0185 0002", "+62 813 1111 2222", "1 Jan 1985", "", "Serang, 1 Jan 1985", "3/4"],
    ]
    mapping = cm.propose(headings, rows, fields=FIELDS)
    fields = {column.heading: column.field for column in mapping.columns}
    assert fields == {
        "No.": "",
        "NAMA": "full_name",
        "Nomor Kependudukan": "",
        "Kontak aktif": "",
        "Lahir": "",
        "Keterangan": "",
        "TEMPAT, TGL LAHIR": cm.BIRTH_PLACE_DATE,
        "RT/RW": cm.RT_RW,
    }
    kinds = {column.heading: column.looks_like for column in mapping.suspicious}
    assert kinds == {"Nomor Kependudukan": "nik", "Kontak aktif": "phone", "Lahir": "date"}
    assert mapping.blocking and mapping.needs_attention()
    assert mapping.columns[1].samples == ["Siti", "Budi"]

    staff = mapping.as_dict()
    staff["columns"].update({"2": "nik", "3": "phone"})
    staff["accept_unmapped"] = True
    again = cm.propose(headings, rows, fields=FIELDS, remembered=staff)
    assert again.by_field["nik"].heading == "Nomor Kependudukan"
    assert not again.blocking  # "Lahir" is still unmapped, as staff said
    assert [column.heading for column in again.suspicious] == ["Lahir"]


def test_a_desa_column_is_pointed_out_by_its_names():
    mapping = cm.propose(
        ["Nama", "Lokasi"],
        [["Siti", "Desa Silebu"], ["Budi", "Pematang"]],
        fields=FIELDS,
        place_names={"silebu", "pematang"},
    )
    assert [column.looks_like for column in mapping.suspicious] == ["desa"]


def test_choice_values_in_everyday_words_are_listed_once_with_suggestions():
    rows = [["Kerajinan"], ["makanan"], ["Kerajinan"], ["Bengkel las"], ["jasa"], ["kuliner (makanan dan minuman)"]]
    mapping = cm.propose(["Jenis usaha"], rows, fields=FIELDS, choices={"sector": SECTORS})
    assert [(text, suggestion) for text, _key, suggestion, _answered in mapping.unmatched["sector"]] == [
        ("Kerajinan", "kriya"),
        ("makanan", "kuliner"),
        ("Bengkel las", ""),
    ]
    assert mapping.needs_attention()
    staff = mapping.as_dict()
    staff["values"]["sector"]["bengkel las"] = "jasa"
    again = cm.propose(["Jenis usaha"], rows, fields=FIELDS, choices={"sector": SECTORS}, remembered=staff)
    assert not again.needs_attention()  # every value answered before: next month's list maps itself
    assert [record["sector"] for record in cm.apply(again, rows)] == [
        "kriya",
        "kuliner",
        "kriya",
        "jasa",
        "jasa",
        "kuliner (makanan dan minuman)",
    ]


def test_apply_splits_joins_and_strips():
    headings = ["Nama", "Alamat", "RT/RW", "Tempat/Tgl Lahir", "Kec.", "Desa/Kel."]
    rows = [
        ["Siti", "Kampung Contoh", "1/2", "Serang, 15 Agustus 1990", "Kec. Kragilan", "Desa Silebu"],
        ["Budi", "", "", "Serang, entah", "Kragilan", ""],
    ]
    mapping = cm.propose(headings, rows, fields=FIELDS)
    assert cm.apply(mapping, rows) == [
        {
            "full_name": "Siti",
            "address": "Kampung Contoh RT 001/RW 002",
            "birth_place": "Serang",
            "birth_date": BORN,
            "kecamatan": "Kragilan",
            "desa": "Silebu",
        },
        # An unreadable place and date goes to the birth date, for the import to name.
        {"full_name": "Budi", "address": "", "birth_date": "Serang, entah", "kecamatan": "Kragilan", "desa": ""},
    ]


def test_two_columns_never_fill_one_field_and_a_remembered_field_must_exist():
    mapping = cm.propose(["Nama", "Nama lengkap"], [["a", "b"]], fields=FIELDS)
    assert [column.field for column in mapping.columns] == ["full_name", ""]
    forged = {"columns": {"0": "is_superuser", "1": "full_name"}}
    mapping = cm.propose(["Nama", "Nama lengkap"], [["a", "b"]], fields=FIELDS, remembered=forged)
    assert [column.field for column in mapping.columns] == ["", "full_name"]


def test_heading_key_is_the_same_for_the_same_headings_however_typed():
    assert cm.heading_key(["NAMA", "N.I.K"]) == cm.heading_key(["Nama ", "n i k"])
    assert cm.heading_key(["Nama", "NIK"]) != cm.heading_key(["NIK", "Nama"])


def test_a_pasted_table_maps_in_one_call():
    pasted = [
        ["Daftar calon peserta"],
        ["NAMA", "JENIS USAHA", "TTL"],
        ["1", "2", "3"],
        ["SITI", "Kerajinan", "Serang, 15-08-1990"],
        ["", "", ""],
    ]
    mapping, records = cm.map_rows(pasted, fields=FIELDS, choices={"sector": SECTORS})
    assert [column.field for column in mapping.columns] == ["full_name", "sector", cm.BIRTH_PLACE_DATE]
    assert records == [{"full_name": "SITI", "sector": "kriya", "birth_place": "Serang", "birth_date": BORN}]
    assert cm.map_rows([], fields=FIELDS)[1] == []


def test_a_column_mapped_to_a_choice_by_mistake_lists_a_bounded_number_of_values():
    rows = [[f"Nama {number}"] for number in range(500)]
    mapping = cm.propose(["Sektor"], rows, fields=FIELDS, choices={"sector": SECTORS})
    assert len(mapping.unmatched["sector"]) == cm.MAX_LISTED_VALUES
