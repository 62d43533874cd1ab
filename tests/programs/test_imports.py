import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.imports import ImportRejected
from common.spreadsheets import read_table
from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from programs.imports import (
    PARTICIPANT_FIELDS,
    PARTICIPANT_LABELS,
    PARTICIPANT_REQUIRED,
    ParticipantAction,
    import_participants,
    plan_participant_import,
)
from programs.models import Participant
from tests.files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Nama", "NIK", "L/P", "Tgl. Lahir", "No HP", "Alamat", "Kecamatan", "Desa/Kelurahan", "Nama Usaha", "Status"]


def row(name, nik, **extra):
    values = {
        "L/P": "P",
        "Tgl. Lahir": "15/08/1990",
        "No HP": "081234567890",
        "Alamat": "Kp. Contoh",
        "Kecamatan": "Kragilan",
        "Desa/Kelurahan": "Tegalmaja",
        "Nama Usaha": f"Usaha {name}",
        "Status": "terpilih",
        **extra,
    }
    return [name, nik] + [values[heading] for heading in HEADER[2:]]


def table_of(rows, *, kind="csv", header=HEADER):
    data = csv_bytes([header, *rows]) if kind == "csv" else xlsx_bytes([header, *rows])
    return read_table(
        data, f"peserta.{kind}", fields=PARTICIPANT_FIELDS, required=PARTICIPANT_REQUIRED, labels=PARTICIPANT_LABELS
    )


@pytest.fixture
def program(make_program, serang):
    return make_program()


GOOD = [
    row("Siti Contoh", "3604115508900001"),
    row("Budi O'Neil", "3604110101850002", **{"L/P": "L", "Tgl. Lahir": "1 Januari 1985"}),
    row("Dewi Contoh", "3604116012950003", **{"Tgl. Lahir": "1995-12-20", "Desa/Kelurahan": ""}),
]


def snapshot():
    return (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count())


def test_preview_says_what_will_happen_and_saves_nothing(program):
    before = snapshot()
    plan = plan_participant_import(program=program, table=table_of(GOOD))
    assert [r.action for r in plan.rows] == [ParticipantAction.NEW_PERSON] * 3
    assert not plan.has_errors
    assert snapshot() == before


def test_confirm_saves_people_enterprises_and_participants(program):
    import_participants(program=program, table=table_of(GOOD))
    budi = Person.objects.get(nik="3604110101850002")
    assert (budi.full_name, budi.sex, budi.birth_date, budi.phone) == (
        "Budi O'Neil",
        "L",
        datetime.date(1985, 1, 1),
        "081234567890",
    )
    assert budi.kecamatan.name == "Kragilan" and budi.desa.name == "Tegalmaja"
    dewi = Person.objects.get(nik="3604116012950003")
    assert dewi.birth_date == datetime.date(1995, 12, 20) and dewi.desa is None
    participant = program.participants.get(person=budi)
    assert participant.status == Participant.Status.SELECTED
    assert participant.enterprise.name == "Usaha Budi O'Neil" and participant.enterprise.owner == budi
    assert snapshot() == (3, 3, 3)


def test_second_import_of_the_same_file_changes_nothing(program):
    import_participants(program=program, table=table_of(GOOD))
    before = snapshot()
    plan = import_participants(program=program, table=table_of(GOOD))
    assert [r.action for r in plan.rows] == [ParticipantAction.ALREADY] * 3
    assert snapshot() == before


def test_existing_person_is_matched_by_nik_and_keeps_their_record(program, make_program):
    other = make_program("pelatihan-lain")
    import_participants(program=other, table=table_of(GOOD[:1]))
    Person.objects.filter(nik="3604115508900001").update(full_name="Siti Asli")
    plan = plan_participant_import(program=program, table=table_of(GOOD))
    assert [r.action for r in plan.rows] == [
        ParticipantAction.EXISTING_PERSON,
        ParticipantAction.NEW_PERSON,
        ParticipantAction.NEW_PERSON,
    ]
    import_participants(program=program, table=table_of(GOOD))
    assert Person.objects.filter(nik="3604115508900001").get().full_name == "Siti Asli"
    assert Enterprise.objects.filter(owner__nik="3604115508900001").count() == 1  # linked, not duplicated
    assert snapshot() == (3, 3, 4)


def errors_of(rows, program, **kwargs):
    plan = plan_participant_import(program=program, table=table_of(rows, **kwargs))
    return {r.number: r.errors for r in plan.rows if r.errors}


def test_each_row_error_names_row_and_column(program):
    rows = [
        row("Kurang Digit", "360411550890001"),
        row("Excel Rusak", "3,60412E+15"),
        row("Salah Kecamatan", "3604115508900004", Kecamatan="Keragilan"),
        row("Salah Desa", "3604115508900005", **{"Desa/Kelurahan": "Tegal Majaa"}),
        row("Dobel", "3604115508900006"),
        row("Dobel Lagi", "3604115508900006"),
        row("Tanggal Aneh", "3604115508900008", **{"Tgl. Lahir": "kemarin"}),
        row("", "3604115508900009"),
        row("Status Aneh", "3604115508900010", Status="juara"),
    ]
    errors = errors_of(rows, program)
    assert errors[2] == ["Baris 2, kolom NIK: NIK harus 16 digit angka; yang diisi 15 karakter."]
    assert "Baris 3, kolom NIK: NIK 3,60412E+15 tertulis dalam notasi ilmiah" in errors[3][0]
    assert errors[4] == [
        "Baris 4, kolom Kecamatan: kecamatan “Keragilan” tidak ada di kabupaten ini. Mungkin maksudnya Kragilan?"
    ]
    assert errors[5] == [
        "Baris 5, kolom Desa/Kelurahan: desa/kelurahan “Tegal Majaa” tidak ada di Kecamatan Kragilan. "
        "Mungkin maksudnya Tegalmaja?"
    ]
    assert 6 not in errors
    assert errors[7] == ["Baris 7, kolom NIK: NIK ini sudah muncul di baris 6 berkas ini."]
    assert errors[8][0].startswith("Baris 8, kolom Tgl. Lahir: tanggal “kemarin” tidak terbaca")
    assert errors[9] == ["Baris 9, kolom Nama: nama wajib diisi."]
    assert errors[10][0].startswith("Baris 10, kolom Status: status “juara” tidak dikenal")


