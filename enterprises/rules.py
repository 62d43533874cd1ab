"""Rules about people and enterprises: NIK shape and the PP 7/2021 scale classes."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

NIK_PATTERN = re.compile(r"^[0-9]{16}$")
SCIENTIFIC_NOTATION = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


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
