"""File builders and readers for the list exports and imports, and the permission names the
staff fixtures of tests/conftest.py grant. Plain functions: import what you need."""

import csv
import io

from django.contrib.auth.models import Permission
from openpyxl import Workbook, load_workbook

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


def nik(kecamatan, day, month, year, serial):
    return f"{kecamatan.nik_prefix}{day:02d}{month:02d}{year % 100:02d}{serial:04d}"


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
