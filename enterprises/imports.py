"""Importing enterprises (with their owners) into the UMKM registry from a CSV or XLSX.

parse -> validate every row -> preview -> confirm. `plan_enterprise_import` reads the database
and says, row by row, what would happen; nothing is written. `import_enterprises` plans again
inside one transaction and writes everything or, if any row has an error, nothing. Rows already
in the registry (same NIB, or same owner NIK and business name) are left alone, so importing the
same file twice changes nothing the second time.

The person part of a row (name, NIK, sex, birth date, phone, address, kecamatan, desa) is read
by `PersonReader`, which the participants import of `programs` uses too.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.column_mapping import ChoiceSet, title_case
from common.history import add_initial_history, import_change_reason
from common.imports import (
    ImportPlan,
    ImportRejected,
    RowErrors,
    RowPlan,
    max_length,
    read_choice,
    read_count,
)
from common.spreadsheets import clean_identifier, clean_phone, clean_text, normalise_heading, parse_date
from enterprises.matching import EnterpriseIndex, fold_name, people_by_nik
from enterprises.models import (
    SECTOR_SYNONYMS,
    SEX_SYNONYMS,
    Enterprise,
    Person,
    Sector,
    Sex,
    validate_nib,
    validate_phone,
)
from enterprises.rules import nik_birth_date, nik_disagreements, nik_sex, validate_nik
from enterprises.services import refresh_scale_classes
from regions.lookup import RegionLookup

PERSON_FIELDS = {
    "full_name": ["nama lengkap", "nama", "nama peserta", "nama pelaku usaha", "nama sesuai KTP"],
    "nik": ["NIK", "no NIK", "nomor NIK", "nomor induk kependudukan", "no KTP", "nomor KTP", "KTP"],
    "sex": ["jenis kelamin", "JK", "L/P", "kelamin", "gender", "jenis kelamin (L/P)", "JK (L/P)"],
    "birth_place": ["tempat lahir", "tmp lahir", "tempat kelahiran"],
    "birth_date": ["tanggal lahir", "tgl lahir", "tgl. lahir", "tanggal kelahiran", "tgl lhr"],
    "phone": [
        "nomor telepon",
        "telepon",
        "no telepon",
        "telp",
        "no telp",
        "no HP",
        "nomor HP",
        "HP",
        "no WA",
        "WA",
        "no HP/WA",
        "nomor HP/WA",
        "no telp/HP",
        "telepon/HP",
        "HP/WA",
        "kontak",
    ],
    "address": ["alamat", "alamat rumah", "alamat lengkap"],
    "kecamatan": ["kecamatan", "kec", "nama kecamatan"],
    "desa": ["desa/kelurahan", "desa", "kelurahan", "kel/desa", "desa kelurahan", "nama desa", "desa/kel.", "desa/kel"],
}
PERSON_LABELS = {
    "full_name": gettext_lazy("Nama lengkap"),
    "nik": gettext_lazy("NIK"),
    "sex": gettext_lazy("Jenis kelamin"),
    "birth_place": gettext_lazy("Tempat lahir"),
    "birth_date": gettext_lazy("Tanggal lahir"),
    "phone": gettext_lazy("Nomor telepon"),
    "address": gettext_lazy("Alamat"),
    "kecamatan": gettext_lazy("Kecamatan"),
    "desa": gettext_lazy("Desa/kelurahan"),
}
SEX_WORDS = {
    "l": Sex.MALE,
    "lk": Sex.MALE,
    "laki laki": Sex.MALE,
    "lakilaki": Sex.MALE,
    "laki": Sex.MALE,
    "pria": Sex.MALE,
    "male": Sex.MALE,
    "p": Sex.FEMALE,
    "pr": Sex.FEMALE,
    "perempuan": Sex.FEMALE,
    "wanita": Sex.FEMALE,
    "female": Sex.FEMALE,
}
MIN_BIRTH_DATE = datetime.date(1900, 1, 1)
# The choice columns of a person and an enterprise, for the mapping step (common.column_mapping).
PERSON_CHOICES = {"sex": ChoiceSet(Sex.choices, SEX_SYNONYMS)}
ENTERPRISE_CHOICES = {**PERSON_CHOICES, "sector": ChoiceSet(Sector.choices, SECTOR_SYNONYMS)}


def place_names():
    """The district's desa names (lower case), to point out an unmapped desa column."""
    from regions.models import Desa

    return frozenset(name.lower() for name in Desa.objects.values_list("name", flat=True))


