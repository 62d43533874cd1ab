import datetime

import pytest
from django.core.management import call_command

from common.templatetags.portal_format import ribuan, rupiah
from cooperatives.models import Cooperative
from programs.models import Participant, Program
from umkm_portal.dashboard import build_dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(serang):
    call_command("load_demo_data", "--enterprises", "20", verbosity=0)


def test_rupiah_and_thousands_the_indonesian_way():
    assert rupiah(1_500_000) == "Rp1.500.000"
    assert rupiah(0) == "Rp0"
    assert rupiah(None) == ""
    assert rupiah(-2500) == "-Rp2.500"
    assert ribuan(100000) == "100.000"


def test_dashboard_shows_the_mornings_work_in_a_fixed_number_of_queries(demo, django_assert_num_queries):
    today = datetime.date(2026, 12, 1)
    with django_assert_num_queries(11):
        dashboard = build_dashboard(today)
    assert [p.slug for p in dashboard.upcoming] == [
        "pelatihan-kemasan-dan-label-pangan-2027",
        "pendampingan-sertifikasi-halal-2027",
    ]
    assert [(p.slug, p.applicants) for p in dashboard.open_registrations] == [
        ("pelatihan-kemasan-dan-label-pangan-2027", 12)
    ]
    assert dashboard.rat_overdue_count == Cooperative.objects.rat_overdue(today).count() > 0
    assert dashboard.totals["cooperatives"] == 819
    # No program in 2026 yet: every kecamatan of the district is still to be reached.
    assert dashboard.kecamatan_total == 29
    assert len(dashboard.kecamatan_not_reached) == 29


def test_kecamatan_reached_this_year_drop_off_the_list(demo):
    dashboard = build_dashboard(datetime.date(2025, 12, 1))
    names = {name for _code, name in dashboard.kecamatan_not_reached}
    reached = set(
        Participant.objects.filter(program__start_date__year=2025).values_list("person__kecamatan__name", flat=True)
    )
    assert reached and not (reached & names)
    assert len(names) == 29 - len(reached)
    assert Program.objects.count() == dashboard.totals["programs"]


def test_admin_index_shows_the_dashboard(admin_client, demo):
    page = admin_client.get("/admin/").text
    for panel in ("dashboard-totals", "dashboard-running", "dashboard-registrations", "dashboard-rat"):
        assert f'id="{panel}"' in page
    assert "Koperasi terlambat RAT" in page
