import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import OpenProgramFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(serang):
    call_command("load_demo_data", "--enterprises", "50")


def test_home_shows_the_agency_and_programs(client, serang):
    ProgramFactory(title="Pelatihan Pembuatan Tas Anyaman dan Tas Kulit")  # held in 2025
    OpenProgramFactory(title="Pelatihan Desain Kemasan")
    response = client.get("/")
    assert response.status_code == 200
    assert "Diskoumperindag" in response.text
    assert "Pelatihan Pembuatan Tas Anyaman" in response.text
    assert "Pelatihan Desain Kemasan" in response.text


def test_unknown_page_is_a_portal_404(client, db):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:enterprises_person_changelist",
        "admin:enterprises_enterprise_changelist",
        "admin:cooperatives_cooperative_changelist",
        "admin:markets_market_changelist",
        "admin:programs_program_changelist",
        "admin:programs_participant_changelist",
        "admin:regions_desa_changelist",
    ],
)
def test_admin_screens_show_demo_data(admin_client, demo, url_name):
    assert admin_client.get(reverse(url_name)).status_code == 200
