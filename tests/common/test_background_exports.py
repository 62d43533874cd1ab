"""Exports over BACKGROUND_EXPORT_ROWS are built by the worker, shown with their progress, and
downloadable only by the user who asked for them; the export log records them."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from common import background_exports
from common.models import BackgroundExport, ExportLog
from tests.files import EXPORT_PERMS, read_csv, read_xlsx, streamed
from tests.logins import login_verified

pytestmark = pytest.mark.django_db


def export_url(program, file_format="csv"):
    return reverse("admin:programs_program_export_participants", args=[program.pk, file_format])


@pytest.fixture
def program(make_program, make_people):
    program = make_program()
    make_people(program, 3)
    return program


@override_settings(BACKGROUND_EXPORT_ROWS=2)
def test_a_large_export_is_queued_built_by_the_worker_and_downloaded_by_its_owner(
    officer_client, officer, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.get(export_url(program))
    export = BackgroundExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("background_export", args=[export.pk])
    # On the queue for the worker (django-tasks' database backend), nothing built yet.
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [str(export.pk)]
    assert (export.status, export.rows_total, export.rows_written) == ("antre", 3, 0)
    page = officer_client.get(response["Location"])
    assert page.status_code == 200
    assert 'http-equiv="refresh"' in page.text and "0 dari 3 baris" in page.text
    assert "export-download" not in page.text

    background_exports.build_export.call(str(export.pk))  # what `manage.py db_worker` runs

    export.refresh_from_db()
    assert (export.status, export.rows_written) == ("selesai", 3)
    page = officer_client.get(response["Location"])
    assert 'http-equiv="refresh"' not in page.text
    download = officer_client.get(reverse("background_export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="peserta-')
    body = streamed(download)
    assert int(download["Content-Length"]) == len(body)
    rows = read_csv(body)
    assert len(rows) == 4 and rows[0][:3] == ["Pelatihan", "Nama lengkap", "NIK"]
    log = ExportLog.objects.get()
    assert (log.user, log.what, log.row_count, log.finished) == (officer, "peserta", 3, True)
    assert log.personal_included is True


@override_settings(BACKGROUND_EXPORT_ROWS=2)
def test_the_file_is_the_same_as_the_streamed_one(officer_client, program):
    officer_client.get(export_url(program, "xlsx"))
    export = BackgroundExport.objects.get()
    background_exports.build_export.call(str(export.pk))
    built = read_xlsx(streamed(officer_client.get(reverse("background_export_download", args=[export.pk]))))
    with override_settings(BACKGROUND_EXPORT_ROWS=0):
        direct = read_xlsx(streamed(officer_client.get(export_url(program, "xlsx"))))

    def values(sheet):
        return [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert values(built) == values(direct)


@override_settings(BACKGROUND_EXPORT_ROWS=2)
def test_only_the_owner_may_see_or_download_it(officer_client, program, client, make_staff):
    officer_client.get(export_url(program))
    export = BackgroundExport.objects.get()
    background_exports.build_export.call(str(export.pk))
    status, download = (
        reverse("background_export", args=[export.pk]),
        reverse("background_export_download", args=[export.pk]),
    )
    colleague = make_staff("rekan", EXPORT_PERMS + ["programs.view_program"])
    login_verified(client, colleague)
    assert client.get(status).status_code == 404
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download)["Location"].startswith("/admin/login/")


@override_settings(BACKGROUND_EXPORT_ROWS=2)
def test_the_owner_who_lost_the_export_permission_cannot_download(officer_client, officer, program):
    officer_client.get(export_url(program))
    export = BackgroundExport.objects.get()
    background_exports.build_export.call(str(export.pk))
    officer.user_permissions.remove(*officer.user_permissions.filter(codename="export_lists"))
    assert officer_client.get(reverse("background_export_download", args=[export.pk])).status_code == 403


@override_settings(BACKGROUND_EXPORT_ROWS=2)
def test_a_second_run_of_the_task_builds_nothing_twice(officer_client, program):
    officer_client.get(export_url(program))
    export = BackgroundExport.objects.get()
    background_exports.build_export.call(str(export.pk))
    background_exports.build_export.call(str(export.pk))
    assert export.chunks.count() == 1


def test_at_or_below_the_threshold_the_export_streams_from_the_request(officer_client, program):
    with override_settings(BACKGROUND_EXPORT_ROWS=3):
        assert officer_client.get(export_url(program)).streaming
    with override_settings(BACKGROUND_EXPORT_ROWS=0):
        assert officer_client.get(export_url(program)).streaming
    assert not BackgroundExport.objects.exists()


def test_the_task_queue_is_not_a_back_office_screen():
    from django.contrib import admin

    assert not admin.site.is_registered(DBTaskResult)
