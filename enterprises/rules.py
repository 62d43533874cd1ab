"""Rules about people and enterprises: NIK shape and the PP 7/2021 scale classes."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from common.spreadsheets import SCIENTIFIC_NOTATION

NIK_PATTERN = re.compile(r"^[0-9]{16}$")
PHONE_CHARACTERS = re.compile(r"\+?[0-9][0-9 \-]*")
PHONE_MIN_LENGTH, PHONE_MAX_LENGTH = 7, 19  # characters after a leading +


def clean_nik(value):
    """A NIK as typed, without the spaces people group its digits with: "3604 1155 0890 0001"
    becomes "3604115508900001". Anything else is left for validate_nik to judge. (An imported
    cell goes through spreadsheets.clean_identifier, which also undoes what spreadsheets do.)"""
    return "".join((value or "").split())


def validate_phone(value):
    """A phone number as people write it: digits, spaces and hyphens, with + in front for +62,
    7 to 19 characters after the +. A number of the wrong length is told so, not that it holds
    characters it does not hold. The model field, the admin, the imports and the public form all
    use it (through Person.phone's validators or by calling it)."""
    if not PHONE_CHARACTERS.fullmatch(value):
        raise ValidationError(_("Nomor telepon hanya berisi angka, spasi atau tanda hubung."), code="phone")
    length = len(value.removeprefix("+"))
    if length < PHONE_MIN_LENGTH:
        raise ValidationError(
            _("Nomor telepon terlalu pendek: tulis nomor lengkap, misalnya 0812 3456 7890."), code="phone_too_short"
        )
    if length > PHONE_MAX_LENGTH:
        raise ValidationError(_("Nomor telepon terlalu panjang."), code="phone_too_long")


def validate_nik(value):
    """A NIK is 16 digits: kecamatan code (6), birth date DDMMYY with 40 added to DD for
    women (6), serial (4). Spreadsheets spoil it, so the common spoiled forms get their own
    sentence."""
    value = (value or "").strip()
    if SCIENTIFIC_NOTATION.match(value):
        raise ValidationError(
            _(
                "NIK %(value)s tertulis dalam notasi ilmiah (rusak oleh Excel); "
                "angka terakhirnya hilang. Ketik ulang NIK lengkap 16 digit."
            ),
            code="nik_scientific",
            params={"value": value},
        )
    if not NIK_PATTERN.match(value):
        raise ValidationError(
            _("NIK harus 16 digit angka; yang diisi %(length)s karakter."),
            code="nik_length",
            params={"length": len(value)},
        )
    if nik_birth_date(value) is None:
        raise ValidationError(
            _("Digit 7–12 NIK bukan tanggal lahir yang mungkin (DDMMYY, tanggal +40 untuk perempuan)."),
            code="nik_birth_date",
        )


def nik_birth_date(nik):
    """The birth date encoded in a NIK, or None when digits 7–12 are not a date."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    today = datetime.date.today()
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        return datetime.date(century + year, month, day)
    except ValueError:
        return None


def nik_sex(nik):
    """'P' (perempuan) when 40 was added to the birth day, otherwise 'L'."""
    return "P" if int(nik[6:8]) > 40 else "L"


def nik_kecamatan_code(nik):
    """The Kemendagri code of the kecamatan where the NIK was issued, as the regions app writes
    it: "3604115508900001" -> "36.04.11"."""
    return f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"


def nik_facts(nik):
    """What a valid NIK says of its holder: {"sex", "birth_date", "kecamatan_code"}; None for a
    NIK that is not valid (validate_nik)."""
    nik = clean_nik(nik)
    if not NIK_PATTERN.match(nik) or nik_birth_date(nik) is None:
        return None
    return {"sex": nik_sex(nik), "birth_date": nik_birth_date(nik), "kecamatan_code": nik_kecamatan_code(nik)}


def nik_disagreements(nik, *, sex="", birth_date=None, kecamatan_code="", kecamatan_names=None):
    """Where the typed sex, birth date or kecamatan disagree with what the NIK encodes, as
    {field: sentence}. Warnings, never refusals: a NIK keeps the kecamatan where it was issued
    after its holder moves, and registries hold mistyped NIKs as well as mistyped dates. Values
    left empty are not compared; an invalid NIK gives no warnings (validate_nik says why). The
    birth date is compared by day, month and the year's last two digits: the NIK does not say
    the century. `kecamatan_names` ({code: name}) names the kecamatan in the sentence."""
    facts = nik_facts(nik)
    if facts is None:
        return {}
    found = {}
    if sex and sex != facts["sex"]:
        found["sex"] = _("NIK ini milik %(encoded)s, tetapi jenis kelamin diisi %(typed)s. Periksa keduanya.") % {
            "encoded": _("perempuan") if facts["sex"] == "P" else _("laki-laki"),
            "typed": _("perempuan") if sex == "P" else _("laki-laki"),
        }
    encoded = facts["birth_date"]
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        encoded.day,
        encoded.month,
        encoded.year % 100,
    ):
        found["birth_date"] = _(
            "NIK ini menyebut tanggal lahir %(encoded)s, tetapi tanggal lahir diisi %(typed)s. Periksa keduanya."
        ) % {"encoded": encoded.strftime("%d/%m/%Y"), "typed": birth_date.strftime("%d/%m/%Y")}
    if kecamatan_code and kecamatan_code != facts["kecamatan_code"]:
        names = kecamatan_names or {}
        found["kecamatan"] = _(
            "NIK ini diterbitkan di Kecamatan %(encoded)s, bukan %(typed)s. Benar bila orangnya sudah pindah; "
            "periksa bila tidak."
        ) % {
            "encoded": names.get(facts["kecamatan_code"], facts["kecamatan_code"]),
            "typed": names.get(kecamatan_code, kecamatan_code),
        }
    return found


class ScaleClass(models.TextChoices):
    MIKRO = "mikro", _("mikro")
    KECIL = "kecil", _("kecil")
    MENENGAH = "menengah", _("menengah")
    BESAR = "besar", _("besar (di luar UMKM)")


BILLION = 1_000_000_000
# PP 7/2021 art. 35: upper bounds (inclusive) in rupiah, per year of sales and of business
# capital excluding land and buildings.
TURNOVER_CEILINGS = [
    (2 * BILLION, ScaleClass.MIKRO),
    (15 * BILLION, ScaleClass.KECIL),
    (50 * BILLION, ScaleClass.MENENGAH),
]
CAPITAL_CEILINGS = [
    (1 * BILLION, ScaleClass.MIKRO),
    (5 * BILLION, ScaleClass.KECIL),
    (10 * BILLION, ScaleClass.MENENGAH),
]


def _class_by_ceilings(amount, ceilings):
    for ceiling, scale in ceilings:
        if amount <= ceiling:
            return scale
    return ScaleClass.BESAR


def scale_class(*, annual_turnover=None, business_capital=None):
    """PP 7/2021: annual sales decide for a running business; business capital decides where
    no sales are reported yet (at founding or registration). None when neither is known."""
    if annual_turnover is not None:
        return _class_by_ceilings(annual_turnover, TURNOVER_CEILINGS)
    if business_capital is not None:
        return _class_by_ceilings(business_capital, CAPITAL_CEILINGS)
    return None


def scale_class_expression():
    """`scale_class` as an SQL expression over an annual report's columns, "" where neither
    figure is known, for computing the class of many enterprises in one statement
    (enterprises.services.refresh_scale_classes). A test holds the two equal."""

    def by_ceilings(field, ceilings):
        whens = [When(**{f"{field}__lte": ceiling}, then=Value(scale.value)) for ceiling, scale in ceilings]
        return Case(*whens, default=Value(ScaleClass.BESAR.value))

    return Case(
        When(annual_turnover__isnull=False, then=by_ceilings("annual_turnover", TURNOVER_CEILINGS)),
        When(business_capital__isnull=False, then=by_ceilings("business_capital", CAPITAL_CEILINGS)),
        default=Value(""),
        output_field=models.CharField(),
    )


# --- Likely duplicates among people entered without a NIK ---------------------------------------

NON_DIGITS = re.compile(r"[^0-9]")


def normalize_name(name):
    """Case and spacing do not make another person: 'siti  AMINAH' is 'Siti Aminah'."""
    return " ".join((name or "").split()).casefold()


def normalize_phone(phone):
    """Digits only, with the +62 country code written the local way (0…)."""
    digits = NON_DIGITS.sub("", phone or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def is_likely_duplicate(new, existing):
    """True when two people are probably one: same name and the same phone or the same desa,
    unless both carry a NIK and the NIKs differ (then they are two people for certain).

    `new` and `existing` are mappings or objects with full_name, nik, phone and desa_id."""

    def get(person, key):
        return person.get(key) if isinstance(person, dict) else getattr(person, key, None)

    if normalize_name(get(new, "full_name")) != normalize_name(get(existing, "full_name")):
        return False
    new_nik, existing_nik = get(new, "nik") or "", get(existing, "nik") or ""
    if new_nik and existing_nik and new_nik != existing_nik:
        return False
    same_phone = bool(normalize_phone(get(new, "phone"))) and normalize_phone(get(new, "phone")) == normalize_phone(
        get(existing, "phone")
    )
    same_desa = bool(get(new, "desa_id")) and get(new, "desa_id") == get(existing, "desa_id")
    return same_phone or same_desa
