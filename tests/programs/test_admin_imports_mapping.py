"""Participant lists the way offices keep them, through the mapping step, save the same rows as the
clean template; the mapping is remembered; data left unmapped blocks the confirmation."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.models import ImportMapping
from enterprises.models import Enterprise, Person
from programs import imports
from programs.models import Participant
from tests.files import IMPORT_PERMS, PERSONAL, clean_rows, csv_bytes, office_rows, office_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(make_program, serang):
    return make_program()


def upload_url(program):
    return reverse("admin:programs_program_import_participants", args=[program.pk])


def upload(client, program, data, name):
    response = client.post(upload_url(program), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response["Location"]


def accept_proposal(client, url, **changes):
    """Post the mapping step as proposed (with `changes`); returns where it leads."""
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial not in (None, "", False)}
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return response["Location"]


def saved():
    people = sorted(
        Person.objects.values_list(
            "full_name",
            "nik",
            "sex",
            "birth_place",
            "birth_date",
            "phone",
            "address",
            "kecamatan__name",
            "desa__name",
        )
    )
    enterprises = sorted(
        Enterprise.objects.values_list("name", "sector", "owner__nik", "kecamatan__name", "desa__name")
    )
    participants = sorted(Participant.objects.values_list("person__nik", "enterprise__name", "status"))
    return people, enterprises, participants


def forget_everything():
    Participant.objects.all().delete()
    Enterprise.objects.all().delete()
    Person.objects.all().delete()


OFFICE_FILES = [
    ("daftar.xlsx", office_xlsx),
    ("daftar.csv", lambda: csv_bytes(office_rows())),
    ("daftar.csv", lambda: csv_bytes(office_rows(), delimiter=";")),
    ("daftar.txt", lambda: csv_bytes(office_rows(), delimiter="\t", encoding="utf-8")),
]


@pytest.mark.parametrize("name, build", OFFICE_FILES, ids=["xlsx", "csv-comma", "csv-semicolon", "csv-tab"])
def test_an_office_list_saves_the_same_rows_as_the_clean_template(officer_client, program, name, build):
    mapping_url = upload(officer_client, program, build(), name)
    assert mapping_url.endswith("/kolom/")  # KETERANGAN is unknown, "Kerajinan" is no sector name
    page = officer_client.get(mapping_url).content.decode()
    assert "KETERANGAN" in page and "ketua kelompok" in page  # each column with its samples
    assert "Kerajinan" in page and "Makanan dan Minuman" in page  # each everyday word once
    assert page.count(">Makanan<") == 1
    preview_url = accept_proposal(officer_client, mapping_url)
    preview = officer_client.get(preview_url)
    text = preview.content.decode()
    assert "Simpan semua baris" in text, [row.errors for row in preview.context["plan"].rows]
    counts = {column.heading: count for column, _label, count in preview.context["column_counts"]}
    assert counts["NO. HP/WA"] == 4 and counts["TEMPAT, TGL. LAHIR"] == 4 and counts["KEC."] == 4
    officer_client.post(preview_url)
    office = saved()
    assert len(office[0]) == 4 and len(office[2]) == 4

    forget_everything()
    clean = csv_bytes(clean_rows(imports.PARTICIPANT_LABELS, imports.PARTICIPANT_TEMPLATE))
    preview_url = upload(officer_client, program, clean, "templat.csv")
    assert not preview_url.endswith("/kolom/")  # the template's headings need no mapping
    officer_client.post(preview_url)
    assert saved() == office


def test_the_mapping_is_remembered_for_the_next_list_with_the_same_headings(officer_client, officer, program):
    mapping_url = upload(officer_client, program, office_xlsx(), "januari.xlsx")
    preview_url = accept_proposal(officer_client, mapping_url, column_12="certificate_number")
    remembered = ImportMapping.objects.get(user=officer, purpose="peserta")
    assert remembered.mapping["columns"]["12"] == "certificate_number"
    assert remembered.mapping["values"]["sector"]["kerajinan"] == "kriya"
    officer_client.post(preview_url)
    log = LogEntry.objects.get(object_id=str(program.pk))
    assert "TEMPAT, TGL. LAHIR → Tempat dan tanggal lahir (dipisah)" in log.change_message
    assert "NO → tidak diimpor" in log.change_message and "“kerajinan” → kriya" in log.change_message

    # February's list from the same office: straight to the preview, mapped the same way.
    forget_everything()
    preview_url = upload(officer_client, program, csv_bytes(office_rows(), delimiter=";"), "februari.csv")
    assert not preview_url.endswith("/kolom/")
    officer_client.post(preview_url)
    assert sorted(Participant.objects.values_list("certificate_number", flat=True))[-1] == "pindah dari Cikande"


def test_another_user_gets_the_mapping_step(officer_client, program, make_staff, client):
    accept_proposal(officer_client, upload(officer_client, program, office_xlsx(), "daftar.xlsx"))
    client.force_login(make_staff("petugas-lain", IMPORT_PERMS + PERSONAL))
    assert upload(client, program, office_xlsx(), "daftar.xlsx").endswith("/kolom/")


def test_staff_map_an_unknown_column_and_an_unknown_value(officer_client, program):
    rows = office_rows()
    rows[3][OFFICE := rows[3].index("NO. HP/WA")] = "KONTAK AKTIF PESERTA"
    rows[5][rows[3].index("JENIS USAHA")] = "Olahan ikan"
    mapping_url = upload(officer_client, program, csv_bytes(rows), "daftar.csv")
    page = officer_client.get(mapping_url)
    form = page.context["form"]
    assert [column.heading for column in page.context["mapping"].suspicious] == ["KONTAK AKTIF PESERTA"]
    assert "Tampak berisi nomor telepon" in page.content.decode()
    value = next(name for _field, text, _key, name in form.value_rows if text == "Olahan ikan")
    assert form.fields[value].initial == ""  # no synonym knows it

    # Left unmapped without a word from staff: refused.
    refused = officer_client.post(mapping_url, {name: field.initial or "" for name, field in form.fields.items()})
    assert refused.status_code == 200
    assert "KONTAK AKTIF PESERTA" in str(refused.context["form"].non_field_errors())

    preview_url = accept_proposal(officer_client, mapping_url, **{f"column_{OFFICE}": "phone", value: "pertanian"})
    officer_client.post(preview_url)
    siti = Person.objects.get(nik="3604115508900001")
    assert siti.phone == "081234567890"
    assert Enterprise.objects.get(owner=siti).sector == "pertanian"


def test_a_preview_with_data_left_unmapped_cannot_be_confirmed_unless_staff_say_so(officer_client, program):
    rows = office_rows()
    rows[3][rows[3].index("NO. HP/WA")] = "KONTAK AKTIF PESERTA"
    mapping_url = upload(officer_client, program, csv_bytes(rows), "daftar.csv")
    preview_url = mapping_url.removesuffix("kolom/")
    text = officer_client.get(preview_url).content.decode()  # skipping the step by its address
    assert "belum dipetakan" in text and "Simpan semua baris" not in text
    assert officer_client.post(preview_url)["Location"] == mapping_url
    assert Participant.objects.count() == 0

    # Staff say the column is not wanted: the preview can be confirmed, without the phones.
    preview_url = accept_proposal(officer_client, mapping_url, accept_unmapped="on")
    assert "Simpan semua baris" in officer_client.get(preview_url).content.decode()
    officer_client.post(preview_url)
    assert Participant.objects.count() == 4
    assert set(Person.objects.values_list("phone", flat=True)) == {""}


def test_two_columns_for_one_field_and_a_required_field_unmapped_are_refused(officer_client, program):
    mapping_url = upload(officer_client, program, office_xlsx(), "daftar.xlsx")
    form = officer_client.get(mapping_url).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial}
    twice = officer_client.post(mapping_url, {**data, "column_12": "full_name"})
    assert "dipetakan ke isian yang sama" in str(twice.context["form"].non_field_errors())
    no_nik = officer_client.post(mapping_url, {**data, "column_2": ""})
    assert "Kolom wajib NIK belum dipetakan" in str(no_nik.context["form"].non_field_errors())
    no_phone = officer_client.post(mapping_url, {**data, "column_9": ""})  # a known column left out
    assert "Kolom NO. HP/WA tampak berisi" in str(no_phone.context["form"].non_field_errors())
    assert Participant.objects.count() == 0


def test_a_column_newly_mapped_to_a_choice_brings_its_values_to_the_mapping_step(officer_client, program):
    rows = office_rows()
    rows[3][rows[3].index("JENIS USAHA")] = "BIDANG"  # unknown heading: its values are not read yet
    mapping_url = upload(officer_client, program, csv_bytes(rows), "daftar.csv")
    form = officer_client.get(mapping_url).context["form"]
    assert not form.value_rows
    data = {name: field.initial for name, field in form.fields.items() if field.initial}
    again = officer_client.post(mapping_url, {**data, "column_10": "sector"})
    assert again.status_code == 200  # the same step once more, now with the sector words
    assert {text for _field, text, _key, _name in again.context["form"].value_rows} >= {"Kerajinan", "Konveksi"}
    preview_url = accept_proposal(officer_client, mapping_url)
    officer_client.post(preview_url)
    assert Enterprise.objects.get(name="Konveksi Fauzi").sector == "fesyen"
