"""Hostile lists: a NUL deep in the file, a zip bomb, mixed or doubled encodings, a huge cell.
Each is refused at upload with one sentence naming what and where; nothing is staged or saved."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from common import spreadsheets
from common.spreadsheets import SpreadsheetError, read_table
from programs.models import Participant
from tests.factories import ProgramFactory
from tests.logins import login_verified

FIELDS = {"name": ["Nama"], "nik": ["NIK"], "note": ["Keterangan"]}
LABELS = {"name": "Nama", "nik": "NIK", "note": "Keterangan"}


def read(data, filename="peserta.csv"):
    return read_table(data, filename, fields=FIELDS, required={"name"}, labels=LABELS)


def refused(data, filename="peserta.csv"):
    with pytest.raises(SpreadsheetError) as caught:
        read(data, filename)
    return caught.value.message


def csv_rows(count, *, start=1):
    return b"".join(b"Warga %d,36040100000%05d,ok\n" % (n, n) for n in range(start, start + count))


def test_a_nul_after_the_first_8_kb_is_refused_naming_row_and_column():
    data = b"Nama,NIK,Keterangan\n" + csv_rows(400) + b"Siti,3604,ada\x00nul\n" + csv_rows(5, start=500)
    assert len(data) > 8192
    message = refused(data)
    assert "karakter kendali" in message
    assert "Baris 402 kolom C" in message


@pytest.mark.parametrize("character", [b"\x01", b"\x1b", b"\x7f", b"\x0b"])
def test_other_control_characters_are_refused(character):
    assert "karakter kendali" in refused(b"Nama,NIK\nSi" + character + b"ti,1\n" + csv_rows(300))


def test_a_renamed_binary_is_still_called_binary():
    assert "data biner" in refused(b"\x00\x01\x02\x03" * 500 + b"Nama,NIK\n")


def test_tabs_and_line_breaks_in_cells_are_text():
    table = read(b'Nama,NIK,Keterangan\nSiti,1,"baris satu\r\nbaris\tdua"\n')
    assert table.records[0].values["note"] == "baris satu\r\nbaris\tdua"


def zip_bomb(inflated):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b" " * inflated + b"</sheetData>")
    return buffer.getvalue()


def test_an_xlsx_that_inflates_past_the_limit_is_refused_before_parsing():
    data = zip_bomb(spreadsheets.MAX_UNZIPPED_BYTES + 1)
    assert len(data) < 200 * 1024
    started = time.monotonic()
    message = refused(data, "peserta.xlsx")
    assert time.monotonic() - started < 2
    assert "terlalu besar setelah dibuka" in message
    assert "batasnya 40 MB" in message


def test_the_limit_leaves_room_for_a_full_list():
    # 20,000 rows of the widest import (17 columns) need well under the limit.
    assert spreadsheets.MAX_UNZIPPED_BYTES >= 30 * 1024 * 1024
    assert spreadsheets.MAX_UNZIPPED_BYTES < 94 * 1000 * 1000


def test_utf8_with_a_stray_cp1252_byte_is_named_as_mixed_encoding():
    data = "Nama,NIK\nJosé,1\nAndré,2\n".encode() + "René,3\n".encode("cp1252")
    message = refused(data)
    assert "bercampur pengodean" in message
    assert "baris 4" in message
    assert "simpan ulang sebagai CSV UTF-8" in message


def test_double_encoded_utf8_is_named_instead_of_imported():
    data = "Nama,NIK\nSiti,1\nJosé,2\n".encode().decode("cp1252").encode("utf-8")  # "JosÃ©"
    message = refused(data)
    assert "bercampur pengodean" in message
    assert "baris 3" in message
    assert "“Ã©” untuk “é”" in message


def test_plain_windows_1252_and_plain_utf8_still_read():
    assert read("Nama,NIK\nRené,1\n".encode("cp1252")).records[0].values["name"] == "René"
    assert read("Nama,NIK\nRené – Ünal,1\n".encode()).records[0].values["name"] == "René – Ünal"


@pytest.mark.parametrize("length", [10_001, 200_000, 4 * 1024 * 1024])
def test_a_very_long_cell_is_named_not_called_an_unclosed_quote(length):
    data = b"Nama,NIK,Keterangan\nSiti,1,ok\nBudi,2," + b"x" * length + b"\n"
    message = refused(data)
    assert "Sel terlalu panjang di baris 3 kolom C" in message
    assert "tanda kutip" not in message


def test_a_quoted_very_long_cell_too():
    data = b'Nama,NIK\n"' + b"y" * 300_000 + b'",1\n'
    assert "Sel terlalu panjang di baris 2 kolom A" in refused(data)


def test_a_cell_at_the_limit_reads():
    data = b"Nama,NIK,Keterangan\nSiti,1," + b"x" * spreadsheets.MAX_CELL_CHARS + b"\n"
    assert len(read(data).records[0].values["note"]) == spreadsheets.MAX_CELL_CHARS


# --- through the admin's upload screen -------------------------------------------------------------


@pytest.fixture
def officer(db, serang, django_user_model):
    client = Client()
    login_verified(client, django_user_model.objects.create_superuser("petugas", "p@example.org", "pw"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"Nama Lengkap,NIK\n" + b"Warga,1\n" * 1200 + b"Siti\x00,2\n", "peserta.csv", "karakter kendali"),
        (zip_bomb(41 * 1024 * 1024), "peserta.xlsx", "terlalu besar setelah dibuka"),
        ("Nama Lengkap,NIK\nJosé,1\n".encode() + b"Ren\xe9,2\n", "peserta.csv", "bercampur pengodean"),
        (b"Nama Lengkap,NIK\nSiti," + b"9" * 20_000 + b"\n", "peserta.csv", "Sel terlalu panjang"),
    ],
)
def test_the_upload_screen_refuses_with_the_sentence_and_stages_nothing(officer, data, name, expected):
    program = ProgramFactory()
    url = f"/admin/programs/program/{program.pk}/peserta/impor/"
    response = officer.post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert expected in response.text
    assert not officer.session.get(spreadsheets.SESSION_KEY)
    assert Participant.objects.count() == 0
