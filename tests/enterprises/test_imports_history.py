"""What an import adds has its audit trail: one "+" history row per record, by the user who
confirmed the import, saying which file it came from."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.history import import_change_reason
from enterprises.models import Enterprise, Person
from tests.enterprises.test_imports import HEADER, ROWS
from tests.files import csv_bytes
from tests.logins import login_verified

pytestmark = pytest.mark.django_db


def assert_one_import_row(records, user, reason):
    for record in records:
        history = list(record.history.all())
        assert [(h.history_type, h.history_user_id, h.history_change_reason) for h in history] == [
            ("+", user.pk, reason)
        ], record


def test_imported_people_and_enterprises_say_who_imported_them_from_which_file(client, officer, serang):
    login_verified(client, officer)
    response = client.post(
        reverse("admin:enterprises_enterprise_import"),
        {"file": SimpleUploadedFile("umkm-kragilan.csv", csv_bytes([HEADER, *ROWS]))},
    )
    assert client.post(response["Location"]).status_code == 302
    reason = "Diimpor dari umkm-kragilan.csv oleh petugas"
    assert Person.objects.count() == 2 and Enterprise.objects.count() == 3
    assert_one_import_row(Person.objects.all(), officer, reason)
    assert_one_import_row(Enterprise.objects.all(), officer, reason)
    history = client.get(reverse("admin:enterprises_enterprise_history", args=[Enterprise.objects.first().pk]))
    assert history.status_code == 200 and reason in history.content.decode()


def test_a_long_file_name_is_shortened_to_fit_the_reason_column(officer):
    reason = import_change_reason(source="daftar " * 30 + ".xlsx", user=officer)
    assert len(reason) == 100
    assert reason.startswith("Diimpor dari daftar daftar") and reason.endswith("… oleh petugas")