def test_a_file_with_any_error_saves_nothing(program):
    before = snapshot()
    with pytest.raises(ImportRejected) as rejected:
        import_participants(program=program, table=table_of([*GOOD, row("Rusak", "123")]))
    assert rejected.value.plan.error_count == 1
    assert snapshot() == before


def test_spoiled_excel_file_with_numeric_niks(program):
    rows = [row("Siti Contoh", 3604115508900001), row("Budi Contoh", 3604110101850002)]
    errors = errors_of(rows, program, kind="xlsx")
    assert all("notasi ilmiah" in messages[0] for messages in errors.values()) and len(errors) == 2


def test_excel_date_cells_and_numeric_phone(program):
    rows = [
        row("Siti Contoh", "3604115508900001", **{"Tgl. Lahir": datetime.datetime(1990, 8, 15), "No HP": 81234567890})
    ]
    import_participants(program=program, table=table_of(rows, kind="xlsx"))
    person = Person.objects.get()
    assert person.birth_date == datetime.date(1990, 8, 15) and person.phone == "081234567890"


def test_nik_gives_sex_birth_date_and_kecamatan_when_columns_are_empty(program):
    header = ["Nama", "NIK"]
    import_participants(program=program, table=table_of([["Siti", "3604115508900001"]], header=header))
    person = Person.objects.get()
    assert (person.sex, person.birth_date, person.kecamatan.name) == ("P", datetime.date(1990, 8, 15), "Kragilan")


def test_enterprise_linked_by_nib_and_cooperative_by_name(program, kecamatan):
    owner = Person.objects.create(full_name="Pemilik", nik="3604110101800001", sex="L", kecamatan=kecamatan["Petir"])
    enterprise = Enterprise.objects.create(
        name="Tas Anyaman", owner=owner, sector="kriya", kecamatan=kecamatan["Petir"], nib="1234567890123"
    )
    cooperative = Cooperative.objects.create(name="Koperasi Maju", kind="jasa", kecamatan=kecamatan["Petir"])
    header = ["Nama", "NIK", "NIB", "Koperasi"]
    rows = [
        ["Siti", "3604115508900001", "1234567890123", ""],
        ["Budi", "3604110101850002", "", "koperasi maju"],
        ["Dewi", "3604116012950003", "", "Koperasi Majuu"],
        ["Rina", "3604116012950004", "1234567890123", "Koperasi Maju"],
    ]
    plan = plan_participant_import(program=program, table=table_of(rows, header=header))
    assert {r.number: r.errors for r in plan.rows if r.errors} == {
        4: [
            "Baris 4, kolom Koperasi: koperasi “Koperasi Majuu” tidak ada di registri. Mungkin maksudnya koperasi maju?"
        ],
        5: ["Baris 5: peserta mewakili satu UMKM atau satu koperasi, bukan keduanya."],
    }
    import_participants(program=program, table=table_of(rows[:2], header=header))
    assert program.participants.get(person__nik="3604115508900001").enterprise == enterprise
    assert program.participants.get(person__nik="3604110101850002").cooperative == cooperative
    assert Enterprise.objects.count() == 1


def test_certificate_numbers_must_be_unique_in_the_program(program, make_people):
    make_people(program, 1)  # holds SRT/001
    header = ["Nama", "NIK", "Nomor sertifikat"]
    rows = [
        ["Siti", "3604115508900001", "SRT/001"],
        ["Budi", "3604110101850002", "SRT/002"],
        ["Dewi", "3604116012950003", "SRT/002"],
    ]
    errors = errors_of(rows, program, header=header)
    assert "sudah dipakai di pelatihan ini" in errors[2][0]
    assert "sudah muncul di baris 3" in errors[4][0]


def test_queries_do_not_grow_with_rows(make_program, serang):
    # Inserts go in batches (SQLite takes about 60 enterprises per INSERT), lookups in chunks of
    # 900: the count grows per batch, never per row. 2 and 40 rows fit in one batch.
    counts = []
    for size, slug, year in ((2, "kecil", 90), (40, "besar", 91)):
        program = make_program(slug)
        program.quota = size  # every row is "terpilih" and holds a place
        program.save(update_fields=["quota"])
        table = table_of([row(f"Orang {i}", f"3604115508{year}{i:04d}") for i in range(1, size + 1)])
        with CaptureQueriesContext(connection) as queries:
            plan = import_participants(program=program, table=table)
        assert not plan.has_errors and program.participants.count() == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_person_registered_meanwhile_rejects_the_whole_import(program, kecamatan, monkeypatch):
    # Someone registers Budi between the check and the insert: the unique NIK stops the insert
    # and the whole import is rolled back with a sentence, nothing half-saved.
    Person.objects.create(full_name="Budi", nik="3604110101850002", sex="L", kecamatan=kecamatan["Petir"])
    monkeypatch.setattr("programs.imports.existing_people", lambda niks: {})
    with pytest.raises(ImportRejected) as rejected:
        import_participants(program=program, table=table_of(GOOD))
    assert "tidak ada yang disimpan" in rejected.value.message
    assert snapshot() == (1, 0, 0)
