"""Small faults: staged uploads deleted on confirm, on cancel and by age; a 403 logged in one
line; `make serve` without a SECRET_KEY of its own refuses to start."""

import datetime
import io
import logging
import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from common import spreadsheets
from common.models import StagedUpload
from programs.models import Participant
from tests.factories import ProgramFactory
from tests.logins import login_verified

ROOT = Path(__file__).resolve().parent.parent.parent
GOOD_CSV = (
    b"Nama Lengkap,NIK,Kecamatan,Desa/Kelurahan,Tanggal Lahir\r\n"
    b'Siti Contoh,="3604115508900001",Kragilan,Tegalmaja,15 Agustus 1990\r\n'
)


def staged_files():
    return set(StagedUpload.objects.values_list("token", flat=True))


@pytest.fixture
def admin_client_(db, serang, django_user_model):
    client = Client()
    login_verified(client, django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def staged_preview(client):
    program = ProgramFactory()
    response = client.post(
        f"/admin/programs/program/{program.pk}/peserta/impor/", {"file": SimpleUploadedFile("peserta.csv", GOOD_CSV)}
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[-1]
    assert token in staged_files()
    return program, preview_url, token


def test_confirming_deletes_the_staged_file(admin_client_):
    _program, preview_url, token = staged_preview(admin_client_)
    assert admin_client_.post(preview_url).status_code == 302
    assert Participant.objects.count() == 1
    assert token not in staged_files()


def test_cancelling_deletes_the_staged_file_and_saves_nothing(admin_client_):
    program, preview_url, token = staged_preview(admin_client_)
    page = admin_client_.get(preview_url)
    assert 'name="cancel"' in page.text
    response = admin_client_.post(preview_url, {"cancel": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/programs/program/{program.pk}/peserta/impor/"
    assert token not in staged_files()
    assert not admin_client_.session.get(spreadsheets.SESSION_KEY)
    assert Participant.objects.count() == 0
    # The preview is gone too.
    assert admin_client_.get(preview_url)["Location"].endswith("/peserta/impor/")


def test_purge_staged_imports_deletes_only_old_files(db):
    # Both stamped from the portal's clock, as stage_upload stamps its uploads (under faketime the
    # database's own clock would differ from it).
    now = timezone.now()
    an_old_time = now - datetime.timedelta(seconds=spreadsheets.STAGING_MAX_AGE + 60)
    StagedUpload.objects.create(token="o" * 32, data=b"x", staged_at=an_old_time)
    StagedUpload.objects.create(token="f" * 32, data=b"y", staged_at=now)
    out = io.StringIO()
    call_command("purge_staged_imports", stdout=out)
    assert staged_files() == {"f" * 32}
    assert "1 staged import file(s)" in out.getvalue()
    call_command("purge_staged_imports", "--max-age", "0", stdout=out)
    assert staged_files() == set()


def test_a_403_is_logged_in_one_line(db, serang, django_user_model):
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(f.__class__.__name__ == "ExpectedRefusalInOneLine" for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        clerk = django_user_model.objects.create_user("clerk", "c@example.org", "pw", is_staff=True)
        client = Client()
        login_verified(client, clerk)
        program = ProgramFactory()
        assert client.get(f"/admin/programs/program/{program.pk}/peserta/impor/").status_code == 403
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert "Forbidden (Permission denied): /admin/programs/program/" in logged
    assert "Traceback" not in logged
    assert len(logged.strip().splitlines()) == 1


def test_make_serve_refuses_to_start_without_a_secret_key(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    if (ROOT / ".env").exists():
        pytest.skip("a .env beside manage.py may hold a SECRET_KEY")
    result = subprocess.run(
        ["make", "-s", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert "make serve needs a SECRET_KEY" in result.stdout
    assert "local-preview-key" not in (ROOT / "Makefile").read_text()
