import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.imports import ImportRejected
from common.spreadsheets import read_table
from enterprises.imports import (
    ENTERPRISE_FIELDS,
    ENTERPRISE_LABELS,
    ENTERPRISE_REQUIRED,
    EnterpriseAction,
    import_enterprises,
    plan_enterprise_import,
)
from enterprises.models import Enterprise, Person
from tests.files import EXPORT_PERMS, csv_bytes, streamed
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

HEADER = ["Nama Usaha", "NIB", "Sektor", "Nama Pemilik", "NIK Pemilik", "Kecamatan", "Desa", "Jumlah tenaga kerja"]
ROWS = [
    [
        "Emping Bu Siti",
        "1234567890123",
        "Kuliner (makanan dan minuman)",
        "Siti",
        "3604115508900001",
        "Kragilan",
        "",
        "3",
    ],
    ["Keripik Bu Siti", "", "kuliner", "Siti", "3604115508900001", "Kragilan", "", ""],
    ["Tas Pandan", "", "kriya", "Budi", "3604110101850002", "Petir", "", "1"],
]


def table_of(rows, header=HEADER):
    return read_table(
        csv_bytes([header, *rows]),
        "umkm.csv",
        fields=ENTERPRISE_FIELDS,
        required=ENTERPRISE_REQUIRED,
        labels=ENTERPRISE_LABELS,
    )


@pytest.fixture
def regions(serang):
    return serang


def test_plan_then_import_then_reimport_changes_nothing(regions):
    plan = plan_enterprise_import(table=table_of(ROWS))
    assert [row.action for row in plan.rows] == [EnterpriseAction.NEW] * 3
    assert Enterprise.objects.count() == 0
    import_enterprises(table=table_of(ROWS))
    siti = Person.objects.get(nik="3604115508900001")
    assert sorted(siti.enterprises.values_list("name", flat=True)) == ["Emping Bu Siti", "Keripik Bu Siti"]
    assert Enterprise.objects.get(nib="1234567890123").employees == 3
    assert Person.objects.count() == 2 and Enterprise.objects.count() == 3
    again = import_enterprises(table=table_of(ROWS))
    assert [row.action for row in again.rows] == [EnterpriseAction.EXISTING] * 3
    assert Person.objects.count() == 2 and Enterprise.objects.count() == 3


def test_existing_owner_is_matched_by_nik(regions, kecamatan):
    Person.objects.create(full_name="Budi Lama", nik="3604110101850002", sex="L", kecamatan=kecamatan["Petir"])
    plan = plan_enterprise_import(table=table_of(ROWS[2:]))
    assert plan.rows[0].action == EnterpriseAction.NEW_FOR_OWNER
    import_enterprises(table=table_of(ROWS[2:]))
    assert Enterprise.objects.get().owner.full_name == "Budi Lama"


def test_row_errors_and_nothing_saved(regions):
    rows = [
        ROWS[0],
        ["Emping Kembar", "1234567890123", "kuliner", "Rina", "3604116012950003", "Kragilan", "", ""],
        ["Usaha Aneh", "12345", "otomotif", "Dewi", "3604116012950004", "Kragilann", "", "banyak"],
    ]
    plan = plan_enterprise_import(table=table_of(rows))
    errors = {row.number: row.errors for row in plan.rows if row.errors}
    assert errors[3] == ["Baris 3, kolom NIB: UMKM ini sudah muncul di baris 2 berkas ini."]
    assert errors[4] == [
        "Baris 4, kolom Kecamatan: kecamatan “Kragilann” tidak ada di kabupaten ini. Mungkin maksudnya Kragilan?",
        "Baris 4, kolom NIB: NIB harus 13 digit angka.",
        "Baris 4, kolom Sektor: sektor “otomotif” tidak dikenal; pilih salah satu: "
        "kuliner, kriya, fesyen, pertanian, perdagangan, jasa, lainnya.",
        "Baris 4, kolom Jumlah tenaga kerja: isi bilangan bulat 0 sampai 100000, bukan “banyak”.",
    ]
    with pytest.raises(ImportRejected):
        import_enterprises(table=table_of(rows))
    assert Enterprise.objects.count() == 0 and Person.objects.count() == 0


def test_a_phone_too_short_is_named_as_such(regions):
    header = [*HEADER, "No HP"]
    rows = [[*ROWS[0], "0812 3456 7890"], [*ROWS[2], "123456"]]
    errors = [error for row in plan_enterprise_import(table=table_of(rows, header)).rows for error in row.errors]
    assert errors == [
        "Baris 3, kolom No HP: Nomor telepon terlalu pendek: tulis nomor lengkap, misalnya 0812 3456 7890."
    ]


def test_admin_upload_preview_confirm(client, officer, regions):
    login_verified(client, officer)
    url = reverse("admin:enterprises_enterprise_import")
    assert (
        reverse("admin:enterprises_enterprise_import")
        in client.get(reverse("admin:enterprises_enterprise_changelist")).content.decode()
    )
    response = client.post(url, {"file": SimpleUploadedFile("umkm.csv", csv_bytes([HEADER, *ROWS], delimiter=";"))})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert preview.count("<td>UMKM baru, pemilik baru</td>") == 3
    assert Enterprise.objects.count() == 0
    assert client.post(response["Location"])["Location"] == reverse("admin:enterprises_enterprise_changelist")
    assert Enterprise.objects.count() == 3
    template = client.get(reverse("admin:enterprises_enterprise_import_template", args=["csv"]))
    assert template.content.decode("utf-8").startswith("\ufeffNama usaha,NIB,Sektor")


def test_admin_import_refused_without_permission(client, make_staff, regions):
    login_verified(client, make_staff("tanpa-izin", EXPORT_PERMS + ["enterprises.add_enterprise"]))
    assert client.get(reverse("admin:enterprises_enterprise_import")).status_code == 403


def test_enterprise_export_reimports_into_an_empty_registry(client, officer, regions, kecamatan):
    import_enterprises(table=table_of(ROWS))
    before = sorted(Enterprise.objects.values_list("name", "nib", "sector", "owner__nik", "employees"))
    login_verified(client, officer)
    exported = streamed(
        client.post(
            reverse("admin:enterprises_enterprise_changelist"),
            {"action": "export_umkm_xlsx", "_selected_action": list(Enterprise.objects.values_list("pk", flat=True))},
        )
    )
    Enterprise.objects.all().delete()
    Person.objects.all().delete()
    import_enterprises(
        table=read_table(
            exported, "umkm.xlsx", fields=ENTERPRISE_FIELDS, required=ENTERPRISE_REQUIRED, labels=ENTERPRISE_LABELS
        )
    )
    assert sorted(Enterprise.objects.values_list("name", "nib", "sector", "owner__nik", "employees")) == before