existing_people = people_by_nik  # the name the imports have used


class PersonReader:
    """Reads and validates the person columns of a row into `Person` field values."""

    def __init__(self, regions=None):
        self.regions = regions or RegionLookup()
        self.today = timezone.localdate()
        self.kecamatan_names = {code: item.name for code, item in self.regions.kecamatan_by_code.items()}

    def read(self, record, errors, *, nik_seen):
        values = {}
        name = title_case(record.get("full_name"))
        if not name:
            errors.add("full_name", _("nama wajib diisi."))
        elif len(name) > max_length(Person, "full_name"):
            errors.add("full_name", _("nama terlalu panjang (paling banyak 150 karakter)."))
        values["full_name"] = name

        nik = clean_identifier(record.get("nik"))
        values["nik"] = nik
        if not nik:
            errors.add("nik", _("NIK wajib diisi untuk mencocokkan orang yang sudah terdaftar."))
        else:
            try:
                validate_nik(nik)
            except ValidationError as error:
                errors.add("nik", " ".join(error.messages))
                nik = ""
        if nik and nik_seen is not None:  # None: one person may fill several rows
            if nik in nik_seen:
                errors.add("nik", _("NIK ini sudah muncul di baris %(row)s berkas ini.") % {"row": nik_seen[nik]})
            else:
                nik_seen[nik] = errors.row.number

        sex_text = normalise_heading(record.get("sex"))
        if sex_text:
            values["sex"] = SEX_WORDS.get(sex_text)
            if not values["sex"]:
                errors.add("sex", _("isi L (laki-laki) atau P (perempuan), bukan “%(value)s”.") % {"value": sex_text})
        else:
            values["sex"] = nik_sex(nik) if nik else ""

        raw_date = record.get("birth_date")
        birth_date = parse_date(raw_date)
        if raw_date not in (None, "") and birth_date is None:
            errors.add(
                "birth_date",
                _("tanggal “%(value)s” tidak terbaca; tulis seperti 31/12/1990 atau 31 Desember 1990.")
                % {"value": clean_text(raw_date)},
            )
        elif birth_date and not (MIN_BIRTH_DATE <= birth_date <= self.today):
            errors.add("birth_date", _("tanggal lahir %(value)s tidak mungkin.") % {"value": birth_date.isoformat()})
            birth_date = None
        if birth_date is None and nik:
            birth_date = nik_birth_date(nik)
        values["birth_date"] = birth_date
        values["birth_year"] = birth_date.year if birth_date else None

        phone = clean_phone(record.get("phone"))  # 0812-…, +62 812 …, 62812…, 812… -> 0812…
        if phone:
            try:
                validate_phone(phone)
                if len(phone) > max_length(Person, "phone"):
                    raise ValidationError(_("Nomor telepon terlalu panjang."))
            except ValidationError as error:
                errors.add("phone", " ".join(error.messages))
        values["phone"] = phone

        birth_place = title_case(record.get("birth_place"))
        if len(birth_place) > max_length(Person, "birth_place"):
            errors.add("birth_place", _("tempat lahir terlalu panjang (paling banyak 100 karakter)."))
        values["birth_place"] = birth_place

        address = clean_text(record.get("address"))
        if len(address) > max_length(Person, "address"):
            errors.add("address", _("alamat terlalu panjang (paling banyak 255 karakter)."))
        values["address"] = address

        values["kecamatan"], values["desa_id"] = self._region(record, errors, nik)
        if nik:
            self._compare_with_nik(nik, values, errors)
        return values

    def _compare_with_nik(self, nik, values, errors):
        """Warnings where the typed sex, birth date or kecamatan disagree with the NIK."""
        kecamatan = values["kecamatan"]
        disagreements = nik_disagreements(
            nik,
            sex=values["sex"] or "",
            birth_date=values["birth_date"],
            kecamatan_code=kecamatan.code if kecamatan else "",
            kecamatan_names=self.kecamatan_names,
        )
        for field_name, message in disagreements.items():
            errors.warn(field_name, message)

    def _region(self, record, errors, nik):
        text = clean_text(record.get("kecamatan"))
        if not text:
            # The NIK's first six digits name the kecamatan where it was issued.
            kecamatan = self.regions.kecamatan_by_code.get(f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}") if nik else None
            if kecamatan is None:
                errors.add("kecamatan", _("kecamatan wajib diisi."))
                return None, None
        else:
            kecamatan, suggestion = self.regions.find_kecamatan(text)
            if kecamatan is None:
                message = _("kecamatan “%(value)s” tidak ada di kabupaten ini.") % {"value": text}
                if suggestion:
                    message += " " + _("Mungkin maksudnya %(name)s?") % {"name": suggestion}
                errors.add("kecamatan", message)
                return None, None
        desa_text = clean_text(record.get("desa"))
        if not desa_text:
            return kecamatan, None
        desa_code, suggestion = self.regions.find_desa(kecamatan, desa_text)
        if desa_code is None:
            message = _("desa/kelurahan “%(value)s” tidak ada di Kecamatan %(kecamatan)s.") % {
                "value": desa_text,
                "kecamatan": kecamatan.name,
            }
            if suggestion:
                message += " " + _("Mungkin maksudnya %(name)s?") % {"name": suggestion}
            errors.add("desa", message)
        return kecamatan, desa_code


