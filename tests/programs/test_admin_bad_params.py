"""Bad values in the admin's URLs and forms: an explained empty list, the list without the bad
value, or a form error; never a 500."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from programs.models import Program
from tests.factories import EnterpriseFactory, ParticipantFactory, PartnerFactory
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

NOT_YEARS = ["0", "99999999999", "-1", "abc", "²", "٢٠٢٥", "2025.0", "1" * 40]


@pytest.fixture
def superuser_client(django_user_model):
    client = Client()
    login_verified(client, django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


@pytest.fixture
def clerk_client(django_user_model, serang):
    """Bidang Perindustrian: edits programs, adds enterprises, no personal data."""
    call_command("setup_roles", verbosity=0)
    clerk = django_user_model.objects.create_user("clerk", "c@example.org", "pw", is_staff=True)
    clerk.groups.add(Group.objects.get(name="Bidang Perindustrian"))
    client = Client()
    login_verified(client, clerk)
    return client


@pytest.fixture
def participant(serang):
    return ParticipantFactory()  # a program of May 2025


@pytest.mark.parametrize("value", NOT_YEARS)
def test_a_year_filter_that_is_no_year_gives_an_explained_empty_list(superuser_client, participant, value):
    response = superuser_client.get("/admin/programs/participant/", {"tahun": value})
    assert response.status_code == 200
    assert "bukan tahun" in response.text
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize(("value", "count"), [("2025", 1), ("2024", 0), ("9999", 0), ("1", 0)])
def test_a_real_year_filters_by_it(superuser_client, participant, value, count):
    response = superuser_client.get("/admin/programs/participant/", {"tahun": value})
    assert response.status_code == 200
    assert response.context["cl"].result_count == count
    assert "bukan tahun" not in response.text


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "-1", "abc"])
def test_a_program_filter_that_is_no_id_is_ignored(superuser_client, participant, value):
    response = superuser_client.get("/admin/programs/participant/", {"program": value})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"start_date__year": "0"},
        {"start_date__year": "9999"},
        {"start_date__year": "9999", "start_date__month": "12"},
        {"start_date__year": "99999999999"},
        {"start_date__year": "-5"},
        {"start_date__year": "2025", "start_date__month": "13"},
        {"start_date__year": "2025", "start_date__month": "2", "start_date__day": "30"},
        {"start_date__year": "²"},
    ],
)
def test_a_date_hierarchy_link_that_is_no_date_shows_the_list_without_it(superuser_client, participant, query):
    response = superuser_client.get("/admin/programs/program/", query)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_real_date_hierarchy_link_still_filters(superuser_client, participant):
    response = superuser_client.get("/admin/programs/program/", {"start_date__year": "2025", "start_date__month": "5"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("object_id", ["abc", "1.5", "9223372036854775808", "-9223372036854775809", "%25"])
def test_a_history_page_for_an_id_that_cannot_exist_redirects(superuser_client, participant, object_id):
    response = superuser_client.get(f"/admin/programs/program/{object_id}/history/")
    assert response.status_code == 302


@pytest.mark.parametrize("version_id", ["abc", "9223372036854775808", "true"])
def test_a_history_version_that_cannot_exist_redirects(superuser_client, participant, version_id):
    response = superuser_client.get(f"/admin/programs/program/{participant.program.pk}/history/{version_id}/")
    assert response.status_code == 302


@pytest.mark.parametrize("owner", ["/admin/", "abc", "😀", "1.5"])
def test_an_autocomplete_field_with_no_id_is_a_form_error(clerk_client, owner):
    response = clerk_client.post("/admin/enterprises/enterprise/add/", {"owner": owner, "name": "Usaha"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["owner"]


def test_a_participant_with_no_person_id_is_a_form_error(superuser_client, participant):
    response = superuser_client.post("/admin/programs/participant/add/", {"person": "ääää", "program": "%2"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["person"]


@pytest.mark.parametrize("partner", ["9223372036854775808", "-9223372036854775809", "1" * 40])
def test_a_partner_id_out_of_range_is_a_form_error(clerk_client, partner):
    PartnerFactory()
    response = clerk_client.post("/admin/programs/program/add/", {"title": "Pelatihan", "partners": partner})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["partners"]
    assert not Program.objects.exists()


def test_an_inline_participant_with_no_person_id_is_a_form_error(superuser_client, participant):
    program = participant.program
    enterprise = EnterpriseFactory()
    data = {
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-person": "abc",
        "participants-0-enterprise": str(enterprise.pk),
        "participants-0-status": "terpilih",
    }
    response = superuser_client.post(f"/admin/programs/program/{program.pk}/change/", data)
    assert response.status_code == 200
