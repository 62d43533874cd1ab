"""Every filter and ordering the public lists offer is served by a database index."""

import pytest
from django.db import connection

from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from markets.models import Market
from programs.models import Participant, Program
from regions.models import Kecamatan

pytestmark = pytest.mark.django_db

# (model, column that leads an index, what it serves)
INDEXED = [
    (Program, "start_date", "programs: year filter, status (dates), ordering by date"),
    (Program, "end_date", "programs: status finished/running"),
    (Program, "theme", "programs: theme filter"),
    (Program, "title", "programs: ordering by title"),
    (Program, "registration_open", "programs: status open/upcoming"),
    (Participant, "program_id", "programs: kecamatan reached (EXISTS per program) and places taken"),
    (Person, "kecamatan_id", "programs: kecamatan reached (participant's kecamatan)"),
    (Cooperative, "kind", "cooperatives: kind filter"),
    (Cooperative, "kecamatan_id", "cooperatives: kecamatan filter"),
    (Cooperative, "is_merah_putih", "cooperatives: Merah Putih filter"),
    (Cooperative, "last_rat_book_year", "cooperatives: status rule input, ordering by last RAT"),
    (Cooperative, "name", "cooperatives: ordering by name"),
    (Kecamatan, "name", "cooperatives: ordering by kecamatan"),
    (Market, "kecamatan_id", "markets: kecamatan filter"),
    (Market, "revitalised_year", "markets: revitalisation filter and ordering"),
    (Market, "operating_status", "markets: operating status filter"),
    (Market, "trader_count", "markets: ordering by traders"),
    (Market, "name", "markets: ordering by name"),
    (Enterprise, "catalogue_consent", "catalogue: consenting enterprises by name"),
    (Enterprise, "sector", "catalogue: sector filter"),
    (Enterprise, "kecamatan_id", "catalogue: kecamatan filter; figures by kecamatan and scale"),
]


def leading_index_columns(model):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    # (an expression index, such as the name search's, leads with no column: it serves no filter here)
    return {
        c["columns"][0]
        for c in constraints.values()
        if c["columns"] and (c["index"] or c["unique"] or c["primary_key"])
    }


@pytest.mark.parametrize(("model", "column", "serves"), INDEXED, ids=[f"{m.__name__}.{c}" for m, c, _s in INDEXED])
def test_filter_or_ordering_column_leads_an_index(model, column, serves):
    assert column in leading_index_columns(model), f"no index for {serves}"


def test_the_check_tells_indexed_from_unindexed_columns():
    assert "city" not in leading_index_columns(Program)
    assert "products" not in leading_index_columns(Enterprise)
