"""Which column of a list typed by people fills which field, and what its everyday words mean.

Pure functions, no database: the admin imports (`common.admin_imports`) and the cohort-entry
paste call the same code. The fields and their accepted headings come from the caller
({field: [headings]}, as `enterprises.imports.ENTERPRISE_FIELDS`); so do the choice columns
({field: ChoiceSet}), built from the model's choices and the synonym list kept beside them.

Public API:

- `find_heading_row(rows, fields)`: the index of the heading row in the first rows (title rows
  above it are skipped).
- `propose(headings, rows, *, fields, choices=None, remembered=None, place_names=())`: a
  `Mapping` — for every column its samples, the field it fills (recognised heading, else what
  `remembered` says) and, when unmapped, the kind of data it looks like ("nik", "phone", "date",
  "desa"); for every choice column the values that need a word from staff, with suggestions.
- `apply(mapping, rows)`: the rows as {field: value}, combined columns split (place and date of
  birth) or joined (RT/RW into the address), prefixes dropped ("Kec.", "Desa/Kel."), choice
  values translated.
- `map_rows(rows, *, fields, choices=None, remembered=None)`: for a pasted table (its heading row
  among the first rows): `(mapping, [{field: value}])`, the two calls above in one.
- `heading_key(headings)`: a stable key of a heading set, to remember a mapping by.
- `Mapping.as_dict()` / `Mapping.from_dict()`: what is kept in a session or a database row.

Two targets exist whatever the caller's fields, when the fields they fill are among them:
`BIRTH_PLACE_DATE` ("Tempat, tgl. lahir": birth_place + birth_date) and `RT_RW` (joined to the
address).
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from common.spreadsheets import clean_identifier, clean_phone, clean_text, normalise_heading, parse_date

BIRTH_PLACE_DATE = "birth_place_date"
RT_RW = "rt_rw"
COMBINED_FIELDS = {
    BIRTH_PLACE_DATE: [
        "tempat tanggal lahir",
        "tempat tgl lahir",
        "tempat dan tanggal lahir",
        "tempat tgl lhr",
        "tempat lahir tanggal lahir",
        "tempat lahir tgl lahir",
        "ttl",
    ],
    RT_RW: ["rt/rw", "rt rw", "rt dan rw"],
}
COMBINED_LABELS = {
    BIRTH_PLACE_DATE: _("Tempat dan tanggal lahir (dipisah)"),
    RT_RW: _("RT/RW (digabung ke alamat)"),
}
COMBINED_NEEDS = {BIRTH_PLACE_DATE: {"birth_place", "birth_date"}, RT_RW: {"address"}}
# Words written in front of a region's name: "Kec. Kragilan", "Desa/Kel. Tegalmaja".
PREFIXES = {
    "kecamatan": re.compile(r"^(?:kecamatan|kec)\b[\s.:]*", re.IGNORECASE),
    "desa": re.compile(
        r"^(?:desa\s*/\s*kel(?:urahan)?|kel(?:urahan)?\s*/\s*desa|desa|kelurahan|kel|ds)\b[\s.:]*", re.I
    ),
}
SAMPLES = 3
# Distinct values of a choice column listed for staff: a column mapped to the wrong field (names
# read as sectors) must not make a page of thousands of choices; the rest are named by the preview.
MAX_LISTED_VALUES = 50
SCAN_ROWS = 200  # rows looked at to say what an unmapped column holds
DATE_AT_END = re.compile(
    r"^(?P<place>.*?)[\s,/;\-]*(?P<date>\d{1,2}[\s\-/.]+[A-Za-z]+\.?[\s\-/.]+\d{4}"
    r"|\d{1,2}[/\-.]\d{1,2}[/\-.]\d{4}|\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2})$"
)
KIND_LABELS = {
    "nik": _("nomor 16 digit (NIK?)"),
    "phone": _("nomor telepon"),
    "date": _("tanggal"),
    "desa": _("nama desa"),
}


@dataclass
class ChoiceSet:
    """The choices of a column ([(code, label)]) and everyday words for them ({word: code})."""

    choices: list
    synonyms: dict = field(default_factory=dict)

    def exact(self, text):
        key = normalise_heading(text)
        for code, label in self.choices:
            if key in {normalise_heading(code), normalise_heading(label)}:
                return code
        return None

    def suggest(self, text):
        key = normalise_heading(text)
        for word, code in self.synonyms.items():
            if normalise_heading(word) in {key, key.replace(" ", "")}:
                return code
        return None


@dataclass
class Column:
    position: int
    heading: str
    samples: list
    field: str = ""  # "" when not imported
    recognised: bool = False  # the heading is a known one
    remembered: bool = False  # the field comes from a mapping staff chose before
    looks_like: str = ""  # what the column seems to hold: nik, phone, date, desa (flagged when unmapped)

    @property
    def looks_like_label(self):
        return KIND_LABELS.get(self.looks_like, "")


@dataclass
class Mapping:
    columns: list  # [Column]
    values: dict = field(default_factory=dict)  # {field: {normalised value: code or ""}}
    # {field: [(value as typed, its key in `values`, suggestion, answered before)]}
    unmatched: dict = field(default_factory=dict)
    accept_unmapped: bool = False  # staff said the suspicious unmapped columns are not wanted

    @property
    def by_field(self):
        return {column.field: column for column in self.columns if column.field}

    @property
    def suspicious(self):
        """Unmapped columns that look like data the portal keeps."""
        return [column for column in self.columns if not column.field and column.looks_like]

    @property
    def blocking(self):
        return bool(self.suspicious) and not self.accept_unmapped

    def needs_attention(self, required=()):
        """True when staff should look at the mapping before the preview: a column not
        recognised, a required field unmapped, or a choice value not written as a choice."""
        return (
            any(column.heading and not (column.recognised or column.remembered) for column in self.columns)
            or bool(missing_required(self, required))
            or any(not answered for values in self.unmatched.values() for *_rest, answered in values)
            or self.blocking
        )

    def as_dict(self):
        return {
            "columns": {str(column.position): column.field for column in self.columns},
            "values": self.values,
            "accept_unmapped": self.accept_unmapped,
        }

    @classmethod
    def from_dict(cls, data, headings, rows, *, fields, choices=None, place_names=()):
        """The mapping `data` (from `as_dict`) over this file, samples and unmatched values read again."""
        return propose(headings, rows, fields=fields, choices=choices, remembered=data, place_names=place_names)


# --- the heading row ---------------------------------------------------------------------------


def _index(fields):
    index = {}
    for name, aliases in fields.items():
        for alias in aliases:
            key = normalise_heading(alias)
            index.setdefault(key, name)
            index.setdefault(key.replace(" ", ""), name)
    return index


def targets(fields):
    """The caller's fields with the combined targets their fields allow: {field: [headings]}."""
    extra = {name: aliases for name, aliases in COMBINED_FIELDS.items() if COMBINED_NEEDS[name] <= fields.keys()}
    return {**fields, **extra}