def new_person(values):
    return Person(
        full_name=values["full_name"],
        nik=values["nik"],
        birth_place=values.get("birth_place", ""),
        sex=values["sex"],
        birth_date=values["birth_date"],
        birth_year=values["birth_year"],
        phone=values["phone"],
        address=values["address"],
        kecamatan=values["kecamatan"],
        desa_id=values["desa_id"],
    )


def save_people(rows, *, user=None, reason=None):
    """Create the new people of the planned rows, each with its "+" history row by `user` for
    `reason` (see `import_change_reason`); returns {nik: person id} for all of them."""
    people = {}
    for row in rows:
        if not row.data.get("person_id"):
            people.setdefault(row.data["person"]["nik"], new_person(row.data["person"]))
    people = Person.objects.bulk_create(list(people.values()), batch_size=1000)
    add_initial_history(Person, [person.pk for person in people], reason, user=user)
    return {person.nik: person.pk for person in people}


# --- the enterprise registry import ------------------------------------------------------------


# The columns that name an enterprise (read by read_enterprise_identity), in both imports.
ENTERPRISE_IDENTITY_FIELDS = {
    "enterprise_name": ["nama usaha", "nama UMKM", "usaha", "nama toko", "merek"],
    "sector": ["sektor", "sektor usaha", "bidang usaha", "jenis usaha"],
    "nib": ["NIB", "nomor induk berusaha", "no NIB", "nomor NIB"],
}
ENTERPRISE_FIELDS = {
    **{name: aliases + [f"{alias} pemilik" for alias in aliases] for name, aliases in PERSON_FIELDS.items()},
    "full_name": ["nama pemilik", "pemilik", "nama lengkap pemilik", "nama pelaku usaha", "nama lengkap"],
    **ENTERPRISE_IDENTITY_FIELDS,
    "products": ["produk", "produk utama", "jenis produk"],
    "enterprise_address": ["alamat usaha", "alamat tempat usaha"],
    "pirt_number": ["nomor SPP-IRT", "SPP-IRT", "PIRT", "no PIRT", "nomor PIRT"],
    "halal_certificate_number": ["nomor sertifikat halal", "sertifikat halal", "no sertifikat halal", "halal"],
    "employees": ["jumlah tenaga kerja", "tenaga kerja", "jumlah karyawan", "karyawan"],
}
ENTERPRISE_LABELS = {
    **PERSON_LABELS,
    "full_name": gettext_lazy("Nama pemilik"),
    "nik": gettext_lazy("NIK pemilik"),
    "enterprise_name": gettext_lazy("Nama usaha"),
    "sector": gettext_lazy("Sektor"),
    "products": gettext_lazy("Produk"),
    "nib": gettext_lazy("NIB"),
    "enterprise_address": gettext_lazy("Alamat usaha"),
    "pirt_number": gettext_lazy("Nomor SPP-IRT"),
    "halal_certificate_number": gettext_lazy("Nomor sertifikat halal"),
    "employees": gettext_lazy("Jumlah tenaga kerja"),
}
ENTERPRISE_REQUIRED = {"full_name", "nik", "enterprise_name"}
ENTERPRISE_TEMPLATE = [
    ("enterprise_name", "Usaha Emping Melinjo Contoh"),
    ("nib", "9000000000017"),
    ("sector", "kuliner"),
    ("products", "emping melinjo"),
    ("full_name", "Siti Contoh"),
    ("nik", "3604115508900001"),
    ("sex", "P"),
    ("birth_place", "Serang"),
    ("birth_date", "15/08/1990"),
    ("phone", "080012345678"),
    ("address", "Kampung Contoh RT 001/RW 002"),
    ("kecamatan", "Kragilan"),
    ("desa", "Tegalmaja"),
    ("enterprise_address", ""),
    ("pirt_number", ""),
    ("halal_certificate_number", ""),
    ("employees", "2"),
]


