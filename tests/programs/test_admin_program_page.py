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
    assert f'<option value="{last.person_id}" selected>{last.person.full_name}</option>' in response.text
    assert small == large, f"{small} queries for 10 participants, {large} for 100"