def recognise(heading, fields):
    """The field a heading names, or ''."""
    index = _index(targets(fields))
    key = normalise_heading(heading)
    return index.get(key) or index.get(key.replace(" ", "")) or ""


def find_heading_row(rows, fields, *, search=10):
    """Index in `rows` (lists of cells) of the heading row: among the first `search` rows, the one
    with the most recognised headings; without any, the first row filled as widely as any."""
    index = _index(targets(fields))
    best, best_score = 0, (-1, -1)
    for position, row in enumerate(rows[:search]):
        keys = [normalise_heading(cell) for cell in row if _filled(cell)]
        known = len({index.get(key) or index.get(key.replace(" ", "")) for key in keys} - {None})
        score = (known, len(set(keys)))
        if score > best_score:
            best, best_score = position, score
    return best


def _filled(value):
    return value is not None and str(value).strip() != ""


def is_numbering_row(row):
    """The row of column numbers (1, 2, 3 …) Indonesian forms print under their headings."""
    cells = [clean_text(cell) for cell in row if _filled(cell)]
    return len(cells) >= 3 and cells == [str(number) for number in range(1, len(cells) + 1)]


# --- proposing ---------------------------------------------------------------------------------


def heading_key(headings):
    text = "\x1f".join(normalise_heading(heading) for heading in headings)
    return hashlib.sha256(text.encode()).hexdigest()


