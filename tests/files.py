"""Fixtures and file builders for the list exports and imports (imported by the conftest.py of
each test folder that needs them)."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import Workbook, load_workbook

from enterprises.models import Enterprise, Person
from programs.models import Participant
from tests.factories import ProgramFactory

EXPORT_PERMS = ["common.export_lists"]
IMPORT_PERMS = [
    "programs.add_participant",
    "programs.change_program",
    "programs.view_program",
    "programs.view_participant",
    "enterprises.add_person",
    "enterprises.add_enterprise",
    "enterprises.view_enterprise",
    "enterprises.view_person",
    "cooperatives.view_cooperative",
]
PERSONAL = ["enterprises.view_personal_identifiers"]


def grant(user, names):
    for name in names:
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return type(user).objects.get(pk=user.pk)  # fresh: the permission cache is per instance


@pytest.fixture
def make_staff(django_user_model):
    def make(username, perms=()):
        user = django_user_model.objects.create_user(username=username, password="rahasia-uji-123", is_staff=True)
        return grant(user, perms)

    return make


@pytest.fixture
def officer(make_staff):
    """Staff who may export and import with personal identifiers."""
    return make_staff("petugas", EXPORT_PERMS + IMPORT_PERMS + PERSONAL)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def make_program(db):
    """make_program(slug): a program with room (quota 50) for the lists exported and imported."""
    return lambda slug="pelatihan-uji", **extra: ProgramFactory(slug=slug, title=f"Pelatihan {slug}", quota=50, **extra)


def nik(kecamatan, day, month, year, serial):
    return f"{kecamatan.nik_prefix}{day:02d}{month:02d}{year % 100:02d}{serial:04d}"


@pytest.fixture
def make_people(kecamatan):
    """make_people(program, n): n participants of `program`, each with an enterprise."""

    def make(program, count, *, start=1):
        petir = kecamatan["Petir"]
        desa = petir.desa.order_by("code").first()
        created = []
        for index in range(start, start + count):
            person = Person.objects.create(
                full_name=f"Nur 'Aini Ñoño Contoh {index:05d}",
                nik=nik(petir, 41 + index % 28, 1 + index % 12, 1990, index),
                sex="P",
                birth_date=datetime.date(1990, 1 + index % 12, 1 + index % 28),
                birth_year=1990,
                phone=f"0812{index:08d}",
                kecamatan=petir,
                desa=desa,
                address=f"Kp. Contoh No. {index}, RT 001/RW 002",
            )
            enterprise = Enterprise.objects.create(
                name=f"Emping Contoh {index:05d}",
                owner=person,
                sector="kuliner",
                kecamatan=petir,
                desa=desa,
                nib=f"0{index:012d}",
            )
            created.append(
                Participant.objects.create(
                    program=program,
                    person=person,
                    enterprise=enterprise,
                    status=Participant.Status.COMPLETED,
                    attendance_days=3,
                    certificate_number=f"SRT/{index:03d}",
                )
            )
        return created

    return make


# --- files built for real ------------------------------------------------------------------------


def csv_bytes(rows, *, delimiter=",", encoding="utf-8-sig"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    """An XLSX as Excel would save it: numbers stay numbers, dates dates."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data):
    workbook = load_workbook(io.BytesIO(data))
    return workbook.active


def read_csv(data):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def streamed(response):
    return b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in response.streaming_content)
