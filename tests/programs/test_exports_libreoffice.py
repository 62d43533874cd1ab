"""Exported lists opened and saved again by a real spreadsheet program (LibreOffice Calc,
headless), then imported: every NIK, phone and NIB keeps its digits and leading zeros, and every
birth date its day and month, in the profile's default locale and in an English (en-US) one,
which reads numeric dates month first. Skipped where LibreOffice is not installed
(apt-get install libreoffice-calc-nogui)."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse

from common.spreadsheets import clean_identifier, parse_date, read_table
from enterprises.imports import PERSON_DATE_FIELDS
from enterprises.models import Person
from programs.imports import PARTICIPANT_FIELDS, PARTICIPANT_LABELS, PARTICIPANT_REQUIRED, import_participants
from tests.files import nik, streamed

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


LOCALES = [None, "en-US"]  # None: the profile's default (the machine's locale)
# A profile whose locale (and so its date order) is `locale`, as the options dialog saves it.
PROFILE_LOCALE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n'
    + "".join(
        '<item oor:path="/org.openoffice.Setup/L10N">'
        f'<prop oor:name="{name}" oor:op="fuse"><value>{{locale}}</value></prop></item>\n'
        for name in ("ooSetupSystemLocale", "ooLocale")
    )
    + "</oor:items>\n"
)


def convert(tmp_path, original, arguments, locale):
    """What a user does: open `original` in Calc with a profile in `locale`, save it again."""
    profile = tmp_path / "profile"
    if locale:
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_LOCALE.format(locale=locale))
    out = tmp_path / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
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
    return out


def read_participants(data, filename):
    return read_table(
        data,
        filename,
        fields=PARTICIPANT_FIELDS,
        required=PARTICIPANT_REQUIRED,
        labels=PARTICIPANT_LABELS,
        dates=PERSON_DATE_FIELDS,
    )


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("exported, arguments, result", CONVERSIONS)
def test_lists_survive_libreoffice(
    officer_client, make_program, make_people, tmp_path, exported, arguments, result, locale
):
    source = make_program("sumber")
    make_people(source, 4)
    # 12 March, the date an en-US Calc once turned into 3 December without a word
    Person.objects.filter(pk=source.participants.order_by("pk").first().person_id).update(
        birth_date=datetime.date(1990, 3, 12)
    )
    data = streamed(
        officer_client.get(reverse("admin:programs_program_export_participants", args=[source.pk, exported]))
    )
    (tmp_path / "in").mkdir()
    original = tmp_path / "in" / f"peserta.{exported}"
    original.write_bytes(data)
    out = convert(tmp_path, original, arguments, locale)
    table = read_participants((out / f"peserta.{result}").read_bytes(), f"peserta.{result}")
    expected = sorted(Person.objects.values_list("nik", "phone", "enterprises__nib"))
    assert sorted((r.get("nik"), r.get("phone"), r.get("nib")) for r in table.records) == expected
    target = make_program("kosong")
    plan = import_participants(program=target, table=table)
    assert not plan.has_errors
    assert sorted(target.participants.values_list("person__nik", "certificate_number")) == sorted(
        source.participants.values_list("person__nik", "certificate_number")
    )
    birth_dates = {clean_identifier(r.get("nik")): parse_date(r.get("birth_date")) for r in table.records}
    assert birth_dates == dict(Person.objects.values_list("nik", "birth_date"))
    assert datetime.date(1990, 3, 12) in birth_dates.values()


TYPED_BY_HAND = "Nama lengkap,NIK,Kecamatan,Tanggal lahir\r\n{rows}"


@pytest.mark.parametrize("result", ["xlsx", "csv"])
def test_a_day_first_list_saved_by_an_english_calc_keeps_its_dates(make_program, kecamatan, tmp_path, result):
    """A list typed the Indonesian way (12/03/1990 is 12 March) opened in an en-US Calc: the
    ambiguous dates become month-first date cells (3 December) and 31/12/1985 stays text. The
    importer sees it and reads 12 March; nothing is guessed."""
    petir = kecamatan["Petir"]
    rows = [
        ("Siti Maret", nik(petir, 52, 3, 1990, 1), "12/03/1990"),
        ("Budi Desember", nik(petir, 31, 12, 1985, 2), "31/12/1985"),
        ("Ani Agustus", nik(petir, 55, 8, 1990, 3), "15/08/1990"),
    ]
    (tmp_path / "in").mkdir()
    original = tmp_path / "in" / "peserta.csv"
    original.write_text(
        TYPED_BY_HAND.format(rows="".join(f"{name},{number},Petir,{day}\r\n" for name, number, day in rows))
    )
    target = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "csv": "csv:Text - txt - csv (StarCalc):44,34,76"}[result]
    out = convert(tmp_path, original, ["--infilter=CSV:44,34,76,1", "--convert-to", target], "en-US")
    saved = (out / f"peserta.{result}").read_bytes()
    table = read_participants(saved, f"peserta.{result}")
    assert [record.get("birth_date") for record in table.records] == [
        datetime.date(1990, 3, 12),
        datetime.date(1985, 12, 31),
        datetime.date(1990, 8, 15),
    ]
