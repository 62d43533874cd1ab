"""What a NIK says of its holder (sex, birth date, kecamatan) and the warnings when typed data disagree."""

import datetime

import pytest

from enterprises.rules import nik_disagreements, nik_facts, nik_kecamatan_code

WOMAN = "3604115508900001"  # Kragilan (36.04.11), day 55 = 15 + 40: a woman born 15/08/1990
MAN = "3604111508900001"  # the same date without the 40: a man


def test_a_womans_day_of_birth_has_40_added():
    facts = nik_facts(WOMAN)
    assert facts == {"sex": "P", "birth_date": datetime.date(1990, 8, 15), "kecamatan_code": "36.04.11"}


def test_a_mans_day_of_birth_is_as_it_is():
    facts = nik_facts(MAN)
    assert (facts["sex"], facts["birth_date"]) == ("L", datetime.date(1990, 8, 15))


def test_the_first_six_digits_are_the_kecamatan_code_as_the_regions_app_writes_it():
    assert nik_kecamatan_code("3604050101900001") == "36.04.05"


@pytest.mark.parametrize("nik", ["", "12345", "3604119908900001", "3604 1155 0890 000x"])
def test_an_invalid_nik_says_nothing(nik):
    assert nik_facts(nik) is None
    assert nik_disagreements(nik, sex="L", birth_date=datetime.date(2000, 1, 1), kecamatan_code="36.04.01") == {}


def test_a_nik_typed_in_groups_is_read():
    assert nik_facts("3604 1155 0890 0001")["sex"] == "P"


def test_data_that_agree_with_the_nik_give_no_warning():
    assert nik_disagreements(WOMAN, sex="P", birth_date=datetime.date(1990, 8, 15), kecamatan_code="36.04.11") == {}


def test_empty_values_are_not_compared():
    assert nik_disagreements(WOMAN) == {}


def test_a_man_typed_for_a_womans_nik_is_named():
    warnings = nik_disagreements(WOMAN, sex="L")
    assert list(warnings) == ["sex"]
    assert "perempuan" in warnings["sex"] and "laki-laki" in warnings["sex"]


def test_another_birth_date_is_named_with_both_dates():
    warnings = nik_disagreements(WOMAN, birth_date=datetime.date(1991, 8, 15))
    assert list(warnings) == ["birth_date"]
    assert "15/08/1990" in warnings["birth_date"] and "15/08/1991" in warnings["birth_date"]


def test_the_women_s_day_itself_is_no_birth_date():
    # 55/08 is how the NIK writes the 15th; a clerk who typed the 15th is right.
    assert nik_disagreements(WOMAN, birth_date=datetime.date(1990, 8, 15)) == {}
    assert "birth_date" in nik_disagreements(MAN, birth_date=datetime.date(1990, 8, 16))


def test_the_century_the_nik_does_not_hold_is_not_a_disagreement():
    assert nik_disagreements(MAN, birth_date=datetime.date(1890, 8, 15)) == {}


def test_another_kecamatan_is_named_by_name_when_names_are_given():
    warnings = nik_disagreements(
        WOMAN, kecamatan_code="36.04.19", kecamatan_names={"36.04.11": "Kragilan", "36.04.19": "Petir"}
    )
    assert list(warnings) == ["kecamatan"]
    assert "Kragilan" in warnings["kecamatan"] and "Petir" in warnings["kecamatan"]
