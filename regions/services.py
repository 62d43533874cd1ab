"""Loading a district's regions from the Kemendagri files shipped in regions/data/."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from regions.models import Desa, Kabupaten, Kecamatan

DATA_DIR = Path(__file__).resolve().parent / "data"


class UnknownDistrict(ValueError):
    pass


@dataclass
class LoadResult:
    kabupaten: Kabupaten
    kecamatan_count: int
    desa_count: int
    has_desa_file: bool


def _rows(filename):
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load_district(*, code):
    """Create or refresh one kabupaten with its kecamatan and (where shipped) its desa.

    Loading twice changes nothing: rows are upserted on their Kemendagri code.
    """
    kabupaten_row = next((row for row in _rows("kabupaten.csv") if row["code"] == code), None)
    if kabupaten_row is None:
        raise UnknownDistrict(code)
    provinces = {row["code"]: row["name"] for row in _rows("provinsi.csv")}
    kecamatan = [
        Kecamatan(code=row["code"], name=row["name"], kabupaten_id=code)
        for row in _rows("kecamatan.csv")
        if row["kabupaten_code"] == code
    ]
    desa_file = DATA_DIR / f"desa_{code}.csv"
    desa = []
    if desa_file.is_file():
        desa = [
            Desa(
                code=row["code"],
                name=row["name"],
                kecamatan_id=row["kecamatan_code"],
                kind=Desa.kind_for_code(row["code"]),
            )
            for row in _rows(desa_file.name)
        ]
    with transaction.atomic():
        kabupaten, _ = Kabupaten.objects.update_or_create(
            code=code,
            defaults={
                "name": kabupaten_row["name"],
                "province_name": provinces[kabupaten_row["province_code"]],
            },
        )
        Kecamatan.objects.bulk_create(
            kecamatan,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "kabupaten"],
        )
        Desa.objects.bulk_create(
            desa,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "kecamatan", "kind"],
        )
    return LoadResult(kabupaten, len(kecamatan), len(desa), desa_file.is_file())
