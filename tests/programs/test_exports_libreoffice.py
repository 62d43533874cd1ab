"""Exported lists opened and saved again by a real spreadsheet program (LibreOffice Calc,
headless), then imported: every NIK, phone and NIB keeps its digits and leading zeros.
Skipped where LibreOffice is not installed (apt-get install libreoffice-calc-nogui)."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from common.spreadsheets import read_table
from enterprises.models import Person
from programs.imports import PARTICIPANT_FIELDS, PARTICIPANT_LABELS, PARTICIPANT_REQUIRED, import_participants
from tests.files import streamed

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.subprocess,
    pytest.mark.django_db,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]

CONVERSIONS = [
    # (exported format, soffice arguments, resulting file): what a user does with the download
    ("csv", ["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx:Calc MS Excel 2007 XML"], "xlsx"),
    ("csv", ["--infilter=CSV:44,34,76,1", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76"], "csv"),
    ("xlsx", ["--convert-to", "xlsx:Calc MS Excel 2007 XML"], "xlsx"),
    ("xlsx", ["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76"], "csv"),
]


@pytest.mark.parametrize("exported, arguments, result", CONVERSIONS)
def test_lists_survive_libreoffice(officer_client, make_program, make_people, tmp_path, exported, arguments, result):
    source = make_program("sumber")
    make_people(source, 4)
    data = streamed(
        officer_client.get(reverse("admin:programs_program_export_participants", args=[source.pk, exported]))
    )
    (tmp_path / "in").mkdir()
    original = tmp_path / "in" / f"peserta.{exported}"
    original.write_bytes(data)
    out = tmp_path / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            *arguments,
            "--outdir",
            str(out),
            str(original),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = (out / f"peserta.{result}").read_bytes()
    table = read_table(
        saved, f"peserta.{result}", fields=PARTICIPANT_FIELDS, required=PARTICIPANT_REQUIRED, labels=PARTICIPANT_LABELS
    )
    expected = sorted(Person.objects.values_list("nik", "phone", "enterprises__nib"))
    assert sorted((r.get("nik"), r.get("phone"), r.get("nib")) for r in table.records) == expected
    target = make_program("kosong")
    plan = import_participants(program=target, table=table)
    assert not plan.has_errors
    assert sorted(target.participants.values_list("person__nik", "certificate_number")) == sorted(
        source.participants.values_list("person__nik", "certificate_number")
    )
