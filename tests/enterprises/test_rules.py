import pytest
from django.core.exceptions import ValidationError

from enterprises.rules import (
    ScaleClass,
    clean_nik,
    nik_birth_date,
    nik_sex,
    scale_class,
    validate_nik,
    validate_phone,
)

BILLION = 1_000_000_000


@pytest.mark.parametrize("nik", ["3604115508900001", "3604111508900001", "3604190101000123"])
def test_valid_niks(nik):
    validate_nik(nik)


@pytest.mark.parametrize(
    ("typed", "nik"),
    [
        ("3604 1155 0890 0001", "3604115508900001"),
        (" 3604115508900001\t", "3604115508900001"),
        ("3604\u00a01155 0890\n0001", "3604115508900001"),  # a no-break space pasted from a document
        ("3604-1155-0890-0001", "3604-1155-0890-0001"),  # left for validate_nik to refuse
        (None, ""),
    ],
)
def test_clean_nik_takes_out_the_spaces_people_type(typed, nik):
    assert clean_nik(typed) == nik


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("360411550890001", "nik_length"),  # 15 digits
        ("36041155089000012", "nik_length"),  # 17 digits
        ("36041155089O0001", "nik_length"),  # letter O for zero
        ("3604 1155 0890 0001", "nik_length"),
        ("3.60411E+15", "nik_scientific"),  # what Excel shows
        ("3,60411550890000E+15", "nik_scientific"),
        ("3604113208900001", "nik_birth_date"),  # day 32
        ("3604117208900001", "nik_birth_date"),  # day 72 - 40 = 32
        ("3604111513900001", "nik_birth_date"),  # month 13
        ("3604110000900001", "nik_birth_date"),
    ],
)
def test_invalid_niks_have_a_reason(nik, code):
    with pytest.raises(ValidationError) as error:
        validate_nik(nik)
    assert error.value.code == code


@pytest.mark.parametrize("phone", ["0812 3456 7890", "081234567890", "+62 812-3456-7890", "0254 123456", "1234567"])
def test_valid_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    ("phone", "code", "message"),
    [
        ("123456", "phone_too_short", "Nomor telepon terlalu pendek: tulis nomor lengkap, misalnya 0812 3456 7890."),
        ("+62 81", "phone_too_short", "Nomor telepon terlalu pendek: tulis nomor lengkap, misalnya 0812 3456 7890."),
        ("0" * 20, "phone_too_long", "Nomor telepon terlalu panjang."),
        ("0812 3456 abc", "phone", "Nomor telepon hanya berisi angka, spasi atau tanda hubung."),
        ("12ab", "phone", "Nomor telepon hanya berisi angka, spasi atau tanda hubung."),  # short too: letters first
        ("(0254) 123456", "phone", "Nomor telepon hanya berisi angka, spasi atau tanda hubung."),
    ],
)
def test_invalid_phones_say_what_is_wrong(phone, code, message):
    with pytest.raises(ValidationError) as error:
        validate_phone(phone)
    assert (error.value.code, error.value.messages) == (code, [message])


def test_nik_encodes_sex_and_birth_date():
    assert nik_sex("3604115508900001") == "P"
    assert nik_birth_date("3604115508900001").isoformat() == "1990-08-15"
    assert nik_sex("3604111508900001") == "L"
    assert nik_birth_date("3604110101050001").isoformat() == "2005-01-01"


@pytest.mark.parametrize(
    ("turnover", "expected"),
    [
        (0, ScaleClass.MIKRO),
        (2 * BILLION, ScaleClass.MIKRO),
        (2 * BILLION + 1, ScaleClass.KECIL),
        (15 * BILLION, ScaleClass.KECIL),
        (15 * BILLION + 1, ScaleClass.MENENGAH),
        (50 * BILLION, ScaleClass.MENENGAH),
        (50 * BILLION + 1, ScaleClass.BESAR),
    ],
)
def test_scale_by_annual_turnover_pp_7_2021(turnover, expected):
    assert scale_class(annual_turnover=turnover) == expected


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (1 * BILLION, ScaleClass.MIKRO),
        (1 * BILLION + 1, ScaleClass.KECIL),
        (5 * BILLION, ScaleClass.KECIL),
        (5 * BILLION + 1, ScaleClass.MENENGAH),
        (10 * BILLION, ScaleClass.MENENGAH),
        (10 * BILLION + 1, ScaleClass.BESAR),
    ],
)
def test_scale_by_business_capital_pp_7_2021(capital, expected):
    assert scale_class(business_capital=capital) == expected


def test_turnover_decides_over_capital_and_nothing_known_is_none():
    assert scale_class(annual_turnover=BILLION, business_capital=8 * BILLION) == ScaleClass.MIKRO
    assert scale_class() is None