# Headings every list may carry that fill nothing: the row number of office forms.
SKIPPED_HEADINGS = ["no", "no.", "nomor", "no urut", "nomor urut"]


def propose(headings, rows, *, fields, choices=None, remembered=None, place_names=(), skipped=()):
    """A Mapping of the columns named by `headings` over the data `rows` (lists of cells).

    `remembered` ({"columns": {position: field}, "values": {...}, "accept_unmapped": bool}) wins
    over recognition; `place_names`: normalised desa names, to point out an unmapped desa column;
    `skipped`: headings known to fill nothing (besides SKIPPED_HEADINGS), left unmapped as known."""
    choices = choices or {}
    allowed = targets(fields)
    remembered = remembered or {}
    chosen = remembered.get("columns") or {}
    skip = {normalise_heading(heading) for heading in [*SKIPPED_HEADINGS, *skipped]}
    columns, taken = [], set()
    for position, heading in enumerate(headings):
        heading = clean_text(heading)
        values = [row[position] for row in rows[:SCAN_ROWS] if position < len(row) and _filled(row[position])]
        column = Column(position=position, heading=heading, samples=[_show(value) for value in values[:SAMPLES]])
        column.recognised = bool(heading) and (bool(recognise(heading, fields)) or normalise_heading(heading) in skip)
        if str(position) in chosen:
            column.field = chosen[str(position)] if chosen[str(position)] in allowed else ""
            column.remembered = True
        elif column.recognised:
            column.field = recognise(heading, fields)
        if column.field in taken:
            column.field = ""
        taken.add(column.field)
        if values and normalise_heading(heading) not in skip:  # flagged once left unmapped
            column.looks_like = looks_like(values, place_names)
        columns.append(column)
    mapping = Mapping(columns=columns, accept_unmapped=bool(remembered.get("accept_unmapped")))
    _propose_values(mapping, rows, choices, remembered.get("values") or {})
    return mapping


