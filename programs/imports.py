"""Importing a list of participants into one program from a CSV or XLSX.

parse -> validate every row -> preview -> confirm. `plan_participant_import` says, row by row,
what would happen (new person, existing person matched by NIK, already in this program, error)
and writes nothing. `import_participants` locks the program, plans again inside one transaction
and writes everything, or nothing if any row has an error. People are matched by NIK and
participants by (program, person), so importing the same file twice changes nothing.

Enterprises are linked by NIB, or by the owner's existing enterprise of the same name; a
business named in the file that the registry does not know yet is added to it, owned by the
participant. Cooperatives are linked by Nomor Induk Koperasi or by exact name.
"""

import datetime
import difflib

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.column_mapping import ChoiceSet
from common.history import add_initial_history, import_change_reason
from common.imports import ImportPlan, ImportRejected, RowErrors, RowPlan, in_chunks, read_choice, read_count
from common.spreadsheets import clean_identifier, clean_text
from cooperatives.models import Cooperative
from enterprises.imports import (
    ENTERPRISE_CHOICES,
    ENTERPRISE_IDENTITY_FIELDS,
    PERSON_FIELDS,
    PERSON_LABELS,
    PersonReader,
    existing_people,
    read_enterprise_identity,
    save_people,
)
from enterprises.matching import EnterpriseIndex, LikelyDuplicates, fold_name
from enterprises.models import Enterprise
from enterprises.services import refresh_scale_classes
from programs import places
from programs.models import Participant, Program
from programs.rules import STATUSES_AFTER_START, before_start_problem, places_left

PARTICIPANT_FIELDS = {
    **PERSON_FIELDS,
    **ENTERPRISE_IDENTITY_FIELDS,
    "cooperative": ["koperasi", "nama koperasi"],
    "nik_koperasi": ["nomor induk koperasi", "NIK koperasi", "no induk koperasi"],
    "status": ["status", "status peserta"],
    "attendance_days": ["hari hadir", "jumlah hari hadir"],
    "certificate_number": ["nomor sertifikat", "no sertifikat", "no. sertifikat"],
}
PARTICIPANT_LABELS = {
    **PERSON_LABELS,
    "enterprise_name": gettext_lazy("Nama usaha"),
    "nib": gettext_lazy("NIB"),
    "sector": gettext_lazy("Sektor"),
    "cooperative": gettext_lazy("Koperasi"),
    "nik_koperasi": gettext_lazy("Nomor Induk Koperasi"),
    "status": gettext_lazy("Status"),
    "attendance_days": gettext_lazy("Hari hadir"),
    "certificate_number": gettext_lazy("Nomor sertifikat"),
}
PARTICIPANT_REQUIRED = {"full_name", "nik"}
# The template's columns, in order, with an example row.
PARTICIPANT_TEMPLATE = [
    ("full_name", "Siti Contoh"),
    ("nik", "3604115508900001"),
    ("sex", "P"),
    ("birth_place", "Serang"),
    ("birth_date", "15/08/1990"),
    ("phone", "080012345678"),
    ("address", "Kampung Contoh RT 001/RW 002"),
    ("kecamatan", "Kragilan"),
    ("desa", "Tegalmaja"),
    ("enterprise_name", "Usaha Emping Melinjo Contoh"),
    ("nib", ""),
    ("sector", "kuliner"),
    ("cooperative", ""),
    ("nik_koperasi", ""),
    ("status", "terpilih"),
    ("attendance_days", ""),
    ("certificate_number", ""),
]
MAX_ATTENDANCE_DAYS = 366
PARTICIPANT_CHOICES = {
    **ENTERPRISE_CHOICES,
    "status": ChoiceSet(Participant.Status.choices, Participant.STATUS_SYNONYMS),
}


class ParticipantAction(models.TextChoices):
    NEW_PERSON = "orang_baru", gettext_lazy("orang baru, didaftarkan")
    EXISTING_PERSON = "orang_terdaftar", gettext_lazy("orang sudah terdaftar (cocok NIK), didaftarkan")
    ALREADY = "sudah_peserta", gettext_lazy("sudah peserta pelatihan ini, tidak diubah")
    ERROR = "galat", gettext_lazy("galat")


ENROLLING = (ParticipantAction.NEW_PERSON, ParticipantAction.EXISTING_PERSON)


