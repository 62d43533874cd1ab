"""A program's participant list as it prints: the file is named after the program and the day,
the XLSX has a title block, a "No." column, columns as wide as their content, A4 landscape with
the headings on every page, and the importer still reads it back."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from common.spreadsheets import read_table
from programs.admin_views import participants_file_stem
from programs.imports import PARTICIPANT_FIELDS, PARTICIPANT_LABELS, PARTICIPANT_REQUIRED, import_participants
from tests.files import read_xlsx, streamed

pytestmark = pytest.mark.django_db


def export(client, program, file_format):
    return client.get(reverse("admin:programs_program_export_participants", args=[program.pk, file_format]))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_file_name_names_the_program_and_the_day(officer_client, make_program, file_format):
    first, second = make_program("tas-anyaman"), make_program("kemasan-produk")
    names = []
    for program in (first, second):
        disposition = export(officer_client, program, file_format)["Content-Disposition"]
        names.append(re.fullmatch(r'attachment; filename="(.+)"', disposition).group(1))
    assert names[0] != names[1]
    assert re.fullmatch(rf"peserta-tas-anyaman-\d{{4}}-\d{{2}}-\d{{2}}\.{file_format}", names[0])
    assert names[0] in (f"{participants_file_stem(first, day)}.{file_format}" for day in around_now())


def around_now():
    today = timezone.localdate()
    return [today - datetime.timedelta(days=1), today, today + datetime.timedelta(days=1)]  # midnight


def test_participants_file_stem_is_slug_and_iso_day(make_program):
    program = make_program("tas-kulit")
    assert participants_file_stem(program, datetime.date(2024, 10, 15)) == "peserta-tas-kulit-2024-10-15"


def test_the_xlsx_prints_with_a_title_block_numbers_and_wide_enough_columns(officer_client, make_program, make_people):
    program = make_program("tas-anyaman", venue="BDI Denpasar", city="Denpasar")
    make_people(program, 3)
    sheet = read_xlsx(streamed(export(officer_client, program, "xlsx")))
    assert sheet["A1"].value == "DAFTAR PESERTA PELATIHAN TAS-ANYAMAN" and sheet["A1"].font.b
    assert sheet["A2"].value == "5 Mei 2025 – 7 Mei 2025, BDI Denpasar, Denpasar"
    assert sheet["A3"].value.startswith(
        "Dinas Koperasi, UMKM, Perindustrian dan Perdagangan Kabupaten Serang; diunduh "
    )
    header = [cell.value for cell in sheet[5]]
    assert header[:3] == ["No.", "Pelatihan", "Nama lengkap"]
    assert [sheet.cell(row=row, column=1).value for row in (6, 7, 8)] == [1, 2, 3]
    widths = {
        heading: sheet.column_dimensions[sheet.cell(row=5, column=n).column_letter].width
        for n, heading in enumerate(header, start=1)
    }
    assert widths["NIK"] >= 18  # 16 digits show whole in Calc and in print
    assert widths["Nomor telepon"] >= 15 and widths["Tanggal lahir"] >= 12 and widths["NIB"] >= 15
    assert widths["Nama lengkap"] >= 30
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$5:$5"


def test_the_printed_list_is_read_back_by_the_importer(officer_client, make_program, make_people):
    source = make_program("sumber")
    make_people(source, 4)
    data = streamed(export(officer_client, source, "xlsx"))
    table = read_table(
        data, "peserta.xlsx", fields=PARTICIPANT_FIELDS, required=PARTICIPANT_REQUIRED, labels=PARTICIPANT_LABELS
    )
    assert [record.number for record in table.records] == [6, 7, 8, 9]
    target = make_program("kosong")
    plan = import_participants(program=target, table=table)
    assert not plan.has_errors
    assert sorted(target.participants.values_list("person__nik", "person__birth_date", "certificate_number")) == sorted(
        source.participants.values_list("person__nik", "person__birth_date", "certificate_number")
    )


def test_dates_show_in_the_one_order_every_locale_reads(officer_client, make_program, make_people):
    program = make_program("tanggal")
    make_people(program, 1)
    sheet = read_xlsx(streamed(export(officer_client, program, "xlsx")))
    header = [cell.value for cell in sheet[5]]
    assert sheet.cell(row=6, column=header.index("Tanggal lahir") + 1).number_format == "yyyy-mm-dd"
