"""A participant import leaves an audit trail on everything it adds: the people, the enterprises
it registers and the participants, each with one "+" row by the importing user and the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import Enterprise, Person
from programs.models import Participant
from tests.enterprises.test_imports_history import assert_one_import_row
from tests.files import csv_bytes

pytestmark = pytest.mark.django_db


def test_imported_people_enterprises_and_participants_say_who_imported_them(
    officer_client, officer, make_program, serang
):
    program = make_program()
    data = csv_bytes(
        [
            ["Nama Lengkap", "NIK", "Kecamatan", "Nama Usaha", "Sektor"],
            ["Siti Contoh", "3604115508900001", "Kragilan", "Emping Siti", "kuliner"],
            ["Budi Contoh", "3604110101850002", "Kragilan", "", ""],
        ]
    )
    response = officer_client.post(
        reverse("admin:programs_program_import_participants", args=[program.pk]),
        {"file": SimpleUploadedFile("peserta-2025.csv", data)},
    )
    assert officer_client.post(response["Location"]).status_code == 302
    reason = "Diimpor dari peserta-2025.csv oleh petugas"
    assert (Person.objects.count(), Enterprise.objects.count(), Participant.objects.count()) == (2, 1, 2)
    assert_one_import_row(Person.objects.all(), officer, reason)
    assert_one_import_row(Enterprise.objects.all(), officer, reason)
    assert_one_import_row(Participant.objects.all(), officer, reason)
