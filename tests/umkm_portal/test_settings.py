"""Start-up with a wrong environment stops with a sentence, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess  # each test starts manage.py

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "sentence"),
    [
        ({"ALLOWED_HOSTS": "portal.example"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS is not set"),
        ({"DEBUG": "maybe", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a"}, "DEBUG must be true or false"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a", "DATABASE_URL": "nonsense"}, "DATABASE_URL cannot be read"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a", "SECURE_HSTS_SECONDS": "a year"}, "whole number"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a", "TRUSTED_PROXIES": "10.0.0.1,nginx"}, "TRUSTED_PROXIES must"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a", "CACHE_URL": "nonsense://x"}, "CACHE_URL cannot be read"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a", "DATABASE_REPLICA_URL": "nonsense"}, "DATABASE_REPLICA_URL"),
    ],
)
def test_bad_environment_stops_with_one_sentence(env, sentence):
    result = run_check(**env)
    assert result.returncode == 1
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("The UMKM portal cannot start:")


def test_debug_needs_neither_secret_nor_hosts():
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_start():
    result = run_check(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="portal.example")
    assert result.returncode == 0, result.stderr


def test_database_url_chooses_the_engine(settings):
    import environ

    env = environ.Env()
    assert env.db_url_config("postgres://postgres@127.0.0.1:5432/umkm")["ENGINE"] == "django.db.backends.postgresql"
    assert env.db_url_config("sqlite:////tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.PORTAL_DISTRICT == "36.04"


def test_cache_and_sessions_are_shared_by_default():
    # The database cache (every app server and process counts the same rate limits) and
    # sessions in the database: nothing lives in one process's memory. (The test run itself keeps
    # its cache in memory, see the Makefile, so the default is read in a process of its own.)
    environment = {name: value for name, value in os.environ.items() if name != "CACHE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)",
        ],
        cwd=ROOT,
        env={**environment, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split()[-2:] == [
        "django.core.cache.backends.db.DatabaseCache",
        "django.contrib.sessions.backends.db",
    ], result.stderr


def test_a_redis_cache_url_reads_sessions_through_the_cache():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true", "CACHE_URL": "redis://127.0.0.1:6379/7"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split()[-2:] == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ], result.stderr
