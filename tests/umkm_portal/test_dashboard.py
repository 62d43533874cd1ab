import datetime

import pytest
from django.utils import timezone

from common.templatetags.portal_format import ribuan, rupiah
from cooperatives.models import Cooperative
from programs.models import Participant, Program
from tests.factories import (
    ApplicantFactory,
    CooperativeFactory,
    EnterpriseFactory,
    MarketFactory,
    OpenProgramFactory,
    ParticipantFactory,
    PersonFactory,
    ProgramFactory,
)
from umkm_portal.dashboard import build_dashboard

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)  # the latest RAT due is for book year 2025


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def morning(serang, kecamatan):
    """One program running, one open for registration with three applicants, one coming, one held
    earlier this year (these reach Petir only), one last year (reaching Kragilan); three
    cooperatives of which two are late with their RAT."""
    running = ProgramFactory(slug="berjalan", start_date=days(-1), end_date=days(1))
    ParticipantFactory.create_batch(
        2, program=running, status=Participant.Status.SELECTED, person__kecamatan=kecamatan["Petir"]
    )
    open_program = ProgramFactory(
        slug="dibuka", start_date=days(48), registration_open=True, registration_closes_on=days(34)
    )
    for status in ["mendaftar", "mendaftar", "mendaftar", "ditolak"]:
        ParticipantFactory(program=open_program, status=status)
    ProgramFactory(slug="akan-datang", start_date=days(97))
    this_year = ProgramFactory(slug="awal-tahun", start_date=datetime.date(TODAY.year, 3, 2))
    ParticipantFactory(program=this_year, person=PersonFactory(kecamatan=kecamatan["Petir"]))
    ParticipantFactory(program=this_year, person=PersonFactory(kecamatan=kecamatan["Ciomas"]), status="mundur")
    last_year = ProgramFactory(slug="tahun-lalu", start_date=datetime.date(TODAY.year - 1, 6, 1))
    ParticipantFactory(program=last_year, person=PersonFactory(kecamatan=kecamatan["Kragilan"]))
    CooperativeFactory(last_rat_book_year=2025)
    CooperativeFactory(name="Koperasi Terlambat", last_rat_book_year=2023)
    CooperativeFactory(name="Koperasi Belum RAT", last_rat_book_year=None)
    MarketFactory()
    EnterpriseFactory.create_batch(2)
    EnterpriseFactory(verified=False)  # created by a public application, not yet confirmed


def test_rupiah_and_thousands_the_indonesian_way():
    assert rupiah(1_500_000) == "Rp1.500.000"
    assert rupiah(0) == "Rp0"
    assert rupiah(None) == ""
    assert rupiah(-2500) == "-Rp2.500"
    assert ribuan(100000) == "100.000"


def test_dashboard_shows_the_mornings_work_in_a_fixed_number_of_queries(morning, django_assert_num_queries):
    with django_assert_num_queries(11):
        dashboard = build_dashboard(TODAY)
    assert [p.slug for p in dashboard.running] == ["berjalan"]
    assert [(p.slug, p.places_taken) for p in dashboard.running] == [("berjalan", 2)]
    assert [p.slug for p in dashboard.upcoming] == ["dibuka", "akan-datang"]
    assert [(p.slug, p.applicants) for p in dashboard.open_registrations] == [("dibuka", 3)]
    assert dashboard.rat_overdue_count == Cooperative.objects.rat_overdue(TODAY).count() == 2
    assert {c.name for c in dashboard.rat_overdue} == {"Koperasi Terlambat", "Koperasi Belum RAT"}
    assert dashboard.totals["cooperatives"] == 3
    assert dashboard.totals["programs"] == Program.objects.count() == 5
    assert dashboard.totals["markets"] == 1
    assert (dashboard.totals["enterprises"], dashboard.totals["enterprises_unverified"]) == (3, 1)


def test_kecamatan_reached_this_year_drop_off_the_list(morning):
    """Only a place taken in a program starting this year counts: Petir. Ciomas dropped out, and
    Kragilan was reached last year."""
    names = {name for _code, name in build_dashboard(TODAY).kecamatan_not_reached}
    assert "Petir" not in names
    assert {"Ciomas", "Kragilan"} <= names
    assert len(names) == 29 - 1
    # next year, nobody has been reached yet
    assert len(build_dashboard(datetime.date(TODAY.year + 1, 1, 2)).kecamatan_not_reached) == 29


def test_admin_index_shows_the_dashboard(admin_client, serang):
    today = timezone.localdate()
    ApplicantFactory(program=OpenProgramFactory(title="Pelatihan Kemasan Terbuka"))
    CooperativeFactory(name="Koperasi Terlambat", last_rat_book_year=today.year - 4)
    page = admin_client.get("/admin/").text
    for panel in ("dashboard-totals", "dashboard-running", "dashboard-registrations", "dashboard-rat"):
        assert f'id="{panel}"' in page
    assert "Koperasi terlambat RAT: 1" in page
    assert "Koperasi Terlambat" in page
    assert "Pelatihan Kemasan Terbuka" in page


def test_admin_index_counts_the_umkm_waiting_for_verification_and_lists_them(admin_client, serang):
    """The public counts confirmed UMKM only; staff see how many wait, one click from the list."""
    EnterpriseFactory(name="Usaha Sudah Diperiksa")
    EnterpriseFactory.create_batch(2, verified=False)  # created by public applications
    page = admin_client.get("/admin/").text
    link = '<a href="/admin/enterprises/enterprise/?verified__exact=0" id="dashboard-unverified">'
    assert f"{link}2 menunggu verifikasi</a>" in page
    listed = admin_client.get("/admin/enterprises/enterprise/?verified__exact=0")
    assert listed.status_code == 200
    assert {e.verified for e in listed.context["cl"].result_list} == {False}
    assert listed.context["cl"].result_count == 2


def test_admin_index_says_nothing_waits_when_every_umkm_is_confirmed(admin_client, serang):
    EnterpriseFactory()
    assert 'id="dashboard-unverified"' not in admin_client.get("/admin/").text
