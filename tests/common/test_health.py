"""/healthz and /readyz: answered first, plain, and /readyz within its timeout whatever the database does."""

import os
import threading
import time

import pytest
from django.test import Client, override_settings

from common import health


@pytest.fixture
def probe():
    # A probe speaks plain HTTP to the app server's own address: no allowed host, no HTTPS.
    return Client(HTTP_HOST="10.1.2.3:8000")


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["portal.example"])
def test_healthz_answers_without_the_database_host_check_or_https(probe):
    response = probe.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db(transaction=True)
@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["portal.example"])
def test_readyz_reports_database_and_cache(probe):
    response = probe.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.text == "ready\ndatabase: ok\ncache: ok\n"


# Under faketime (CI runs the suite once more with the clock moved 400 days on) a wait with a
# timeout never ends: the deadline is computed on the moved clock and waited for on the kernel's.
@pytest.mark.skipif("FAKETIME" in os.environ, reason="timed waits do not end under faketime")
def test_readyz_fails_within_its_timeout_when_the_database_never_answers(probe, monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(health, "check_parts", lambda: release.wait(30) and {"database": "ok"})
    try:
        with override_settings(READYZ_TIMEOUT=1):
            started = time.monotonic()
            response = probe.get("/readyz")
            assert time.monotonic() - started < 2
            assert response.status_code == 503
            assert "database: no answer within 1 s" in response.text
            # A second probe while the first check is still stuck answers at once, no new thread.
            started = time.monotonic()
            assert probe.get("/readyz").status_code == 503
            assert time.monotonic() - started < 0.5
    finally:
        release.set()
        health._running.join(5)


def test_readyz_names_what_failed(probe, monkeypatch):
    monkeypatch.setattr(health, "check_parts", lambda: {"database": "failed (OperationalError)", "cache": "ok"})
    response = probe.get("/readyz")
    assert response.status_code == 503
    assert response.text == "not ready\ndatabase: failed (OperationalError)\ncache: ok\n"


@pytest.mark.django_db
def test_other_methods_go_on_to_the_portal(client):
    assert client.post("/healthz").status_code == 404
    assert client.get("/healthz/").status_code == 404
