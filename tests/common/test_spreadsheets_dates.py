"""Numeric dates read in the file's own order of day and month (common.spreadsheets.read_dates):
inferred from the dates that can only be read one way, never guessed when none can."""

import datetime

import pytest

from common.spreadsheets import DAY_FIRST, MONTH_FIRST, AmbiguousDate, infer_date_order, read_table
from tests.files import csv_bytes, xlsx_bytes

FIELDS = {"full_name": ["nama"], "birth_date": ["tanggal lahir"]}
LABELS = {"full_name": "Nama", "birth_date": "Tanggal lahir"}


def read(rows, filename="daftar.csv", date_order=None):
    data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows)
    return read_table(
        data,
        filename,
        fields=FIELDS,
        required={"full_name"},
        labels=LABELS,
        dates=("birth_date",),
        date_order=date_order,
    )


def birth_dates(table):
    return [record.get("birth_date") for record in table.records]


@pytest.mark.parametrize(
    "values, expected",
    [
        (["12/03/1990", "31/12/1985"], DAY_FIRST),
        (["03/12/1990", "12/31/1985"], MONTH_FIRST),
        (["03/12/1990", "04/05/1985"], None),  # nothing shows the order
        (["31/12/1985", "12/31/1985"], None),  # the file contradicts itself
        (["1990-03-12", "15 Agustus 1990", "", None, datetime.date(1990, 3, 12)], None),  # unambiguous forms
        (["25.12.90"], DAY_FIRST),
    ],
)
def test_infer_date_order(values, expected):
    assert infer_date_order(values) == expected


def test_a_day_first_file_is_read_day_first():
    table = read([["Nama", "Tanggal lahir"], ["A", "12/03/1990"], ["B", "31/12/1985"], ["C", "1990-03-12"]])
    assert table.date_order == DAY_FIRST and table.ambiguous_dates == 0
    # ISO dates are left for parse_date, which reads them the same way in any order
    assert birth_dates(table) == [datetime.date(1990, 3, 12), datetime.date(1985, 12, 31), "1990-03-12"]


def test_a_month_first_file_is_read_month_first():
    table = read([["Nama", "Tanggal lahir"], ["A", "03/12/1990"], ["B", "12/31/1985"]])
    assert table.date_order == MONTH_FIRST
    assert birth_dates(table) == [datetime.date(1990, 3, 12), datetime.date(1985, 12, 31)]


def test_an_undecidable_file_is_not_guessed_and_the_users_choice_settles_it():
    rows = [["Nama", "Tanggal lahir"], ["A", "03/12/1990"], ["B", "05/05/1985"], ["C", "15 Agustus 1990"]]
    table = read(rows)
    assert table.date_order is None and table.ambiguous_dates == 1
    ambiguous = birth_dates(table)[0]
    assert isinstance(ambiguous, AmbiguousDate)
    assert ambiguous.readings() == [datetime.date(1990, 12, 3), datetime.date(1990, 3, 12)]
    assert birth_dates(table)[1:] == [datetime.date(1985, 5, 5), "15 Agustus 1990"]  # read later by parse_date
    assert birth_dates(read(rows, date_order=DAY_FIRST))[0] == datetime.date(1990, 12, 3)
    assert birth_dates(read(rows, date_order=MONTH_FIRST))[0] == datetime.date(1990, 3, 12)


def test_two_digit_years_as_an_english_calc_writes_them():
    table = read([["Nama", "Tanggal lahir"], ["A", "12/03/90"], ["B", "31/12/1985"]])
    assert birth_dates(table) == [datetime.date(1990, 3, 12), datetime.date(1985, 12, 31)]


def test_date_cells_a_month_first_program_swapped_are_swapped_back():
    # An English (en-US) spreadsheet opened a day-first list: 12/03/1990 became the date cell
    # 3 December 1990, 31/12/1985 (no such month) stayed text.
    rows = [
        ["Nama", "Tanggal lahir"],
        ["A", datetime.datetime(1990, 12, 3)],
        ["B", "31/12/1985"],
        ["C", datetime.datetime(1990, 8, 15)],  # 15/08 could not have been swapped
    ]
    table = read(rows, "daftar.xlsx")
    assert birth_dates(table) == [datetime.date(1990, 3, 12), datetime.date(1985, 12, 31), datetime.date(1990, 8, 15)]


def test_date_cells_alone_are_taken_as_they_are():
    table = read([["Nama", "Tanggal lahir"], ["A", datetime.datetime(1990, 12, 3)]], "daftar.xlsx")
    assert birth_dates(table) == [datetime.date(1990, 12, 3)] and table.ambiguous_dates == 0
