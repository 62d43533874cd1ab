"""The read replica: anonymous public page reads go to it, everything else reads the primary."""

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections

from common import replicas
from programs.models import Program
from tests.factories import ProgramFactory
from tests.logins import login_verified

# The tests add a "replica" alias to DATABASES, as DATABASE_REPLICA_URL would.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def replica(settings):
    """A "replica" alias that is the default connection itself (as TEST MIRROR makes it), and a
    record of every read the router sent somewhere: (app_label, alias)."""
    databases = copy.deepcopy(settings.DATABASES)
    databases["replica"] = {**databases["default"], "TEST": {"MIRROR": "default"}}
    settings.DATABASES = databases
    connections["replica"] = connections["default"]
    reads = []
    router = replicas.PrimaryReplicaRouter
    original = router.db_for_read

    def recording(self, model, **hints):
        alias = original(self, model, **hints)
        reads.append((model._meta.app_label, alias or "default"))
        return alias

    router.db_for_read = recording
    yield reads
    router.db_for_read = original
    del connections["replica"]


def replica_reads(reads):
    return {app for app, alias in reads if alias == "replica"}


@pytest.mark.django_db
def test_an_anonymous_public_page_reads_the_replica(client, replica):
    ProgramFactory(title="Pelatihan Replika")
    response = client.get("/pelatihan/")
    assert response.status_code == 200
    assert "Pelatihan Replika" in response.text
    assert "programs" in replica_reads(replica)
    # The cache (rate limits) and sessions are read where they are written.
    assert not replica_reads(replica) & replicas.ALWAYS_PRIMARY


@pytest.mark.django_db
def test_head_of_a_public_page_reads_the_replica(client, replica):
    ProgramFactory()
    assert client.head("/pelatihan/").status_code == 200
    assert "programs" in replica_reads(replica)


@pytest.mark.django_db
def test_the_application_form_reads_the_primary(client, replica):
    program = ProgramFactory()
    client.get(f"/pelatihan/{program.slug}/daftar/")
    client.post(f"/pelatihan/{program.slug}/daftar/", {})
    assert replica  # the router was asked
    assert replica_reads(replica) == set()


@pytest.mark.django_db
def test_a_post_to_a_public_address_reads_the_primary(client, replica):
    ProgramFactory()
    client.post("/pelatihan/", {})
    assert replica_reads(replica) == set()


@pytest.mark.django_db
def test_status_recovery_and_certificates_read_the_primary(client, replica):
    for path in ("/pelatihan/cek-status/", "/pelatihan/kode-hilang/", "/sertifikat/ABC-123/"):
        client.get(path)
    assert replica
    assert replica_reads(replica) == set()


@pytest.mark.django_db
def test_logged_in_staff_read_the_primary_even_on_public_pages(client, admin_user, replica):
    ProgramFactory(title="Pelatihan Replika")
    login_verified(client, admin_user)
    replica.clear()
    assert "Pelatihan Replika" in client.get("/pelatihan/").text
    assert client.get("/admin/").status_code == 200
    assert replica
    assert replica_reads(replica) == set()


@pytest.mark.django_db
def test_without_a_replica_public_pages_read_the_primary(client, settings):
    assert "replica" not in settings.DATABASES
    router = replicas.PrimaryReplicaRouter()
    seen = []
    original = replicas.PrimaryReplicaRouter.db_for_read
    try:
        replicas.PrimaryReplicaRouter.db_for_read = lambda self, model, **h: seen.append(original(self, model)) or None
        ProgramFactory()
        assert client.get("/pelatihan/").status_code == 200
    finally:
        replicas.PrimaryReplicaRouter.db_for_read = original
    assert seen and set(seen) == {None}
    assert router.db_for_write(Program) == "default"


def test_the_router_writes_and_migrates_only_on_the_primary(settings):
    router = replicas.PrimaryReplicaRouter()
    token = replicas._read_from_replica.set(True)
    try:
        settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
        assert router.db_for_read(Program) == "replica"
        assert router.db_for_write(Program) == "default"
    finally:
        replicas._read_from_replica.reset(token)
    assert router.db_for_read(Program) is None  # outside a marked request
    assert router.allow_migrate("default", "programs") is True
    assert router.allow_migrate("replica", "programs") is False
    assert router.allow_relation(Program(), Program()) is True


@pytest.mark.subprocess
def test_the_setting_adds_a_replica_with_the_primarys_options_and_a_test_mirror():
    environment = {**os.environ, "DEBUG": "true"}
    environment["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/umkm"
    environment["DATABASE_REPLICA_URL"] = "postgres://reader@10.0.0.2:5432/umkm"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; d, r = s.DATABASES['default'], s.DATABASES['replica'];"
            "print(r['HOST'], r['USER'], r['TEST']['MIRROR'], r['OPTIONS'] == d['OPTIONS'],"
            " r['CONN_MAX_AGE'] == d['CONN_MAX_AGE'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "10.0.0.2 reader default True True", result.stderr
