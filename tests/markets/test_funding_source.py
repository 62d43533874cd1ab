"""Markets and trainings share one list of funding sources (common.choices.FundingSource); a
revitalisation paid by a private investor, stored "swasta" before, becomes "mitra"."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from common.choices import FundingSource
from markets.models import Market
from programs.models import Program

BEFORE = [("markets", "0004_history_follows_public_indexes")]
AFTER = [("markets", "0005_funding_source_shared")]


def test_markets_and_programs_offer_the_same_funding_sources():
    assert Market._meta.get_field("revitalisation_funding").choices == FundingSource.choices
    assert Program._meta.get_field("funding_source").choices == FundingSource.choices


@pytest.mark.django_db(transaction=True)
def test_the_migration_renames_private_funding_in_markets_and_their_history(kecamatan):
    market = Market.objects.create(
        name="Pasar Contoh",
        slug="pasar-contoh",
        kecamatan=kecamatan["Petir"],
        revitalised_year=2020,
        revitalisation_funding="swasta",
    )
    other = Market.objects.create(
        name="Pasar Lain",
        slug="pasar-lain",
        kecamatan=kecamatan["Petir"],
        revitalised_year=2021,
        revitalisation_funding="apbn",
    )
    MigrationExecutor(connection).migrate(BEFORE)
    MigrationExecutor(connection).migrate(AFTER)
    # and on to the latest migrations, so the model (and the tests after this one) find every column
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())

    assert dict(Market.objects.values_list("pk", "revitalisation_funding")) == {market.pk: "mitra", other.pk: "apbn"}
    assert set(Market.history.values_list("revitalisation_funding", flat=True)) == {"mitra", "apbn"}
    assert Market.objects.get(pk=market.pk).get_revitalisation_funding_display() == "mitra/swasta"