class _Cooperatives:
    """Cooperatives by Nomor Induk Koperasi or exact name; loaded once, only if the file names any."""

    def __init__(self):
        self._by_number, self._by_name = None, None

    def _load(self):
        self._by_number, self._by_name = {}, {}
        for pk, name, number in Cooperative.objects.values_list("pk", "name", "nik_koperasi"):
            if number:
                self._by_number[number] = pk
            self._by_name.setdefault(name.strip().lower(), []).append(pk)

    def find(self, number, name, errors):
        if self._by_number is None:
            self._load()
        if number:
            if number in self._by_number:
                return self._by_number[number]
            errors.add("nik_koperasi", _("Nomor Induk Koperasi %(value)s tidak ada di registri.") % {"value": number})
            return None
        matches = self._by_name.get(name.lower(), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            errors.add(
                "cooperative",
                _("ada beberapa koperasi bernama “%(value)s”; isi Nomor Induk Koperasi.") % {"value": name},
            )
            return None
        message = _("koperasi “%(value)s” tidak ada di registri.") % {"value": name}
        nearest = difflib.get_close_matches(name.lower(), list(self._by_name), n=1, cutoff=0.8)
        if nearest:
            message += " " + _("Mungkin maksudnya %(name)s?") % {"name": nearest[0]}
        errors.add("cooperative", message)
        return None


def plan_participant_import(*, program, table, check_quota=True):
    """What importing `table` into `program` would do, row by row. Reads only; the number of
    queries grows with the file in chunks of 900 rows, not per row. Rows with a status that holds
    a place (terpilih, hadir, lulus) count against the quota: the row where it runs out carries
    the quota sentence (`import_participants` checks again under the program's lock)."""
    reader = PersonReader()
    cooperatives = _Cooperatives()
    certificates_taken = set(
        program.participants.exclude(certificate_number="").values_list("certificate_number", flat=True)
    )
    rows, nik_seen, certificates_seen = [], {}, {}
    for record in table.records:
        row = RowPlan(number=record.number)
        errors = RowErrors(row, table.columns, PARTICIPANT_LABELS)
        person = reader.read(record, errors, nik_seen=nik_seen)
        participation = _read_participation(record, errors, cooperatives, program)
        number = participation["certificate_number"]
        if number in certificates_seen:
            errors.add(
                "certificate_number",
                _("nomor sertifikat ini sudah muncul di baris %(row)s berkas ini.")
                % {"row": certificates_seen[number]},
            )
        elif number:
            certificates_seen[number] = row.number
        row.name, row.nik = person["full_name"], person["nik"]
        row.detail = participation["enterprise"]["name"] or clean_text(record.get("cooperative"))
        row.data = {"person": person, "participation": participation}
        rows.append(row)

    people = existing_people(row.nik for row in rows if row.nik)
    person_ids = [person.pk for person in people.values()]
    enrolled = set(in_chunks(program.participants.values_list("person_id", flat=True), "person_id", person_ids))
    index = EnterpriseIndex(nibs=[row.data["participation"]["enterprise"]["nib"] for row in rows], owner_ids=person_ids)
    for row in rows:
        person = people.get(row.nik)
        if person and person.pk in enrolled and not row.errors:
            row.action = ParticipantAction.ALREADY
            continue
        participation = row.data["participation"]
        number = participation["certificate_number"]
        if number and number in certificates_taken and not (person and person.pk in enrolled):
            RowErrors(row, table.columns, PARTICIPANT_LABELS).add(
                "certificate_number",
                _("nomor sertifikat %(value)s sudah dipakai di pelatihan ini.") % {"value": number},
            )
        if row.errors:
            row.action = ParticipantAction.ERROR
            continue
        if person:
            row.data["person_id"] = person.pk
            row.action = ParticipantAction.EXISTING_PERSON
        else:
            row.action = ParticipantAction.NEW_PERSON
        enterprise = participation["enterprise"]
        # Staff's list: a NIB links its enterprise even when the participant is not its owner.
        match = index.match(
            nib=enterprise["nib"], owner_id=person and person.pk, name=enterprise["name"], nib_of_any_owner=True
        )
        if match.enterprise_id:
            participation["enterprise_id"] = match.enterprise_id
        elif enterprise["nib"] and not enterprise["name"]:
            RowErrors(row, table.columns, PARTICIPANT_LABELS).add(
                "nib",
                _("NIB %(value)s belum ada di registri; isi juga Nama usaha agar dicatat.")
                % {"value": enterprise["nib"]},
            )
            row.action = ParticipantAction.ERROR
    _warn(program, rows, table.columns, people)
    if check_quota:
        _check_quota(program, rows, table.columns)
    return ImportPlan(
        rows=rows,
        action_labels=dict(ParticipantAction.choices),
        columns=table.columns,
        ignored_headings=table.ignored_headings,
    )


def _warn(program, rows, columns, people):
    """Warnings that let a row pass: a new person who is probably someone already registered
    (same name and birth date, or same phone), and a registered person who already took part in
    a training in this program's year. (The person columns warn of data that disagree with the
    NIK as they are read.) A fixed number of queries, in chunks, whatever the rows."""
    enrolling = [row for row in rows if row.action in ENROLLING]
    new = [row for row in enrolling if row.action == ParticipantAction.NEW_PERSON]
    duplicates = LikelyDuplicates(
        birth_dates=[row.data["person"]["birth_date"] for row in new],
        phones=[row.data["person"]["phone"] for row in new],
    )
    for row in new:
        person = row.data["person"]
        for other, reason in duplicates.find(
            full_name=person["full_name"], birth_date=person["birth_date"], phone=person["phone"], nik=person["nik"]
        ):
            if reason == "birth_date":
                message = _(
                    "mungkin orang yang sama dengan %(name)s (%(kecamatan)s), yang terdaftar dengan nama dan tanggal "
                    "lahir yang sama tetapi NIK lain. Periksa NIK-nya."
                )
            else:
                message = _(
                    "nomor telepon ini sudah tercatat untuk %(name)s (%(kecamatan)s). Periksa apakah orangnya sama."
                )
            RowErrors(row, columns, PARTICIPANT_LABELS).warn(
                "full_name" if reason == "birth_date" else "phone",
                message % {"name": other.full_name, "kecamatan": other.kecamatan},
            )
    known = {people[row.nik].pk: row for row in enrolling if row.nik in people}
    if not known or program.start_date is None:
        return
    year = program.start_date.year
    earlier = (
        Participant.objects.taking_part()
        .filter(
            program__start_date__gte=datetime.date(year, 1, 1), program__start_date__lte=datetime.date(year, 12, 31)
        )
        .exclude(program=program)
        .values_list("person_id", "program__title")
        .order_by("program__start_date", "program__title")
    )
    for person_id, title in in_chunks(earlier, "person_id", known):
        RowErrors(known[person_id], columns, PARTICIPANT_LABELS).warn(
            "full_name",
            _("sudah ikut pelatihan lain tahun %(year)s: %(program)s.") % {"year": year, "program": title},
        )


def _check_quota(program, rows, columns):
    holding = [
        row for row in rows if row.action in ENROLLING and places.holds_place(row.data["participation"]["status"])
    ]
    left = places_left(quota=program.quota, taken=places.places_taken(program))
    if left is not None and len(holding) > left:
        row = holding[left]
        refused = places.QuotaExceeded(program=program, places_left=left, asked=len(holding))
        RowErrors(row, columns, PARTICIPANT_LABELS).add("status", refused.message)
        row.action = ParticipantAction.ERROR


def _read_participation(record, errors, cooperatives, program):
    values = {}
    enterprise = {"name": clean_text(record.get("enterprise_name"))}
    if len(enterprise["name"]) > Enterprise._meta.get_field("name").max_length:
        errors.add("enterprise_name", _("nama usaha terlalu panjang (paling banyak 200 karakter)."))
    enterprise.update(read_enterprise_identity(record, errors))
    values["enterprise"] = enterprise
    values["enterprise_id"] = None

    cooperative_number = clean_identifier(record.get("nik_koperasi"))
    cooperative_name = clean_text(record.get("cooperative"))
    values["cooperative_id"] = None
    if cooperative_number or cooperative_name:
        if enterprise["name"] or enterprise["nib"]:
            errors.add_row(_("peserta mewakili satu UMKM atau satu koperasi, bukan keduanya."))
        else:
            values["cooperative_id"] = cooperatives.find(cooperative_number, cooperative_name, errors)

    status_text = clean_text(record.get("status"))
    values["status"] = (
        read_choice(status_text, Participant.Status.choices) if status_text else Participant.Status.APPLIED
    )
    if values["status"] is None:
        errors.add(
            "status",
            _("status “%(value)s” tidak dikenal; pilih salah satu: %(choices)s.")
            % {"value": status_text, "choices": ", ".join(str(label) for label in Participant.Status.labels)},
        )
    values["attendance_days"] = read_count(
        record.get("attendance_days"), errors, "attendance_days", maximum=MAX_ATTENDANCE_DAYS
    )
    certificate = clean_text(record.get("certificate_number"))
    if len(certificate) > Participant._meta.get_field("certificate_number").max_length:
        errors.add("certificate_number", _("nomor sertifikat terlalu panjang (paling banyak 50 karakter)."))
    values["certificate_number"] = certificate
    status = values["status"]
    problem = before_start_problem(
        start_date=program.start_date,
        status=status,
        certificate_number=certificate,
        status_label=Participant.Status(status).label if status else "",
    )
    if problem:
        errors.add("status" if status in STATUSES_AFTER_START else "certificate_number", problem)
    return values


def import_participants(*, program, table, user=None, source=""):
    """Save every row of `table` as a participant of `program`, or nothing (ImportRejected) if
    any row has an error. The history rows of the people, enterprises and participants added
    name `user` and the file (`source`). Returns the plan that was carried out."""
    reason = import_change_reason(source=source, user=user)
    with transaction.atomic():
        # One import per program at a time: a second confirmation waits, then finds the rows there.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        plan = plan_participant_import(program=program, table=table, check_quota=False)  # give_places checks
        if plan.has_errors:
            raise ImportRejected(plan)
        to_enrol = [row for row in plan.rows if row.action in ENROLLING]
        try:
            places.give_places(
                program=program,
                changes=[(None, row.data["participation"]["status"]) for row in to_enrol],
                write=lambda _locked: _enrol(program, to_enrol, user=user, reason=reason),
            )
        except places.QuotaExceeded as refused:
            raise ImportRejected(plan, refused.message) from None
        except IntegrityError as error:
            raise ImportRejected(
                plan, _("Data berubah selama impor; tidak ada yang disimpan. Unggah ulang berkasnya.")
            ) from error
    return plan


def _enrol(program, rows, *, user, reason):
    with transaction.atomic():
        person_ids = save_people(rows, user=user, reason=reason)
        for row in rows:
            row.data["person_id"] = row.data.get("person_id") or person_ids[row.nik]
        _save_new_enterprises(rows, user=user, reason=reason)
        participants = Participant.objects.bulk_create(
            [
                Participant(
                    program=program,
                    person_id=row.data["person_id"],
                    enterprise_id=row.data["participation"]["enterprise_id"],
                    cooperative_id=row.data["participation"]["cooperative_id"],
                    status=row.data["participation"]["status"],
                    attendance_days=row.data["participation"]["attendance_days"],
                    certificate_number=row.data["participation"]["certificate_number"],
                )
                for row in rows
            ],
            batch_size=1000,
        )
        add_initial_history(Participant, [participant.pk for participant in participants], reason, user=user)


def _save_new_enterprises(rows, *, user, reason):
    """Add to the registry the businesses named in the file that it does not know yet: one per
    NIB, or one per owner and business name."""
    new = {}
    for row in rows:
        participation = row.data["participation"]
        enterprise = participation["enterprise"]
        if participation["enterprise_id"] or not enterprise["name"]:
            continue
        key = (
            ("nib", enterprise["nib"])
            if enterprise["nib"]
            else ("owner", row.data["person_id"], fold_name(enterprise["name"]))
        )
        if key not in new:
            person = row.data["person"]
            new[key] = Enterprise(
                name=enterprise["name"],
                nib=enterprise["nib"],
                sector=enterprise["sector"],
                owner_id=row.data["person_id"],
                kecamatan=person["kecamatan"],
                desa_id=person["desa_id"],
            )
        row.data["enterprise_key"] = key
    created = Enterprise.objects.bulk_create(list(new.values()), batch_size=1000)
    add_initial_history(Enterprise, [enterprise.pk for enterprise in created], reason, user=user)
    refresh_scale_classes(enterprise.pk for enterprise in created)
    for row in rows:
        key = row.data.get("enterprise_key")
        if key:
            row.data["participation"]["enterprise_id"] = new[key].pk
