"""The machinery every import shares: the plan of what each row would do, its errors as sentences
that name the row and column, readers for choice and count cells, and chunked lookups.

The domain imports (`enterprises.imports`, `programs.imports`) say what a row means; this module
knows nothing of people or programs.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from common.spreadsheets import clean_text, normalise_heading

LOOKUP_CHUNK = 900  # below SQLite's limit of variables per query


def in_chunks(queryset, field_name, values, *, size=LOOKUP_CHUNK):
    """The rows of `queryset` whose `field_name` is one of `values`, fetched `size` values per
    query so that a 20,000-row file stays within every database's limit of query parameters."""
    values = list(dict.fromkeys(value for value in values if value is not None))
    for start in range(0, len(values), size):
        yield from queryset.filter(**{f"{field_name}__in": values[start : start + size]})


def update_in_chunks(queryset, ids, *, size=LOOKUP_CHUNK, **values):
    """`queryset.filter(pk__in=ids).update(**values)`, `size` ids per query; returns the rows updated."""
    ids = sorted({pk for pk in ids if pk is not None})
    return sum(queryset.filter(pk__in=ids[start : start + size]).update(**values) for start in range(0, len(ids), size))


def max_length(model, name):
    return model._meta.get_field(name).max_length


class ImportRejected(Exception):
    """The confirmed import was not saved; `plan` holds the rows and their errors."""

    def __init__(self, plan, message=""):
        super().__init__(message or "import rejected")
        self.plan = plan
        self.message = message


@dataclass
class RowPlan:
    number: int
    action: str = ""
    name: str = ""
    nik: str = ""
    detail: str = ""
    errors: list = field(default_factory=list)
    data: dict = field(default_factory=dict)
    action_label: str = ""
    # Sentences that do not stop the row (data that disagree with the NIK, a likely duplicate).
    warnings: list = field(default_factory=list)

    @property
    def has_errors(self):
        return bool(self.errors)


@dataclass
class ImportPlan:
    rows: list
    action_labels: dict
    columns: dict = field(default_factory=dict)
    ignored_headings: list = field(default_factory=list)

    def __post_init__(self):
        for row in self.rows:
            row.action_label = self.action_labels.get(row.action, "")

    @property
    def error_count(self):
        return sum(1 for row in self.rows if row.errors)

    @property
    def has_errors(self):
        return self.error_count > 0

    def counts(self):
        counts = dict.fromkeys(self.action_labels, 0)
        for row in self.rows:
            counts[row.action] = counts.get(row.action, 0) + 1
        return [(self.action_labels[action], count) for action, count in counts.items() if count]


class RowErrors:
    """Collects 'Baris 5, kolom NIK: …' sentences for one row: errors, and warnings that let it pass."""

    def __init__(self, row, columns, labels):
        self.row, self.columns, self.labels = row, columns, labels

    def _sentence(self, field_name, message):
        column = self.columns.get(field_name) or str(self.labels.get(field_name, field_name))
        return _("Baris %(row)s, kolom %(column)s: %(message)s") % {
            "row": self.row.number,
            "column": column,
            "message": message,
        }

    def add(self, field_name, message):
        self.row.errors.append(self._sentence(field_name, message))

    def warn(self, field_name, message):
        self.row.warnings.append(self._sentence(field_name, message))

    def add_row(self, message):
        self.row.errors.append(_("Baris %(row)s: %(message)s") % {"row": self.row.number, "message": message})


def read_choice(text, choices):
    """A choice given by its code or its label, tolerant of case and spacing; None if unknown."""
    key = normalise_heading(text)
    for value, label in choices:
        if key in {normalise_heading(value), normalise_heading(label)}:
            return value
    return None


def read_count(text, errors, field_name, *, maximum):
    text = clean_text(text)
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or int(text) > maximum:
        errors.add(
            field_name, _("isi bilangan bulat 0 sampai %(max)s, bukan “%(value)s”.") % {"max": maximum, "value": text}
        )
        return None
    return int(text)
