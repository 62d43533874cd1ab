"""The demo's open program (dated from the day the demo is loaded, so open whatever the date) takes
applications beside the applicants the demo data already holds."""

import pytest
from django.urls import reverse

from programs.models import Participant, Program
from programs.services import propose_spread
from tests.conftest import build_demo
from tests.once import built_once

pytestmark = pytest.mark.django_db
SLUG = "pelatihan-kemasan-dan-label-pangan"


class TestOnTheDemo:
    """The demo, built once for these tests; what a test writes is rolled back after it."""

    @pytest.fixture(scope="class")
    @classmethod
    def demo_data(cls, django_db_setup, django_db_blocker):
        with built_once(django_db_blocker, lambda: build_demo("--enterprises", "50")):
            yield

    @pytest.fixture
    def demo(self, demo_data):
        return Program.objects.get(slug=SLUG)

    def test_apply_to_the_demo_program_and_see_it_on_the_selection_desk(self, client, admin_client, demo, form_data):
        before = demo.participants.count()
        response = client.post(f"/pelatihan/{SLUG}/daftar/", form_data)
        assert response.status_code == 302
        assert demo.participants.count() == before + 1
        listing = admin_client.get(reverse("admin:programs_applicant_changelist"), {"program__id__exact": demo.pk})
        assert listing.status_code == 200
        assert "Siti Uji Pendaftar" in listing.text
        assert len(listing.context["cl"].result_list) == before + 1

    def test_the_demo_cohort_is_spread_away_from_kecamatan_already_reached(self, demo):
        """The demo's 12 applicants come from Kragilan, Ciruas and Petir, all reached by the 2024-2025
        trainings; with 30 places every one of them is proposed, one per kecamatan per round."""
        proposal = propose_spread(program=demo)
        assert proposal.places_left == 30
        assert len(proposal.picks) == 12
        first_round = [p.participant.person.kecamatan.name for p in proposal.picks[:3]]
        assert sorted(first_round) == ["Ciruas", "Kragilan", "Petir"]
        assert all(p.kecamatan_reached_before for p in proposal.picks)
        assert [p.round for p in proposal.picks] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
        assert not Participant.objects.filter(program=demo, status=Participant.Status.SELECTED).exists()