def _show(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return clean_text(value)[:60]


def looks_like(values, place_names=()):
    """What most of `values` are: "nik", "phone", "date", "desa", or ""."""
    values = [value for value in values if _filled(value)]
    if not values:
        return ""
    half = (len(values) + 1) // 2
    tests = [
        ("nik", lambda value: re.fullmatch(r"[0-9]{16}", clean_identifier(value)) is not None),
        ("phone", lambda value: _phone_shaped(value)),
        ("date", lambda value: _date_shaped(value)),
        ("desa", lambda value: bool(place_names) and strip_prefix("desa", clean_text(value)).lower() in place_names),
    ]
    for kind, test in tests:
        if sum(1 for value in values if test(value)) >= half:
            return kind
    return ""


def _phone_shaped(value):
    text = clean_text(value)
    return bool(re.fullmatch(r"\+?[0-9][0-9 .\-()]{8,18}", text)) and bool(
        re.fullmatch(r"08[0-9]{8,11}", clean_phone(text))
    )


def _date_shaped(value):
    if isinstance(value, datetime.date):
        return True
    text = clean_text(value)
    if text.isdigit():
        return False  # a count or a serial number, not a date typed by a person
    return parse_date(text) is not None or split_birth(text)[1] is not None


def _propose_values(mapping, rows, choices, remembered_values):
    by_field = mapping.by_field
    for name, choice_set in choices.items():
        column = by_field.get(name)
        if column is None:
            continue
        known = dict(remembered_values.get(name) or {})
        answers, unmatched = {}, []
        seen = set()
        for row in rows:
            value = row[column.position] if column.position < len(row) else None
            text = clean_text(value)
            key = normalise_heading(text)
            if not key or key in seen:
                continue
            seen.add(key)
            if choice_set.exact(text) is not None:
                continue
            if len(unmatched) >= MAX_LISTED_VALUES:
                break
            suggestion = known.get(key, choice_set.suggest(text) or "")
            answers[key] = suggestion
            unmatched.append((text, key, suggestion, key in known))
        mapping.values[name] = answers
        mapping.unmatched[name] = unmatched


# --- applying ----------------------------------------------------------------------------------


def apply(mapping, rows):
    """[{field: value}] for `rows`, one dict per row (blank rows give an empty dict)."""
    by_field = mapping.by_field
    out = []
    for row in rows:
        record = {}
        for name, column in by_field.items():
            value = row[column.position] if column.position < len(row) else None
            if name == BIRTH_PLACE_DATE:
                place, date = split_birth(value)
                if _filled(value) and date is None:
                    record["birth_date"] = clean_text(value)  # unreadable: the import names it
                else:
                    record["birth_place"] = record.get("birth_place") or place
                    record["birth_date"] = record.get("birth_date") or date
                continue
            if name == RT_RW:
                continue
            if name in PREFIXES and isinstance(value, str):
                value = strip_prefix(name, value)
            answers = mapping.values.get(name)
            if answers and _filled(value):
                key = normalise_heading(value)
                if answers.get(key):
                    value = answers[key]
            if name in record and not _filled(value):
                continue  # a blank column does not undo what a combined one gave
            record[name] = value
        if RT_RW in by_field:
            column = by_field[RT_RW]
            rt_rw = join_rt_rw(row[column.position] if column.position < len(row) else None)
            if rt_rw:
                record["address"] = " ".join(part for part in (clean_text(record.get("address")), rt_rw) if part)
        out.append(record)
    return out


def strip_prefix(name, text):
    """'Kec. Kragilan' -> 'Kragilan'; 'Desa/Kel. Tegalmaja' -> 'Tegalmaja'."""
    text = clean_text(text)
    stripped = PREFIXES[name].sub("", text, count=1).strip()
    return stripped or text


def split_birth(value):
    """'Serang, 15 Agustus 1990' -> ('Serang', date(1990, 8, 15)); ('', None) when empty;
    (text, None) when no date can be read at its end."""
    if isinstance(value, datetime.date):
        return "", value if not isinstance(value, datetime.datetime) else value.date()
    text = clean_text(value)
    if not text:
        return "", None
    match = DATE_AT_END.match(text)
    if not match:
        return text, None
    date = parse_date(match.group("date"))
    if date is None:
        return text, None
    return title_case(match.group("place").strip(" ,/;-")), date


def join_rt_rw(value):
    """'1/2', '001/002', 'RT 1 RW 2' -> 'RT 001/RW 002'; other text as it is."""
    text = clean_text(value)
    numbers = re.findall(r"[0-9]+", text)
    if len(numbers) == 2 and re.fullmatch(r"(?i)\s*(?:rt\.?\s*)?[0-9]+\s*[/\-.,]?\s*(?:rw\.?\s*)?[0-9]+\s*", text):
        return f"RT {int(numbers[0]):03d}/RW {int(numbers[1]):03d}"
    return text


PARTICLES = {"bin", "binti", "van", "der", "de", "da", "di", "dan", "el"}


def title_case(text):
    """'SITI NUR'AINI BINTI AHMAD' -> "Siti Nur'aini binti Ahmad"; text not all in capitals is
    left as typed."""
    text = clean_text(text)
    if not text or text != text.upper() or not any(character.isalpha() for character in text):
        return text
    words = []
    for position, word in enumerate(text.lower().split(" ")):
        if position and word in PARTICLES:
            words.append(word)
            continue
        words.append("-".join(_capitalise(part) for part in word.split("-")))
    return " ".join(words)


def _capitalise(word):
    head, apostrophe, tail = word.partition("'")
    if apostrophe and len(head) == 1:  # O'Neil, D'Arcy
        return head.upper() + apostrophe + tail[:1].upper() + tail[1:]
    return word[:1].upper() + word[1:]


def map_rows(rows, *, fields, choices=None, remembered=None, place_names=()):
    """(Mapping, [{field: value}]) of a table given as rows of cells with its heading row among
    the first ten (title lines above it and a numbering row below it are skipped), as the
    cohort-entry paste receives it."""
    rows = [list(row) for row in rows if any(_filled(cell) for cell in row)]
    if not rows:
        return Mapping(columns=[]), []
    at = find_heading_row(rows, fields)
    headings, below = rows[at], rows[at + 1 :]
    if below and is_numbering_row(below[0]):
        below = below[1:]
    mapping = propose(headings, below, fields=fields, choices=choices, remembered=remembered, place_names=place_names)
    return mapping, apply(mapping, below)


# --- a file through the mapping ----------------------------------------------------------------


@dataclass
class Sheet:
    headings: list
    rows: list  # [(row number, [cells])] below the headings


def read_sheet(data, filename, *, fields):
    """The first sheet of an uploaded file as its heading row and the rows below (a row of column
    numbers under the headings left out). SpreadsheetError as `read_rows` raises it."""
    from django.utils.translation import gettext

    from common.spreadsheets import SpreadsheetError, read_rows

    rows = read_rows(data, filename)
    at = find_heading_row([cells for _number, cells in rows], fields)
    headings = [clean_text(cell) if not isinstance(cell, datetime.date) else _show(cell) for cell in rows[at][1]]
    below = rows[at + 1 :]
    if below and is_numbering_row(below[0][1]):
        below = below[1:]
    if not below:
        raise SpreadsheetError(gettext("Berkas hanya berisi baris judul; tidak ada baris data untuk diimpor."))
    return Sheet(headings=headings, rows=below)


def missing_required(mapping, required):
    """The fields of `required` no column fills (a combined column fills its parts)."""
    by_field = mapping.by_field
    covered = set(by_field) | {target for name in by_field for target in COMBINED_NEEDS.get(name, ())}
    return [name for name in required if name not in covered]


def to_table(mapping, sheet, *, labels, required=()):
    """A `common.spreadsheets.Table` of the sheet's rows through `mapping`, for the imports.
    SpreadsheetError when a required field has no column or a mapped cell holds a formula."""
    from django.utils.translation import gettext

    from common.spreadsheets import Formula, Record, SpreadsheetError, Table, _formula_message

    by_field = mapping.by_field
    missing = missing_required(mapping, required)
    if missing:
        raise SpreadsheetError(
            gettext("Kolom wajib %(missing)s belum dipetakan; pilih kolom berkas yang mengisinya.")
            % {"missing": ", ".join(str(labels[name]) for name in labels if name in missing)}
        )
    numbers = [number for number, _cells in sheet.rows]
    cells = [row for _number, row in sheet.rows]
    for number, row in sheet.rows:
        for column in by_field.values():
            value = row[column.position] if column.position < len(row) else None
            if isinstance(value, Formula):
                raise SpreadsheetError(_formula_message(number, column.position, value))
    records = []
    for number, values in zip(numbers, apply(mapping, cells), strict=True):
        if any(_filled(value) for value in values.values()):
            records.append(Record(number=number, values=values))
    if not records:
        raise SpreadsheetError(gettext("Berkas hanya berisi baris judul; tidak ada baris data untuk diimpor."))
    columns = {}
    for name, column in by_field.items():
        for target in COMBINED_NEEDS.get(name, {name}):
            columns.setdefault(target, column.heading)
    ignored = [column.heading for column in mapping.columns if not column.field and column.heading]
    return Table(records=records, columns=columns, ignored_headings=ignored)


def value_counts(mapping, table):
    """[(column, how many of its values will be saved)] for the preview: a value counts when the
    row it is on reaches the field (not blank)."""
    counts = []
    for column in mapping.columns:
        if not column.field:
            continue
        fields_ = COMBINED_NEEDS.get(column.field, {column.field})
        filled = sum(1 for record in table.records if any(_filled(record.values.get(name)) for name in fields_))
        counts.append((column, filled))
    return counts