class EnterpriseAction(models.TextChoices):
    NEW = "baru", gettext_lazy("UMKM baru, pemilik baru")
    NEW_FOR_OWNER = "baru_pemilik_ada", gettext_lazy("UMKM baru, pemilik sudah terdaftar (cocok NIK)")
    EXISTING = "sudah_ada", gettext_lazy("sudah ada di registri, tidak diubah")
    ERROR = "galat", gettext_lazy("galat")


def plan_enterprise_import(*, table):
    """What importing `table` into the registry would do, row by row. Reads only."""
    regions = RegionLookup()
    reader = PersonReader(regions)
    rows, seen = [], {}
    for record in table.records:
        row = RowPlan(number=record.number)
        errors = RowErrors(row, table.columns, ENTERPRISE_LABELS)
        person = reader.read(record, errors, nik_seen=None)
        enterprise = _read_enterprise(record, errors, person)
        # One row per enterprise: the same NIB, or the same owner with the same business name, twice.
        keys = []
        if enterprise["nib"]:
            keys.append((("nib", enterprise["nib"]), "nib"))
        if person["nik"] and enterprise["name"]:
            keys.append((("owner", person["nik"], fold_name(enterprise["name"])), "enterprise_name"))
        for key, field_name in keys:
            if key in seen:
                errors.add(field_name, _("UMKM ini sudah muncul di baris %(row)s berkas ini.") % {"row": seen[key]})
                break
            seen[key] = row.number
        row.name, row.nik = person["full_name"], person["nik"]
        row.detail = enterprise["name"]
        row.data = {"person": person, "enterprise": enterprise}
        rows.append(row)
    people = existing_people(row.nik for row in rows if not row.errors)
    index = EnterpriseIndex(
        nibs=[row.data["enterprise"]["nib"] for row in rows], owner_ids=[person.pk for person in people.values()]
    )
    for row in rows:
        if row.errors:
            row.action = EnterpriseAction.ERROR
            continue
        enterprise = row.data["enterprise"]
        person = people.get(row.nik)
        if person:
            row.data["person_id"] = person.pk
        match = index.match(nib=enterprise["nib"], owner_id=person and person.pk, name=enterprise["name"])
        if match.enterprise_id or match.nib_registered:  # a registered NIB is never added twice
            row.action = EnterpriseAction.EXISTING
        else:
            row.action = EnterpriseAction.NEW_FOR_OWNER if person else EnterpriseAction.NEW
    return ImportPlan(
        rows=rows,
        action_labels=dict(EnterpriseAction.choices),
        columns=table.columns,
        ignored_headings=table.ignored_headings,
    )


