"""What deploy/ ships: the environment template passes `check --deploy`, and gunicorn's settings
suit streamed downloads (deploy/smoke.sh proves the whole layout; CI runs it)."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def template_environment():
    values = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value.strip('"')
    return values


def test_the_template_names_every_setting_an_operator_must_fill():
    values = template_environment()
    assert values["DEBUG"] == "false"
    assert values["SECRET_KEY"] == ""  # never a shared default
    assert values["BEHIND_TLS_PROXY"] == "true"
    assert values["TRUSTED_PROXIES"] == "127.0.0.1,::1"
    assert values["CACHE_URL"].startswith("dbcache://")


@pytest.mark.subprocess
def test_the_environment_template_passes_check_deploy():
    # (DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' conftest when they run in the same process)
    dropped = {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(template_environment())
    env.update(SECRET_KEY="a-filled-in-secret-" + "x" * 40, DATABASE_URL="sqlite:///:memory:")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_gunicorn_serves_requests_in_threads_so_a_slow_download_is_not_cut():
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    # The sync worker's timeout covers a whole request: a 30 MB export read at 400 KB/s was cut.
    assert config["worker_class"] == "gthread"
    assert config["threads"] >= 2
    # The log line never carries the query string (an admin search by NIK would be in it).
    assert "%(U)s" in config["access_log_format"] and "%(r)s" not in config["access_log_format"]
    assert "%(q)s" not in config["access_log_format"]


def test_nginx_site_matches_the_portal():
    site = (DEPLOY / "nginx" / "umkm-portal.conf").read_text()
    assert "client_max_body_size 6m;" in site  # the portal's own limit is 5 MB, refused with a sentence
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site  # replaces what the client sent
    assert "proxy_max_temp_file_size 0;" in site  # exports never spill to nginx's disk
    assert 'Strict-Transport-Security "max-age=31536000' in site
