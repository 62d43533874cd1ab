"""Entering a cohort on one screen (admin_cohort.py): rows typed or pasted into a grid, validated
by the participant import's own validator (`imports.plan_participant_import`) and saved by its own
service (`imports.import_participants`): all valid rows in one transaction, places given by the
locking quota service (`places.give_places`).

A row is a dict {field: text} with the import's field names (GRID_FIELDS); a grid is a list of
them, numbered from 1 in the sentences the validator writes ("Baris 3, kolom NIK: …").
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import column_mapping
from common.imports import ImportRejected
from common.personal import can_see_personal_data
from common.spreadsheets import Record, Table, clean_phone, clean_text, normalise_heading
from enterprises.models import Person
from enterprises.rules import clean_nik, nik_facts, validate_nik
from programs import imports
from programs.models import Participant
from regions.models import Kecamatan

# The grid's columns, in the order the clerk types them: what only the clerk knows first, then
# what the NIK fills in (sex, birth date, kecamatan), which the clerk corrects only if wrong.
GRID_FIELDS = ["nik", "full_name", "desa", "phone", "enterprise_name", "sex", "birth_date", "kecamatan"]
GRID_LABELS = {
    **{name: imports.PARTICIPANT_LABELS[name] for name in GRID_FIELDS},
    "sex": gettext_lazy("L/P"),
    "birth_date": gettext_lazy("Tgl. lahir"),
    "phone": gettext_lazy("Telepon"),
    "desa": gettext_lazy("Desa"),
}
# Columns no cell of the grid shows but a pasted row may bring (a "Tempat, tgl. lahir" or an
# "Alamat" + "RT/RW" column): kept with the row and saved as the import saves them.
CARRIED_FIELDS = ["birth_place", "address"]
CARRIED_LABELS = {name: imports.PARTICIPANT_LABELS[name] for name in CARRIED_FIELDS}
ROW_FIELDS = GRID_FIELDS + CARRIED_FIELDS
# Columns a pasted block without headings is read in: the import template's order.
TEMPLATE_ORDER = [name for name, _example in imports.PARTICIPANT_TEMPLATE]
MAX_ROWS = 500  # a cohort is tens of people; a bigger list goes through the import
SOURCE = gettext_lazy("layar angkatan")
_NUMBERING = {normalise_heading(heading) for heading in column_mapping.SKIPPED_HEADINGS}


def blank_row():
    return dict.fromkeys(ROW_FIELDS, "")


def is_blank(row):
    return not any(clean_text(row.get(name)) for name in GRID_FIELDS)


@dataclass
class PastedRow:
    values: dict  # a grid row
    notes: list = field(default_factory=list)  # what the row brought that the screen does not save


def read_paste(text):
    """Rows of cells copied from Excel or LibreOffice Calc (tab-separated, quoted where a cell
    holds a tab or a line break) as PastedRows, read by the imports' own column mapping
    (`common.column_mapping.map_rows` with the participant import's headings and choices): a
    heading row in any order (title lines above it skipped), combined columns ("Tempat, tgl.
    lahir", "RT/RW"), "Desa/Kel." and "Kec." prefixes, L/P spelled out, everyday words, phones in
    any style. Without recognised headings the columns are in the import template's order. A
    column the screen cannot save (not recognised, or a field it has no cell for) is named in a
    note on each row that holds a value in it."""
    lines = [cells for cells in csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t") if cells]
    lines = [cells for cells in lines if any(clean_text(cell) for cell in cells)]
    if not lines:
        return []
    fields = imports.PARTICIPANT_FIELDS
    at = column_mapping.find_heading_row(lines, fields)
    known = {column_mapping.recognise(cell, fields) for cell in lines[at]} - {""}
    if len(known) < 2 and "nik" not in known:  # no heading row: the template's order
        lines = [[fields[name][0] for name in TEMPLATE_ORDER], *lines]
    lines = lines[: MAX_ROWS + 10]  # a heading row among the first ten
    mapping, records = column_mapping.map_rows(lines, fields=fields, choices=imports.PARTICIPANT_CHOICES)
    unsaved = [
        column
        for column in mapping.columns
        if column.field not in (*ROW_FIELDS, column_mapping.BIRTH_PLACE_DATE, column_mapping.RT_RW)
        and (column.field or normalise_heading(column.heading) not in _NUMBERING)
    ]
    cells_by_row = _data_rows(lines, mapping)
    rows = []
    for record, cells in zip(records, cells_by_row, strict=True):
        pasted = PastedRow(values=_grid_values(record))
        if is_blank(pasted.values):
            continue
        for column in unsaved:
            value = clean_text(cells[column.position]) if column.position < len(cells) else ""
            if value:
                pasted.notes.append(
                    _("Kolom “%(column)s” (“%(value)s”) tidak disimpan layar ini; pakai impor peserta untuk kolom ini.")
                    % {"column": column.heading or column.position + 1, "value": value[:60]}
                )
        rows.append(pasted)
        if len(rows) == MAX_ROWS:
            break
    return rows


def _data_rows(lines, mapping):
    """The pasted lines below the heading row, as `map_rows` applied the mapping to them."""
    at = column_mapping.find_heading_row(lines, imports.PARTICIPANT_FIELDS)
    below = lines[at + 1 :]
    if below and column_mapping.is_numbering_row(below[0]):
        below = below[1:]
    return below


def _grid_values(record):
    """A mapped row ({field: value}) as the grid's texts: a choice by its code, a date as 31/12/1990."""
    row = blank_row()
    for name in ROW_FIELDS:
        value = record.get(name)
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        row[name] = clean_text(value)
    for name, choice_set in imports.PARTICIPANT_CHOICES.items():
        if name in row and row[name]:
            row[name] = choice_set.exact(row[name]) or row[name]  # a value of no choice: the validator names it
    row["full_name"] = column_mapping.title_case(row["full_name"])  # as the import saves it
    row["birth_place"] = column_mapping.title_case(row["birth_place"])
    if row["phone"]:
        row["phone"] = clean_phone(row["phone"])
    return row


def parse_pasted_rows(text):
    """The grid rows of a paste (see `read_paste`)."""
    return [pasted.values for pasted in read_paste(text)]


def rows_from_post(data):
    """The grid rows of a submitted form (`row-<n>-<field>`), in their order, blank rows dropped."""
    by_number = {}
    for key in data:
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "row" and parts[1].isdigit() and parts[2] in ROW_FIELDS:
            by_number.setdefault(int(parts[1]), blank_row())[parts[2]] = data.get(key, "")[:500]
    rows = [by_number[number] for number in sorted(by_number)]
    return [row for row in rows if not is_blank(row)][:MAX_ROWS]


def _table(rows):
    """The grid as the import's Table: the cells people enter, and the status a cohort entry gives."""
    records = [
        Record(number=number, values={**row, "status": Participant.Status.SELECTED})
        for number, row in enumerate(rows, start=1)
    ]
    labels = {**GRID_LABELS, **CARRIED_LABELS}
    return Table(records=records, columns={name: str(labels[name]) for name in ROW_FIELDS}, ignored_headings=[])


@dataclass
class CheckedRow:
    values: dict
    action: str = ""
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def savable(self):
        return not self.errors and self.action in imports.ENROLLING

    def as_json(self):
        return {"values": self.values, "action": self.action, "errors": self.errors, "warnings": self.warnings}


def check_rows(*, program, rows):
    """Each grid row with what saving it would do, its errors and its warnings (the import's validator)."""
    if not rows:
        return []
    plan = imports.plan_participant_import(program=program, table=_table(rows))
    return [
        CheckedRow(values=row, action=planned.action, errors=planned.errors, warnings=planned.warnings)
        for row, planned in zip(rows, plan.rows, strict=True)
    ]


@dataclass
class SaveResult:
    saved: int = 0
    already: int = 0
    left: list = field(default_factory=list)  # CheckedRows not saved, with their errors
    refused: str = ""  # a sentence when nothing could be saved (quota, data changed meanwhile)


def save_rows(*, program, rows, user):
    """Save every valid row as a participant of `program` in one transaction, through the
    participant import's service; rows with errors are left, with their sentences, for the
    clerk to correct. Rows of people already in the cohort change nothing."""
    checked = check_rows(program=program, rows=rows)
    savable = [row for row in checked if row.savable]
    result = SaveResult(
        already=sum(1 for row in checked if row.action == imports.ParticipantAction.ALREADY),
        left=[row for row in checked if row.errors],
    )
    if not savable:
        return result
    try:
        plan = imports.import_participants(
            program=program, table=_table([row.values for row in savable]), user=user, source=str(SOURCE)
        )
    except ImportRejected as rejected:
        # The rows changed between the check and the save (or the quota is full): nothing was saved.
        result.refused = rejected.message or _("Data berubah selama penyimpanan; tidak ada yang disimpan.")
        if not rejected.message:
            for row, planned in zip(savable, rejected.plan.rows, strict=True):
                row.errors = planned.errors
        result.left = [row for row in checked if row.errors or row in savable]
        return result
    result.saved = sum(1 for row in plan.rows if row.action in imports.ENROLLING)
    return result


def lookup_nik(*, nik, program, user):
    """What the screen fills in after a NIK and Enter, as a dict for JSON.

    A registered person: name, kecamatan, desa, their enterprise and earlier trainings; phone,
    address and birth date only for a reader of personal data. An unknown NIK: what the NIK
    itself says (sex, birth date, the kecamatan where it was issued): the clerk typed it. Three
    queries at most."""
    nik = clean_nik(nik)
    try:
        validate_nik(nik)
    except ValidationError as error:
        return {"nik": nik, "error": " ".join(error.messages)}
    person = (
        Person.objects.filter(nik=nik)
        .select_related("kecamatan", "desa")
        .prefetch_related(
            "enterprises",
            Prefetch(
                "participations",
                queryset=Participant.objects.taking_part()
                .select_related("program")
                .order_by("-program__start_date", "program__title"),
            ),
        )
        .first()
    )
    if person is None:
        facts = nik_facts(nik)
        kecamatan = Kecamatan.objects.filter(code=facts["kecamatan_code"]).values_list("name", flat=True).first()
        return {
            "nik": nik,
            "known": False,
            "sex": facts["sex"],
            "birth_date": facts["birth_date"].strftime("%d/%m/%Y"),
            "kecamatan": kecamatan or "",
        }
    enterprises = list(person.enterprises.all())
    found = {
        "nik": nik,
        "known": True,
        "full_name": person.full_name,
        "sex": person.sex,
        "kecamatan": person.kecamatan.name,
        "desa": person.desa.name if person.desa_id else "",
        "enterprise_name": enterprises[0].name if len(enterprises) == 1 else "",
        "enterprises": [enterprise.name for enterprise in enterprises],
        "trainings": [
            f"{participation.program.title} ({participation.program.start_date.year})"
            for participation in person.participations.all()
            if participation.program_id != program.pk
        ],
        "in_program": any(participation.program_id == program.pk for participation in person.participations.all()),
    }
    if can_see_personal_data(user):
        found["phone"] = person.phone
        found["address"] = person.address
        found["birth_date"] = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else ""
    return found