def _read_enterprise(record, errors, person):
    values = {}
    name = clean_text(record.get("enterprise_name"))
    if not name:
        errors.add("enterprise_name", _("nama usaha wajib diisi."))
    elif len(name) > max_length(Enterprise, "name"):
        errors.add("enterprise_name", _("nama usaha terlalu panjang (paling banyak 200 karakter)."))
    values["name"] = name
    values.update(read_enterprise_identity(record, errors))
    values["products"] = clean_text(record.get("products"))
    address = clean_text(record.get("enterprise_address"))  # never the owner's home address (personal)
    if len(address) > max_length(Enterprise, "address"):
        errors.add("enterprise_address", _("alamat terlalu panjang (paling banyak 255 karakter)."))
    values["address"] = address
    for name_, limit in (("pirt_number", 30), ("halal_certificate_number", 50)):
        text = clean_identifier(record.get(name_))
        if len(text) > limit:
            errors.add(name_, _("terlalu panjang (paling banyak %(limit)s karakter).") % {"limit": limit})
        values[name_] = text
    values["employees"] = read_count(record.get("employees"), errors, "employees", maximum=100_000) or 0
    return values


def read_enterprise_identity(record, errors):
    """NIB and sector of an enterprise row (shared with the participants import)."""
    values = {}
    nib = clean_identifier(record.get("nib"))
    if nib:
        try:
            validate_nib(nib)
        except ValidationError as error:
            errors.add("nib", " ".join(error.messages))
            nib = ""
    values["nib"] = nib or None
    sector_text = clean_text(record.get("sector"))
    values["sector"] = read_choice(sector_text, Sector.choices) if sector_text else Sector.LAINNYA
    if values["sector"] is None:
        errors.add(
            "sector",
            _("sektor “%(value)s” tidak dikenal; pilih salah satu: %(choices)s.")
            % {"value": sector_text, "choices": ", ".join(Sector.values)},
        )
    return values


@transaction.atomic
def import_enterprises(*, table, user=None, source=""):
    """Save every row of `table` into the registry, or nothing (ImportRejected) if any row has
    an error. The history rows of the people and enterprises added name `user` and the file
    (`source`). Returns the plan that was carried out."""
    plan = plan_enterprise_import(table=table)
    if plan.has_errors:
        raise ImportRejected(plan)
    reason = import_change_reason(source=source, user=user)
    try:
        with transaction.atomic():
            person_ids = save_people(
                [row for row in plan.rows if row.action == EnterpriseAction.NEW], user=user, reason=reason
            )
            enterprises = []
            for row in plan.rows:
                if row.action not in (EnterpriseAction.NEW, EnterpriseAction.NEW_FOR_OWNER):
                    continue
                person, values = row.data["person"], row.data["enterprise"]
                enterprises.append(
                    Enterprise(
                        owner_id=row.data.get("person_id") or person_ids[person["nik"]],
                        kecamatan=person["kecamatan"],
                        desa_id=person["desa_id"],
                        **values,
                    )
                )
            Enterprise.objects.bulk_create(enterprises, batch_size=1000)
            add_initial_history(Enterprise, [enterprise.pk for enterprise in enterprises], reason, user=user)
            refresh_scale_classes(enterprise.pk for enterprise in enterprises)
    except IntegrityError as error:
        raise ImportRejected(
            plan, _("Data registri berubah selama impor; tidak ada yang disimpan. Unggah ulang berkasnya.")
        ) from error
    return plan
