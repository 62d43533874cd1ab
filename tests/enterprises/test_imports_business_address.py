"""An enterprise's address is its business address, never its owner's home address (personal
data): the imports do not copy it, and the copies made before are blanked by a migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from common.spreadsheets import read_table
from enterprises.imports import (
    ENTERPRISE_FIELDS,
    ENTERPRISE_LABELS,
    ENTERPRISE_REQUIRED,
    import_enterprises,
)
from enterprises.models import Enterprise, Person
from tests.files import csv_bytes

BEFORE = [("enterprises", "0003_merge_history_and_figures_index")]
AFTER = [("enterprises", "0004_blank_enterprise_addresses_copied_from_owner")]


@pytest.mark.django_db
def test_the_import_leaves_the_address_blank_when_the_file_gives_no_business_address(serang):
    header = ["Nama Usaha", "Nama Pemilik", "NIK Pemilik", "Alamat", "Kecamatan", "Alamat usaha"]
    rows = [
        ["Emping Bu Siti", "Siti", "3604115508900001", "Kampung Rumah Siti 1", "Kragilan", ""],
        ["Tas Pandan", "Budi", "3604110101850002", "Kampung Rumah Budi 2", "Petir", "Pasar Petir Blok C"],
    ]
    table = read_table(
        csv_bytes([header, *rows]),
        "umkm.csv",
        fields=ENTERPRISE_FIELDS,
        required=ENTERPRISE_REQUIRED,
        labels=ENTERPRISE_LABELS,
    )
    import_enterprises(table=table)
    assert Person.objects.get(full_name="Siti").address == "Kampung Rumah Siti 1"
    assert dict(Enterprise.objects.values_list("name", "address")) == {
        "Emping Bu Siti": "",
        "Tas Pandan": "Pasar Petir Blok C",
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_blanks_addresses_copied_from_the_owner_in_the_audit_trail_too(kecamatan):
    place = kecamatan["Kragilan"]
    owner = Person.objects.create(full_name="Siti", sex="P", address="Kampung Lama 1", kecamatan=place)
    moved = Enterprise.objects.create(name="Copied before moving", owner=owner, sector="kuliner", kecamatan=place)
    moved.address = "kampung  lama 1"  # the copy, spelled a little differently
    moved.save()
    owner.address = "Kampung Baru 2"
    owner.save()
    copied = Enterprise.objects.create(
        name="Copied", owner=owner, sector="kuliner", kecamatan=place, address="Kampung Baru 2"
    )
    shop = Enterprise.objects.create(
        name="Shop", owner=owner, sector="kuliner", kecamatan=place, address="Pasar Kragilan Kios 4"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the models below are today's

    assert dict(Enterprise.objects.values_list("name", "address")) == {
        "Copied before moving": "",
        "Copied": "",
        "Shop": "Pasar Kragilan Kios 4",
    }
    history = set(Enterprise.history.values_list("id", "address"))
    assert history == {(moved.pk, ""), (copied.pk, ""), (shop.pk, "Pasar Kragilan Kios 4")}
    assert Person.objects.get(pk=owner.pk).address == "Kampung Baru 2"  # the home address stays with the person
