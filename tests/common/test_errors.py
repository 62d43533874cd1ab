"""A database that does not answer gets the portal's 503 page within seconds (common.errors,
the connect and statement timeouts in settings), not a hung worker and a bare 500."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client

from umkm_portal import views

ROOT = Path(__file__).resolve().parents[2]
APP_PORT = 8111  # this helper's ports: 8110-8119


def test_a_database_error_gets_the_503_page_with_retry_after(serang, monkeypatch):
    def no_answer(today):
        raise OperationalError("connection timeout expired")

    monkeypatch.setattr(views.figures, "headline", no_answer)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Layanan sedang terganggu" in response.text and 'class="site-header"' in response.text
    assert "Content-Security-Policy" in response


def test_any_other_error_keeps_the_500_page(serang, monkeypatch):
    def broken(today):
        raise ZeroDivisionError

    monkeypatch.setattr(views.figures, "headline", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.text


class SilentDatabase:
    """A TCP server that accepts connections and never answers (a database host whose PostgreSQL
    hangs, or a firewall that swallows packets after the handshake)."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            self.held.append(connection)  # kept open, never read, never answered

    def close(self):
        self.server.close()
        for connection in self.held:
            connection.close()


def settings_env(**extra):
    return {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        **extra,
    }


@pytest.mark.subprocess
def test_a_database_that_never_answers_gets_the_503_page_within_seconds(tmp_path):
    silent = SilentDatabase()
    env = settings_env(DATABASE_URL=f"postgres://portal@127.0.0.1:{silent.port}/portal", DB_CONNECT_TIMEOUT="2")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "umkm_portal.wsgi", "--bind", f"127.0.0.1:{APP_PORT}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # gunicorn is up when its port accepts
            try:
                socket.create_connection(("127.0.0.1", APP_PORT), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.2)
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}/", timeout=15)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
        silent.close()
    assert answer.value.code == 503
    assert "Layanan sedang terganggu" in answer.value.read().decode()
    assert elapsed < 5, f"the 503 page took {elapsed:.1f} s"
    assert silent.held, "the portal never reached the silent database"


@pytest.mark.subprocess
def test_the_timeouts_come_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'umkm_portal.settings'; "
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    )

    def options(**extra):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=settings_env(**extra),
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    postgres = options(
        DATABASE_URL="postgres://portal@127.0.0.1/portal", DB_CONNECT_TIMEOUT="3", DB_STATEMENT_TIMEOUT="12"
    )
    assert "'connect_timeout': 3" in postgres and "-c statement_timeout=12000" in postgres
    defaults = options(DATABASE_URL="postgres://portal@127.0.0.1/portal")
    assert "'connect_timeout': 5" in defaults and "-c statement_timeout=30000" in defaults
    sqlite = options(DATABASE_URL="sqlite:////tmp/portal-uji.sqlite3", DB_BUSY_TIMEOUT="4")
    assert "'timeout': 4" in sqlite
