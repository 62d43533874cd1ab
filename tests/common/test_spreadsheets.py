import datetime
import io
import struct
import zipfile
import zlib

import pytest
from openpyxl import Workbook

from common import spreadsheets
from common.spreadsheets import SpreadsheetError, clean_identifier, number_text, parse_date, read_table
from tests.files import csv_bytes, xlsx_bytes

FIELDS = {"full_name": ["nama lengkap", "nama"], "nik": ["NIK", "no KTP"], "desa": ["desa/kelurahan", "desa"]}
LABELS = {"full_name": "Nama lengkap", "nik": "NIK", "desa": "Desa/kelurahan"}


def table(data, filename="daftar.csv"):
    return read_table(data, filename, fields=FIELDS, required={"full_name", "nik"}, labels=LABELS)


def refused(data, filename="daftar.csv"):
    with pytest.raises(SpreadsheetError) as caught:
        table(data, filename)
    message = caught.value.message
    assert message.endswith(".") and message.count(". ") == 0, message  # one sentence
    return message


def png_bytes():
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


def test_headings_tolerate_case_spacing_and_indonesian_names():
    data = csv_bytes(
        [["  NAMA  ", "No. KTP", "Desa / Kelurahan", "Catatan"], ["Siti", "3604115508900001", "Tegalmaja", "x"]]
    )
    result = table(data)
    assert result.columns == {"full_name": "NAMA", "nik": "No. KTP", "desa": "Desa / Kelurahan"}
    assert result.ignored_headings == ["Catatan"]
    assert result.records[0].values == {"full_name": "Siti", "nik": "3604115508900001", "desa": "Tegalmaja"}
    assert result.records[0].number == 2


def test_a_title_line_above_the_headings_is_skipped():
    data = csv_bytes([["DAFTAR PESERTA PELATIHAN KEMASAN 2026"], [], ["Nama", "NIK"], ["Siti", "3604115508900001"]])
    result = table(data)
    assert [record.number for record in result.records] == [4]


def test_semicolon_csv_as_excel_writes_it_in_indonesian_locale():
    data = csv_bytes([["Nama", "NIK"], ["Nur; Aini", "3604115508900001"], ["Budi", "3604110101900002"]], delimiter=";")
    result = table(data)
    assert [r.values["full_name"] for r in result.records] == ["Nur; Aini", "Budi"]


def test_windows_1252_csv_keeps_its_accents():
    data = "Nama,NIK\r\nJosé Ñoño,3604115508900001\r\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert table(data).records[0].values["full_name"] == "José Ñoño"


def test_utf8_without_bom_and_utf16_are_read():
    assert table("Nama,NIK\nJosé,1\n".encode()).records[0].values["full_name"] == "José"
    assert table("Nama\tNIK\nJosé\t1\n".encode("utf-16")).records[0].values["full_name"] == "José"


def test_empty_file_is_refused():
    assert "kosong" in refused(b"")
    assert "kosong" in refused(b"\xef\xbb\xbf\r\n  \r\n")


def test_headers_only_is_refused():
    assert "hanya berisi baris judul" in refused(csv_bytes([["Nama", "NIK"], ["", ""]]))
    assert "hanya berisi baris judul" in refused(xlsx_bytes([["Nama", "NIK"]]), "daftar.xlsx")


def test_missing_required_column_is_named():
    assert "NIK" in refused(csv_bytes([["Nama", "Alamat"], ["Siti", "Petir"]]))


def test_png_renamed_xlsx_is_refused():
    message = refused(png_bytes(), "peserta.xlsx")
    assert "PNG" in message


def test_random_bytes_named_xlsx_and_zip_that_is_not_a_workbook_are_refused():
    assert "bukan buku kerja" in refused(b"this is not a workbook at all", "peserta.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "bukan buku kerja" in refused(buffer.getvalue(), "peserta.xlsx")
    assert "rusak" in refused(b"PK\x03\x04" + b"\x00" * 100, "peserta.xlsx")


def test_old_xls_and_other_types_are_refused():
    assert ".xls" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "peserta.xls")
    assert "CSV atau XLSX" in refused(b"Nama,NIK\nSiti,1\n", "peserta.docx")
    assert "biner" in refused(b"Nama,NIK\n\x00\x01\x02\x03binary", "peserta.csv")


