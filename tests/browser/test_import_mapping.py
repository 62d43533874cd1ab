"""An officer uploads a kecamatan's list whose phone column has a heading the portal does not know
and whose business type is written in a word no synonym knows; maps both on the mapping step, in
Chromium, with plain forms; and confirms the import."""

import pytest
from django.urls import reverse

from enterprises.models import Enterprise, Person
from programs.models import Participant
from tests.files import csv_bytes, office_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_maps_an_unknown_column_and_an_unknown_value(page, serang, officer, make_program, tmp_path, screenshot):
    program = make_program()
    rows = office_rows()
    rows[3][rows[3].index("NO. HP/WA")] = "KONTAK AKTIF PESERTA"
    rows[5][rows[3].index("JENIS USAHA")] = "Olahan ikan"
    upload = tmp_path / "daftar-kragilan.csv"
    upload.write_bytes(csv_bytes(rows, delimiter=";"))

    page.goto("/admin/login/")
    page.fill("#id_username", "petugas")
    page.fill("#id_password", "rahasia-uji-123")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.goto(reverse("admin:programs_program_change", args=[program.pk]))
    page.click("text=Impor peserta")
    page.set_input_files("input[type=file]", str(upload))
    page.click("input[type=submit]")

    page.wait_for_selector(".import-mapping")
    unknown = page.locator("tr[data-column='KONTAK AKTIF PESERTA']")
    assert "Tampak berisi nomor telepon" in unknown.inner_text()
    assert "0812-3456-7890" in unknown.inner_text()  # its sample values
    assert page.locator("tr[data-column='NAMA LENGKAP'] select").input_value() == "full_name"
    assert page.get_by_label("Makanan", exact=True).input_value() == "kuliner"  # a synonym, suggested
    assert page.get_by_label("Olahan ikan").input_value() == ""
    screenshot("mapping")

    # Sent as it is: the phone column may not be left out without a word.
    page.click("input[value='Simpan pemetaan dan tampilkan pratinjau']")
    page.wait_for_selector(".errornote")
    assert "KONTAK AKTIF PESERTA" in page.inner_text(".errornote")

    unknown.locator("select").select_option("phone")
    page.get_by_label("Olahan ikan").select_option("pertanian")
    page.click("input[value='Simpan pemetaan dan tampilkan pratinjau']")
    page.wait_for_selector(".import-preview")
    assert page.locator(".import-preview > table tbody tr").count() == 4
    assert "KONTAK AKTIF PESERTA" in page.inner_text(".import-columns")
    screenshot("preview-after-mapping")
    page.click("input[value='Simpan semua baris']")
    page.wait_for_selector(".messagelist .success")

    assert Participant.objects.filter(program=program).count() == 4
    siti = Person.objects.get(nik="3604115508900001")
    assert (siti.full_name, siti.phone, siti.birth_place) == ("Siti Nur'aini", "081234567890", "Serang")
    assert Enterprise.objects.get(owner=siti).sector == "pertanian"
