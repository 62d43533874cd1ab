"""An officer takes a kecamatan's list through upload, preview and confirmation in Chromium,
then downloads the program's participants as XLSX."""

import pytest
from django.urls import reverse

from programs.models import Participant
from tests.files import csv_bytes, read_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_imports_a_list_and_exports_it(page, serang, officer, make_program, tmp_path, screenshot):
    program = make_program()
    bad = tmp_path / "peserta-rusak.csv"
    bad.write_bytes(csv_bytes([["Nama", "NIK", "Kecamatan"], ["Siti", "3,60412E+15", "Keragilan"]], delimiter=";"))
    good = tmp_path / "peserta.csv"
    good.write_bytes(
        csv_bytes(
            [
                ["Nama", "NIK", "Kecamatan", "Tgl. Lahir"],
                ["Siti Contoh", "3604115508900001", "Kragilan", "15/08/1990"],
                ["Budi O'Neil", "3604110101850002", "Petir", "1 Januari 1985"],
            ],
            delimiter=";",
        )
    )
    page.goto("/admin/login/")
    page.fill("#id_username", "petugas")
    page.fill("#id_password", "rahasia-uji-123")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    page.goto(reverse("admin:programs_program_change", args=[program.pk]))
    page.click("text=Impor peserta")
    page.set_input_files("input[type=file]", str(bad))
    page.click("input[type=submit]")
    page.wait_for_selector(".import-preview")
    errors = page.inner_text("td.errors")
    assert "notasi ilmiah" in errors and "Mungkin maksudnya Kragilan?" in errors
    assert page.locator("input[value='Simpan semua baris']").count() == 0
    screenshot("preview-with-errors")

    page.click("text=Unggah berkas lain")
    page.set_input_files("input[type=file]", str(good))
    page.click("input[type=submit]")
    page.wait_for_selector(".import-preview")
    assert page.locator(".import-preview > table tbody tr").count() == 2  # the rows, not the column counts
    screenshot("preview")
    page.click("input[value='Simpan semua baris']")
    page.wait_for_selector(".messagelist .success")
    assert "Impor selesai" in page.inner_text(".messagelist")
    assert Participant.objects.filter(program=program).count() == 2

    with page.expect_download() as download:
        page.click("text=Ekspor peserta (XLSX)")
    sheet = read_xlsx(open(download.value.path(), "rb").read())
    assert {row[2].value for row in sheet.iter_rows(min_row=2)} == {"3604115508900001", "3604110101850002"}