def test_oversized_file_is_refused():
    data = b"Nama,NIK\n" + b"Siti,3604115508900001\n" * (spreadsheets.MAX_BYTES // 20)
    assert "terlalu besar" in refused(data)


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    assert "lebih dari" in refused(csv_bytes([["Nama", "NIK"]] + [["Siti", "1"]] * 5))


def test_formula_cell_in_xlsx_is_refused_naming_row_and_column():
    message = refused(xlsx_bytes([["Nama", "NIK"], ["Siti", "=A2&B1"]]), "peserta.xlsx")
    assert "Baris 2 kolom B" in message and "rumus" in message


def test_formula_in_csv_is_refused_but_our_quoted_identifier_is_read():
    assert "rumus" in refused(csv_bytes([["Nama", "NIK"], ['=HYPERLINK("x")', "1"]]))
    result = table(csv_bytes([["Nama", "NIK"], ["Siti", '="3604115508900001"']]))
    assert result.records[0].values["nik"] == "3604115508900001"


def test_formulas_outside_the_columns_we_read_do_not_block_the_file():
    data = xlsx_bytes([["No.", "Nama", "NIK", "Catatan"], ["=ROW()-1", "Siti", "3604115508900001", "=SUM(A1:A2)"]])
    assert table(data, "peserta.xlsx").records[0].values["nik"] == "3604115508900001"
    assert table(csv_bytes([["No", "Nama", "NIK"], ["=ROW()-1", "Siti", "1"]])).records[0].values["full_name"] == "Siti"


def test_quoted_identifier_formula_in_xlsx_is_a_literal():
    result = table(xlsx_bytes([["Nama", "NIK"], ["Siti", '="0123456789012345"']]), "peserta.xlsx")
    assert result.records[0].values["nik"] == "0123456789012345"


def test_xlsx_numbers_dates_and_spoiled_niks():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nama", "NIK", "Desa"])
    sheet.append(["Siti", 3604115508900001, datetime.datetime(1990, 12, 31)])
    sheet.append(["Budi", 3.60411550890000e15, 5.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    records = table(buffer.getvalue(), "peserta.xlsx").records
    assert records[0].values["nik"] == "3.60412E+15"  # past 15 digits: shown as Excel shows it
    assert records[0].values["desa"] == datetime.date(1990, 12, 31)
    assert records[1].values["desa"] == "5"


def test_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNZIPPED_BYTES", 1000)
    assert "terlalu besar" in refused(xlsx_bytes([["Nama", "NIK"], ["Siti", "1"]]), "peserta.xlsx")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31/12/1990", datetime.date(1990, 12, 31)),
        ("31-12-1990", datetime.date(1990, 12, 31)),
        ("31.12.1990", datetime.date(1990, 12, 31)),
        ("1990-12-31", datetime.date(1990, 12, 31)),
        ("1990-12-31 00:00:00", datetime.date(1990, 12, 31)),
        ("31 Desember 1990", datetime.date(1990, 12, 31)),
        ("31 Des 1990", datetime.date(1990, 12, 31)),
        ("5 agustus 1985", datetime.date(1985, 8, 5)),
        ("17-Agt-1945", datetime.date(1945, 8, 17)),
        ("33238", datetime.date(1990, 12, 31)),
        (datetime.datetime(1990, 12, 31, 0, 0), datetime.date(1990, 12, 31)),
        ("31/02/1990", None),
        ("31 Dessember 1990", None),
        ("kemarin", None),
    ],
)
def test_dates_as_people_type_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ('="3604115508900001"', "3604115508900001"),
        ("'3604115508900001", "3604115508900001"),
        (" 3604 1155 0890 0001 ", "3604115508900001"),
        ("3604-1155-0890-0001", "3604115508900001"),
        ("3,60412E+15", "3,60412E+15"),
    ],
)
def test_identifiers_are_cleaned_to_their_digits(value, expected):
    assert clean_identifier(value) == expected


def test_number_text():
    assert number_text(5.0) == "5"
    assert number_text(812345678) == "812345678"
    assert number_text(3604115508900001) == "3.60412E+15"


def test_cells_merged_down_give_their_value_to_every_row_and_titles_stay_in_their_cell():
    from tests.files import OFFICE_HEADINGS, office_xlsx

    rows = dict(spreadsheets.read_rows(office_xlsx(), "daftar.xlsx"))
    kecamatan = OFFICE_HEADINGS.index("KEC.")
    assert [rows[number][kecamatan] for number in (6, 7, 8, 9)] == ["Kec. Kragilan"] * 3 + ["Kec. Petir"]
    assert rows[1][0].startswith("DAFTAR") and set(rows[1][1:]) <= {None}
    assert rows[9][OFFICE_HEADINGS.index("NO. HP/WA")] == "81299998888"  # a number cell, read as its digits
