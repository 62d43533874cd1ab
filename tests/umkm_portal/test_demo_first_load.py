"""A first big demo load on PostgreSQL drops the registry's plain indexes and foreign keys and
builds them again after its rows (umkm_portal.demo._indexes_built_after): afterwards the schema
must be exactly what the migrations made."""

import datetime

import pytest
from django.db import connection

from enterprises.models import Person
from umkm_portal import demo
from umkm_portal.demo import build_demo

pytestmark = [
    pytest.mark.postgresql_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="The indexes are rebuilt on PostgreSQL only."),
    pytest.mark.django_db,
]

DAY = datetime.date(2026, 12, 2)
TRIGRAM_INDEXES = {
    "enterprises_person_full_name_trgm",
    "enterprises_enterprise_name_trgm",
    "enterprises_enterprise_products_trgm",
}


def schema():
    """{index or constraint name: (its oid, its definition)} for every table of the portal."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, indexrelid, pg_get_indexdef(indexrelid) FROM pg_index "
            "JOIN pg_class ON pg_class.oid = indrelid WHERE relnamespace = 'public'::regnamespace "
            "UNION ALL "
            "SELECT conrelid::regclass::text || '.' || conname, c.oid, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c JOIN pg_class ON pg_class.oid = conrelid "
            "WHERE relnamespace = 'public'::regnamespace"
        )
        return {name: (oid, definition) for name, oid, definition in cursor.fetchall()}


def rebuilt(before, after):
    assert {name: definition for name, (_oid, definition) in after.items()} == {
        name: definition for name, (_oid, definition) in before.items()
    }
    return {name for name in after if after[name][0] != before[name][0]}


def exclusive_locks():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relation::regclass::text FROM pg_locks "
            "WHERE pid = pg_backend_pid() AND locktype = 'relation' AND mode = 'AccessExclusiveLock'"
        )
        return {name for (name,) in cursor.fetchall()}


def test_a_first_big_load_builds_the_indexes_again_as_the_migrations_made_them(serang, monkeypatch):
    monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 20)
    build_prices, locked = demo.build_prices, set()

    def build_prices_noting_the_locks(*args, **kwargs):
        locked.update(exclusive_locks())
        return build_prices(*args, **kwargs)

    monkeypatch.setattr(demo, "build_prices", build_prices_noting_the_locks)
    before = schema()

    build_demo(enterprises=30, today=DAY)

    after = schema()
    again = rebuilt(before, after)  # the same names and definitions, every one of them ...
    assert TRIGRAM_INDEXES <= again  # ... and these were dropped and created anew (new oids)
    assert "enterprises_enterprise.enterprises_enterpri_owner_id_7daef8a4_fk_enterpris" in again
    assert not {name for name in again if name.endswith(("_pkey", "_key", "once_per_year"))}  # unique ones stay
    # The keys to the regions and the users stay: the load does not lock those tables, which most
    # of the portal reads (a dropped key locks the table it refers to), only the tables it loads.
    assert not {name for name in again if "_fk_regions_" in name or name.endswith("_fk_auth_user")}
    assert {"enterprises_person", "enterprises_historicalperson"} <= locked
    assert not locked & {"auth_user", "regions_kecamatan", "regions_desa", "programs_participant"}
    assert Person.history.count() == Person.objects.count() > 30

    build_demo(enterprises=30, today=DAY)  # the tables have rows: nothing is dropped
    assert rebuilt(after, schema()) == set()


def test_a_small_load_keeps_the_indexes(serang):
    before = schema()
    build_demo(enterprises=30, today=DAY)
    assert rebuilt(before, schema()) == set()


def test_a_failed_first_load_leaves_the_indexes_as_they_were(serang, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the prices cannot be built")

    monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 20)
    monkeypatch.setattr(demo, "build_prices", fail)
    before = schema()
    with pytest.raises(RuntimeError):
        build_demo(enterprises=30, today=DAY)
    assert rebuilt(before, schema()) == set()
    assert not Person.objects.exists()
