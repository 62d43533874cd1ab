"""The quota holds on the program page and the participant page too, not only at the selection desk."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Person
from programs.models import Participant
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    # the dates and publication state that inline_post() sends back unchanged; started yesterday,
    # so a row may be marked selesai/lulus (programs.rules.before_start_problem)
    start = timezone.localdate() - datetime.timedelta(days=1)
    return ProgramFactory(
        quota=2, start_date=start, end_date=start + datetime.timedelta(days=1), publication_state="draf"
    )


@pytest.fixture
def people(kecamatan):
    return [
        Person.objects.create(full_name=f"Contoh Kuota {i}", sex="L", kecamatan=kecamatan["Petir"]) for i in range(4)
    ]


def inline_post(program, people_statuses):
    data = {
        "title": program.title, "slug": program.slug, "theme": program.theme, "bidang": program.bidang,
        "venue": program.venue, "city": program.city, "start_date": program.start_date.isoformat(),
        "end_date": program.end_date.isoformat(),
        "quota": program.quota, "target_group": program.target_group, "funding_source": program.funding_source,
        "publication_state": "draf", "description": "", "fee": 0,
        "participants-TOTAL_FORMS": len(people_statuses), "participants-INITIAL_FORMS": 0,
        "participants-MIN_NUM_FORMS": 0, "participants-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, (person, status) in enumerate(people_statuses):
        data[f"participants-{i}-person"] = person.pk
        data[f"participants-{i}-status"] = status
    return data


def test_the_program_page_refuses_a_cohort_over_the_quota(admin_client, program, people):
    url = reverse("admin:programs_program_change", args=[program.pk])
    response = admin_client.post(url, inline_post(program, [(p, "terpilih") for p in people[:3]]))
    assert response.status_code == 200
    assert f"Kuota {program.title} tinggal 2 tempat; 3 peserta dipilih. Tidak ada yang disimpan." in response.text
    assert program.participants.count() == 0
    response = admin_client.post(url, inline_post(program, [(people[0], "terpilih"), (people[1], "lulus")]))
    assert response.status_code == 302
    assert program.participants.count() == 2


def test_the_participant_page_refuses_a_place_when_the_quota_is_full(admin_client, program, people):
    for person in people[:2]:
        Participant.objects.create(program=program, person=person, status=Participant.Status.SELECTED)
    waiting = Participant.objects.create(program=program, person=people[2], status=Participant.Status.APPLIED)
    url = reverse("admin:programs_participant_change", args=[waiting.pk])
    response = admin_client.post(
        url, {"program": program.pk, "person": people[2].pk, "status": "terpilih", "certificate_number": ""}
    )
    assert response.status_code == 200
    assert f"Kuota {program.title} tinggal 0 tempat; 1 peserta dipilih. Tidak ada yang disimpan." in response.text
    waiting.refresh_from_db()
    assert waiting.status == Participant.Status.APPLIED
