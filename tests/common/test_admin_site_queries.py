"""Every changelist runs the same number of queries for a small and a larger data set built by
the demo command (a stand-in for 100,000 enterprises and 50,000 participants)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.logins import login_verified

pytestmark = pytest.mark.django_db

# changelist (with the filters staff use) → queries for one page, whatever the number of rows
CHANGELISTS = [
    ("admin:enterprises_person_changelist", ""),
    ("admin:enterprises_person_changelist", "?kecamatan__code__exact=36.04.11"),
    ("admin:enterprises_person_changelist", "?q=Contoh"),
    ("admin:enterprises_enterprise_changelist", ""),
    ("admin:enterprises_enterprise_changelist", "?kecamatan__code__exact=36.04.11&sector__exact=kuliner"),
    ("admin:cooperatives_cooperative_changelist", ""),
    ("admin:cooperatives_cooperative_changelist", "?status=tidak_aktif"),
    ("admin:markets_market_changelist", ""),
    ("admin:programs_program_changelist", ""),
    ("admin:programs_partner_changelist", ""),
    ("admin:programs_participant_changelist", ""),
    ("admin:programs_participant_changelist", "?status__exact=lulus&tahun=2024"),
    ("admin:regions_desa_changelist", ""),
    ("admin:regions_kecamatan_changelist", ""),
    ("admin:index", ""),
]


def query_counts(client):
    counts = {}
    for name, query in CHANGELISTS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name) + query)
        assert response.status_code == 200, (name, query)
        # Every list shows rows in both data sets: the count is the same for a few and for many.
        assert name == "admin:index" or 'id="result_list"' in response.text, (name, query)
        counts[(name, query)] = len(captured)
    return counts


@pytest.fixture
def administrator(staff_in):
    # A non-superuser: permission checks are part of every page's queries.
    return staff_in("Administrator")


def test_changelists_run_a_fixed_number_of_queries(client, serang, administrator, django_assert_num_queries):
    login_verified(client, administrator)
    call_command("load_demo_data", "--enterprises", "30", verbosity=0)
    small = query_counts(client)

    call_command("load_demo_data", "--enterprises", "1500", "--participants", "600", verbosity=0)
    large = query_counts(client)

    assert large == small
    # And the number is small: a page of any registry is read in a handful of queries (one of
    # them django-otp's: the session's verified device).
    assert max(small.values()) <= 17, small
    for (name, query), expected in small.items():
        with django_assert_num_queries(expected):
            client.get(reverse(name) + query)


def test_the_export_log_runs_a_fixed_number_of_queries(client, serang, administrator):
    from common.models import ExportLog

    login_verified(client, administrator)
    url = reverse("admin:common_exportlog_changelist")

    def log(n):
        ExportLog.objects.bulk_create(
            ExportLog(user=administrator, username="petugas", what="peserta", file_format="csv", row_count=i)
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as captured:
            assert 'id="result_list"' in client.get(url).text
        return len(captured)

    assert log(1) == log(60)
