"""The cooperative status rule at every boundary, and its SQL twin agreeing with it."""

import datetime
import itertools

import pytest
from django.db import IntegrityError, transaction

from cooperatives.models import Cooperative, RatRecord
from cooperatives.rules import Status, derive_status, latest_due_book_year, missed_years

JUNE_30 = datetime.date(2026, 6, 30)
JULY_1 = datetime.date(2026, 7, 1)
NOV = datetime.date(2026, 11, 23)


def status(last=None, founded=None, business=True, today=NOV, override=""):
    return derive_status(
        last_rat_book_year=last, founded_on=founded, runs_business=business, today=today, override=override
    )[0]


def test_the_book_year_falls_due_after_30_june():
    assert latest_due_book_year(JUNE_30) == 2024
    assert latest_due_book_year(JULY_1) == 2025
    assert latest_due_book_year(datetime.date(2027, 1, 1)) == 2025


@pytest.mark.parametrize(
    ("last", "business", "today", "expected"),
    [
        (2025, True, NOV, Status.AKTIF),
        (2025, False, NOV, Status.AKTIF),  # RAT held: active even with a pause in business
        (2024, True, NOV, Status.KURANG_AKTIF),  # missed one year
        (2024, False, NOV, Status.KURANG_AKTIF),
        (2023, True, NOV, Status.KURANG_AKTIF),  # two years missed, still trading
        (2023, False, NOV, Status.TIDAK_AKTIF),  # two years missed and no business
        (2020, False, NOV, Status.TIDAK_AKTIF),
        (2024, True, JUNE_30, Status.AKTIF),  # book year 2025 not yet due on 30 June
        (2024, True, JULY_1, Status.KURANG_AKTIF),  # ... due the day after
        (2023, False, JUNE_30, Status.KURANG_AKTIF),
        (2023, False, JULY_1, Status.TIDAK_AKTIF),
    ],
)
def test_status_boundaries(last, business, today, expected):
    assert status(last=last, business=business, today=today) == expected


def test_never_held_a_rat():
    assert status(founded=datetime.date(2026, 1, 5), business=False) == Status.AKTIF  # nothing due yet
    assert status(founded=datetime.date(2025, 12, 31), business=False) == Status.KURANG_AKTIF  # 2025 missed
    assert status(founded=datetime.date(2024, 12, 31), business=False) == Status.TIDAK_AKTIF  # 2024, 2025 missed
    assert status(founded=None, business=False) == Status.TIDAK_AKTIF
    assert status(founded=None, business=True) == Status.KURANG_AKTIF
    assert missed_years(last_rat_book_year=None, founded_on=datetime.date(2025, 3, 1), today=NOV) == 1


def test_override_wins_and_says_so():
    result, reason = derive_status(
        last_rat_book_year=2025, founded_on=None, runs_business=True, today=NOV, override=Status.TIDAK_AKTIF
    )
    assert result == Status.TIDAK_AKTIF
    assert "petugas" in str(reason)


@pytest.mark.django_db
def test_sql_expression_agrees_with_the_rule_on_every_combination(kecamatan):
    lasts = [None, 2019, 2022, 2023, 2024, 2025, 2026]
    founded = [
        None,
        datetime.date(2010, 5, 1),
        datetime.date(2024, 12, 31),
        datetime.date(2025, 1, 1),
        datetime.date(2026, 2, 1),
    ]
    overrides = ["", Status.AKTIF]
    combos = list(itertools.product(lasts, founded, [True, False], overrides))
    Cooperative.objects.bulk_create(
        Cooperative(
            name=f"K{i}",
            kind="jasa",
            kecamatan=kecamatan["Petir"],
            last_rat_book_year=last,
            founded_on=date,
            runs_business=business,
            status_override=override,
            status_override_reason="uji" if override else "",
        )
        for i, (last, date, business, override) in enumerate(combos)
    )
    for today in (JUNE_30, JULY_1, NOV):
        for cooperative in Cooperative.objects.with_status(today):
            assert cooperative.status == cooperative.derived_status(today)[0], (cooperative.name, today)


@pytest.mark.django_db
def test_rat_records_keep_the_last_book_year_and_an_override_needs_a_reason(kecamatan):
    cooperative = Cooperative.objects.create(name="KSP Contoh", kind="simpan_pinjam", kecamatan=kecamatan["Kopo"])
    RatRecord.objects.create(cooperative=cooperative, book_year=2023, held_on=datetime.date(2024, 3, 1))
    RatRecord.objects.create(cooperative=cooperative, book_year=2024, held_on=datetime.date(2025, 3, 1))
    cooperative.refresh_from_db()
    assert cooperative.last_rat_book_year == 2024
    cooperative.rat_records.get(book_year=2024).delete()
    cooperative.refresh_from_db()
    assert cooperative.last_rat_book_year == 2023
    with pytest.raises(IntegrityError), transaction.atomic():
        Cooperative.objects.filter(pk=cooperative.pk).update(status_override=Status.AKTIF)
    with pytest.raises(IntegrityError), transaction.atomic():
        RatRecord.objects.create(cooperative=cooperative, book_year=2023, held_on=datetime.date(2024, 5, 1))
