"""Trigram search on names (common.search): pg_trgm GIN indexes on PostgreSQL, FTS5 trigram
tables kept by triggers on SQLite."""

from django.db import migrations

from common.search import (
    POSTGRESQL_FOLD_FUNCTION,
    postgresql_drop_sql,
    postgresql_index_sql,
    sqlite_drop_sql,
    sqlite_index_sql,
)

INDEXED = {"enterprises_enterprise": ["name", "products"], "enterprises_person": ["full_name"]}
# The admin's "=field" searches compare UPPER(field) = UPPER(word); OR-ed with the name search,
# each branch needs an index or the whole search becomes a scan.
UPPER_INDEXED = {"enterprises_enterprise": ["nib"], "enterprises_person": ["nik", "phone"]}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, columns in INDEXED.items():
        if vendor == "postgresql":
            statements = [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE EXTENSION IF NOT EXISTS unaccent",
                POSTGRESQL_FOLD_FUNCTION,
                *postgresql_index_sql(table, columns),
            ]
        elif vendor == "sqlite":
            statements = sqlite_index_sql(table, columns)
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql)
    for table, columns in UPPER_INDEXED.items():
        for column in columns:
            schema_editor.execute(f"CREATE INDEX {table}_{column}_upper ON {table} (UPPER({column}))")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, columns in UPPER_INDEXED.items():
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_upper")
    for table, columns in INDEXED.items():
        if vendor == "postgresql":
            statements = postgresql_drop_sql(table, columns)
        elif vendor == "sqlite":
            statements = sqlite_drop_sql(table)
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0007_person_email_and_unverified_public_records")]

    # The extensions (created here, CREATE EXTENSION needs a superuser or a trusted extension)
    # and portal_fold() stay when going back: other schemas may use them.
    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
