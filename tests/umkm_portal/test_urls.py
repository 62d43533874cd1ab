import pytest
from django.urls import reverse

from tests.conftest import build_demo
from tests.factories import OpenProgramFactory, ProgramFactory
from tests.once import built_once

pytestmark = pytest.mark.django_db


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


class TestOnTheDemo:
    """The admin screens on the demo data, built once for these tests (they only read it)."""

    @pytest.fixture(scope="class")
    @classmethod
    def demo(cls, django_db_setup, django_db_blocker):
        with built_once(django_db_blocker, lambda: build_demo("--enterprises", "50")):
            yield

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
    def test_admin_screens_show_demo_data(self, admin_client, demo, url_name):
        assert admin_client.get(reverse(url_name)).status_code == 200
