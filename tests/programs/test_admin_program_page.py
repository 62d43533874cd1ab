"""The program page in the admin: a fixed number of queries whatever the cohort's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EnterpriseFactory, ParticipantFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def cohort_of(size):
    program = ProgramFactory(quota=size)
    for _ in range(size):
        person = PersonFactory()
        ParticipantFactory(
            program=program, person=person, enterprise=EnterpriseFactory(owner=person), status="terpilih"
        )
    return program


def queries_of_page(client, program):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:programs_program_change", args=[program.pk]))
    assert response.status_code == 200
    return len(queries), response


def test_the_program_page_runs_the_same_queries_for_10_and_100_participants(admin_client, serang):
    queries_of_page(admin_client, ProgramFactory())  # fills the content type cache
    small, response = queries_of_page(admin_client, cohort_of(10))
    large, response = queries_of_page(admin_client, cohort_of(100))
    assert response.text.count('name="participants-') > 100  # the 100 rows are on the page
    last = response.context["inline_admin_formsets"][0].formset.forms[-1].instance
    # A saved row names its person and posts the id back; no autocomplete widget per row.
    assert f'<input type="hidden" name="participants-99-person" value="{last.person_id}">' in response.text
    assert f'<span class="chosen-object">{last.person.full_name}</span>' in response.text
    assert response.text.count('class="admin-autocomplete') <= 3  # the blank row's, for "add another"
    assert small == large, f"{small} queries for 10 participants, {large} for 100"


def test_a_saved_row_posts_its_person_back_and_its_status_can_change(admin_client, serang):
    from tests.programs.test_admin_quota import inline_post

    program = cohort_of(2)
    program.publication_state = "draf"
    program.save()
    first, second = program.participants.order_by("pk")
    data = inline_post(program, [(first.person, "hadir"), (second.person, "terpilih")])
    data["participants-INITIAL_FORMS"] = 2
    for index, participant in enumerate((first, second)):
        data[f"participants-{index}-id"] = participant.pk
        data[f"participants-{index}-program"] = program.pk
        data[f"participants-{index}-enterprise"] = participant.enterprise_id
    response = admin_client.post(reverse("admin:programs_program_change", args=[program.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    before = (first.person_id, first.enterprise_id)
    first.refresh_from_db()
    assert (first.status, first.person_id, first.enterprise_id) == ("hadir", *before)
