import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common import spreadsheets
from enterprises.models import Enterprise, Person
from programs.models import Participant
from tests.files import EXPORT_PERMS, IMPORT_PERMS, csv_bytes, streamed, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload_url(program):
    return reverse("admin:programs_program_import_participants", args=[program.pk])


def upload(client, program, data, name):
    return client.post(upload_url(program), {"file": SimpleUploadedFile(name, data)})


def snapshot():
    return (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count())


@pytest.fixture
def program(make_program, serang):
    return make_program()


GOOD_CSV = csv_bytes(
    [
        ["Nama Lengkap", "NIK", "Kecamatan", "Desa/Kelurahan", "Tanggal Lahir"],
        ["Siti Contoh", '="3604115508900001"', "Kragilan", "Tegalmaja", "15 Agustus 1990"],
        ["Budi Contoh", "3604110101850002", "kec. kragilan", "", "01-01-1985"],
    ]
)


def test_upload_preview_confirm(officer_client, program):
    response = upload(officer_client, program, GOOD_CSV, "peserta.csv")
    assert response.status_code == 302
    preview_url = response["Location"]
    assert re.search(r"/peserta/impor/[A-Za-z0-9_-]{22,}/$", preview_url)
    page = officer_client.get(preview_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Siti Contoh" in text and "3604110101850002" in text and "orang baru, didaftarkan" in text
    assert "Simpan semua baris" in text
    assert snapshot() == (0, 0, 0)  # nothing saved by the preview
    done = officer_client.post(preview_url)
    assert done.status_code == 302 and done["Location"] == reverse("admin:programs_program_change", args=[program.pk])
    assert snapshot() == (2, 0, 2)
    # The staged file is gone: confirming again does nothing more.
    again = officer_client.post(preview_url)
    assert again.status_code == 302 and again["Location"] == upload_url(program)
    assert snapshot() == (2, 0, 2)


def test_preview_with_errors_offers_no_save_and_confirm_saves_nothing(officer_client, program):
    data = csv_bytes([["Nama", "NIK"], ["Siti", "3604115508900001"], ["Rusak", "3,60412E+15"]])
    preview_url = upload(officer_client, program, data, "peserta.csv")["Location"]
    text = officer_client.get(preview_url).content.decode()
    assert "Baris 3, kolom NIK: NIK 3,60412E+15 tertulis dalam notasi ilmiah" in text
    assert "Simpan semua baris" not in text
    response = officer_client.post(preview_url)
    assert response.status_code == 200 and "Tidak ada yang disimpan" in response.content.decode()
    assert snapshot() == (0, 0, 0)


def png():
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def formula_xlsx():
    return xlsx_bytes([["Nama", "NIK"], ["Siti", "=1+1"]])


@pytest.mark.parametrize(
    "data, name, sentence",
    [
        (b"", "peserta.csv", "kosong"),
        (csv_bytes([["Nama", "NIK"]]), "peserta.csv", "hanya berisi baris judul"),
        (png(), "peserta.xlsx", "sebenarnya PNG"),
        (formula_xlsx(), "peserta.xlsx", "berisi rumus"),
    ],
)
def test_hostile_files_get_one_sentence_and_nothing_is_saved(officer_client, program, data, name, sentence):
    response = upload(officer_client, program, data, name)
    assert response.status_code == 200
    assert sentence in response.content.decode()
    assert snapshot() == (0, 0, 0)


def test_oversized_upload_is_refused(officer_client, program, monkeypatch):
    monkeypatch.setattr("common.admin_imports.MAX_BYTES", 100)
    response = upload(officer_client, program, GOOD_CSV + b"x" * 200, "peserta.csv")
    assert response.status_code == 200 and "terlalu besar" in response.content.decode()


def test_windows_1252_and_semicolon_files_import(officer_client, program):
    data = "Nama;NIK;Kecamatan\r\nJosé Ñoño;3604115508900001;Kragilan\r\n".encode("cp1252")
    preview_url = upload(officer_client, program, data, "peserta.csv")["Location"]
    officer_client.post(preview_url)
    assert Person.objects.get().full_name == "José Ñoño"


def test_preview_token_is_bound_to_the_session_user_and_file(officer_client, program, client, make_staff, tmp_path):
    preview_url = upload(officer_client, program, GOOD_CSV, "peserta.csv")["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    # Another officer with the same rights cannot use it.
    client.force_login(
        make_staff("petugas-lain", EXPORT_PERMS + IMPORT_PERMS + ["enterprises.view_personal_identifiers"])
    )
    assert client.post(preview_url)["Location"] == upload_url(program)
    # A staged file changed on disk is refused (checksum).
    (spreadsheets._staging_dir() / token).write_bytes(GOOD_CSV.replace(b"Siti", b"Sita"))
    assert officer_client.post(preview_url)["Location"] == upload_url(program)
    assert snapshot() == (0, 0, 0)
    # A forged token is refused.
    forged = preview_url.replace(token, "../../etc/passwd")
    assert officer_client.get(forged).status_code in {302, 404}


def test_import_needs_its_permissions(client, make_staff, program):
    assert client.get(upload_url(program)).status_code == 302  # anonymous: to the login page
    client.force_login(make_staff("tanpa-impor", EXPORT_PERMS + ["programs.change_program"]))
    assert client.get(upload_url(program)).status_code == 403
    assert client.post(upload_url(program), {"file": SimpleUploadedFile("p.csv", GOOD_CSV)}).status_code == 403


def test_program_page_has_the_buttons(officer_client, program):
    text = officer_client.get(reverse("admin:programs_program_change", args=[program.pk])).content.decode()
    assert reverse("admin:programs_program_export_participants", args=[program.pk, "xlsx"]) in text
    assert upload_url(program) in text


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_round_trip_export_then_import_into_an_empty_program(
    officer_client, make_program, make_people, file_format, kecamatan
):
    source = make_program("sumber")
    make_people(source, 12)
    original = {
        p.person.nik: (p.person.full_name, p.status, p.attendance_days, p.certificate_number, p.enterprise_id)
        for p in source.participants.select_related("person")
    }
    people_before, enterprises_before = Person.objects.count(), Enterprise.objects.count()
    exported = streamed(
        officer_client.get(reverse("admin:programs_program_export_participants", args=[source.pk, file_format]))
    )
    target = make_program("kosong")
    preview_url = upload(officer_client, target, exported, f"peserta.{file_format}")["Location"]
    preview = officer_client.get(preview_url).content.decode()
    assert preview.count("<td>orang sudah terdaftar (cocok NIK), didaftarkan</td>") == 12
    officer_client.post(preview_url)
    copied = {
        p.person.nik: (p.person.full_name, p.status, p.attendance_days, p.certificate_number, p.enterprise_id)
        for p in target.participants.select_related("person")
    }
    assert copied == original  # same people, NIKs digit for digit, same enterprises and results
    assert (Person.objects.count(), Enterprise.objects.count()) == (people_before, enterprises_before)
    # A second import of the same file changes nothing.
    preview_url = upload(officer_client, target, exported, f"peserta.{file_format}")["Location"]
    second_preview = officer_client.get(preview_url).content.decode()
    assert second_preview.count("<td>sudah peserta pelatihan ini, tidak diubah</td>") == 12
    officer_client.post(preview_url)
    assert target.participants.count() == 12 and Person.objects.count() == people_before


def test_round_trip_into_a_fresh_registry_recreates_people(officer_client, make_program, make_people):
    source = make_program("sumber")
    make_people(source, 5)
    exported = streamed(
        officer_client.get(reverse("admin:programs_program_export_participants", args=[source.pk, "xlsx"]))
    )
    original = sorted(Person.objects.values_list("nik", "full_name", "birth_date", "phone", "address", "desa_id"))
    Participant.objects.all().delete()
    Enterprise.objects.all().delete()
    Person.objects.all().delete()
    target = make_program("kosong")
    preview_url = upload(officer_client, target, io.BytesIO(exported).getvalue(), "peserta.xlsx")["Location"]
    assert officer_client.get(preview_url).content.decode().count("<td>orang baru, didaftarkan</td>") == 5
    officer_client.post(preview_url)
    assert (
        sorted(Person.objects.values_list("nik", "full_name", "birth_date", "phone", "address", "desa_id")) == original
    )
    assert sorted(Enterprise.objects.values_list("nib", flat=True)) == [f"0{i:012d}" for i in range(1, 6)]


def test_huge_upload_is_refused_before_reading_it(officer_client, program):
    response = officer_client.post(
        upload_url(program), data=b"x" * 100, content_type="multipart/form-data; boundary=x", CONTENT_LENGTH="999999999"
    )
    assert response.status_code == 200 and "terlalu besar" in response.content.decode()


def test_confirmed_import_is_in_the_program_history(officer_client, program):
    from django.contrib.admin.models import LogEntry

    preview_url = upload(officer_client, program, GOOD_CSV, "peserta.csv")["Location"]
    officer_client.post(preview_url)
    entry = LogEntry.objects.get(object_id=str(program.pk))
    assert "peserta.csv" in entry.get_change_message() and "2 baris" in entry.get_change_message()
