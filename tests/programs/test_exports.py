import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.agency import current_agency
from common.models import ExportLog
from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from programs.exports import PARTICIPANTS
from programs.models import Participant
from tests.files import EXPORT_PERMS, IMPORT_PERMS, read_csv, read_xlsx, streamed
from tests.logins import login_verified

pytestmark = pytest.mark.django_db


# A program's XLSX list: three title lines, a blank row, then the headings (programs.admin_views).
HEADER_ROW = 5


def export_url(program, file_format):
    return reverse("admin:programs_program_export_participants", args=[program.pk, file_format])


@pytest.fixture
def program(make_program, make_people):
    program = make_program()
    make_people(program, 3)
    return program


def test_csv_export_keeps_identifiers_names_and_is_logged(officer_client, officer, program):
    response = officer_client.get(export_url(program, "csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="peserta-')
    rows = read_csv(streamed(response))
    assert rows[0][:4] == ["Pelatihan", "Nama lengkap", "NIK", "Jenis kelamin"]
    first = dict(zip(rows[0], rows[1], strict=True))
    person = Person.objects.order_by("full_name").first()
    assert first["Nama lengkap"] == "Nur 'Aini Ñoño Contoh 00001"
    assert first["NIK"] == f'="{person.nik}"'
    assert first["Nomor telepon"] == '="081200000001"'
    assert first["NIB"] == '="0000000000001"'
    assert first["Tanggal lahir"] == person.birth_date.isoformat()
    assert first["Status"] == "selesai/lulus"
    assert first["Nomor sertifikat"] == "SRT/001"
    assert len(rows) == 4
    log = ExportLog.objects.get()
    assert (log.user, log.what, log.file_format, log.row_count, log.finished) == (officer, "peserta", "csv", 3, True)
    assert log.personal_included is True
    assert log.filters == {"program": program.pk}


def test_xlsx_export_stores_identifiers_as_text(officer_client, program):
    response = officer_client.get(export_url(program, "xlsx"))
    assert response.status_code == 200 and response.streaming
    sheet = read_xlsx(streamed(response))
    header = [cell.value for cell in sheet[HEADER_ROW]]
    nik_cell = sheet.cell(row=HEADER_ROW + 1, column=header.index("NIK") + 1)
    person = Person.objects.order_by("full_name").first()
    assert nik_cell.value == person.nik and nik_cell.data_type == "s" and nik_cell.number_format == "@"
    phone = sheet.cell(row=HEADER_ROW + 1, column=header.index("Nomor telepon") + 1)
    assert phone.value == "081200000001" and phone.number_format == "@"
    birth = sheet.cell(row=HEADER_ROW + 1, column=header.index("Tanggal lahir") + 1)
    assert birth.value.date() == person.birth_date
    assert sheet.max_row == HEADER_ROW + 3
    assert ExportLog.objects.get().row_count == 3


def test_formula_looking_names_cannot_run_in_a_spreadsheet(officer_client, program):
    Person.objects.filter(pk=program.participants.first().person_id).update(full_name='=HYPERLINK("http://x","klik")')
    rows = read_csv(streamed(officer_client.get(export_url(program, "csv"))))
    assert ['\'=HYPERLINK("http://x","klik")'] == [row[1] for row in rows if "HYPERLINK" in row[1]]
    sheet = read_xlsx(streamed(officer_client.get(export_url(program, "xlsx"))))
    cells = [row[2] for row in sheet.iter_rows(min_row=HEADER_ROW + 1) if "HYPERLINK" in str(row[2].value)]
    assert cells[0].value == '=HYPERLINK("http://x","klik")' and cells[0].data_type == "s"


def test_without_personal_permission_no_identifier_columns(make_staff, client, program):
    login_verified(client, make_staff("tanpa-pribadi", EXPORT_PERMS + IMPORT_PERMS))
    rows = read_csv(streamed(client.get(export_url(program, "csv"))))
    for heading in ("NIK", "Nomor telepon", "Alamat", "Tanggal lahir"):
        assert heading not in rows[0]
    assert "Nama lengkap" in rows[0] and "NIB" in rows[0]
    assert not any(person.nik in ",".join(row) for row in rows for person in Person.objects.all())
    assert ExportLog.objects.get().personal_included is False


def test_anonymous_and_staff_without_permission_get_nothing(client, make_staff, program):
    response = client.get(export_url(program, "csv"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    login_verified(client, make_staff("tanpa-izin", IMPORT_PERMS + ["enterprises.view_personal_identifiers"]))
    assert client.get(export_url(program, "csv")).status_code == 403
    assert client.get(export_url(program, "xlsx")).status_code == 403
    assert not ExportLog.objects.exists()


def test_the_log_counts_rows_as_they_leave_not_only_at_the_end(officer_client, make_program, make_people, monkeypatch):
    """A worker killed in the middle of a download (no `finally` runs) must leave a log that says
    rows went out: the count is written in steps while the stream advances. (CSV: a few rows make
    several chunks; XLSX counts through the same _Counter, but its compressor holds a few rows
    back before bytes leave.)"""
    from common import exports

    monkeypatch.setattr(exports, "CSV_ROWS_PER_CHUNK", 2)  # two rows a chunk, the log every two rows
    monkeypatch.setattr(exports, "LOG_EVERY_ROWS", 2)
    program = make_program()
    make_people(program, 9)
    response = officer_client.get(export_url(program, "csv"))
    chunks = iter(response.streaming_content)
    next(chunks)  # the first bytes: headings, no row yet
    log = ExportLog.objects.get()
    assert (log.row_count, log.finished) == (0, False)

    seen = []
    while True:  # read on until the log has moved, as a client reading slowly would
        next(chunks)
        log.refresh_from_db()
        seen.append(log.row_count)
        if log.row_count:
            break
    assert 0 < log.row_count < 9 and not log.finished
    next(chunks)
    log.refresh_from_db()
    assert log.row_count > seen[-1]  # and it keeps moving, in steps

    b"".join(chunks)
    log.refresh_from_db()
    assert (log.row_count, log.finished) == (9, True)


def test_unknown_format_is_404(officer_client, program):
    assert officer_client.get(export_url(program, "pdf")).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_stream_starts_before_the_rows_are_read(officer_client, program, file_format):
    response = officer_client.get(export_url(program, file_format))
    chunks = iter(response.streaming_content)
    first = next(chunks)
    if file_format == "csv":
        assert first.decode().startswith("\ufeffPelatihan,Nama lengkap")
    else:
        assert first.startswith(b"PK\x03\x04")  # the zip's first entries, before any row
    log = ExportLog.objects.get()
    assert (log.row_count, log.finished) == (0, False)  # the rows have not been read yet
    rest = b"".join(chunks)
    log.refresh_from_db()
    assert (log.row_count, log.finished) == (3, True)
    if file_format == "csv":
        assert rest.count(b"\r\n") == 3
    else:
        assert read_xlsx(first + rest).max_row == HEADER_ROW + 3


def test_xlsx_identifier_columns_stay_text_for_new_entries(officer_client, program):
    sheet = read_xlsx(streamed(officer_client.get(export_url(program, "xlsx"))))
    header = [cell.value for cell in sheet[HEADER_ROW]]
    letter = sheet.cell(row=HEADER_ROW, column=header.index("NIK") + 1).column_letter
    assert sheet.column_dimensions[letter].number_format == "@"
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_rows(officer_client, make_program, make_people, file_format):
    small, large = make_program("kecil"), make_program("besar")
    make_people(small, 1)
    make_people(large, 40, start=100)
    counts = []
    current_agency()  # the title block's agency is read once per process, not per file
    for program in (small, large):
        with CaptureQueriesContext(connection) as queries:
            streamed(officer_client.get(export_url(program, file_format)))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_row_generator_is_one_query(program, django_assert_num_queries):
    columns = PARTICIPANTS.columns_for(personal=True)
    with django_assert_num_queries(1):
        rows = list(PARTICIPANTS.rows(Participant.objects.all(), columns))
    assert len(rows) == 3


def test_admin_actions_export_selections(officer_client, program, kecamatan):
    Cooperative.objects.create(
        name="Koperasi Uji", kind="jasa", kecamatan=kecamatan["Petir"], nik_koperasi="3604000000001"
    )
    cases = [
        ("admin:programs_participant_changelist", "export_peserta_csv", Participant.objects.all()[:2], 2),
        ("admin:programs_program_changelist", "export_peserta_xlsx", [program], 3),
        ("admin:enterprises_person_changelist", "export_pelaku_usaha_csv", Person.objects.all(), 3),
        ("admin:enterprises_enterprise_changelist", "export_umkm_xlsx", Enterprise.objects.all()[:1], 1),
        ("admin:cooperatives_cooperative_changelist", "export_koperasi_csv", Cooperative.objects.all(), 1),
    ]
    for url_name, action, objects, expected in cases:
        response = officer_client.post(
            reverse(url_name), {"action": action, "_selected_action": [obj.pk for obj in objects]}
        )
        assert response.status_code == 200, action
        body = streamed(response)
        if action.endswith("csv"):
            assert len(read_csv(body)) == expected + 1, action
        else:
            assert read_xlsx(body).max_row == expected + 1, action
    assert list(ExportLog.objects.order_by("id").values_list("what", "row_count")) == [
        ("peserta", 2),
        ("peserta", 3),
        ("pelaku-usaha", 3),
        ("umkm", 1),
        ("koperasi", 1),
    ]
    cooperative_rows = read_csv(
        streamed(
            officer_client.post(
                reverse("admin:cooperatives_cooperative_changelist"),
                {"action": "export_koperasi_csv", "_selected_action": [Cooperative.objects.get().pk]},
            )
        )
    )
    assert cooperative_rows[1][1] == '="3604000000001"' and cooperative_rows[1][-1] in {
        "aktif",
        "tidak aktif",
        "kurang aktif",
    }


def test_admin_action_refused_without_permission(client, make_staff, program):
    user = make_staff("lihat-saja", ["programs.view_participant", "programs.change_participant"])
    login_verified(client, user)
    url = reverse("admin:programs_participant_changelist")
    assert "export_peserta_csv" not in client.get(url).text  # not offered
    response = client.post(
        url, {"action": "export_peserta_csv", "_selected_action": [p.pk for p in Participant.objects.all()]}
    )
    # A forged post of the action is not run: the admin sends the list back, no file, nothing logged.
    assert response.status_code == 302
    assert "attachment" not in response.get("Content-Disposition", "")
    assert not ExportLog.objects.exists()


def test_export_log_admin_is_read_only(admin_client, officer_client, program):
    streamed(officer_client.get(export_url(program, "csv")))
    log = ExportLog.objects.get()
    assert admin_client.get(reverse("admin:common_exportlog_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:common_exportlog_change", args=[log.pk])).status_code == 200
    assert admin_client.get(reverse("admin:common_exportlog_add")).status_code == 403
    assert admin_client.post(reverse("admin:common_exportlog_delete", args=[log.pk])).status_code == 403
    assert ExportLog.objects.count() == 1


def test_template_download_has_text_identifier_columns(officer_client):
    response = officer_client.get(reverse("admin:programs_program_participant_template", args=["xlsx"]))
    sheet = read_xlsx(response.content)
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Nama lengkap", "NIK"]
    assert sheet.cell(row=2, column=2).value == "3604115508900001"
    assert sheet.cell(row=50, column=2).number_format == "@"
    csv_rows = read_csv(
        officer_client.get(reverse("admin:programs_program_participant_template", args=["csv"])).content
    )
    assert csv_rows[1][1] == '="3604115508900001"'


def test_birth_dates_are_dates_in_both_formats(officer_client, program):
    rows = read_csv(streamed(officer_client.get(export_url(program, "csv"))))
    assert datetime.date.fromisoformat(rows[1][rows[0].index("Tanggal lahir")])


def test_a_list_exported_from_an_english_screen_keeps_the_indonesian_headings(officer_client, program):
    # The importer reads Indonesian headings and labels; the file format does not follow the screen.
    response = officer_client.get(export_url(program, "csv"), HTTP_ACCEPT_LANGUAGE="en")
    rows = read_csv(streamed(response))
    assert rows[0][:4] == ["Pelatihan", "Nama lengkap", "NIK", "Jenis kelamin"]
    assert dict(zip(rows[0], rows[1], strict=True))["Status"] == "selesai/lulus"
