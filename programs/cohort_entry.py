"""Entering a cohort on one screen (admin_cohort.py): rows typed or pasted into a grid, validated
by the participant import's own validator (`imports.plan_participant_import`) and saved by its own
service (`imports.import_participants`): all valid rows in one transaction, places given by the
locking quota service (`places.give_places`).

A row is a dict {field: text} with the import's field names (GRID_FIELDS); a grid is a list of
them, numbered from 1 in the sentences the validator writes ("Baris 3, kolom NIK: …").
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.imports import ImportRejected
from common.personal import can_see_personal_data
from common.spreadsheets import Record, Table, clean_text, match_headings
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
# Columns a pasted block without headings is read in: the import template's order.
TEMPLATE_ORDER = [name for name, _example in imports.PARTICIPANT_TEMPLATE]
MAX_ROWS = 500  # a cohort is tens of people; a bigger list goes through the import
SOURCE = gettext_lazy("layar angkatan")


def blank_row():
    return dict.fromkeys(GRID_FIELDS, "")


def is_blank(row):
    return not any(clean_text(row.get(name)) for name in GRID_FIELDS)


def parse_pasted_rows(text):
    """Rows of cells copied from Excel or LibreOffice Calc (tab-separated, quoted where a cell
    holds a tab or a line break) as grid rows. A first line of known headings (recognised as the
    import recognises a file's headings, any order) says where each column goes; without one,
    the columns are in the import template's order. Blank lines are dropped, unknown columns
    ignored."""
    lines = [cells for cells in csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t") if cells]
    if not lines:
        return []
    positions = match_headings(lines[0], imports.PARTICIPANT_FIELDS)
    if len(positions) >= 2 or "nik" in positions:
        lines = lines[1:]
    else:
        positions = {name: position for position, name in enumerate(TEMPLATE_ORDER)}
    rows = []
    for cells in lines[:MAX_ROWS]:
        row = blank_row()
        for name, position in positions.items():
            if name in row and position < len(cells):
                row[name] = clean_text(cells[position])
        if not is_blank(row):
            rows.append(row)
    return rows


def rows_from_post(data):
    """The grid rows of a submitted form (`row-<n>-<field>`), in their order, blank rows dropped."""
    by_number = {}
    for key in data:
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "row" and parts[1].isdigit() and parts[2] in GRID_FIELDS:
            by_number.setdefault(int(parts[1]), blank_row())[parts[2]] = data.get(key, "")[:500]
    rows = [by_number[number] for number in sorted(by_number)]
    return [row for row in rows if not is_blank(row)][:MAX_ROWS]


def _table(rows):
    """The grid as the import's Table: the cells people enter, and the status a cohort entry gives."""
    records = [
        Record(number=number, values={**row, "status": Participant.Status.SELECTED})
        for number, row in enumerate(rows, start=1)
    ]
    return Table(records=records, columns={name: str(GRID_LABELS[name]) for name in GRID_FIELDS}, ignored_headings=[])


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
