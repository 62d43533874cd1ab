"""The read replica as a connection of its own: an anonymous visitor's public page travels on it,
a logged-in officer's does not. (A streaming replica is a second server with the same rows; here
a second connection to the test database stands in for it.)"""

import copy

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.factories import ProgramFactory
from tests.logins import login_verified

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """Made before the test's database access is checked, which refuses unknown aliases."""
    connections.settings["replica"] = copy.deepcopy(connections["default"].settings_dict)
    yield
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])  # it sees committed rows
def test_public_page_queries_travel_on_the_replica_connection(client, admin_user, settings):
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    replica = connections["replica"]
    ProgramFactory(title="Pelatihan Replika")
    with CaptureQueriesContext(replica) as anonymous:
        assert "Pelatihan Replika" in client.get("/pelatihan/").text
    assert any("programs_program" in query["sql"] for query in anonymous.captured_queries)
    assert not any("django_session" in query["sql"] for query in anonymous.captured_queries)

    login_verified(client, admin_user)
    with CaptureQueriesContext(replica) as staff:
        assert "Pelatihan Replika" in client.get("/pelatihan/").text
    assert staff.captured_queries == []
