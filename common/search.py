"""Searching names by any part of a word, with or without its accents, on an index.

`field__folded_contains="jose"` finds "José" and "Joséfina": both sides are folded (lower case,
accents removed) and the word may be any part of the value. On PostgreSQL the folded column has a
pg_trgm GIN index (`portal_fold(column) gin_trgm_ops`); on SQLite a model's `SEARCH_INDEXED_FIELDS`
have an FTS5 table with the trigram tokenizer (`<table>_fts`, rowid = the row's id) holding the
folded text. The database keeps both in step by itself (an expression index; triggers on
insert, update and delete), so every write path, raw SQL included, updates them. Words shorter
than three letters cannot use a trigram index and are matched by a scan, with the same result.

`portal_fold` is an SQL function on both databases: created by the enterprises migration on
PostgreSQL (`lower(unaccent(…))`, declared immutable for the index) and registered on every
SQLite connection Django opens (`fold` below), so the SQLite triggers can fold what they index.
"""

import unicodedata

from django.db.models import CharField, Field, Lookup, TextField


def fold(value):
    """Lower case without accents: "José Ñoño" → "jose nono"."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(value))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: `portal_fold()` on every SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_fold", 1, fold, deterministic=True)


def _like_pattern(word):
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_table(model):
    return f"{model._meta.db_table}_fts"


class FoldedContains(Lookup):
    lookup_name = "folded_contains"
    prepare_rhs = False

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        pattern = _like_pattern(str(self.rhs))
        field = self.lhs.target
        model = field.model
        if self.lhs.alias != compiler.query.base_table and field.name in getattr(model, "SEARCH_INDEXED_FIELDS", ()):
            # A joined table's column (the admin's owner__full_name): as a subquery, as on
            # SQLite, so the index finds the matching ids once (a hashed subplan) instead of
            # folding every joined row. On the base table the plain condition lets PostgreSQL
            # AND/OR the trigram bitmaps of several words and columns.
            quote = connection.ops.quote_name
            pk = quote(model._meta.pk.column)
            table, column = quote(model._meta.db_table), quote(field.column)
            matching = f"SELECT {pk} FROM {table} WHERE portal_fold({column}) LIKE portal_fold(%s)"
            return f"{quote(self.lhs.alias)}.{pk} IN ({matching})", [pattern]
        return f"portal_fold({lhs}) LIKE portal_fold(%s)", [*lhs_params, pattern]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        word = fold(str(self.rhs))
        field = self.lhs.target
        model = field.model
        if len(word) >= 3 and field.name in getattr(model, "SEARCH_INDEXED_FIELDS", ()):
            quote = connection.ops.quote_name
            pk = f"{quote(self.lhs.alias)}.{quote(model._meta.pk.column)}"
            table = quote(fts_table(model))
            phrase = '"' + word.replace('"', '""') + '"'
            return f"{pk} IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)", [f"{{{field.column}}} : {phrase}"]
        return f"portal_fold({lhs}) LIKE %s ESCAPE '\\'", [*lhs_params, _like_pattern(word)]

    def as_sql(self, compiler, connection):  # any other database: a folded scan in Python terms
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"LOWER({lhs}) LIKE %s", [*lhs_params, _like_pattern(fold(str(self.rhs)))]


class FoldedScan(FoldedContains):
    """`folded_contains` tested on each row, never looked up in the index: for checking the few
    rows another condition already found. Through the index, a word in most names ("usaha")
    would first list every row that has it."""

    lookup_name = "folded_scan"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"portal_fold({lhs}) LIKE portal_fold(%s)", [*lhs_params, _like_pattern(str(self.rhs))]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"portal_fold({lhs}) LIKE %s ESCAPE '\\'", [*lhs_params, _like_pattern(fold(str(self.rhs)))]


class _TemplateLookup(Lookup):
    """A lookup written as `template` ({lhs}, {rhs}), or `postgresql_template` on PostgreSQL."""

    template = postgresql_template = None

    def as_sql(self, compiler, connection, template=None):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (template or self.template).format(lhs=lhs, rhs=rhs), [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, self.postgresql_template)


class InArray(_TemplateLookup):
    """`field__in_array=subquery`: the rows whose value the subquery returns, as `__in`, but
    written on PostgreSQL as `= ANY(ARRAY(subquery))`: the subquery runs first and its rows are
    found through the field's index. As `IN (subquery)`, PostgreSQL plans a join and, for a few
    thousand keys (a common name in the admin search), reads the whole table to hash it."""

    lookup_name = "in_array"
    template = "{lhs} IN {rhs}"
    postgresql_template = "{lhs} = ANY(ARRAY{rhs})"


class UpperExact(_TemplateLookup):
    """`field__upper_exact=value`: `iexact` written as `UPPER(field) = UPPER(value)` on every
    database, which an index on `UPPER(field)` answers (the admin's `=nik`, `=phone`, `=nib`).
    Django writes `iexact` so on PostgreSQL, but as a LIKE on SQLite, which no index answers;
    both fold ASCII letters only, so the rows are the same."""

    lookup_name = "upper_exact"
    template = "UPPER({lhs}) = UPPER({rhs})"
    postgresql_template = "UPPER({lhs}::text) = UPPER({rhs})"


Field.register_lookup(InArray)
CharField.register_lookup(UpperExact)
CharField.register_lookup(FoldedContains)
TextField.register_lookup(FoldedContains)
CharField.register_lookup(FoldedScan)
TextField.register_lookup(FoldedScan)


def sqlite_index_sql(table, columns, pk="id"):
    """For a migration: the FTS5 table `<table>_fts` over `columns` (folded), its triggers, and
    the statement filling it from the rows already there."""
    fts = f"{table}_fts"
    names = ", ".join(columns)
    insert = (
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.{pk}, "
        + ", ".join(f"portal_fold(new.{column})" for column in columns)
        + ");"
    )
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, tokenize='trigram')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN DELETE FROM {fts} WHERE rowid = old.{pk}; END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = old.{pk}; {insert} END",
        f"INSERT INTO {fts}(rowid, {names}) SELECT {pk}, "
        + ", ".join(f"portal_fold({column})" for column in columns)
        + f" FROM {table}",
    ]


def sqlite_drop_sql(table):
    fts = f"{table}_fts"
    return [f"DROP TRIGGER IF EXISTS {fts}_{what}" for what in ("insert", "delete", "update")] + [
        f"DROP TABLE IF EXISTS {fts}"
    ]


POSTGRESQL_FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""


def postgresql_index_sql(table, columns):
    return [
        f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON {table} USING gin (portal_fold({column}) gin_trgm_ops)"
        for column in columns
    ]


def postgresql_drop_sql(table, columns):
    return [f"DROP INDEX IF EXISTS {table}_{column}_trgm" for column in columns]
