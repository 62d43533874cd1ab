"""The demo computes scale_class and last_rat_book_year itself while it bulk-inserts; they agree
with what the refresh functions compute from the inserted rows."""

import pytest
from django.core.management import call_command

from tests.cooperatives.test_services import assert_in_step as assert_rat_years_in_step
from tests.enterprises.test_services import assert_in_step as assert_scale_classes_in_step

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_the_derived_columns_in_step(serang):
    call_command("load_demo_data", "--enterprises", "60")
    assert_scale_classes_in_step()
    assert_rat_years_in_step()
